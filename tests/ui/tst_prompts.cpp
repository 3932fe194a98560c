// The blocking prompts of the main window, answered by a ModalDriver: unsaved changes on
// close (Save / Save As / Discard / Cancel), the crash-recovery offer on start, and the
// relink prompt for a project whose clip moved. Clips are encoded at run time.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include "ClipMaker.h"
#include "ModalDriver.h"
#include "ui/model/ProjectIO.h"
#include "ui/model/RecoveryFolders.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ViewerWidget.h"

using rm::test::ModalDriver;

namespace {
constexpr int kW = 64, kH = 48, kFrames = 10;

// Where every instance keeps its recovery folder.
QString recoveryRoot() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
         QStringLiteral("/recovery");
}

void paintDot(rm::bridge::Document* doc, int frame, cv::Point2d at, double radius) {
  doc->applyEdit(frame, QStringLiteral("dot"), [&](cv::Mat& m) {
    return rm::bridge::paintCapsule(m, at, at, radius, doc->paintTarget(1, false));
  });
}

bool sameMask(const cv::Mat* a, const cv::Mat* b) {
  return a && b && a->size() == b->size() && cv::countNonZero(*a != *b) == 0;
}
}  // namespace

class PromptsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    clip_ = dir_.filePath(QStringLiteral("clip.mp4"));
    rm::test::ClipSpec spec;
    spec.width = kW;
    spec.height = kH;
    spec.frames = kFrames;
    const rm::Status made = rm::test::makeClip(clip_.toStdString(), spec);
    QVERIFY2(made.ok(), made.message().c_str());
    spec.width = kW + 16;
    wrongSize_ = dir_.filePath(QStringLiteral("wider.mp4"));
    QVERIFY(rm::test::makeClip(wrongSize_.toStdString(), spec).ok());
  }

  void init() {
    work_ = std::make_unique<QTemporaryDir>();
    QDir(recoveryRoot()).removeRecursively();
    window_ = std::make_unique<rm::ui::MainWindow>();
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  }
  void cleanup() {
    if (window_) {
      // Whatever the test left unsaved (a recovered or relinked shot) is thrown away.
      ModalDriver driver;
      if (window_->isVisible() && window_->isWindowModified())
        driver.expect(QStringLiteral("Unsaved changes"), ModalDriver::click(QMessageBox::Discard));
      window_->close();
      QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
      window_.reset();
    }
    QDir(recoveryRoot()).removeRecursively();
  }

  // ---------------------------------------------------------------- close

  void cleanShotClosesWithoutAsking() {
    QVERIFY(window_->openClip(clip_));
    ModalDriver driver;
    QVERIFY(window_->close());
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
  }

  void closeWithUnsavedChanges_data() {
    QTest::addColumn<int>("button");
    QTest::addColumn<bool>("hasProject");  // saved once before the last edit
    QTest::addColumn<bool>("closes");
    QTest::addColumn<bool>("savedAfter");  // the last edit is on disk afterwards
    QTest::newRow("save") << int(QMessageBox::Save) << true << true << true;
    QTest::newRow("save as (no project yet)") << int(QMessageBox::Save) << false << true << true;
    QTest::newRow("discard") << int(QMessageBox::Discard) << true << true << false;
    QTest::newRow("cancel") << int(QMessageBox::Cancel) << true << false << false;
  }
  void closeWithUnsavedChanges() {
    QFETCH(int, button);
    QFETCH(bool, hasProject);
    QFETCH(bool, closes);
    QFETCH(bool, savedAfter);
    QVERIFY(window_->openClip(clip_));
    rm::bridge::Document* doc = window_->document();
    const QString project = work_->filePath(QStringLiteral("shot.rotomatch"));
    paintDot(doc, 2, {20, 20}, 5);
    if (hasProject) QVERIFY(window_->saveProjectTo(project));
    paintDot(doc, 4, {40, 30}, 6);  // the unsaved edit
    QVERIFY(doc->isDirty());
    const cv::Mat lastEdit = doc->mask(4)->clone();

    ModalDriver driver;
    driver.expect(QStringLiteral("Unsaved changes"),
                  ModalDriver::click(QMessageBox::StandardButton(button)));
    if (!hasProject)
      driver.expect(QStringLiteral("Save project"), ModalDriver::chooseFile(project));
    const bool closed = window_->close();
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QVERIFY(driver.allAnswered());
    QCOMPARE(closed, closes);
    QCOMPARE(window_->isVisible(), !closes);
    QCOMPARE(doc->isDirty(), !savedAfter);

    rm::bridge::Document onDisk;
    const bool exists = rm::bridge::loadProject(project, &onDisk).ok();
    QCOMPARE(exists, hasProject || savedAfter);
    if (exists) {
      QVERIFY(sameMask(onDisk.mask(2), doc->mask(2)));
      QCOMPARE(sameMask(onDisk.mask(4), &lastEdit), savedAfter);
    }
  }

  // ---------------------------------------------------------------- crash recovery

  void recoveryIsOfferedOnStart_data() {
    QTest::addColumn<bool>("accept");
    QTest::addColumn<QString>("folderName");  // in the recovery root
    const QString killed = QStringLiteral("5d4c1e0a-killed-instance.rotomatch");  // no lock
    const QString old = QStringLiteral("autosave.rotomatch");  // the layout before locks
    QTest::newRow("recover") << true << killed;
    QTest::newRow("decline") << false << killed;
    QTest::newRow("old layout: recover") << true << old;
    QTest::newRow("old layout: decline") << false << old;
  }
  void recoveryIsOfferedOnStart() {
    QFETCH(bool, accept);
    QFETCH(QString, folderName);
    const QString folder = recoveryRoot() + QLatin1Char('/') + folderName;
    // What a session that crashed leaves behind: an autosave of a painted shot.
    cv::Mat painted;
    {
      rm::bridge::Document crashed;
      crashed.reset(clip_, QSize(kW, kH), kFrames, 25.0);
      crashed.addInstance(QStringLiteral("Runner"));
      paintDot(&crashed, 3, {30, 25}, 8);
      painted = crashed.mask(3)->clone();
      QVERIFY(rm::bridge::saveProject(crashed, folder).ok());
    }
    ModalDriver driver;
    driver.expect(QStringLiteral("Recover unsaved work"),
                  ModalDriver::click(accept ? QMessageBox::Yes : QMessageBox::No));
    window_->offerRecovery();
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QVERIFY(driver.allAnswered());
    rm::bridge::Document* doc = window_->document();
    QCOMPARE(doc->isOpen(), accept);
    if (accept) {
      QCOMPARE(doc->sourcePath(), clip_);
      QVERIFY(sameMask(doc->mask(3), &painted));
      QCOMPARE(doc->instances().front().name, QStringLiteral("Runner"));
      QVERIFY(window_->isWindowModified());  // recovered work is not saved yet
      QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->frame().size(), QSize(kW, kH), 5000);
      QCOMPARE(window_->recoveryFolder(), folder);  // kept (and autosaved into) until saved
    } else {
      QVERIFY(!QFileInfo::exists(folder));  // declined: gone for good
    }
    // Either way, it is not offered again.
    ModalDriver again;
    rm::ui::MainWindow next;
    next.offerRecovery();
    QTest::qWait(30);
    QVERIFY2(again.failure().isEmpty(), qPrintable(again.failure()));
  }

  // Two killed instances: one prompt each, newest first; declining the newest goes on to
  // the next, and a recovery ends the offers.
  void eachAbandonedFolderIsOfferedNewestFirst() {
    {
      rm::bridge::RecoveryFolders older, newer;  // ended without cleaning up
      for (auto [recovery, name] : {std::pair{&older, "Older"}, std::pair{&newer, "Newer"}}) {
        rm::bridge::Document crashed;
        crashed.reset(clip_, QSize(kW, kH), kFrames, 25.0);
        crashed.addInstance(QString::fromLatin1(name));
        rm::bridge::ProjectExtras extras;
        rm::bridge::RecoveryFolders::stamp(&extras, {}, QString::fromLatin1(name));
        QVERIFY(rm::bridge::saveProject(crashed, recovery->ownFolder(), extras).ok());
        QTest::qWait(5);  // distinct save times
      }
    }
    ModalDriver driver;
    driver.expect(QStringLiteral("Recover unsaved work"), ModalDriver::click(QMessageBox::No));
    driver.expect(QStringLiteral("Recover unsaved work"), ModalDriver::click(QMessageBox::Yes));
    window_->offerRecovery();
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QVERIFY(driver.allAnswered());
    QCOMPARE(driver.texts().size(), 2);
    QVERIFY2(driver.texts()[0].contains(QStringLiteral("\"Newer\"")),
             qPrintable(driver.texts()[0]));
    QVERIFY2(driver.texts()[1].contains(QStringLiteral("\"Older\"")),
             qPrintable(driver.texts()[1]));
    QCOMPARE(window_->document()->instances().front().name, QStringLiteral("Older"));
    // The declined one is gone; the recovered one is this window's own folder now.
    QCOMPARE(QDir(recoveryRoot()).entryList({QStringLiteral("*.rotomatch")}, QDir::Dirs).size(), 1);
  }

  // Two windows (instances) at once: each autosaves into its own folder, and neither
  // offers (nor deletes) the other's unsaved work.
  void runningInstanceIsNotOffered() {
    auto other = std::make_unique<rm::ui::MainWindow>();
    QVERIFY(window_->openClip(clip_));
    QVERIFY(other->openClip(clip_));
    paintDot(window_->document(), 2, {20, 20}, 5);
    paintDot(other->document(), 6, {40, 30}, 6);
    window_->autosave();
    other->autosave();
    QVERIFY(window_->recoveryFolder() != other->recoveryFolder());
    rm::bridge::Document mine, theirs;
    QTRY_VERIFY_WITH_TIMEOUT(rm::bridge::loadProject(window_->recoveryFolder(), &mine).ok(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(rm::bridge::loadProject(other->recoveryFolder(), &theirs).ok(), 5000);
    QCOMPARE(mine.keyframes(), std::vector<int>{2});
    QCOMPARE(theirs.keyframes(), std::vector<int>{6});

    ModalDriver driver;  // any prompt fails the test
    rm::ui::MainWindow third;
    third.offerRecovery();
    QTest::qWait(30);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QVERIFY(!third.document()->isOpen());
    QVERIFY(QFileInfo::exists(window_->recoveryFolder() + QStringLiteral("/project.json")));
    QVERIFY(QFileInfo::exists(other->recoveryFolder() + QStringLiteral("/project.json")));

    ModalDriver closing;
    closing.expect(QStringLiteral("Unsaved changes"), ModalDriver::click(QMessageBox::Discard));
    const QString otherFolder = other->recoveryFolder();
    QVERIFY(other->close());
    QVERIFY2(closing.failure().isEmpty(), qPrintable(closing.failure()));
    QVERIFY(!QFileInfo::exists(otherFolder));  // a clean exit removes its own folder only
    QVERIFY(QFileInfo::exists(window_->recoveryFolder() + QStringLiteral("/project.json")));
  }

  void noAutosaveNoOffer() {
    ModalDriver driver;
    window_->offerRecovery();
    QTest::qWait(30);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QVERIFY(!window_->document()->isOpen());
  }

  // ---------------------------------------------------------------- relink

  void movedSourceAsksToRelink_data() {
    QTest::addColumn<bool>("locate");
    QTest::addColumn<bool>("wrongSize");
    QTest::newRow("locate the moved clip") << true << false;
    QTest::newRow("decline") << false << false;
    QTest::newRow("a clip of another size is refused") << true << true;
  }
  void movedSourceAsksToRelink() {
    QFETCH(bool, locate);
    QFETCH(bool, wrongSize);
    const QString original = work_->filePath(QStringLiteral("plate.mp4"));
    const QString moved = work_->filePath(QStringLiteral("moved/plate.mp4"));
    QVERIFY(QFile::copy(clip_, original));
    QVERIFY(window_->openClip(original));
    paintDot(window_->document(), 1, {10, 10}, 4);
    const QString project = work_->filePath(QStringLiteral("shot.rotomatch"));
    QVERIFY(window_->saveProjectTo(project));
    QVERIFY(QDir().mkpath(QFileInfo(moved).absolutePath()));
    QVERIFY(QFile::rename(original, moved));

    auto reopened = std::make_unique<rm::ui::MainWindow>();
    reopened->show();
    ModalDriver driver;
    driver.expect(QStringLiteral("Source clip missing"),
                  ModalDriver::click(locate ? QMessageBox::Yes : QMessageBox::No));
    if (locate)
      driver.expect(QStringLiteral("Locate clip"),
                    ModalDriver::chooseFile(wrongSize ? wrongSize_ : moved));
    if (wrongSize)  // the refusal is a (non-blocking) error dialog
      driver.expect(QStringLiteral("Cannot relink"), ModalDriver::click(QMessageBox::Ok));
    QVERIFY(reopened->openProject(project));
    QTRY_VERIFY_WITH_TIMEOUT(driver.allAnswered() || !driver.failure().isEmpty(), 5000);
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    if (wrongSize) QVERIFY(driver.texts().last().contains(QStringLiteral("different frame size")));

    rm::bridge::Document* doc = reopened->document();
    QVERIFY(doc->isOpen());
    QVERIFY(doc->mask(1));  // the masks load either way
    const bool relinked = locate && !wrongSize;
    QCOMPARE(doc->sourcePath(), relinked ? moved : original);
    QCOMPARE(reopened->isWindowModified(), relinked);  // the new path needs saving
    if (relinked)
      QTRY_COMPARE_WITH_TIMEOUT(reopened->viewer()->frame().size(), QSize(kW, kH), 5000);
    ModalDriver closing;
    if (relinked)
      closing.expect(QStringLiteral("Unsaved changes"), ModalDriver::click(QMessageBox::Discard));
    QVERIFY(reopened->close());
    QVERIFY2(closing.failure().isEmpty(), qPrintable(closing.failure()));
  }

 private:
  QTemporaryDir dir_;
  QString clip_;
  QString wrongSize_;
  std::unique_ptr<QTemporaryDir> work_;
  std::unique_ptr<rm::ui::MainWindow> window_;
};

QTEST_MAIN(PromptsTest)
#include "tst_prompts.moc"
