#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <opencv2/core.hpp>

#include "engine/core/PolygonKeyframe.h"

namespace {
std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& text) {
  const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
  std::ofstream(path) << text;
  return path;
}
}  // namespace

class PolygonKeyframeTest : public QObject {
  Q_OBJECT
 private slots:
  void init() { dir_ = std::make_unique<QTemporaryDir>(); }

  void squareRasterisesToItsPixels() {
    // Square with corners on pixel centres 2..5 covers exactly columns/rows 2..5.
    const auto path = writeFile(*dir_, "k.json",
                                R"({"clip": "clip.mov", "frame": 3, "width": 10, "height": 8,
          "instances": [{"id": 2, "polygon": [[2,2],[5,2],[5,5],[2,5]]}]})");
    const auto key = rm::loadPolygonKeyframe(path);
    QVERIFY2(key.ok(), key.ok() ? "" : key.message().c_str());
    QCOMPARE(key->frame, int64_t{3});
    const cv::Mat labels = key->rasterize();
    QCOMPARE(labels.cols, 10);
    QCOMPARE(labels.rows, 8);
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 10; ++x) {
        const bool inside = x >= 2 && x <= 5 && y >= 2 && y <= 5;
        QCOMPARE(int(labels.at<uchar>(y, x)), inside ? 2 : 0);
      }
    // A relative clip path is resolved against the JSON file's folder.
    QCOMPARE(QString::fromStdString(key->clip), dir_->filePath(QStringLiteral("clip.mov")));
  }

  void bundledDemoHasTwoSeparateInstances() {
    const auto key =
        rm::loadPolygonKeyframe(ROTOMATCH_SOURCE_DIR "/resources/demo/vtest-keyframe.json");
    QVERIFY2(key.ok(), key.ok() ? "" : key.message().c_str());
    QCOMPARE(int(key->instances.size()), 2);
    const cv::Mat labels = key->rasterize();
    for (int id : {1, 2}) {
      const int area = cv::countNonZero(labels == id);
      QVERIFY2(area > 400 && area < 4000, qPrintable(QString::number(area)));  // a pedestrian
    }
  }

  void badFilesNameTheFile_data() {
    QTest::addColumn<QString>("content");
    QTest::newRow("not json") << QStringLiteral("hello");
    QTest::newRow("no instances") << QStringLiteral(R"({"clip":"a","width":4,"height":4})");
    QTest::newRow("bad id") << QStringLiteral(
        R"({"clip":"a","width":4,"height":4,"instances":[{"id":0,"polygon":[[0,0],[1,0],[1,1]]}]})");
    QTest::newRow("two points") << QStringLiteral(
        R"({"clip":"a","width":4,"height":4,"instances":[{"id":1,"polygon":[[0,0],[1,0]]}]})");
    QTest::newRow("huge") << QStringLiteral(
        R"({"clip":"a","width":99999,"height":4,"instances":[]})");
    QTest::newRow("width 1e25") << QStringLiteral(  // was cast to int (undefined behaviour)
        R"({"clip":"a","width":1e25,"height":4,"instances":[]})");
    QTest::newRow("negative frame")
        << QStringLiteral(R"({"clip":"a","frame":-3,"width":4,"height":4,"instances":[]})");
  }
  void badFilesNameTheFile() {
    QFETCH(QString, content);
    const auto path = writeFile(*dir_, "bad.json", content.toStdString());
    const auto key = rm::loadPolygonKeyframe(path);
    QVERIFY(!key.ok());
    QVERIFY2(key.message().find("bad.json") != std::string::npos, key.message().c_str());
  }

  void missingFile() {
    const auto key = rm::loadPolygonKeyframe("/nonexistent/k.json");
    QVERIFY(!key.ok());
    QVERIFY(key.message().find("/nonexistent/k.json") != std::string::npos);
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
};

QTEST_GUILESS_MAIN(PolygonKeyframeTest)
#include "tst_polygon_keyframe.moc"
