<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AutomationScript</name>
    <message>
        <location filename="../ui/widgets/AutomationScript.cpp" line="49"/>
        <source>cannot read %1</source>
        <translation>%1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/AutomationScript.cpp" line="55"/>
        <source>%1: not a JSON list of steps (%2)</source>
        <translation>%1: keine JSON-Liste von Schritten (%2)</translation>
    </message>
</context>
<context>
    <name>PropagationStatus</name>
    <message>
        <location filename="../ui/widgets/PropagationStatus.cpp" line="15"/>
        <source>Propagating %1/%2 frames</source>
        <translation>Propagiere %1/%2 Bilder</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PropagationStatus.cpp" line="16"/>
        <source> · %1 fps</source>
        <translation> · %1 B/s</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PropagationStatus.cpp" line="22"/>
        <source>Preparing backward pass… %1/%2 frames</source>
        <translation>Rückwärtsdurchlauf wird vorbereitet … %1/%2 Frames</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PropagationStatus.cpp" line="24"/>
        <source>Preparing propagation…</source>
        <translation>Propagierung wird vorbereitet …</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PropagationStatus.cpp" line="26"/>
        <source> · ETA %1 s</source>
        <translation> · noch %1 s</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PropagationStatus.cpp" line="27"/>
        <source> · estimating time…</source>
        <translation> · Restzeit wird geschätzt …</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="122"/>
        <source>cannot create project folder %1</source>
        <translation>Projektordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="174"/>
        <source>cannot open project file %1: %2</source>
        <translation>Projektdatei %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="178"/>
        <source>%1 is not a valid project file: %2 at byte %3</source>
        <translation>%1 ist keine gültige Projektdatei: %2 bei Byte %3</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="183"/>
        <source>%1 is not a Rotomatch project file</source>
        <translation>%1 ist keine Rotomatch-Projektdatei</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="185"/>
        <source>%1 was written by a newer Rotomatch (format version %2)</source>
        <translation>%1 wurde von einem neueren Rotomatch geschrieben (Formatversion %2)</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="325"/>
        <source>cannot open project %1: %2</source>
        <translation>Projekt %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="237"/>
        <source>%1: invalid or duplicate object entry (id %2)</source>
        <translation>%1: ungültiger oder doppelter Objekteintrag (ID %2)</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="277"/>
        <source>%1: invalid frame entry %2</source>
        <translation>%1: ungültiger Bildeintrag %2</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="286"/>
        <source>%1: frame %2 has alpha for unknown object %3</source>
        <translation>%1: Bild %2 enthält Alpha für das unbekannte Objekt %3</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="258"/>
        <source>cannot read mask %1 of frame %2</source>
        <translation>Maske %1 von Bild %2 kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="195"/>
        <source>%1: invalid source size %2x%3 or frame count %4 (at most %5x%5 and %6 frames)</source>
        <translation>%1: ungültige Quellgröße %2x%3 oder Bildanzahl %4 (höchstens %5x%5 und %6 Bilder)</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="213"/>
        <source>%1 describes its clip as %2x%3 with %4 frames, but %5 is %6x%7 with %8 frames</source>
        <translation>%1 beschreibt seinen Clip als %2x%3 mit %4 Bildern, aber %5 ist %6x%7 mit %8 Bildern</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="251"/>
        <source>%1 names the file &apos;%2&apos;, which is outside the project folder</source>
        <translation>%1 nennt die Datei &apos;%2&apos;, die außerhalb des Projektordners liegt</translation>
    </message>
    <message>
        <location filename="../ui/model/ProjectIO.cpp" line="260"/>
        <source>mask %1 is %2x%3, the project is %4x%5</source>
        <translation>Maske %1 ist %2x%3, das Projekt ist %4x%5</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="42"/>
        <source>Rotoscoping workstation with deep feature matching</source>
        <translation>Rotoskopie-Arbeitsplatz mit Deep-Feature-Matching</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="47"/>
        <source>Open the bundled demo shot (or the polygon keyframe file given as argument): a real clip with painted objects.</source>
        <translation>Die mitgelieferte Demo-Einstellung öffnen (oder die als Argument angegebene Polygon-Keyframe-Datei): ein echter Clip mit gemalten Objekten.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="53"/>
        <source>Save a picture of the window to &lt;png&gt; and quit.</source>
        <translation>Ein Bild des Fensters als &lt;png&gt; speichern und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="58"/>
        <source>With --screenshot: first propagate up to &lt;frame&gt;.</source>
        <translation>Mit --screenshot: zuerst bis &lt;frame&gt; propagieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="63"/>
        <source>Run the steps of the JSON &lt;script&gt; in the window (tests; see the README).</source>
        <translation>Die Schritte des JSON-&lt;script&gt; im Fenster ausführen (Tests; siehe README).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="69"/>
        <source>Clip or project to open</source>
        <translation>Zu öffnender Clip oder Projekt</translation>
    </message>
