// The main window's menus, toolbar, docks and status bar: built once, each action wired to
// the window's slots, the viewer or the session (MainWindow.cpp holds what they call).
#include <QActionGroup>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QToolBar>
#include <QUndoView>
#include <QVBoxLayout>
#include <cmath>

#include "ui/model/ClearObject.h"
#include "ui/widgets/InstancesPanel.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/TimelineWidget.h"
#include "ui/widgets/ViewerWidget.h"

namespace rm::ui {

void MainWindow::createDocks() {
  auto* objects = new QDockWidget(tr("Objects"), this);
  objects->setObjectName(QStringLiteral("objectsDock"));
  instances_ = new InstancesPanel(objects);
  instances_->setDocument(doc_);
  objects->setWidget(instances_);
  addDockWidget(Qt::RightDockWidgetArea, objects);

  auto* history = new QDockWidget(tr("History"), this);
  history->setObjectName(QStringLiteral("historyDock"));
  auto* view = new QUndoView(doc_->undoStack(), history);
  view->setEmptyLabel(tr("<original>"));
  history->setWidget(view);
  addDockWidget(Qt::RightDockWidgetArea, history);
}

QAction* MainWindow::addAction(QMenu* menu, const QString& text, const QKeySequence& shortcut,
                               const std::function<void()>& slot) {
  QAction* action = menu->addAction(text);
  if (!shortcut.isEmpty()) action->setShortcut(shortcut);
  connect(action, &QAction::triggered, this, slot);
  return action;
}

void MainWindow::createMenus() {
  // ---- File ----
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->setObjectName(QStringLiteral("fileMenu"));
  addAction(file, tr("&Open Clip or Project..."), QKeySequence::Open, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open clip or project"), {},
        tr("Clips and projects (*.mov *.mp4 *.mkv *.avi *.mxf *.webm *.png *.jpg *.jpeg *.tif "
           "*.tiff *.exr *.dpx project.json);;All files (*)"));
    if (!path.isEmpty()) openPath(path);
  });
  addAction(file, tr("Open Image &Sequence Folder..."), {}, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open image sequence"));
    if (!dir.isEmpty()) openPath(dir);
  });
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  file->addSeparator();
  addAction(file, tr("&Save Project"), QKeySequence::Save, [this] { save(); });
  addAction(file, tr("Save Project &As..."), QKeySequence::SaveAs, [this] { saveAs(); });
  file->addSeparator();
  addAction(file, tr("&Export Mattes..."), QKeySequence(tr("Ctrl+E")), [this] { showExport(); });
  file->addSeparator();
  addAction(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

  // ---- Edit ----
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->setObjectName(QStringLiteral("editMenu"));
  QAction* undo = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  addAction(edit, tr("&Fill Holes"), QKeySequence(tr("H")), [this] { viewer_->fillHoles(); });
  addAction(edit, tr("&Clear Frame"), QKeySequence(tr("Shift+Del")),
            [this] { viewer_->clearFrame(); });
  addAction(edit, tr("Clear Selected &Object on Frame"), QKeySequence(tr("Alt+Del")), [this] {
    bridge::clearObject(doc_, viewer_->currentInstance(), currentFrame_, currentFrame_,
                        tr("Clear object on frame"));
  });
  addAction(edit, tr("Clear Selected Object on In/Out &Range"), QKeySequence(tr("Alt+Shift+Del")),
            [this] {
              const int n =
                  bridge::clearObject(doc_, viewer_->currentInstance(), timeline_->rangeFirst(),
                                      timeline_->rangeLast(), tr("Clear object on range"));
              statusBar()->showMessage(tr("Object cleared on %n frame(s)", nullptr, n), 4000);
            });
  edit->addSeparator();
  addAction(edit, tr("&New Object"), QKeySequence(tr("N")), [this] { instances_->addInstance(); });
  addAction(edit, tr("&Delete Object"), {}, [this] { instances_->removeCurrent(); });
  edit->addSeparator();
  QAction* prefs = addAction(edit, tr("&Preferences..."), QKeySequence::Preferences,
                             [this] { showPreferences(); });
  prefs->setMenuRole(QAction::PreferencesRole);

  // ---- Tools ----
  QMenu* tools = menuBar()->addMenu(tr("&Tools"));
  tools->setObjectName(QStringLiteral("toolsMenu"));
  auto* toolGroup = new QActionGroup(this);
  const std::pair<Tool, std::pair<QString, QString>> toolDefs[] = {
      {Tool::Brush, {tr("&Brush"), tr("B")}},
      {Tool::Eraser, {tr("&Eraser"), tr("E")}},
      {Tool::Polygon, {tr("&Polygon Fill"), tr("P")}},
      {Tool::Lasso, {tr("&Lasso Fill"), tr("L")}},
      {Tool::SmartBrush, {tr("S&mart Brush"), tr("W")}}};
  for (const auto& [tool, def] : toolDefs) {
    QAction* a = addAction(tools, def.first, QKeySequence(def.second),
                           [this, t = tool] { viewer_->setTool(t); });
    a->setCheckable(true);
    a->setChecked(tool == viewer_->tool());
    toolGroup->addAction(a);
    toolActions_.append(a);
    connect(viewer_, &ViewerWidget::toolChanged, a,
            [a, t = tool](Tool now) { a->setChecked(now == t); });
  }
  tools->addSeparator();
  addAction(tools, tr("Smaller Brush"), QKeySequence(Qt::Key_BracketLeft),
            [this] { viewer_->setBrushRadius(viewer_->brushRadius() / 1.2); });
  addAction(tools, tr("Larger Brush"), QKeySequence(Qt::Key_BracketRight),
            [this] { viewer_->setBrushRadius(viewer_->brushRadius() * 1.2); });
  // Shift+[ / Shift+] as in other paint packages; `{`/`}` for layouts that report those.
  addAction(
      tools, tr("Softer Brush"), QKeySequence(Qt::SHIFT | Qt::Key_BracketLeft),
      [this] { viewer_->setBrushHardness(std::round(viewer_->brushHardness() * 10 - 1) / 10); })
      ->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_BracketLeft),
                      QKeySequence(Qt::SHIFT | Qt::Key_BraceLeft),
                      QKeySequence(Qt::Key_BraceLeft)});
  addAction(
      tools, tr("Harder Brush"), QKeySequence(Qt::SHIFT | Qt::Key_BracketRight),
      [this] { viewer_->setBrushHardness(std::round(viewer_->brushHardness() * 10 + 1) / 10); })
      ->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_BracketRight),
                      QKeySequence(Qt::SHIFT | Qt::Key_BraceRight),
                      QKeySequence(Qt::Key_BraceRight)});

  // ---- View ----
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->setObjectName(QStringLiteral("viewMenu"));
  addAction(view, tr("&Fit to Window"), QKeySequence(tr("F")), [this] { viewer_->fitToWindow(); });
  addAction(view, tr("&Actual Pixels (100%)"), QKeySequence(tr("Ctrl+1")),
            [this] { viewer_->setActualPixels(); });
  addAction(view, tr("Zoom &In"), QKeySequence::ZoomIn, [this] {
    viewer_->zoomBy(1.25, QPointF(viewer_->width() / 2.0, viewer_->height() / 2.0));
  });
  addAction(view, tr("Zoom &Out"), QKeySequence::ZoomOut, [this] {
    viewer_->zoomBy(0.8, QPointF(viewer_->width() / 2.0, viewer_->height() / 2.0));
  });
  view->addSeparator();
  auto* overlayGroup = new QActionGroup(this);
  const std::pair<OverlayMode, std::pair<QString, QString>> overlayDefs[] = {
      {OverlayMode::Fill, {tr("Overlay: Colour &Fill"), tr("1")}},
      {OverlayMode::Outline, {tr("Overlay: &Outline"), tr("2")}},
      {OverlayMode::Matte, {tr("Overlay: &Matte"), tr("3")}},
      {OverlayMode::CutoutChecker, {tr("Overlay: Cut-out over &Checkerboard"), tr("4")}},
      {OverlayMode::CutoutBlack, {tr("Overlay: Cut-out over &Black"), tr("5")}},
      {OverlayMode::SideBySideOverlay, {tr("Side by Side: Source | &Overlay"), tr("6")}},
      {OverlayMode::SideBySideMatte, {tr("Side by Side: Source | Ma&tte"), tr("7")}},
      {OverlayMode::Off, {tr("Overlay: O&ff"), tr("0")}}};
  for (const auto& [mode, def] : overlayDefs) {
    QAction* a = addAction(view, def.first, QKeySequence(def.second),
                           [this, m = mode] { viewer_->setOverlayMode(m); });
    a->setCheckable(true);
    a->setChecked(mode == viewer_->overlayMode());
    overlayGroup->addAction(a);
    connect(viewer_, &ViewerWidget::overlayModeChanged, a,
            [a, m = mode](OverlayMode now) { a->setChecked(now == m); });
  }
  QAction* solo = addAction(view, tr("Matte and Cut-out: &Selected Object Only"), {}, [] {});
  solo->setCheckable(true);
  solo->setChecked(viewer_->matteSelectedOnly());
  connect(solo, &QAction::toggled, viewer_, &ViewerWidget::setMatteSelectedOnly);
  QAction* onion = addAction(view, tr("O&nion Skin (Previous/Next Frame Outline)"),
                             QKeySequence(tr("Shift+O")), [] {});
  onion->setObjectName(QStringLiteral("onionSkinAction"));
  onion->setCheckable(true);
  connect(onion, &QAction::toggled, viewer_, &ViewerWidget::setOnionSkin);
  addAction(view, tr("Overlay Opacity Down"), QKeySequence(Qt::Key_Minus),
            [this] { viewer_->setOverlayOpacity(viewer_->overlayOpacity() - 0.1); });
  addAction(view, tr("Overlay Opacity Up"), QKeySequence(Qt::Key_Equal),
            [this] { viewer_->setOverlayOpacity(viewer_->overlayOpacity() + 0.1); });

  // ---- Playback ----
  QMenu* play = menuBar()->addMenu(tr("&Playback"));
  play->setObjectName(QStringLiteral("playbackMenu"));
  // Space is handled by the viewer/timeline (tap plays, hold-drag pans); shown here.
  addAction(play, tr("Play / Pause\tSpace"), {}, [this] { togglePlayback(); });
  addAction(play, tr("Next Frame"), QKeySequence(Qt::Key_Right),
            [this] { showFrame(currentFrame_ + 1); });
  addAction(play, tr("Previous Frame"), QKeySequence(Qt::Key_Left),
            [this] { showFrame(currentFrame_ - 1); });
  addAction(play, tr("Next Keyframe"), QKeySequence(tr("Ctrl+Right")),
            [this] { jumpToKeyframe(1); });
  addAction(play, tr("Previous Keyframe"), QKeySequence(tr("Ctrl+Left")),
            [this] { jumpToKeyframe(-1); });
  addAction(play, tr("First Frame"), QKeySequence(Qt::Key_Home),
            [this] { showFrame(timeline_->rangeFirst()); });
  addAction(play, tr("Last Frame"), QKeySequence(Qt::Key_End),
            [this] { showFrame(timeline_->rangeLast()); });
  play->addSeparator();
  addAction(play, tr("Set In Point"), QKeySequence(tr("I")),
            [this] { timeline_->setInOut(currentFrame_, timeline_->outPoint()); });
  addAction(play, tr("Set Out Point"), QKeySequence(tr("O")),
            [this] { timeline_->setInOut(timeline_->inPoint(), currentFrame_); });
  addAction(play, tr("Clear In/Out"), QKeySequence(tr("Alt+X")),
            [this] { timeline_->setInOut(-1, -1); });

  // ---- Propagate ----
  QMenu* prop = menuBar()->addMenu(tr("P&ropagate"));
  prop->setObjectName(QStringLiteral("propagateMenu"));
  propagateActions_.append(addAction(
      prop, tr("Propagate &In/Out Range (Both Directions)"), QKeySequence(tr("F5")), [this] {
        runPropagation(Direction::Both, timeline_->rangeFirst(), timeline_->rangeLast());
      }));
  addAction(prop, tr("Propagate &Forward from Current Frame"), QKeySequence(tr("F6")),
            [this] { runPropagation(Direction::Forward, currentFrame_, timeline_->rangeLast()); });
  addAction(
      prop, tr("Propagate &Backward from Current Frame"), QKeySequence(tr("Shift+F6")),
      [this] { runPropagation(Direction::Backward, timeline_->rangeFirst(), currentFrame_); });
  propagateActions_.append(addAction(prop, tr("&Re-propagate Stale Frames"), QKeySequence(tr("F7")),
                                     [this] { repropagate(); }));
  prop->addSeparator();
  addAction(prop, tr("&Cancel Propagation"), QKeySequence(tr("Shift+F5")), [this] {
    session_->propagation()->cancel();
    session_->finetuner()->cancel();
  });
  prop->addSeparator();
  addAction(prop, tr("Fine-&tune Model on Keyframes…"), {}, [this] { promptFinetune(); });
  revertModelAction_ =
      addAction(prop, tr("Revert to &Default Model"), {}, [this] { revertToDefaultModel(); });
  revertModelAction_->setEnabled(false);

  // ---- Help ----
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->setObjectName(QStringLiteral("helpMenu"));
  addAction(help, tr("&Keyboard Shortcuts"), QKeySequence(tr("F1")), [this] { showShortcuts(); });
  addAction(help, tr("&About Rotomatch"), {}, [this] { showAbout(); });
}

void MainWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("Tools"));
  bar->setObjectName(QStringLiteral("toolBar"));
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  for (QAction* a : toolActions_)
    bar->addAction(a);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Size "), bar));
  // The diameter, as every paint package gives a brush's size; the viewer keeps a radius.
  auto* size = new QDoubleSpinBox(bar);
  size->setObjectName(QStringLiteral("brushSize"));
  size->setRange(1, 1000);
  size->setDecimals(1);
  size->setSuffix(tr(" px"));
  size->setValue(2 * viewer_->brushRadius());
  size->setFocusPolicy(Qt::ClickFocus);
  size->setToolTip(tr("Brush diameter ([ / ], or Ctrl + drag in the viewer)"));
  connect(size, &QDoubleSpinBox::valueChanged, viewer_,
          [this](double d) { viewer_->setBrushRadius(d / 2); });
  connect(viewer_, &ViewerWidget::brushRadiusChanged, size, [size](double r) {
    const QSignalBlocker block(size);
    size->setValue(2 * r);
  });
  bar->addWidget(size);
  bar->addWidget(new QLabel(tr(" Hardness "), bar));
  auto* hardness = new QSpinBox(bar);
  hardness->setObjectName(QStringLiteral("brushHardness"));
  hardness->setRange(0, 100);
  hardness->setSuffix(tr(" %"));
  hardness->setValue(int(std::lround(viewer_->brushHardness() * 100)));
  hardness->setFocusPolicy(Qt::ClickFocus);
  hardness->setToolTip(
      tr("Brush hardness (Shift+[ / Shift+]). Below 100% the edge is feathered: the matte "
         "gets the soft edge, the object's outline sits where it is 50% opaque."));
  connect(hardness, &QSpinBox::valueChanged, viewer_,
          [this](int v) { viewer_->setBrushHardness(v / 100.0); });
  connect(viewer_, &ViewerWidget::brushHardnessChanged, hardness, [hardness](double h) {
    const QSignalBlocker block(hardness);
    hardness->setValue(int(std::lround(h * 100)));
  });
  bar->addWidget(hardness);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Overlay "), bar));
  auto* overlay = new QComboBox(bar);
  overlay->setObjectName(QStringLiteral("overlayMode"));
  overlay->setFocusPolicy(Qt::ClickFocus);
  overlay->addItem(tr("Colour fill"), int(OverlayMode::Fill));
  overlay->addItem(tr("Outline"), int(OverlayMode::Outline));
  overlay->addItem(tr("Matte"), int(OverlayMode::Matte));
  overlay->addItem(tr("Cut-out / checkerboard"), int(OverlayMode::CutoutChecker));
  overlay->addItem(tr("Cut-out / black"), int(OverlayMode::CutoutBlack));
  overlay->addItem(tr("Side by side / overlay"), int(OverlayMode::SideBySideOverlay));
  overlay->addItem(tr("Side by side / matte"), int(OverlayMode::SideBySideMatte));
  overlay->addItem(tr("Off"), int(OverlayMode::Off));
  connect(overlay, &QComboBox::activated, this, [this, overlay](int index) {
    viewer_->setOverlayMode(OverlayMode(overlay->itemData(index).toInt()));
  });
  connect(viewer_, &ViewerWidget::overlayModeChanged, overlay,
          [overlay](OverlayMode mode) { overlay->setCurrentIndex(overlay->findData(int(mode))); });
  bar->addWidget(overlay);
  auto* opacity = new QSlider(Qt::Horizontal, bar);
  opacity->setObjectName(QStringLiteral("overlayOpacity"));
  opacity->setFocusPolicy(Qt::ClickFocus);
  opacity->setRange(0, 100);
  opacity->setValue(int(viewer_->overlayOpacity() * 100));
  opacity->setMaximumWidth(120);
  opacity->setToolTip(tr("Overlay opacity (- / =)"));
  connect(opacity, &QSlider::valueChanged, this,
          [this](int v) { viewer_->setOverlayOpacity(v / 100.0); });
  connect(viewer_, &ViewerWidget::overlayOpacityChanged, opacity, [opacity](double o) {
    const QSignalBlocker block(opacity);
    opacity->setValue(int(std::lround(o * 100)));
  });
  bar->addWidget(opacity);
  bar->addSeparator();
  // Short labels on the bar; the menu keeps the full names.
  const QStringList shortNames = {tr("Propagate"), tr("Re-propagate")};
  for (int i = 0; i < propagateActions_.size(); ++i) {
    propagateActions_[i]->setIconText(shortNames.value(i));
    bar->addAction(propagateActions_[i]);
  }
}

