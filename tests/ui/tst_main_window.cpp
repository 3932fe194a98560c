// The main window: parts exist, scrubbing shows frames (newest request wins), errors are
// dialogs, propagation runs behind the timeline, the demo opens with its painted objects,
// fine-tuning reports in the status bar and its model choice is visible and revertible.
// LibTorch (the tiny model writer) has members named slots(): it comes before Qt's keywords.
#include "TinyModel.h"
#include "engine/Engine.h"
#include "ui/model/DocumentLoader.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include "FakeEngine.h"
#include "HostilePng.h"
#include "ui/widgets/ExportDialog.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ShotSettings.h"
#include "ui/widgets/TimelineWidget.h"
#include "ui/widgets/ViewerWidget.h"

namespace {
constexpr int kW = 64, kH = 48, kFrames = 60;

int frameOf(const QImage& image) {
  return qRed(image.pixel(3, 3));
}
}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    rm::setComputeThreads(1);  // once, as an executable's main does
    QStandardPaths::setTestModeEnabled(true);
  }

  void init() {
    window_ = std::make_unique<rm::ui::MainWindow>();
    log_ = std::make_shared<rm::test::FakeSegmenter::Log>();
  }
  void cleanup() { window_.reset(); }

  void mainPartsExist_data() {
    QTest::addColumn<QString>("objectName");
    QTest::newRow("viewer") << QStringLiteral("viewer");
    QTest::newRow("timeline") << QStringLiteral("timeline");
    QTest::newRow("file menu") << QStringLiteral("fileMenu");
    QTest::newRow("edit menu") << QStringLiteral("editMenu");
    QTest::newRow("view menu") << QStringLiteral("viewMenu");
    QTest::newRow("help menu") << QStringLiteral("helpMenu");
    QTest::newRow("objects panel") << QStringLiteral("instancesPanel");
  }
  void mainPartsExist() {
    QFETCH(QString, objectName);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QWidget* part = window_->findChild<QWidget*>(objectName);
    QVERIFY2(part, qPrintable(objectName));
  }

  void viewerAndTimelineAreVisible() {
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(window_->viewer()->isVisible());
    QVERIFY(window_->timeline()->isVisible());
    QVERIFY(window_->viewer()->height() > window_->timeline()->height());
  }

  void toolShortcutsExist_data() {
    QTest::addColumn<QString>("key");
    for (const char* k : {"B", "E", "P", "L", "[", "]", "F5", "Ctrl+Z"})
      QTest::newRow(k) << k;
  }
  void toolShortcutsExist() {
    QFETCH(QString, key);
    bool found = false;
    for (QAction* a : window_->findChildren<QAction*>())
      found |= a->shortcuts().contains(QKeySequence(key));
    QVERIFY2(found, qPrintable(key));
  }

  void scrubbingShowsTheFrame() {
    openFakeClip(0);
    QSignalSpy shown(window_.get(), &rm::ui::MainWindow::frameDisplayed);
    rm::ui::TimelineWidget* timeline = window_->timeline();
    const int target = 37;
    QTest::mouseClick(timeline, Qt::LeftButton, {}, QPointF(timeline->xOf(target), 40).toPoint());
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frameIndex(), target, 5000);
    QCOMPARE(frameOf(window_->viewer()->frame()), target);
    QCOMPARE(shown.last().at(0).toInt(), target);
  }

  void scrubBurstEndsOnLastRequest() {
    openFakeClip(8);  // slow decoding: requests pile up while the worker is busy
    QSignalSpy shown(window_.get(), &rm::ui::MainWindow::frameDisplayed);
    rm::ui::TimelineWidget* timeline = window_->timeline();
    for (int f = 1; f <= 45; f += 2)
      emit timeline->frameRequested(f);
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frameIndex(), 45, 5000);
    QTest::qWait(60);  // a late superseded result must not replace it
    QCOMPARE(window_->viewer()->frameIndex(), 45);
    QCOMPARE(frameOf(window_->viewer()->frame()), 45);
    QCOMPARE(shown.last().at(0).toInt(), 45);
    QVERIFY(shown.count() < 23);  // superseded requests were never shown
  }

  void playbackReadsAheadAndScrubStillWins() {
    openFakeClip(6);
    rm::bridge::FrameProvider* provider = window_->frameProvider();
    window_->togglePlayback();  // space
    QVERIFY(provider->readAhead() > 0);
    // Frames ahead of the playhead get decoded into the cache before they are shown.
    QTRY_VERIFY_WITH_TIMEOUT(provider->readAheadDecoded() >= 4, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(provider->isCached(window_->currentFrame() + 1) &&
                                 provider->isCached(window_->currentFrame() + 2),
                             5000);
    // A scrub burst while playing back ends on its last request.
    window_->togglePlayback();  // pause
    QCOMPARE(provider->readAhead(), 0);
    QSignalSpy shown(window_.get(), &rm::ui::MainWindow::frameDisplayed);
    for (int f = 59; f >= 31; f -= 2)
      emit window_->timeline()->frameRequested(f);
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frameIndex(), 31, 5000);
    QTest::qWait(60);
    QCOMPARE(window_->viewer()->frameIndex(), 31);
    QCOMPARE(frameOf(window_->viewer()->frame()), 31);
    QCOMPARE(shown.last().at(0).toInt(), 31);
  }

  void overlayModesSwitchByKey_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("mode");
    QTest::newRow("6: source | overlay")
        << int(Qt::Key_6) << int(rm::ui::OverlayMode::SideBySideOverlay);
    QTest::newRow("7: source | matte")
        << int(Qt::Key_7) << int(rm::ui::OverlayMode::SideBySideMatte);
    QTest::newRow("3: matte") << int(Qt::Key_3) << int(rm::ui::OverlayMode::Matte);
    QTest::newRow("0: off") << int(Qt::Key_0) << int(rm::ui::OverlayMode::Off);
  }
  void overlayModesSwitchByKey() {
    QFETCH(int, key);
    QFETCH(int, mode);
    openFakeClip(0);
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    window_->viewer()->setFocus();
    QTest::keyClick(window_->viewer(), Qt::Key(key));
    QCOMPARE(int(window_->viewer()->overlayMode()), mode);
    QTest::keyClick(window_->viewer(), Qt::Key_1);
    QCOMPARE(window_->viewer()->overlayMode(), rm::ui::OverlayMode::Fill);
  }

  // F5 propagates both directions over the in/out range (the whole clip when unset); frames
  // outside it stay untouched.
  void propagationFillsTimelineStates_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::newRow("whole clip") << -1 << -1;
    QTest::newRow("in/out 5-20") << 5 << 20;
  }
  void propagationFillsTimelineStates() {
    QFETCH(int, in);
    QFETCH(int, out);
    openFakeClip(0);
    window_->setSegmenterFactory([this]() -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
      return std::unique_ptr<rm::Segmenter>(std::make_unique<rm::test::FakeSegmenter>(log_, 1));
    });
    rm::bridge::Document* doc = window_->document();
    doc->applyEdit(10, QStringLiteral("key"), [&](cv::Mat& m) {
      return rm::bridge::paintCapsule(m, {20, 20}, {20, 20}, 6, doc->paintTarget(1, false));
    });
    window_->timeline()->setInOut(in, out);
    QSignalSpy finished(window_->engine(), &rm::bridge::EngineController::finished);
    QAction* f5 = nullptr;
    for (QAction* a : window_->findChildren<QAction*>())
      if (a->shortcut() == QKeySequence(QStringLiteral("F5"))) f5 = a;
    QVERIFY(f5);
    f5->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    const int first = in < 0 ? 0 : in, last = out < 0 ? kFrames - 1 : out;
    for (int f = 0; f < kFrames; ++f)
      QCOMPARE(doc->state(f), f == 10                     ? rm::bridge::FrameState::Keyframe
                              : (f >= first && f <= last) ? rm::bridge::FrameState::Propagated
                                                          : rm::bridge::FrameState::Empty);
    QCOMPARE(doc->keyframes(), std::vector<int>{10});
  }

  // Export offers the in/out range, and its start number follows the source's numbers (the
  // first exported frame keeps its number) until the artist types another.
  void exportDialogFollowsInOutAndSourceNumbers() {
    openFakeClip(0);
    rm::ui::ExportDialog dialog(*window_->document(), 5, 20, 1001, {}, window_.get());
    auto* whole = dialog.findChild<QRadioButton*>(QStringLiteral("wholeClip"));
    auto* inOut = dialog.findChild<QRadioButton*>(QStringLiteral("inOutRange"));
    auto* start = dialog.findChild<QSpinBox*>(QStringLiteral("startNumber"));
    QVERIFY(whole && inOut && start);
    QVERIFY(inOut->isChecked());
    QCOMPARE(dialog.firstFrame(), 5);
    QCOMPARE(dialog.lastFrame(), 20);
    QCOMPARE(dialog.options().startNumber, int64_t(1006));
    whole->setChecked(true);
    QCOMPARE(dialog.firstFrame(), 0);
    QCOMPARE(dialog.lastFrame(), kFrames - 1);
    QCOMPARE(dialog.options().startNumber, int64_t(1001));
    start->setValue(7);
    inOut->setChecked(true);
    QCOMPARE(dialog.options().startNumber, int64_t(7));
  }

  void finetuneCommandsInPropagateMenu() {
    auto* menu = window_->findChild<QMenu*>(QStringLiteral("propagateMenu"));
    QVERIFY(menu);
    QAction* tune = nullptr;
    QAction* revert = nullptr;
    for (QAction* a : menu->actions()) {
      const QString text = a->text().remove(QLatin1Char('&'));
      if (text.startsWith(QStringLiteral("Fine-tune Model on Keyframes"))) tune = a;
      if (text == QStringLiteral("Revert to Default Model")) revert = a;
    }
    QVERIFY(tune);
    QVERIFY(revert);
    QVERIFY(!revert->isEnabled());  // nothing to revert before a tuned model is kept
    QVERIFY(!window_->findChild<QLabel*>(QStringLiteral("modelLabel"))->isVisibleTo(window_.get()));
  }

  void finetuneErrorsGoToStatusBar_data() {
    QTest::addColumn<bool>("paintKey");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no keyframes") << false << QString() << QStringLiteral("Paint a keyframe first");
    QTest::newRow("colour features")
        << true << QStringLiteral("colour") << QStringLiteral("colour features");
  }
  void finetuneErrorsGoToStatusBar() {
    QFETCH(bool, paintKey);
    QFETCH(QString, model);
    QFETCH(QString, expected);
    openFakeClip(0);
    if (paintKey) paintKeyframe(0);
    QVERIFY(!window_->startFinetune(2, [&](rm::bridge::FinetuneRequest& r) {
      if (!model.isEmpty()) r.params.model = model.toStdString();
    }));
    QVERIFY(!window_->finetuner()->isRunning());
    const QString message = window_->statusBar()->currentMessage();
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY(window_->tunedModelPath().isEmpty());
  }

  // Negative margins make any tuned copy win the cycle check, margins above 1 make it
  // lose: both outcomes of a real (tiny) fine-tuning run reach the window.
  void finetuneOutcomeChangesModelChoice_data() {
    QTest::addColumn<double>("margin");
    QTest::addColumn<bool>("kept");
    QTest::newRow("tuned copy wins") << -1.0 << true;
    QTest::newRow("original kept") << 2.0 << false;
  }
  void finetuneOutcomeChangesModelChoice() {
    QFETCH(double, margin);
    QFETCH(bool, kept);
    QTemporaryDir dir;
    const std::string model = dir.filePath(QStringLiteral("tiny.pt")).toStdString();
    testing::saveTinyModel(model);
    openFakeClip(0);
    paintKeyframe(0);
    QSignalSpy finished(window_->finetuner(), &rm::bridge::FinetuneController::finished);
    QVERIFY(window_->startFinetune(1, [&](rm::bridge::FinetuneRequest& r) {
      r.params.model = model;
      r.params.device = "cpu";
      r.params.threads = 1;
      r.options.size = {64, 48};
      r.cycle.legs = {4};
      r.cycle.margin = margin;
      r.cycle.errorReduction = margin;
    }));
    QVERIFY(window_->findChild<QProgressBar*>(QStringLiteral("propagationProgress"))->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));
    const QString message = window_->statusBar()->currentMessage();
    auto* label = window_->findChild<QLabel*>(QStringLiteral("modelLabel"));
    QCOMPARE(label->isVisible(), kept);
    QCOMPARE(window_->tunedModelPath().isEmpty(), !kept);
    if (!kept) {
      QVERIFY2(message.contains(QStringLiteral("Kept the original model")), qPrintable(message));
      return;
    }
    QVERIFY2(message.contains(QStringLiteral("Using the fine-tuned model")), qPrintable(message));
    const QString tuned = window_->tunedModelPath();
    QVERIFY(QFile::exists(tuned));
    // Saving stores it with the project; reverting removes it and hides the hint.
    const QString project = dir.filePath(QStringLiteral("shot.rotomatch"));
    QVERIFY(window_->saveProjectTo(project));
    QCOMPARE(window_->tunedModelPath(), project + QStringLiteral("/finetuned.pt"));
    QVERIFY(QFile::exists(window_->tunedModelPath()));
    QVERIFY(!QFile::exists(tuned));
    window_->revertToDefaultModel();
    QVERIFY(window_->tunedModelPath().isEmpty());
    QVERIFY(!QFile::exists(project + QStringLiteral("/finetuned.pt")));
    QVERIFY(!label->isVisible());
  }

  void corruptProjectShowsErrorDialog() {
    window_->show();
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("broken.rotomatch"));
    QVERIFY(QDir().mkpath(folder));
    QFile file(folder + QStringLiteral("/project.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"rotomatch-project\", \"source\": {");
    file.close();
    QVERIFY(!window_->openPath(folder));
    auto* box = window_->findChild<QMessageBox*>(QStringLiteral("errorDialog"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("project.json")), qPrintable(box->text()));
    QVERIFY(!window_->document()->isOpen());
  }

  // Issue #17.2: opening a tiny PNG that declares 100000x100000 shows an error naming
  // it (OpenCV's exception used to abort the GUI).
  void hugeDeclaredPictureShowsErrorDialog() {
    window_->show();
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("huge.png"));
    QVERIFY(
        rm::test::writeHugeHeaderPng(png.toStdString(), 100000, 100000, PNG_COLOR_TYPE_RGB_ALPHA));
    QVERIFY(!window_->openPath(png));
    auto* box = window_->findChild<QMessageBox*>(QStringLiteral("errorDialog"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("huge.png")), qPrintable(box->text()));
    QVERIFY(!window_->document()->isOpen());
  }

  void saveAndReopenProject() {
    openFakeClip(0);
    rm::bridge::Document* doc = window_->document();
    doc->applyEdit(3, QStringLiteral("key"), [&](cv::Mat& m) {
      return rm::bridge::paintCapsule(m, {30, 20}, {30, 20}, 7, doc->paintTarget(1, false));
    });
    const cv::Mat painted = doc->mask(3)->clone();
    QVERIFY(doc->isDirty());
    QTemporaryDir dir;
    // An existing source path, so reopening does not ask to relink.
    const QString clip = dir.filePath(QStringLiteral("clip.mov"));
    QFile(clip).open(QIODevice::WriteOnly);
    doc->setSourcePath(clip);
    const QString folder = dir.filePath(QStringLiteral("shot.rotomatch"));
    window_->showFrame(7);
    window_->viewer()->setBrushRadius(9);
    window_->viewer()->setBrushHardness(0.6);
    QVERIFY(window_->saveProjectTo(folder));
    QVERIFY(!doc->isDirty());
    window_->showFrame(20);
    window_->viewer()->setBrushRadius(3);
    window_->viewer()->setBrushHardness(1);
    QVERIFY(!window_->isWindowModified());  // navigating does not modify the project
    QVERIFY(window_->openProject(folder));
    QCOMPARE(cv::countNonZero(*window_->document()->mask(3) != painted), 0);
    // Back where the artist was, though they only navigated since saving (tst_view_state)...
    QCOMPARE(window_->currentFrame(), 20);
    QCOMPARE(window_->viewer()->brushRadius(), 3.0);
    QCOMPARE(window_->viewer()->brushHardness(), 1.0);
    // ...while the project holds the frame and brush as saved.
    rm::bridge::Document stored;
    rm::bridge::ProjectExtras extras;
    QVERIFY(rm::bridge::loadProject(folder, &stored, &extras).ok());
    const rm::ui::ShotSettings saved = rm::ui::ShotSettings::read(extras.settings);
    QCOMPARE(saved.currentFrame, 7);
    QCOMPARE(saved.brushDiameter, 18.0);
    QCOMPARE(saved.brushHardness, 0.6);
  }

  void autosaveWritesARecoverableCopy() {
    openFakeClip(0);
    rm::bridge::Document* doc = window_->document();
    doc->applyEdit(5, QStringLiteral("key"), [&](cv::Mat& m) {
      return rm::bridge::paintCapsule(m, {12, 30}, {40, 10}, 4, doc->paintTarget(1, false));
    });
    const cv::Mat painted = doc->mask(5)->clone();
    const QString folder = window_->recoveryFolder();  // this window's own
    window_->autosave();                               // writes on a worker thread
    rm::bridge::Document recovered;
    QTRY_VERIFY_WITH_TIMEOUT(rm::bridge::loadProject(folder, &recovered).ok(), 5000);
    QCOMPARE(cv::countNonZero(*recovered.mask(5) != painted), 0);
    QCOMPARE(recovered.state(5), rm::bridge::FrameState::Keyframe);
    QVERIFY(doc->isDirty());  // an autosave is not a save
    QDir(folder).removeRecursively();
  }

  void demoOpensWithTwoPaintedObjects() {
    const QString keyframe =
        QStringLiteral(ROTOMATCH_SOURCE_DIR "/resources/demo/vtest-keyframe.json");
    auto probe = rm::openFrameSource("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
    if (!probe) QSKIP(("demo clip not readable in this build: " + probe.message()).c_str());
    window_->show();
    QVERIFY(window_->openDemo(keyframe));
    rm::bridge::Document* doc = window_->document();
    QCOMPARE(doc->instances().size(), 2);
    QCOMPARE(doc->keyframes(), std::vector<int>{0});
    for (const rm::bridge::Instance& i : doc->instances())
      QVERIFY(cv::countNonZero(*doc->mask(0) == i.id) > 300);
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frame().size(), QSize(768, 576), 10000);
  }

 private:
  void paintKeyframe(int frame) {
    rm::bridge::Document* doc = window_->document();
    doc->applyEdit(frame, QStringLiteral("key"), [&](cv::Mat& m) {
      return rm::bridge::paintCapsule(m, {24, 20}, {36, 28}, 8, doc->paintTarget(1, false));
    });
    QCOMPARE(doc->keyframes(), std::vector<int>{frame});
  }

  void openFakeClip(int decodeDelayMs) {
    window_->setSourceFactoryMaker([decodeDelayMs](const QString&) -> rm::bridge::SourceFactory {
      return [decodeDelayMs](
                 const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
        return std::unique_ptr<rm::FrameSource>(
            std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames, decodeDelayMs));
      };
    });
    window_->startShot(QStringLiteral("fake://clip"), QSize(kW, kH), kFrames, 25.0);
    rm::bridge::Instance first;
    first.id = 1;
    first.name = QStringLiteral("A");
    first.colour = Qt::red;
    rm::bridge::DocumentLoader(window_->document()).insertInstance(0, first);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frame().size(), QSize(kW, kH), 5000);
  }

  std::unique_ptr<rm::ui::MainWindow> window_;
  std::shared_ptr<rm::test::FakeSegmenter::Log> log_;
};

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
