// Issue #20: the workstation as an artist expects it. Space held is the hand tool and a
// tap plays; per-object clear (frame and range) with undo; the matte view of the selected
// object; brush size as a diameter with [ ] and Shift+[ ]; a reopened project restores its
// frame and brush; the Export dialog remembers its choices.
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include "FakeEngine.h"
#include "ModalDriver.h"
#include "ui/model/DocumentLoader.h"
#include "ui/widgets/ExportDialog.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/PreferencesDialog.h"
#include "ui/widgets/PropagationStatus.h"
#include "ui/widgets/ShotSettings.h"
#include "ui/widgets/SpaceKeyHandTool.h"
#include "ui/widgets/TimelineWidget.h"
#include "ui/widgets/ViewerWidget.h"

using rm::ui::MainWindow;
using rm::ui::ViewerWidget;

namespace {
constexpr int kW = 64, kH = 48, kFrames = 30;

void paintDot(rm::bridge::Document* doc, int frame, int id, cv::Point2d at, double radius) {
  doc->applyEdit(frame, QStringLiteral("dot"), [&](cv::Mat& m) {
    return rm::bridge::paintCapsule(m, at, at, radius, doc->paintTarget(id, false));
  });
}

int labelAt(const rm::bridge::Document* doc, int frame, int x, int y) {
  const cv::Mat* m = doc->mask(frame);
  return m ? m->at<uchar>(y, x) : 0;
}
}  // namespace

class ArtistHabitsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    window_ = std::make_unique<MainWindow>();
    window_->setSourceFactoryMaker(fakeSources());
    window_->startShot(QStringLiteral("fake://clip"), QSize(kW, kH), kFrames, 25.0);
    rm::bridge::DocumentLoader loader(window_->document());
    for (int id : {1, 2}) {
      rm::bridge::Instance i;
      i.id = id;
      i.name = QStringLiteral("Object %1").arg(id);
      i.colour = id == 1 ? Qt::red : Qt::blue;
      loader.insertInstance(id - 1, i);
    }
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frame().size(), QSize(kW, kH), 5000);
  }
  void cleanup() {
    if (window_ && window_->isPlaying()) window_->togglePlayback();
    window_->document()->undoStack()->setClean();  // nothing to ask about on close
    window_.reset();
  }

  // ---------------------------------------------------------------- Space

  void spaceHoldPansAndTapPlays_data() {
    QTest::addColumn<int>("holdMs");
    QTest::addColumn<bool>("drag");
    QTest::addColumn<bool>("plays");
    QTest::newRow("tap") << 30 << false << true;
    QTest::newRow("hold and drag") << 600 << true << false;
    QTest::newRow("hold without drag") << 600 << false << false;
    QTest::newRow("quick drag") << 30 << true << false;
  }
  void spaceHoldPansAndTapPlays() {
    QFETCH(int, holdMs);
    QFETCH(bool, drag);
    QFETCH(bool, plays);
    ViewerWidget* viewer = window_->viewer();
    // Focus on the timeline: Space must not fall to its own handling.
    window_->timeline()->setFocus();
    const QPointF offsetBefore = viewer->offset();
    const int frameBefore = window_->currentFrame();
    const cv::Mat before =
        window_->document()->mask(0) ? window_->document()->mask(0)->clone() : cv::Mat();
    QTest::keyPress(window_->timeline(), Qt::Key_Space);
    QVERIFY(viewer->handTool());
    if (drag) {
      QTest::mousePress(viewer, Qt::LeftButton, {}, QPoint(100, 100));
      QTest::mouseMove(viewer, QPoint(160, 130));
      QTest::mouseRelease(viewer, Qt::LeftButton, {}, QPoint(160, 130));
    }
    QTest::qWait(holdMs);
    QTest::keyRelease(window_->timeline(), Qt::Key_Space);
    QVERIFY(!viewer->handTool());
    QCOMPARE(window_->isPlaying(), plays);
    if (drag) {
      QCOMPARE(viewer->offset(), offsetBefore + QPointF(60, 30));
      QVERIFY(!window_->document()->mask(window_->viewer()->frameIndex()));  // nothing painted
    } else {
      QCOMPARE(viewer->offset(), offsetBefore);
    }
    if (!plays) {
      QTest::qWait(200);
      QCOMPARE(window_->currentFrame(), frameBefore);  // the clip did not move
    }
  }

  void spaceInATextFieldTypes() {
    auto* field = new QLineEdit(window_.get());
    field->show();
    field->setFocus();
    QTest::keyClick(field, Qt::Key_Space);
    QCOMPARE(field->text(), QStringLiteral(" "));
    QVERIFY(!window_->isPlaying());
  }

  // ---------------------------------------------------------------- per-object clear

  void clearObjectOnFrameAndRangeUndoes_data() {
    QTest::addColumn<bool>("range");
    QTest::newRow("frame") << false;
    QTest::newRow("in/out range") << true;
  }
  void clearObjectOnFrameAndRangeUndoes() {
    QFETCH(bool, range);
    rm::bridge::Document* doc = window_->document();
    for (int f : {4, 5, 6, 9}) {
      paintDot(doc, f, 1, {15, 15}, 5);
      paintDot(doc, f, 2, {45, 30}, 5);
    }
    window_->showFrame(5);
    window_->timeline()->setInOut(4, 6);
    window_->viewer()->setCurrentInstance(2);
    const int stepsBefore = doc->undoStack()->count();
    triggerMenu(range ? "Clear Selected Object on In/Out Range" : "Clear Selected Object on Frame");
    QCOMPARE(doc->undoStack()->count(), stepsBefore + 1);  // one undo step either way
    for (int f : {4, 5, 6, 9}) {
      const bool cleared = f == 5 || (range && f != 9);
      QCOMPARE(labelAt(doc, f, 45, 30), cleared ? 0 : 2);
      QCOMPARE(labelAt(doc, f, 15, 15), 1);  // the other object stays
    }
    doc->undoStack()->undo();
    for (int f : {4, 5, 6, 9}) {
      QCOMPARE(labelAt(doc, f, 45, 30), 2);
      QCOMPARE(labelAt(doc, f, 15, 15), 1);
    }
  }

  // ---------------------------------------------------------------- per-object matte

  void matteShowsTheSelectedObject_data() {
    QTest::addColumn<bool>("soloOn");
    QTest::addColumn<int>("selected");
    QTest::newRow("object 1") << true << 1;
    QTest::newRow("object 2") << true << 2;
    QTest::newRow("all objects") << false << 1;
  }
  void matteShowsTheSelectedObject() {
    QFETCH(bool, soloOn);
    QFETCH(int, selected);
    rm::bridge::Document* doc = window_->document();
    paintDot(doc, 0, 1, {15, 15}, 5);
    paintDot(doc, 0, 2, {45, 30}, 5);
    ViewerWidget* viewer = window_->viewer();
    viewer->setMatteSelectedOnly(soloOn);
    viewer->setCurrentInstance(selected);
    viewer->setOverlayMode(rm::ui::OverlayMode::Matte);
    const QImage shown = viewer->composedImage();
    const QRgb white = qRgb(255, 255, 255), black = qRgb(0, 0, 0);
    QCOMPARE(shown.pixel(15, 15), !soloOn || selected == 1 ? white : black);
    QCOMPARE(shown.pixel(45, 30), !soloOn || selected == 2 ? white : black);
    QCOMPARE(shown.pixel(60, 2), black);
  }

  void onionSkinOutlinesTheNeighbours() {
    rm::bridge::Document* doc = window_->document();
    paintDot(doc, 4, 1, {15, 15}, 5);
    paintDot(doc, 6, 1, {45, 30}, 5);
    window_->showFrame(5);
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frameIndex(), 5, 5000);
    ViewerWidget* viewer = window_->viewer();
    viewer->setOverlayMode(rm::ui::OverlayMode::Outline);
    // The fake frame is dark there (red = frame index, green = x, blue = y): magenta is the
    // previous frame's outline, cyan the next one's.
    auto magenta = [](QRgb p) { return qRed(p) > 120 && qBlue(p) > 120 && qGreen(p) < 60; };
    auto cyan = [](QRgb p) { return qGreen(p) > 120 && qBlue(p) > 120 && qRed(p) < 60; };
    viewer->setOnionSkin(false);
    QVERIFY(!magenta(viewer->composedImage().pixel(15, 10)));
    QVERIFY(!cyan(viewer->composedImage().pixel(45, 25)));
    viewer->setOnionSkin(true);
    const QImage shown = viewer->composedImage();
    QVERIFY(magenta(shown.pixel(15, 10)));   // top edge of frame 4's dot
    QVERIFY(cyan(shown.pixel(45, 25)));      // top edge of frame 6's dot
    QVERIFY(!magenta(shown.pixel(15, 15)));  // inside: not an edge
  }

  void sideBySideKeepsTheZoom() {
    ViewerWidget* viewer = window_->viewer();
    viewer->fitToWindow();
    const double fitted = viewer->scale();
    viewer->setOverlayMode(rm::ui::OverlayMode::SideBySideOverlay);
    QCOMPARE(viewer->scale(), fitted);
    viewer->zoomBy(1.25, QPointF(10, 10));
    viewer->setOverlayMode(rm::ui::OverlayMode::Fill);
    QCOMPARE(viewer->scale(), fitted * 1.25);
  }

  // ---------------------------------------------------------------- brush keys

  void bracketKeysChangeSizeAndHardness_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<double>("diameter");  // from 20
    QTest::addColumn<double>("hardness");  // from 0.5
    QTest::newRow("]") << int(Qt::Key_BracketRight) << 0 << 24.0 << 0.5;
    QTest::newRow("[") << int(Qt::Key_BracketLeft) << 0 << 20.0 / 1.2 << 0.5;
    QTest::newRow("Shift+[") << int(Qt::Key_BracketLeft) << int(Qt::ShiftModifier) << 20.0 << 0.4;
    QTest::newRow("Shift+]") << int(Qt::Key_BracketRight) << int(Qt::ShiftModifier) << 20.0 << 0.6;
    // What X11 delivers for Shift+[ on a US layout: the brace, with Shift held.
    QTest::newRow("Shift+{ (X11)")
        << int(Qt::Key_BraceLeft) << int(Qt::ShiftModifier) << 20.0 << 0.4;
    QTest::newRow("Shift+} (X11)")
        << int(Qt::Key_BraceRight) << int(Qt::ShiftModifier) << 20.0 << 0.6;
  }
  void bracketKeysChangeSizeAndHardness() {
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(double, diameter);
    QFETCH(double, hardness);
    ViewerWidget* viewer = window_->viewer();
    viewer->setBrushRadius(10);
    viewer->setBrushHardness(0.5);
    viewer->setFocus();
    QTest::keyClick(viewer, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QCOMPARE(2 * viewer->brushRadius(), diameter);
    QVERIFY(std::abs(viewer->brushHardness() - hardness) < 1e-9);
    // The toolbar gives the size as a diameter.
    auto* size = window_->findChild<QDoubleSpinBox*>(QStringLiteral("brushSize"));
    QVERIFY(size);
    QCOMPARE(size->value(), std::round(diameter * 10) / 10);
  }

  // ---------------------------------------------------------------- export dialog

  void exportDialogRemembersAndKeepsATypedName() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("deliveries"));
    rm::ui::ExportSettings remembered;
    {
      rm::ui::ExportDialog dialog(*window_->document(), -1, -1, 0, {});
      auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("outputPath"));
      auto* format = dialog.findChild<QComboBox*>(QStringLiteral("format"));
      auto* object = dialog.findChild<QComboBox*>(QStringLiteral("object"));
      QVERIFY(path && format && object);
      format->setCurrentIndex(format->findData(QStringLiteral("prores4444")));
      path->clear();
      QTest::keyClicks(path, folder + QStringLiteral("/hero_take2.mov"));
      object->setCurrentIndex(object->findData(2));  // must not overwrite the typed name
      QCOMPARE(path->text(), folder + QStringLiteral("/hero_take2.mov"));
      remembered = dialog.settings();
    }
    // Reopened (the settings also go through the project file, as on save and reopen).
    QJsonObject stored;
    rm::ui::ShotSettings shot;
    shot.exports = remembered;
    shot.write(&stored);
    const rm::ui::ExportSettings reread = rm::ui::ShotSettings::read(stored).exports;
    rm::ui::ExportDialog again(*window_->document(), -1, -1, 0, reread);
    auto* path = again.findChild<QLineEdit*>(QStringLiteral("outputPath"));
    auto* format = again.findChild<QComboBox*>(QStringLiteral("format"));
    auto* object = again.findChild<QComboBox*>(QStringLiteral("object"));
    QCOMPARE(path->text(), folder + QStringLiteral("/hero_take2.mov"));
    QCOMPARE(format->currentData().toString(), QStringLiteral("prores4444"));
    QCOMPARE(object->currentData().toInt(), 2);
    object->setCurrentIndex(object->findData(1));
    QCOMPARE(path->text(), folder + QStringLiteral("/hero_take2.mov"));
    // A format change keeps the typed name and fixes its ending.
    format->setCurrentIndex(format->findData(QStringLiteral("ffv1")));
    QCOMPARE(path->text(), folder + QStringLiteral("/hero_take2.mkv"));
    QCOMPARE(again.options().instance, 1);
  }

  // Through File > Export Mattes: the choices are part of the project (the shot shows as
  // modified), and a reopened project's dialog starts from them.
  void exportChoicesTravelWithTheProject() {
    QTemporaryDir dir;
    rm::bridge::Document* doc = window_->document();
    for (int f = 0; f < kFrames; ++f)
      paintDot(doc, f, 2, {20, 20}, 4);
    // An existing source path, so reopening does not ask to relink.
    const QString clip = dir.filePath(QStringLiteral("clip.mov"));
    QFile(clip).open(QIODevice::WriteOnly);
    doc->setSourcePath(clip);
    const QString project = dir.filePath(QStringLiteral("shot.rotomatch"));
    QVERIFY(window_->saveProjectTo(project));
    QVERIFY(!window_->isWindowModified());
    const QString out = dir.filePath(QStringLiteral("out/hero.%04d.png"));
    {
      rm::test::ModalDriver driver(20000);
      driver.expect(QStringLiteral("Export Mattes"), [&](QWidget* dialog) -> QString {
        auto* object = dialog->findChild<QComboBox*>(QStringLiteral("object"));
        auto* path = dialog->findChild<QLineEdit*>(QStringLiteral("outputPath"));
        if (!object || !path) return QStringLiteral("no object or path field");
        object->setCurrentIndex(object->findData(2));
        path->setText(out);
        emit path->textEdited(out);  // as typed
        static_cast<QDialog*>(dialog)->accept();
        return {};
      });
      triggerMenu("Export Mattes...");
      QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
      QVERIFY(driver.allAnswered());
    }
    QVERIFY(window_->isWindowModified());  // the choices wait for a save
    QTRY_VERIFY_WITH_TIMEOUT(!window_->exporter()->isRunning(), 10000);
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("out/hero.0000.png"))));
    QVERIFY(window_->saveProjectTo(project));

    auto reopened = std::make_unique<MainWindow>();
    reopened->setSourceFactoryMaker(fakeSources());
    QVERIFY(reopened->openProject(project));
    rm::test::ModalDriver driver(20000);
    int object = -1;
    QString path;
    driver.expect(QStringLiteral("Export Mattes"), [&](QWidget* dialog) -> QString {
      object = dialog->findChild<QComboBox*>(QStringLiteral("object"))->currentData().toInt();
      path = dialog->findChild<QLineEdit*>(QStringLiteral("outputPath"))->text();
      static_cast<QDialog*>(dialog)->reject();
      return {};
    });
    for (QAction* a : reopened->findChildren<QAction*>())
      if (a->text().remove(QLatin1Char('&')) == QLatin1String("Export Mattes...")) a->trigger();
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QCOMPARE(object, 2);
    QCOMPARE(path, out);
  }

  void untypedNameFollowsTheObject() {
    rm::ui::ExportDialog dialog(*window_->document(), -1, -1, 0, {});
    auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("outputPath"));
    auto* object = dialog.findChild<QComboBox*>(QStringLiteral("object"));
    object->setCurrentIndex(object->findData(2));
    QVERIFY2(path->text().contains(QStringLiteral("Object_2")), qPrintable(path->text()));
    QVERIFY(dialog.settings().fileName.isEmpty());  // suggested names are not remembered
  }

  void storedRadiusLoadsAsDiameter() {
    QJsonObject legacy;
    legacy.insert(QStringLiteral("brushRadius"), 7.5);
    QCOMPARE(rm::ui::ShotSettings::read(legacy).brushDiameter, 15.0);
    QJsonObject current;
    rm::ui::ShotSettings s;
    s.brushDiameter = 22;
    s.write(&current);
    QCOMPARE(rm::ui::ShotSettings::read(current).brushDiameter, 22.0);
  }

  void openRecentShowsFullPaths() {
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("sh010/comp.rotomatch"));
    QVERIFY(window_->saveProjectTo(project));
    QMenu* recent = nullptr;
    for (QMenu* m : window_->findChildren<QMenu*>())
      if (m->title().remove(QLatin1Char('&')) == QLatin1String("Open Recent")) recent = m;
    QVERIFY(recent);
    emit recent->aboutToShow();
    QVERIFY(!recent->actions().isEmpty());
    QAction* first = recent->actions().constFirst();
    // Shots of different folders often share a name: the folder shows.
    QCOMPARE(first->text().remove(QLatin1Char('&')), QDir::toNativeSeparators(project));
    QCOMPARE(first->toolTip(), project);
  }

  // ---------------------------------------------------------------- F5 feedback

  void progressSaysThePhaseAndAnEta_data() {
    using Phase = rm::bridge::PropagationProgress::Phase;
    QTest::addColumn<int>("phase");
    QTest::addColumn<double>("eta");
    QTest::addColumn<QString>("expected");
    QTest::newRow("starting") << int(Phase::Starting) << -1.0
                              << QStringLiteral("Preparing propagation… · estimating time…");
    QTest::newRow("backward pass")
        << int(Phase::BackwardPass) << 42.4
        << QStringLiteral("Preparing backward pass… 7/78 frames · ETA 42 s");
    QTest::newRow("frames") << int(Phase::Frames) << 12.0
                            << QStringLiteral("Propagating 3/98 frames · 2.5 fps · ETA 12 s");
  }
  void progressSaysThePhaseAndAnEta() {
    QFETCH(int, phase);
    QFETCH(double, eta);
    QFETCH(QString, expected);
    rm::bridge::PropagationProgress p;
    p.phase = rm::bridge::PropagationProgress::Phase(phase);
    p.done = p.phase == rm::bridge::PropagationProgress::Phase::Frames ? 3 : 0;
    p.total = 98;
    p.backwardDone = 7;
    p.backwardTotal = 78;
    p.fps = p.done > 0 ? 2.5 : 0;
    p.etaSeconds = eta;
    QCOMPARE(rm::ui::PropagationStatus::of(p).text, expected);
  }

  // The playhead's frame label and the progress text share the timeline's bottom row.
  void frameLabelNeverCoversTheProgressText_data() {
    QTest::addColumn<int>("frame");
    for (int f : {0, 5, 14, 15, 22, 29})
      QTest::newRow(qPrintable(QString::number(f))) << f;
  }
  void frameLabelNeverCoversTheProgressText() {
    QFETCH(int, frame);
    rm::ui::TimelineWidget* timeline = window_->timeline();
    timeline->setProgressText(QStringLiteral("Preparing backward pass… 11/19 frames · ETA 11 s"));
    timeline->setCurrentFrame(frame);
    const rm::ui::TimelineWidget::BottomRow row = timeline->bottomRow();
    QVERIFY(!row.progress.isEmpty());
    QVERIFY2(!row.progress.intersects(row.frameLabel),
             qPrintable(QStringLiteral("label %1..%2, progress %3..%4")
                            .arg(row.frameLabel.left())
                            .arg(row.frameLabel.right())
                            .arg(row.progress.left())
                            .arg(row.progress.right())));
    QVERIFY(row.progress.left() >= 0 && row.progress.right() <= timeline->width());
  }

  // ---------------------------------------------------------------- preferences

  void preferencesSpeakArtistWithResearchNamesInTooltips_data() {
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("researchName");
    QTest::newRow("top K") << "Matches per pixel:"
                           << "Top K";
    QTest::newRow("d_c") << "Search distance:"
                         << "d_c";
    QTest::newRow("c1") << "Stickiness to the keyframe:"
                        << "c1";
    QTest::newRow("c2") << "Object confidence:"
                        << "c2";
    QTest::newRow("bank") << "Memory of past frames:"
                          << "feature bank";
  }
  void preferencesSpeakArtistWithResearchNamesInTooltips() {
    QFETCH(QString, label);
    QFETCH(QString, researchName);
    rm::ui::PreferencesDialog dialog(rm::bridge::AppSettings{}, false);
    QLabel* found = nullptr;
    for (QLabel* l : dialog.findChildren<QLabel*>())
      if (l->text() == label) found = l;
    QVERIFY2(found, qPrintable(label));
    QWidget* field = found->buddy();
    QVERIFY(field);
    QVERIFY2(field->toolTip().contains(researchName), qPrintable(field->toolTip()));
    // The research name is in the tooltip only, never on the form.
    for (QLabel* l : dialog.findChildren<QLabel*>())
      QVERIFY2(!l->text().contains(researchName), qPrintable(l->text()));
  }

 private:
  static MainWindow::SourceFactoryMaker fakeSources() {
    return [](const QString&) -> rm::bridge::SourceFactory {
      return [](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
        return std::unique_ptr<rm::FrameSource>(
            std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames));
      };
    };
  }

  void triggerMenu(const char* text) {
    for (QAction* a : window_->findChildren<QAction*>())
      if (a->text().remove(QLatin1Char('&')) == QLatin1String(text)) {
        a->trigger();
        return;
      }
    QFAIL(text);
  }

  std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(ArtistHabitsTest)
#include "tst_artist_habits.moc"