void MainWindow::createStatusBar() {
  frameLabel_ = new QLabel(this);
  frameLabel_->setObjectName(QStringLiteral("frameLabel"));
  zoomLabel_ = new QLabel(this);
  progressBar_ = new QProgressBar(this);
  progressBar_->setObjectName(QStringLiteral("propagationProgress"));
  progressBar_->setMaximumWidth(220);
  progressBar_->setVisible(false);
  cancelButton_ = new QPushButton(tr("Cancel"), this);
  cancelButton_->setVisible(false);
  connect(cancelButton_, &QPushButton::clicked, this, [this] { session_->cancel(); });
  modelLabel_ = new QLabel(tr("Fine-tuned model"), this);
  modelLabel_->setObjectName(QStringLiteral("modelLabel"));
  modelLabel_->setVisible(false);
  statusBar()->addPermanentWidget(modelLabel_);
  statusBar()->addPermanentWidget(progressBar_);
  statusBar()->addPermanentWidget(cancelButton_);
  statusBar()->addPermanentWidget(zoomLabel_);
  statusBar()->addPermanentWidget(frameLabel_);
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::showShortcuts() {
  QDialog dialog(this);
  dialog.setObjectName(QStringLiteral("shortcutsDialog"));
  dialog.setWindowTitle(tr("Keyboard Shortcuts"));
  auto* layout = new QVBoxLayout(&dialog);
  auto* table = new QTableWidget(&dialog);
  table->setColumnCount(2);
  table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
  QList<QPair<QString, QString>> rows;
  for (QAction* menuAction : menuBar()->actions()) {
    if (!menuAction->menu()) continue;
    for (QAction* a : menuAction->menu()->actions()) {
      QString text = a->text();
      QString keys = a->shortcut().toString(QKeySequence::NativeText);
      if (text.contains(QLatin1Char('\t'))) {
        keys = text.section(QLatin1Char('\t'), 1);
        text = text.section(QLatin1Char('\t'), 0, 0);
      }
      if (!keys.isEmpty()) rows.append({text.remove(QLatin1Char('&')), keys});
    }
  }
  rows.append({tr("Pan"), tr("Space + drag, or middle mouse button")});
  rows.append({tr("Zoom at cursor"), tr("Mouse wheel")});
  rows.append({tr("Brush size"), tr("Ctrl + drag (brush/eraser)")});
  rows.append({tr("Erase with brush / subtract polygon"), tr("Alt + paint")});
  rows.append(
      {tr("Close polygon"), tr("Double-click or Enter (Esc cancels, Backspace undoes a point)")});
  table->setRowCount(static_cast<int>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
    table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
  }
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  table->horizontalHeader()->setStretchLastSection(true);
  table->verticalHeader()->setVisible(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(table);
  dialog.resize(640, 560);
  dialog.exec();
}

}  // namespace rm::ui