</context>
<context>
    <name>rm::bridge::Document</name>
    <message>
        <location filename="../ui/model/Document.cpp" line="98"/>
        <source>Object %1</source>
        <translation>Objekt %1</translation>
    </message>
    <message>
        <location filename="../ui/model/Document.cpp" line="113"/>
        <source>Rename %1</source>
        <translation>%1 umbenennen</translation>
    </message>
    <message>
        <location filename="../ui/model/Document.cpp" line="121"/>
        <source>Colour of %1</source>
        <translation>Farbe von %1</translation>
    </message>
    <message>
        <location filename="../ui/model/Document.cpp" line="130"/>
        <source>Show %1</source>
        <translation>%1 einblenden</translation>
    </message>
    <message>
        <location filename="../ui/model/Document.cpp" line="130"/>
        <source>Hide %1</source>
        <translation>%1 ausblenden</translation>
    </message>
    <message>
        <location filename="../ui/model/Document.cpp" line="139"/>
        <source>Lock %1</source>
        <translation>%1 sperren</translation>
    </message>
    <message>
        <location filename="../ui/model/Document.cpp" line="139"/>
        <source>Unlock %1</source>
        <translation>%1 entsperren</translation>
    </message>
    <message>
        <location filename="../ui/model/DocumentCommands.cpp" line="48"/>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/model/DocumentCommands.cpp" line="63"/>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <location filename="../ui/model/DocumentCommands.cpp" line="103"/>
        <source>Reorder objects</source>
        <translation>Objekte umsortieren</translation>
    </message>
</context>
<context>
    <name>rm::bridge::EngineController</name>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="28"/>
        <location filename="../ui/model/EngineController.cpp" line="87"/>
        <source>Paint a keyframe first: propagation starts from painted frames.</source>
        <translation>Zuerst einen Keyframe malen: Die Propagation geht von gemalten Bildern aus.</translation>
    </message>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="54"/>
        <source>No frame to propagate to in this direction and range.</source>
        <translation>In dieser Richtung und diesem Bereich gibt es kein Bild zum Propagieren.</translation>
    </message>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="57"/>
        <source>Propagate</source>
        <translation>Propagieren</translation>
    </message>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="82"/>
        <source>No stale frames: nothing to re-propagate.</source>
        <translation>Keine veralteten Bilder: nichts neu zu propagieren.</translation>
    </message>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="95"/>
        <source>Re-propagate</source>
        <translation>Neu propagieren</translation>
    </message>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="102"/>
        <source>A propagation is already running.</source>
        <translation>Eine Propagation läuft bereits.</translation>
    </message>
    <message>
        <location filename="../ui/model/EngineController.cpp" line="275"/>
        <source>%1: %2 frames</source>
        <translation>%1: %2 Bilder</translation>
    </message>
</context>
<context>
    <name>rm::bridge::FinetuneController</name>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="27"/>
        <source>Fine-tuning is already running.</source>
        <translation>Die Feinabstimmung läuft bereits.</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="31"/>
        <source>Fine-tuning needs a neural model: colour features cannot be trained. Choose a model in the preferences.</source>
        <translation>Die Feinabstimmung braucht ein neuronales Modell: Farbmerkmale lassen sich nicht trainieren. Bitte in den Einstellungen ein Modell wählen.</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="33"/>
        <source>The time budget must be above 0 seconds.</source>
        <translation>Das Zeitbudget muss über 0 Sekunden liegen.</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="35"/>
        <source>Paint a keyframe first: fine-tuning learns from keyframes.</source>
        <translation>Zuerst einen Keyframe malen: Die Feinabstimmung lernt aus den Keyframes.</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="111"/>
        <source>Fine-tuning cancelled: the model in use is unchanged.</source>
        <translation>Feinabstimmung abgebrochen: Das verwendete Modell bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="115"/>
        <source>Fine-tuning failed: %1</source>
        <translation>Feinabstimmung fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/model/FinetuneController.cpp" line="120"/>
        <source>%n iteration(s)</source>
        <translation>
            <numerusform>%n Iteration</numerusform>
            <numerusform>%n Iterationen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="122"/>
        <source>Using the fine-tuned model: cycle IoU %1 → %2 (%3 in %4 s).</source>
        <translation>Das feinabgestimmte Modell wird verwendet: Zyklus-IoU %1 → %2 (%3 in %4 s).</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="128"/>
        <source>Kept the original model: the clip has no room for a cycle check (%1).</source>
        <translation>Das ursprüngliche Modell bleibt: Der Clip bietet keinen Platz für eine Zyklusprüfung (%1).</translation>
    </message>
    <message>
        <location filename="../ui/model/FinetuneController.cpp" line="129"/>
        <source>Kept the original model: cycle IoU %1 → %2 did not improve by more than %3 (%4).</source>
        <translation>Das ursprüngliche Modell bleibt: Die Zyklus-IoU %1 → %2 hat sich nicht um mehr als %3 verbessert (%4).</translation>
    </message>
