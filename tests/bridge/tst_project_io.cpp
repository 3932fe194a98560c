// Project folders: bit-exact round trip, clear errors for broken files.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include <opencv2/core.hpp>

#include "app/bridge/ProjectIO.h"

using namespace rm::bridge;

class ProjectIoTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    doc_ = std::make_unique<Document>();
    doc_->reset(QStringLiteral("/clips/shot010.mov"), QSize(37, 23), 12, 23.976);
    const int a = doc_->addInstance(QStringLiteral("Hero"));
    const int b = doc_->addInstance(QStringLiteral("Car ü"));
    doc_->setInstanceColor(b, QColor(12, 200, 99));
    doc_->setInstanceLocked(a, true);
    doc_->setInstanceVisible(b, false);
    std::mt19937 rng(11);
    auto randomLabels = [&] {
      cv::Mat m(23, 37, CV_8UC1);
      for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
          m.at<uint8_t>(y, x) = uint8_t(rng() % 3);
      return m;
    };
    doc_->setMaskRaw(0, randomLabels(), FrameState::Keyframe);
    doc_->setMaskRaw(4, randomLabels(), FrameState::Propagated);
    doc_->setMaskRaw(5, randomLabels(), FrameState::Stale);
    doc_->setMaskRaw(11, randomLabels(), FrameState::Keyframe);
    // A soft edge (feathered brush) on frame 0 for "Hero".
    cv::Mat alpha(23, 37, CV_8UC1);
    for (int y = 0; y < alpha.rows; ++y)
      for (int x = 0; x < alpha.cols; ++x)
        alpha.at<uint8_t>(y, x) = uint8_t(rng() % 256);
    doc_->setSoftLayerRaw(0, a, alpha);
    folder_ = dir_->filePath(QStringLiteral("shot.rotomatch"));
  }

  void roundTripIsBitExact() {
    ProjectExtras extras;
    extras.inPoint = 2;
    extras.outPoint = 9;
    QVERIFY(saveProject(*doc_, folder_, extras).ok());
    Document loaded;
    ProjectExtras loadedExtras;
    const rm::Status status = loadProject(folder_, &loaded, &loadedExtras);
    QVERIFY2(status.ok(), status.message().c_str());
    QCOMPARE(loaded.sourcePath(), doc_->sourcePath());
    QCOMPARE(loaded.frameSize(), doc_->frameSize());
    QCOMPARE(loaded.frameCount(), doc_->frameCount());
    QCOMPARE(loaded.fps(), doc_->fps());
    QCOMPARE(loaded.instances().size(), doc_->instances().size());
    for (int i = 0; i < doc_->instances().size(); ++i) {
      const Instance& e = doc_->instances()[i];
      const Instance& g = loaded.instances()[i];
      QCOMPARE(g.id, e.id);
      QCOMPARE(g.name, e.name);
      QCOMPARE(g.color, e.color);
      QCOMPARE(g.visible, e.visible);
      QCOMPARE(g.locked, e.locked);
    }
    for (int f = 0; f < doc_->frameCount(); ++f) {
      QCOMPARE(loaded.state(f), doc_->state(f));
      QCOMPARE(loaded.mask(f) != nullptr, doc_->mask(f) != nullptr);
      if (doc_->mask(f)) QCOMPARE(cv::countNonZero(*loaded.mask(f) != *doc_->mask(f)), 0);
      QCOMPARE(loaded.softLayers(f) != nullptr, doc_->softLayers(f) != nullptr);
      if (!doc_->softLayers(f)) continue;
      QCOMPARE(loaded.softLayers(f)->size(), doc_->softLayers(f)->size());
      for (const auto& [id, layer] : *doc_->softLayers(f))
        QCOMPARE(cv::countNonZero(loaded.softLayers(f)->at(id) != layer), 0);
    }
    QVERIFY(loaded.softLayers(0));
    QCOMPARE(loadedExtras.inPoint, 2);
    QCOMPARE(loadedExtras.outPoint, 9);
    QVERIFY(!loaded.isDirty());
    QCOMPARE(loaded.undoStack()->count(), 0);
  }

  void resaveWritesOnlyChangesAndDropsRemovedMasks() {
    ProjectSaveCache cache;
    QVERIFY(saveProject(*doc_, folder_, {}, &cache).ok());
    const QString mask0 = folder_ + QStringLiteral("/masks/000000.png");
    const QDateTime stamp = QFileInfo(mask0).lastModified();
    QTest::qWait(20);
    doc_->dropMaskRaw(5);
    doc_->setMaskRaw(4, cv::Mat(23, 37, CV_8UC1, cv::Scalar(2)), FrameState::Propagated);
    QVERIFY(saveProject(*doc_, folder_, {}, &cache).ok());
    QCOMPARE(QFileInfo(mask0).lastModified(), stamp);  // unchanged mask not rewritten
    QVERIFY(!QFile::exists(folder_ + QStringLiteral("/masks/000005.png")));
    Document loaded;
    QVERIFY(loadProject(folder_ + QStringLiteral("/project.json"), &loaded).ok());
    QCOMPARE(loaded.state(5), FrameState::Empty);
    QCOMPARE(cv::countNonZero(*loaded.mask(4) != 2), 0);
  }

  void droppedSoftLayerLeavesNoFileBehind() {
    ProjectSaveCache cache;
    QVERIFY(saveProject(*doc_, folder_, {}, &cache).ok());
    const QString alpha = folder_ + QStringLiteral("/alpha/000000_001.png");
    QVERIFY(QFile::exists(alpha));
    doc_->dropSoftLayerRaw(0, 1);
    QVERIFY(saveProject(*doc_, folder_, {}, &cache).ok());
    QVERIFY(!QFile::exists(alpha));
    Document loaded;
    QVERIFY(loadProject(folder_, &loaded).ok());
    QVERIFY(!loaded.softLayers(0));
  }

  void brokenProjectsGiveClearErrors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("truncated") << QByteArray("{\"format\": \"rotomatch-project\", \"ver")
                               << QStringLiteral("project.json");
    QTest::newRow("not a project")
        << QByteArray("{\"hello\": 1}") << QStringLiteral("project.json");
    QTest::newRow("binary garbage")
        << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << QStringLiteral("project.json");
    QTest::newRow("bad size") << QByteArray(
                                     "{\"format\":\"rotomatch-project\",\"version\":1,\"source\":{"
                                     "\"width\":-4,\"height\":3,"
                                     "\"frameCount\":2}}")
                              << QStringLiteral("project.json");
    QTest::newRow("missing mask")
        << QByteArray(
               "{\"format\":\"rotomatch-project\",\"version\":1,\"source\":{\"path\":\"x\","
               "\"width\":4,"
               "\"height\":3,\"frameCount\":2},\"instances\":[],\"frames\":[{\"frame\":1,\"state\":"
               "\"keyframe\",\"mask\":\"masks/000001.png\"}]}")
        << QStringLiteral("000001.png");
    QTest::newRow("duplicate ids") << QByteArray(
                                          "{\"format\":\"rotomatch-project\",\"version\":1,"
                                          "\"source\":{\"width\":4,\"height\":3,"
                                          "\"frameCount\":2},\"instances\":[{\"id\":1,\"color\":\"#"
                                          "ff0000\"},{\"id\":1,\"color\":"
                                          "\"#00ff00\"}]}")
                                   << QStringLiteral("duplicate");
  }
  void brokenProjectsGiveClearErrors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QVERIFY(QDir().mkpath(folder_));
    QFile file(folder_ + QStringLiteral("/project.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    const QString sourceBefore = doc_->sourcePath();
    const rm::Status status = loadProject(folder_, doc_.get());
    QVERIFY(!status.ok());
    QVERIFY2(QString::fromStdString(status.message()).contains(mentions), status.message().c_str());
    QCOMPARE(doc_->sourcePath(), sourceBefore);  // the open document is left alone
    QCOMPARE(doc_->instances().size(), 2);
  }

  void missingFolderIsAnError() {
    Document loaded;
    const rm::Status status =
        loadProject(dir_->filePath(QStringLiteral("nope.rotomatch")), &loaded);
    QVERIFY(!status.ok());
    QVERIFY(QString::fromStdString(status.message()).contains(QStringLiteral("nope.rotomatch")));
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<Document> doc_;
  QString folder_;
};

QTEST_MAIN(ProjectIoTest)
#include "tst_project_io.moc"
