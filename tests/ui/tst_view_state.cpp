// Issue #20 item 9: reopening a project puts the artist back on the frame, brush and tool
// they left, even when they only navigated since the last save (which must not modify the
// project, so closing asks nothing); a project moved or renamed since opens as it was saved;
// a remembered frame beyond the clip's end is clamped.
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "FakeEngine.h"
#include "ModalDriver.h"
#include "ui/model/DocumentLoader.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ProjectViewStates.h"
#include "ui/widgets/ShotSettings.h"
#include "ui/widgets/ViewerWidget.h"

using rm::ui::MainWindow;
using rm::ui::Tool;

namespace {
constexpr int kW = 64, kH = 48, kFrames = 30;
// What the saved project stores.
constexpr int kSavedFrame = 5;
constexpr double kSavedDiameter = 20, kSavedHardness = 1.0;
}  // namespace

class ViewStateTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  // A saved project on frame 5 with a 20 px hard brush; no view state remembered.
  void init() {
    QSettings().clear();
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    project_ = dir_->filePath(QStringLiteral("shot.rotomatch"));
    auto window = newWindow();
    window->startShot(QStringLiteral("fake://clip"), QSize(kW, kH), kFrames, 25.0);
    rm::bridge::Instance object;
    object.id = 1;
    object.name = QStringLiteral("Object 1");
    object.colour = Qt::red;
    rm::bridge::DocumentLoader(window->document()).insertInstance(0, object);
    // An existing source path, so reopening does not ask to relink.
    const QString clip = dir_->filePath(QStringLiteral("clip.mov"));
    QVERIFY(QFile(clip).open(QIODevice::WriteOnly));
    window->document()->setSourcePath(clip);
    window->showFrame(kSavedFrame);
    window->viewer()->setBrushRadius(kSavedDiameter / 2);
    window->viewer()->setBrushHardness(kSavedHardness);
    QVERIFY(window->saveProjectTo(project_));
    QVERIFY(window->close());
  }

  void reopenRestoresWhereTheArtistWas_data() {
    QTest::addColumn<bool>("closed");      // false: gone without a close (a crash)
    QTest::addColumn<QString>("movedTo");  // the project folder renamed before reopening
    QTest::addColumn<int>("storedFrame");  // >= 0: the remembered frame, written directly
    QTest::addColumn<int>("wantFrame");
    QTest::addColumn<double>("wantDiameter");
    QTest::addColumn<double>("wantHardness");
    QTest::addColumn<int>("wantTool");
    QTest::newRow("navigated, closed")
        << true << QString() << -1 << 17 << 40.0 << 0.5 << int(Tool::Eraser);
    // The state is written once scrubbing pauses, not only on close.
    QTest::newRow("navigated, crashed after a pause")
        << false << QString() << -1 << 17 << 40.0 << 0.5 << int(Tool::Eraser);
    QTest::newRow("moved since: as saved")
        << true << QStringLiteral("moved.rotomatch") << -1 << kSavedFrame << kSavedDiameter
        << kSavedHardness << int(Tool::Brush);
    // E.g. the clip was cut shorter and relinked, or the settings edited by hand.
    QTest::newRow("frame beyond the end: the last")
        << true << QString() << kFrames + 40 << kFrames - 1 << 40.0 << 0.5 << int(Tool::Eraser);
  }
  void reopenRestoresWhereTheArtistWas() {
    QFETCH(bool, closed);
    QFETCH(QString, movedTo);
    QFETCH(int, storedFrame);
    QFETCH(int, wantFrame);
    QFETCH(double, wantDiameter);
    QFETCH(double, wantHardness);
    QFETCH(int, wantTool);
    {
      auto window = newWindow();
      QVERIFY(window->openProject(project_));
      QCOMPARE(window->currentFrame(), kSavedFrame);
      window->showFrame(17);
      window->viewer()->setBrushRadius(20);
      window->viewer()->setBrushHardness(0.5);
      window->viewer()->setTool(Tool::Eraser);
      QVERIFY(!window->isWindowModified());  // navigation does not dirty the document
      if (closed) {
        rm::test::ModalDriver driver;  // no prompt expected: any is a failure
        QVERIFY(window->close());
        QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
      } else {
        QTRY_COMPARE_WITH_TIMEOUT(
            rm::ui::ShotSettings::read(rm::ui::ProjectViewStates::read(project_)).currentFrame, 17,
            5000);
      }
    }
    if (storedFrame >= 0) {
      QJsonObject view = rm::ui::ProjectViewStates::read(project_);
      view.insert(QStringLiteral("currentFrame"), storedFrame);
      rm::ui::ProjectViewStates::write(project_, view);
    }
    QString path = project_;
    if (!movedTo.isEmpty()) {
      path = dir_->filePath(movedTo);
      QVERIFY(QDir().rename(project_, path));
    }
    auto reopened = newWindow();
    QVERIFY(reopened->openProject(path));
    QCOMPARE(reopened->currentFrame(), wantFrame);
    QCOMPARE(2 * reopened->viewer()->brushRadius(), wantDiameter);
    QCOMPARE(reopened->viewer()->brushHardness(), wantHardness);
    QCOMPARE(int(reopened->viewer()->tool()), wantTool);
    QVERIFY(!reopened->isWindowModified());
    QVERIFY(reopened->close());
  }

  // Only the most recent projects are remembered; the oldest goes first.
  void keepsTheMostRecentProjects() {
    const int count = rm::ui::ProjectViewStates::kMaxProjects + 1;
    for (int i = 0; i < count; ++i) {
      const QString folder = dir_->filePath(QStringLiteral("p%1.rotomatch").arg(i));
      QVERIFY(QDir().mkpath(folder));
      QJsonObject view;
      view.insert(QStringLiteral("currentFrame"), i);
      rm::ui::ProjectViewStates::write(folder, view);
    }
    QVERIFY(
        rm::ui::ProjectViewStates::read(dir_->filePath(QStringLiteral("p0.rotomatch"))).isEmpty());
    for (int i : {1, count - 1})
      QCOMPARE(
          rm::ui::ProjectViewStates::read(dir_->filePath(QStringLiteral("p%1.rotomatch").arg(i)))
              .value(QStringLiteral("currentFrame"))
              .toInt(),
          i);
  }

 private:
  static std::unique_ptr<MainWindow> newWindow() {
    auto window = std::make_unique<MainWindow>();
    window->setSourceFactoryMaker([](const QString&) -> rm::bridge::SourceFactory {
      return [](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
        return std::unique_ptr<rm::FrameSource>(
            std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames));
      };
    });
    return window;
  }

  std::unique_ptr<QTemporaryDir> dir_;
  QString project_;
};

QTEST_MAIN(ViewStateTest)
#include "tst_view_state.moc"