</context>
<context>
    <name>rm::bridge::MatteExporter</name>
    <message>
        <location filename="../ui/model/MatteExporter.cpp" line="13"/>
        <source>An export is already running.</source>
        <translation>Ein Export läuft bereits.</translation>
    </message>
    <message>
        <location filename="../ui/model/MatteExporter.cpp" line="19"/>
        <source>Nothing to export: the frame range is empty.</source>
        <translation>Nichts zu exportieren: Der Bildbereich ist leer.</translation>
    </message>
</context>
<context>
    <name>rm::bridge::SmartBrushController</name>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="22"/>
        <source>No frame %1.</source>
        <translation>Kein Bild %1.</translation>
    </message>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="23"/>
        <source>Add or select an object to paint.</source>
        <translation>Fügen Sie ein Objekt hinzu oder wählen Sie eines aus, um zu malen.</translation>
    </message>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="26"/>
        <source>The stroke does not match the frame size.</source>
        <translation>Der Strich passt nicht zur Bildgröße.</translation>
    </message>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="27"/>
        <source>The stroke is empty.</source>
        <translation>Der Strich ist leer.</translation>
    </message>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="114"/>
        <source>Smart brush</source>
        <translation>Smart-Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="128"/>
        <source>Smart brush: %1</source>
        <translation>Smart-Pinsel: %1</translation>
    </message>
    <message>
        <location filename="../ui/model/SmartBrushController.cpp" line="139"/>
        <source>Smart brush cancelled.</source>
        <translation>Smart-Pinsel abgebrochen.</translation>
    </message>
</context>
<context>
    <name>rm::ui::ExportDialog</name>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="39"/>
        <source>Export Mattes</source>
        <translation>Mattes exportieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="47"/>
        <source>PNG sequence, 8-bit matte</source>
        <translation>PNG-Sequenz, 8-Bit-Matte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="48"/>
        <source>PNG sequence, 16-bit matte</source>
        <translation>PNG-Sequenz, 16-Bit-Matte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="49"/>
        <source>PNG sequence, label map (all objects)</source>
        <translation>PNG-Sequenz, Label-Map (alle Objekte)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="50"/>
        <source>PNG sequence, RGBA cut-out</source>
        <translation>PNG-Sequenz, RGBA-Freisteller</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="51"/>
        <source>OpenEXR sequence, one layer per object</source>
        <translation>OpenEXR-Sequenz, eine Ebene pro Objekt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="52"/>
        <source>ProRes 4444 with alpha (.mov)</source>
        <translation>ProRes 4444 mit Alpha (.mov)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="53"/>
        <source>ProRes 4444 XQ with alpha (.mov)</source>
        <translation>ProRes 4444 XQ mit Alpha (.mov)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="54"/>
        <source>FFV1 lossless with alpha (.mkv)</source>
        <translation>FFV1 verlustfrei mit Alpha (.mkv)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="55"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="59"/>
        <source>All objects (union)</source>
        <translation>Alle Objekte (Vereinigung)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="62"/>
        <source>Object:</source>
        <translation>Objekt:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="65"/>
        <source>Whole clip (0–%1)</source>
        <translation>Ganzer Clip (0–%1)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="67"/>
        <source>In/out (%1–%2)</source>
        <translation>In/Out (%1–%2)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="74"/>
        <source>Frames:</source>
        <translation>Bilder:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="79"/>
        <source>Sequences: a pattern with %04d or ####. Movies: the file name.</source>
        <translation>Sequenzen: ein Muster mit %04d oder ####. Filme: der Dateiname.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="80"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="82"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="88"/>
        <source>Output:</source>
        <translation>Ausgabe:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="93"/>
        <source>Number of the first file of a sequence</source>
        <translation>Nummer der ersten Datei einer Sequenz</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="97"/>
        <source>Start number:</source>
        <translation>Startnummer:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ExportDialog.cpp" line="101"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
</context>
<context>
    <name>rm::ui::InstancesPanel</name>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="43"/>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="43"/>
        <source>Visible</source>
        <translation>Sichtbar</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="43"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="46"/>
        <source>Show or hide this object&apos;s overlay (fill, outline, onion skin) while you paint; the masks and exports keep it.</source>
        <translation>Die Überlagerung dieses Objekts (Füllung, Umriss, Zwiebelhaut) beim Malen zeigen oder verbergen; Masken und Exporte behalten es.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="49"/>
        <source>Protect this object from strokes of the other objects.</source>
        <translation>Dieses Objekt vor Strichen der anderen Objekte schützen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="59"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="59"/>
        <source>Add object</source>
        <translation>Objekt hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="60"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="60"/>
        <source>Delete object</source>
        <translation>Objekt löschen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="61"/>
        <source>▲</source>
        <translation>▲</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="61"/>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="62"/>
        <source>▼</source>
        <translation>▼</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="62"/>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="63"/>
        <source>Colour…</source>
        <translation>Farbe…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="63"/>
        <source>Change the object&apos;s colour</source>
        <translation>Die Farbe des Objekts ändern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="99"/>
        <source>Label %1 · %2</source>
        <translation>Label %1 · %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/InstancesPanel.cpp" line="158"/>
        <source>Colour of %1</source>
        <translation>Farbe von %1</translation>
    </message>
