// Project folders: bit-exact round trip, clear errors for broken files.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include <opencv2/core.hpp>

#include "engine/media/MaskIO.h"
#include "ui/model/DocumentLoader.h"
#include "ui/model/ProjectIO.h"

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
    doc_->setInstanceColour(b, QColor(12, 200, 99));
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
    DocumentLoader(doc_.get()).setMask(0, randomLabels(), FrameState::Keyframe);
    DocumentLoader(doc_.get()).setMask(4, randomLabels(), FrameState::Propagated);
    DocumentLoader(doc_.get()).setMask(5, randomLabels(), FrameState::Stale);
    DocumentLoader(doc_.get()).setMask(11, randomLabels(), FrameState::Keyframe);
    // A soft edge (feathered brush) on frame 0 for "Hero".
    cv::Mat alpha(23, 37, CV_8UC1);
    for (int y = 0; y < alpha.rows; ++y)
      for (int x = 0; x < alpha.cols; ++x)
        alpha.at<uint8_t>(y, x) = uint8_t(rng() % 256);
    DocumentLoader(doc_.get()).setSoftLayer(0, a, alpha);
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
      QCOMPARE(g.colour, e.colour);
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
    DocumentLoader(doc_.get()).dropMask(5);
    DocumentLoader(doc_.get())
        .setMask(4, cv::Mat(23, 37, CV_8UC1, cv::Scalar(2)), FrameState::Propagated);
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
    DocumentLoader(doc_.get()).dropSoftLayer(0, 1);
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

  // Issue #17.2 and #17.10: a project that lies about its clip, or names files
  // outside its folder, is refused at open with a message naming project.json.
  void hostileProjectsAreRefused_data() {
    QTest::addColumn<QString>("source");  // JSON "source" object; CLIP = a 30-frame 37x23 clip
    QTest::addColumn<QString>("mask");    // the frame's mask path
    QTest::addColumn<QString>("mentions");
    const QString good = QStringLiteral("masks/000000.png");
    QTest::newRow("frameCount 2147483647, clip missing")
        << R"({"path":"/nowhere/x.mov","width":37,"height":23,"frameCount":2147483647})" << good
        << "2147483647";
    QTest::newRow("frameCount 1e8 on a 30-frame clip")
        << R"({"path":"CLIP","width":37,"height":23,"frameCount":1e8})" << good << "project.json";
    QTest::newRow("frameCount 31 on a 30-frame clip")
        << R"({"path":"CLIP","width":37,"height":23,"frameCount":31})" << good << "30 frames";
    QTest::newRow("640x480 project on a 37x23 clip")
        << R"({"path":"CLIP","width":640,"height":480,"frameCount":30})" << good << "37x23";
    QTest::newRow("mask path with ../")
        << R"({"path":"CLIP","width":37,"height":23,"frameCount":30})"
        << "../outside/000000.png"
        << "outside the project folder";
    QTest::newRow("absolute mask path")
        << R"({"path":"CLIP","width":37,"height":23,"frameCount":30})"
        << "ABS/outside/000000.png"
        << "outside the project folder";
  }

  void hostileProjectsAreRefused() {
    QFETCH(QString, source);
    QFETCH(QString, mask);
    QFETCH(QString, mentions);
    const QString clip = dir_->filePath(QStringLiteral("clip"));
    QVERIFY(QDir().mkpath(clip));
    for (int i = 0; i < 30; ++i)
      QVERIFY(QImage(37, 23, QImage::Format_RGB888)
                  .save(clip + QStringLiteral("/%1.png").arg(i, 4, 10, QChar('0'))));
    // A mask outside the project folder, valid in itself.
    const QString outside = dir_->filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(outside));
    QImage grey(37, 23, QImage::Format_Grayscale8);
    grey.fill(1);
    QVERIFY(grey.save(outside + QStringLiteral("/000000.png")));
    QVERIFY(QDir().mkpath(folder_ + QStringLiteral("/masks")));
    QVERIFY(grey.save(folder_ + QStringLiteral("/masks/000000.png")));
    source.replace(QStringLiteral("CLIP"), clip);
    mask.replace(QStringLiteral("ABS"), dir_->path());
    QFile file(folder_ + QStringLiteral("/project.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"format":"rotomatch-project","version":1,"source":%1,)"
                              R"("instances":[{"id":1,"color":"#ff0000"}],)"
                              R"("frames":[{"frame":0,"state":"keyframe","mask":"%2"}]})")
                   .arg(source, mask)
                   .toUtf8());
    file.close();
    Document loaded;
    const rm::Status status = loadProject(folder_, &loaded);
    QVERIFY(!status.ok());
    const QString message = QString::fromStdString(status.message());
    QVERIFY2(message.contains(QStringLiteral("project.json")) && message.contains(mentions),
             qPrintable(message));
    QVERIFY(!loaded.isOpen());
  }

  // Issue #17.10: a DAVIS palette mask put in a project keeps its label values (it
  // was read as grey levels: label 1 became 38).
  void paletteMaskKeepsItsLabels() {
    QVERIFY(saveProject(*doc_, folder_).ok());
    cv::Mat labels = cv::Mat::zeros(23, 37, CV_8UC1);
    labels(cv::Rect(2, 3, 10, 8)).setTo(1);
    labels(cv::Rect(20, 5, 9, 9)).setTo(2);
    QVERIFY(rm::writeLabelMap((folder_ + QStringLiteral("/masks/000004.png")).toStdString(), labels)
                .ok());
    Document loaded;
    const rm::Status status = loadProject(folder_, &loaded);
    QVERIFY2(status.ok(), status.message().c_str());
    QVERIFY(loaded.mask(4));
    QCOMPARE(cv::norm(*loaded.mask(4), labels, cv::NORM_INF), 0.0);
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