</context>
<context>
    <name>rm::ui::MainWindow</name>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="92"/>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="99"/>
        <source>Brush hardness %1%</source>
        <translation>Pinselhärte %1%</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="126"/>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="133"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="136"/>
        <source>&lt;original&gt;</source>
        <translation>&lt;Original&gt;</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="151"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="153"/>
        <source>&amp;Open Clip or Project...</source>
        <translation>Clip oder Projekt ö&amp;ffnen...</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="155"/>
        <source>Open clip or project</source>
        <translation>Clip oder Projekt öffnen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="156"/>
        <source>Clips and projects (*.mov *.mp4 *.mkv *.avi *.mxf *.webm *.png *.jpg *.jpeg *.tif *.tiff *.exr *.dpx project.json);;All files (*)</source>
        <translation>Clips und Projekte (*.mov *.mp4 *.mkv *.avi *.mxf *.webm *.png *.jpg *.jpeg *.tif *.tiff *.exr *.dpx project.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="160"/>
        <source>Open Image &amp;Sequence Folder...</source>
        <translation>Ordner mit Bild&amp;sequenz öffnen...</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="161"/>
        <source>Open image sequence</source>
        <translation>Bildsequenz öffnen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="164"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="167"/>
        <source>&amp;Save Project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="168"/>
        <source>Save Project &amp;As...</source>
        <translation>Projekt speichern &amp;unter...</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="170"/>
        <source>&amp;Export Mattes...</source>
        <translation>Mattes &amp;exportieren...</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="170"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="172"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="175"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="177"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="179"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="180"/>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="184"/>
        <source>&amp;Fill Holes</source>
        <translation>&amp;Löcher füllen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="184"/>
        <source>H</source>
        <translation>H</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="185"/>
        <source>&amp;Clear Frame</source>
        <translation>Bild &amp;leeren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="185"/>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="199"/>
        <source>&amp;New Object</source>
        <translation>&amp;Neues Objekt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="199"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="200"/>
        <source>&amp;Delete Object</source>
        <translation>Objekt &amp;löschen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="202"/>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="207"/>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="211"/>
        <source>&amp;Brush</source>
        <translation>&amp;Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="211"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="212"/>
        <source>&amp;Eraser</source>
        <translation>&amp;Radierer</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="212"/>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="213"/>
        <source>&amp;Polygon Fill</source>
        <translation>&amp;Polygonfüllung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="213"/>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="214"/>
        <source>&amp;Lasso Fill</source>
        <translation>&amp;Lassofüllung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="215"/>
        <source>S&amp;mart Brush</source>
        <translation>S&amp;mart-Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="215"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="214"/>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="96"/>
        <source>Brush size %1 px</source>
        <translation>Pinselgröße %1 px</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="187"/>
        <source>Clear Selected &amp;Object on Frame</source>
        <translation>Ausgewähltes &amp;Objekt im Frame löschen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="187"/>
        <source>Alt+Del</source>
        <translation>Alt+Del</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="189"/>
        <source>Clear object on frame</source>
        <translation>Objekt im Frame löschen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="191"/>
        <source>Clear Selected Object on In/Out &amp;Range</source>
        <translation>Ausgewähltes Objekt im In/Out-&amp;Bereich löschen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="191"/>
        <source>Alt+Shift+Del</source>
        <translation>Alt+Shift+Del</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="195"/>
        <source>Clear object on range</source>
        <translation>Objekt im Bereich löschen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/widgets/MainWindow.cpp" line="196"/>
        <source>Object cleared on %n frame(s)</source>
        <translation>
            <numerusform>Objekt in %n Frame gelöscht</numerusform>
            <numerusform>Objekt in %n Frames gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="227"/>
        <source>Smaller Brush</source>
        <translation>Kleinerer Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="229"/>
        <source>Larger Brush</source>
        <translation>Größerer Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="233"/>
        <source>Softer Brush</source>
        <translation>Weicherer Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="239"/>
        <source>Harder Brush</source>
        <translation>Härterer Pinsel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="246"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="248"/>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="248"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="249"/>
        <source>&amp;Actual Pixels (100%)</source>
        <translation>&amp;Originalpixel (100 %)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="249"/>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="251"/>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="254"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="260"/>
        <source>Overlay: Colour &amp;Fill</source>
        <translation>Overlay: &amp;Farbfüllung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="260"/>
        <source>1</source>
        <translation>1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="261"/>
        <source>Overlay: &amp;Outline</source>
        <translation>Overlay: &amp;Umriss</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="261"/>
        <source>2</source>
        <translation>2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="262"/>
        <source>Overlay: &amp;Matte</source>
        <translation>Overlay: &amp;Matte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="262"/>
        <source>3</source>
        <translation>3</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="263"/>
        <source>Overlay: Cut-out over &amp;Checkerboard</source>
        <translation>Overlay: Freisteller über &amp;Schachbrett</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="263"/>
        <source>4</source>
        <translation>4</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="264"/>
        <source>Overlay: Cut-out over &amp;Black</source>
        <translation>Overlay: Freisteller über Sch&amp;warz</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="264"/>
        <source>5</source>
        <translation>5</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="265"/>
        <source>Side by Side: Source | &amp;Overlay</source>
        <translation>Nebeneinander: Quelle | O&amp;verlay</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="265"/>
        <source>6</source>
        <translation>6</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="266"/>
        <source>Side by Side: Source | Ma&amp;tte</source>
        <translation>Nebeneinander: Quelle | Ma&amp;tte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="266"/>
        <source>7</source>
        <translation>7</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="267"/>
        <source>Overlay: O&amp;ff</source>
        <translation>Overlay: &amp;Aus</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="267"/>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="277"/>
        <source>Matte and Cut-out: &amp;Selected Object Only</source>
        <translation>Matte und Freisteller: nur &amp;ausgewähltes Objekt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="281"/>
        <source>O&amp;nion Skin (Previous/Next Frame Outline)</source>
        <translation>Z&amp;wiebelhaut (Umriss des vorigen/nächsten Frames)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="282"/>
        <source>Shift+O</source>
        <translation>Shift+O</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="286"/>
        <source>Overlay Opacity Down</source>
        <translation>Overlay-Deckkraft verringern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="288"/>
        <source>Overlay Opacity Up</source>
        <translation>Overlay-Deckkraft erhöhen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="292"/>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="295"/>
        <source>Play / Pause	Space</source>
        <translation>Abspielen / Pause	Leertaste</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="296"/>
        <source>Next Frame</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="298"/>
        <source>Previous Frame</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="300"/>
        <source>Next Keyframe</source>
        <translation>Nächster Keyframe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="300"/>
        <source>Ctrl+Right</source>
        <translation>Ctrl+Right</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="302"/>
        <source>Previous Keyframe</source>
        <translation>Vorheriger Keyframe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="302"/>
        <source>Ctrl+Left</source>
        <translation>Ctrl+Left</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="304"/>
        <source>First Frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="306"/>
        <source>Last Frame</source>
        <translation>Letztes Bild</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="309"/>
        <source>Set In Point</source>
        <translation>In-Punkt setzen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="309"/>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="311"/>
        <source>Set Out Point</source>
        <translation>Out-Punkt setzen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="311"/>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="313"/>
        <source>Clear In/Out</source>
        <translation>In/Out löschen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="313"/>
        <source>Alt+X</source>
        <translation>Alt+X</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="317"/>
        <source>P&amp;ropagate</source>
        <translation>P&amp;ropagieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="320"/>
        <source>Propagate &amp;In/Out Range (Both Directions)</source>
        <translation>&amp;In/Out-Bereich propagieren (beide Richtungen)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="320"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="323"/>
        <source>Propagate &amp;Forward from Current Frame</source>
        <translation>Ab aktuellem Bild &amp;vorwärts propagieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="323"/>
        <source>F6</source>
        <translation>F6</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="326"/>
        <source>Propagate &amp;Backward from Current Frame</source>
        <translation>Ab aktuellem Bild &amp;rückwärts propagieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="326"/>
        <source>Shift+F6</source>
        <translation>Shift+F6</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="328"/>
        <source>&amp;Re-propagate Stale Frames</source>
        <translation>Veraltete Bilder &amp;neu propagieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="328"/>
        <source>F7</source>
        <translation>F7</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="331"/>
        <source>&amp;Cancel Propagation</source>
        <translation>Propagation &amp;abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="331"/>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="336"/>
        <source>Fine-&amp;tune Model on Keyframes…</source>
        <translation>Modell auf Keyframes &amp;feinabstimmen…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="338"/>
        <source>Revert to &amp;Default Model</source>
        <translation>Zum &amp;Standardmodell zurückkehren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="342"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="344"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="344"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="345"/>
        <source>&amp;About Rotomatch</source>
        <translation>Ü&amp;ber Rotomatch</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="349"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="356"/>
        <source> Size </source>
        <translation> Größe </translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="362"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="365"/>
        <source>Brush diameter ([ / ], or Ctrl + drag in the viewer)</source>
        <translation>Pinseldurchmesser ([ / ] oder Strg + Ziehen im Viewer)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="373"/>
        <source> Hardness </source>
        <translation> Härte </translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="377"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="381"/>
        <source>Brush hardness (Shift+[ / Shift+]). Below 100% the edge is feathered: the matte gets the soft edge, the object&apos;s outline sits where it is 50% opaque.</source>
        <translation>Pinselhärte (Umschalt+[ / Umschalt+]). Unter 100 % wird die Kante weich: Die Matte erhält die weiche Kante, der Umriss des Objekts liegt dort, wo es zu 50 % deckend ist.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="391"/>
        <source> Overlay </source>
        <translation> Overlay </translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="395"/>
        <source>Colour fill</source>
        <translation>Farbfüllung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="396"/>
        <source>Outline</source>
        <translation>Umriss</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="397"/>
        <source>Matte</source>
        <translation>Matte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="398"/>
        <source>Cut-out / checkerboard</source>
        <translation>Freisteller / Schachbrett</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="399"/>
        <source>Cut-out / black</source>
        <translation>Freisteller / Schwarz</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="400"/>
        <source>Side by side / overlay</source>
        <translation>Nebeneinander / Overlay</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="401"/>
        <source>Side by side / matte</source>
        <translation>Nebeneinander / Matte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="402"/>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="415"/>
        <source>Overlay opacity (- / =)</source>
        <translation>Overlay-Deckkraft (- / =)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="425"/>
        <source>Propagate</source>
        <translation>Propagieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="425"/>
        <source>Re-propagate</source>
        <translation>Neu propagieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="440"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="443"/>
        <source>Fine-tuned model</source>
        <translation>Feinabgestimmtes Modell</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="451"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="489"/>
        <source>Frame %1: %2</source>
        <translation>Bild %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="510"/>
        <source>Exporting %1/%2 frames</source>
        <translation>Exportiere %1/%2 Bilder</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="518"/>
        <source>Export cancelled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="521"/>
        <source>Exported %1 file(s) to %2</source>
        <translation>%1 Datei(en) nach %2 exportiert</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="526"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="548"/>
        <source>Cannot export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="519"/>
        <source>An export is already running.</source>
        <translation>Ein Export läuft bereits.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="595"/>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="615"/>
        <source>no mask</source>
        <translation>keine Maske</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="615"/>
        <source>keyframe</source>
        <translation>Keyframe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="616"/>
        <source>propagated</source>
        <translation>propagiert</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="616"/>
        <source>stale</source>
        <translation>veraltet</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="618"/>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="619"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="620"/>
        <source>Frame %1 / %2  ·  %3  ·  %4×%5  ·  %6</source>
        <translation>Bild %1 / %2  ·  %3  ·  %4×%5  ·  %6</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="667"/>
        <source>Propagation cancelled</source>
        <translation>Propagation abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="669"/>
        <source>Propagation finished</source>
        <translation>Propagation abgeschlossen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="671"/>
        <source>Propagation failed</source>
        <translation>Propagation fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="690"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="694"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="694"/>
        <source>Shortcut</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="708"/>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="708"/>
        <source>Space + drag, or middle mouse button</source>
        <translation>Leertaste + Ziehen oder mittlere Maustaste</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="709"/>
        <source>Zoom at cursor</source>
        <translation>Am Mauszeiger zoomen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="709"/>
        <source>Mouse wheel</source>
        <translation>Mausrad</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="710"/>
        <source>Brush size</source>
        <translation>Pinselgröße</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="710"/>
        <source>Ctrl + drag (brush/eraser)</source>
        <translation>Strg + Ziehen (Pinsel/Radierer)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="711"/>
        <source>Erase with brush / subtract polygon</source>
        <translation>Mit dem Pinsel radieren / Polygon abziehen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="711"/>
        <source>Alt + paint</source>
        <translation>Alt + Malen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="713"/>
        <source>Close polygon</source>
        <translation>Polygon schließen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="713"/>
        <source>Double-click or Enter (Esc cancels, Backspace undoes a point)</source>
        <translation>Doppelklick oder Eingabe (Esc bricht ab, Rücktaste entfernt einen Punkt)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="729"/>
        <source>About Rotomatch</source>
        <translation>Über Rotomatch</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="730"/>
        <source>&lt;b&gt;Rotomatch %1&lt;/b&gt;&lt;p&gt;Rotoscoping workstation with deep feature matching.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Rotomatch %1&lt;/b&gt;&lt;p&gt;Rotoskopie-Arbeitsplatz mit Deep-Feature-Matching.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="49"/>
        <source>Cannot open clip</source>
        <translation>Clip kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="59"/>
        <source>Object 1</source>
        <translation>Objekt 1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="64"/>
        <source>Opened %1 (%2 frames)</source>
        <translation>%1 geöffnet (%2 Bilder)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="71"/>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="78"/>
        <source>Cannot open demo</source>
        <translation>Demo kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="83"/>
        <source>Demo: %1 objects painted on frame %2. Press F5 to propagate.</source>
        <translation>Demo: %1 Objekte auf Bild %2 gemalt. F5 drücken, um zu propagieren.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="97"/>
        <source>Cannot open project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="119"/>
        <source>Source clip missing</source>
        <translation>Quellclip fehlt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="120"/>
        <source>The project&apos;s clip %1 was not found. Locate it?</source>
        <translation>Der Clip %1 des Projekts wurde nicht gefunden. Suchen?</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="122"/>
        <source>Locate clip</source>
        <translation>Clip suchen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="129"/>
        <source>Cannot relink</source>
        <translation>Neu verknüpfen nicht möglich</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="130"/>
        <source>%1 has a different frame size or length than the project.</source>
        <translation>%1 hat eine andere Bildgröße oder Länge als das Projekt.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="168"/>
        <source>Cannot save project</source>
        <translation>Projekt kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="176"/>
        <source>Cannot save the fine-tuned model</source>
        <translation>Das feinabgestimmte Modell kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="182"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="194"/>
        <source>Save project</source>
        <translation>Projekt speichern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="195"/>
        <source>Rotomatch projects (*.rotomatch)</source>
        <translation>Rotomatch-Projekte (*.rotomatch)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="202"/>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="202"/>
        <source>The shot has unsaved changes. Save them?</source>
        <translation>Die Einstellung hat ungespeicherte Änderungen. Speichern?</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="213"/>
        <source>Rotomatch</source>
        <translation>Rotomatch</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="213"/>
        <source>%1[*] — Rotomatch</source>
        <translation>%1[*] — Rotomatch</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindow.cpp" line="531"/>
        <source>Autosave failed: %1</source>
        <translation>Automatische Sicherung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="283"/>
        <source>Recover unsaved work</source>
        <translation>Ungesicherte Arbeit wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="278"/>
        <source>Rotomatch did not close cleanly last time. Recover the autosaved shot?</source>
        <translation>Rotomatch wurde beim letzten Mal nicht sauber beendet. Die automatisch gesicherte Einstellung wiederherstellen?</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="280"/>
        <source>Rotomatch did not close cleanly last time.

Recover the unsaved work on &quot;%1&quot;? Its last edit was saved at %2.</source>
        <translation>Rotomatch wurde beim letzten Mal nicht sauber beendet.

Die ungesicherte Arbeit an „%1“ wiederherstellen? Die letzte Änderung wurde am %2 gesichert.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="293"/>
        <source>Cannot recover</source>
        <translation>Wiederherstellen nicht möglich</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFiles.cpp" line="346"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="46"/>
        <source>Fine-tune Model on Keyframes</source>
        <translation>Modell auf Keyframes feinabstimmen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="47"/>
        <source>Train the model on this shot&apos;s keyframes for (seconds):</source>
        <translation>Das Modell auf den Keyframes dieser Einstellung trainieren für (Sekunden):</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="57"/>
        <source>Wait for the propagation to finish before fine-tuning.</source>
        <translation>Vor der Feinabstimmung das Ende der Propagation abwarten.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="72"/>
        <source>Fine-tuning</source>
        <translation>Feinabstimmung</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="76"/>
        <source>Fine-tuning on %n keyframe(s)…</source>
        <translation>
            <numerusform>Feinabstimmung auf %n Keyframe…</numerusform>
            <numerusform>Feinabstimmung auf %n Keyframes…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="84"/>
        <source>Checking the tuned model on the shot (cycle consistency)…</source>
        <translation>Das abgestimmte Modell wird an der Einstellung geprüft (Zykluskonsistenz)…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="89"/>
        <source>Fine-tuning %1/%2 s · %n iteration(s)</source>
        <translation>
            <numerusform>Feinabstimmung %1/%2 s · %n Iteration</numerusform>
            <numerusform>Feinabstimmung %1/%2 s · %n Iterationen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="107"/>
        <source>Cannot keep the fine-tuned model: %1</source>
        <translation>Das feinabgestimmte Modell kann nicht übernommen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="111"/>
        <source>Fine-tuning failed</source>
        <translation>Feinabstimmung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="124"/>
        <source>Propagation uses the default model again.</source>
        <translation>Die Propagation verwendet wieder das Standardmodell.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MainWindowFinetune.cpp" line="125"/>
        <source>Reverted to the default model; %1</source>
        <translation>Zum Standardmodell zurückgekehrt; %1</translation>
    </message>
</context>
<context>
    <name>rm::ui::OverwriteQuestion</name>
    <message>
        <location filename="../ui/widgets/OverwriteQuestion.cpp" line="15"/>
        <source>Overwrite exported files?</source>
        <translation>Exportierte Dateien überschreiben?</translation>
    </message>
    <message>
        <location filename="../ui/widgets/OverwriteQuestion.cpp" line="16"/>
        <source>%1 already holds %2 file(s) of this export, such as %3.

Overwrite deletes them before exporting; other files stay.</source>
        <translation>%1 enthält bereits %2 Datei(en) dieses Exports, etwa %3.

Überschreiben löscht sie vor dem Export; andere Dateien bleiben.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/OverwriteQuestion.cpp" line="24"/>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
</context>
<context>
    <name>rm::ui::PreferencesDialog</name>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="23"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="26"/>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="30"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="31"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="32"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="37"/>
        <source>No CUDA device or CUDA-enabled LibTorch in this build</source>
        <translation>Kein CUDA-Gerät oder CUDA-fähiges LibTorch in diesem Build</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="41"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="45"/>
        <source>Automatic (%1)</source>
        <translation>Automatisch (%1)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="47"/>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="51"/>
        <source>Default model</source>
        <translation>Standardmodell</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="52"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="55"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="56"/>
        <source>TorchScript models (*.pt *.pth);;All files (*)</source>
        <translation>TorchScript-Modelle (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="61"/>
        <source>Model file:</source>
        <translation>Modelldatei:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="65"/>
        <source>Tracking</source>
        <translation>Verfolgung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="73"/>
        <source>How many of the most alike keyframe features decide each pixel: fewer gives crisper but jumpier masks, more gives smoother ones.
Research name: Top K (soft matching).</source>
        <translation>Wie viele der ähnlichsten Keyframe-Merkmale über jedes Pixel entscheiden: weniger ergibt schärfere, aber unruhigere Masken, mehr ergibt weichere.
Fachbegriff: Top K (Soft Matching).</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="76"/>
        <source>Matches per pixel:</source>
        <translation>Treffer pro Pixel:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="82"/>
        <source>How far from where the object was on the previous frame a match may lie before it is ignored (pixels at 480 lines).
Research name: outlier removal distance d_c.</source>
        <translation>Wie weit ein Treffer von der Lage des Objekts im vorigen Frame entfernt sein darf, bevor er verworfen wird (Pixel bei 480 Zeilen).
Fachbegriff: Ausreißer-Distanz d_c.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="85"/>
        <source>Search distance:</source>
        <translation>Suchweite:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="92"/>
        <source>How sure a propagated pixel must be before the tracker learns its look from it: higher sticks closer to the keyframe.
Research name: foreground update confidence c1.</source>
        <translation>Wie sicher ein propagiertes Pixel sein muss, bevor der Tracker sein Aussehen lernt: höher bleibt näher am Keyframe.
Fachbegriff: Vordergrund-Update-Konfidenz c1.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="95"/>
        <source>Stickiness to the keyframe:</source>
        <translation>Treue zum Keyframe:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="102"/>
        <source>How clearly a pixel must look like this object rather than another one or the background to count as part of it.
Research name: instance background threshold c2.</source>
        <translation>Wie deutlich ein Pixel diesem Objekt statt einem anderen oder dem Hintergrund gleichen muss, um dazuzugehören.
Fachbegriff: Instanz-Hintergrund-Schwelle c2.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="105"/>
        <source>Object confidence:</source>
        <translation>Objektsicherheit:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="111"/>
        <source>How much the tracker remembers of the frames it has seen (features kept).
Research name: feature bank size.</source>
        <translation>Wie viel sich der Tracker von den gesehenen Frames merkt (behaltene Merkmale).
Fachbegriff: Größe der Feature-Bank.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="113"/>
        <source>Memory of past frames:</source>
        <translation>Gedächtnis früherer Frames:</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="70"/>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="79"/>
        <source> px at 480p</source>
        <translation> px bei 480p</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="116"/>
        <source>Workstation</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="121"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/PreferencesDialog.cpp" line="123"/>
        <source>Frame cache:</source>
        <translation>Bildcache:</translation>
    </message>
</context>
<context>
    <name>rm::ui::TimelineWidget</name>
    <message>
        <location filename="../ui/widgets/TimelineWidget.cpp" line="118"/>
        <source>No clip</source>
        <translation>Kein Clip</translation>
    </message>
</context>
<context>
    <name>rm::ui::ViewerWidget</name>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="136"/>
        <source>Add or select an object in the Objects panel to paint.</source>
        <translation>Zum Malen im Bereich Objekte ein Objekt hinzufügen oder auswählen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="140"/>
        <source>%1 is locked.</source>
        <translation>%1 ist gesperrt.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="147"/>
        <source>Erase</source>
        <translation>Radieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="147"/>
        <source>Brush stroke</source>
        <translation>Pinselstrich</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="181"/>
        <source>Lasso fill</source>
        <translation>Lassofüllung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="181"/>
        <source>Polygon fill</source>
        <translation>Polygonfüllung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="204"/>
        <source>Fill holes</source>
        <translation>Löcher füllen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="212"/>
        <source>Clear frame</source>
        <translation>Bild leeren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/ViewerWidget.cpp" line="525"/>
        <source>Open a clip (File &gt; Open) or drop one here to start</source>
        <translation>Zum Beginnen einen Clip öffnen (Datei &gt; Öffnen) oder hierher ziehen</translation>
    </message>
</context>
</TS>
