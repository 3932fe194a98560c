// MaskIO: palette label maps keep their ids, binary and small-valued grey masks map
// to labels, the written palette is DAVIS's, errors name the file.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/media/MaskIO.h"

#include "HostilePng.h"

namespace fs = std::filesystem;

namespace {
cv::Mat labelsWithIds(const std::vector<int>& ids, cv::Size size = {32, 24}) {
  cv::Mat labels = cv::Mat::zeros(size, CV_8UC1);
  for (size_t k = 0; k < ids.size(); ++k)
    labels(cv::Rect(static_cast<int>(k) * 4, static_cast<int>(k) * 2, 6, 8)).setTo(ids[k]);
  return labels;
}
}  // namespace

class MaskIoTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    root_ = dir_->path().toStdString();
  }

  void paletteRoundTripKeepsIds() {
    const cv::Mat labels = labelsWithIds({1, 2, 3, 7, 42, 255});
    const std::string path = (root_ / "00000.png").string();
    QVERIFY(rm::writeLabelMap(path, labels).ok());
    auto back = rm::readLabelMap(path, labels.size());
    QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
    QCOMPARE(back->type(), CV_8UC1);
    QCOMPARE(cv::norm(*back, labels, cv::NORM_INF), 0.0);
    // Independent check: OpenCV expands the palette to the DAVIS colours.
    const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
    QCOMPARE(bgr.size(), labels.size());
    for (int id : {0, 1, 2, 3, 7, 42}) {
      cv::Point p;
      cv::minMaxLoc(labels == id, nullptr, nullptr, nullptr, &p);
      const cv::Vec3b c = bgr.at<cv::Vec3b>(p);
      const auto& expected = rm::davisPalette()[static_cast<size_t>(id)];
      QCOMPARE(int(c[2]), int(expected[0]));
      QCOMPARE(int(c[1]), int(expected[1]));
      QCOMPARE(int(c[0]), int(expected[2]));
    }
    QCOMPARE(int(rm::davisPalette()[1][0]), 128);  // DAVIS object 1 is dark red
    QCOMPARE(int(rm::davisPalette()[2][1]), 128);
  }

  void greyMasks_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("depth");
    QTest::newRow("binary 0/255") << "binary" << int(CV_8U);
    QTest::newRow("binary 0/65535") << "binary" << int(CV_16U);
    QTest::newRow("small values are labels") << "labels" << int(CV_8U);
  }

  void greyMasks() {
    QFETCH(QString, kind);
    QFETCH(int, depth);
    const cv::Mat expected = kind == "binary" ? labelsWithIds({1, 1}) : labelsWithIds({1, 2, 5});
    cv::Mat grey;
    if (kind == "binary")
      expected.convertTo(grey, depth, depth == CV_8U ? 255 : 65535);
    else
      grey = expected;
    const std::string path = (root_ / "m.png").string();
    QVERIFY(cv::imwrite(path, grey));
    auto back = rm::readLabelMap(path);
    QVERIFY(back.ok());
    QCOMPARE(cv::norm(*back, expected, cv::NORM_INF), 0.0);
  }

  void colourDavisMaskMapsToIds() {
    const cv::Mat labels = labelsWithIds({1, 3});
    cv::Mat bgr(labels.size(), CV_8UC3);
    for (int y = 0; y < labels.rows; ++y)
      for (int x = 0; x < labels.cols; ++x) {
        const auto& c = rm::davisPalette()[labels.at<uint8_t>(y, x)];
        bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(c[2], c[1], c[0]);
      }
    const std::string path = (root_ / "rgb.png").string();
    QVERIFY(cv::imwrite(path, bgr));
    auto back = rm::readLabelMap(path);
    QVERIFY(back.ok());
    QCOMPARE(cv::norm(*back, labels, cv::NORM_INF), 0.0);
  }

  void errorsNameTheFile_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("missing") << "missing";
    QTest::newRow("not an image") << "garbage";
    QTest::newRow("wrong size") << "size";
    QTest::newRow("truncated palette png") << "truncated";
  }

  void errorsNameTheFile() {
    QFETCH(QString, kind);
    const std::string path = (root_ / "mask_0007.png").string();
    if (kind == "garbage") std::ofstream(path) << "hello";
    if (kind == "size") QVERIFY(rm::writeLabelMap(path, labelsWithIds({1}, {10, 10})).ok());
    if (kind == "truncated") {
      cv::Mat noise(24, 32, CV_8UC1);
      cv::randu(noise, 0, 40);  // incompressible enough that half the file misses rows
      QVERIFY(rm::writeLabelMap(path, noise).ok());
      fs::resize_file(path, fs::file_size(path) / 2);
    }
    auto back = rm::readLabelMap(path, cv::Size(32, 24));
    QVERIFY(!back.ok());
    QVERIFY2(back.message().find("mask_0007.png") != std::string::npos, back.message().c_str());
  }

  // Issue #17.2: a few bytes declaring a huge picture are refused from the header,
  // before anything is allocated (it used to allocate W x H first: 9.9 GB).
  void hugeDeclaredSizeIsRefusedBeforeDecoding_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("colourType");
    QTest::newRow("100000x100000 palette") << 100000 << 100000 << PNG_COLOR_TYPE_PALETTE;
    QTest::newRow("100000x100000 grey") << 100000 << 100000 << PNG_COLOR_TYPE_GRAY;
    QTest::newRow("16000x16000 grey, within the side limit")
        << 16000 << 16000 << PNG_COLOR_TYPE_GRAY;
    QTest::newRow("8000x8000 rgba") << 8000 << 8000 << PNG_COLOR_TYPE_RGB_ALPHA;
  }

  void hugeDeclaredSizeIsRefusedBeforeDecoding() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, colourType);
    const std::string path = (root_ / "huge_0003.png").string();
    QVERIFY(rm::test::writeHugeHeaderPng(path, static_cast<uint32_t>(width),
                                         static_cast<uint32_t>(height), colourType));
    QVERIFY(fs::file_size(path) < 1000);
    auto back = rm::readLabelMap(path);
    QVERIFY(!back.ok());
    QVERIFY2(back.message().find("huge_0003.png") != std::string::npos, back.message().c_str());
    QVERIFY2(back.message().find("declares") != std::string::npos, back.message().c_str());
  }

  // Issue #17.9: alpha is honoured, transparent pixels are background (it used to be
  // dropped, so an all-white RGBA cut-out made the whole frame the object).
  void alphaZeroIsBackground_data() {
    QTest::addColumn<int>("depth");
    QTest::newRow("8-bit rgba") << int(CV_8U);
    QTest::newRow("16-bit rgba") << int(CV_16U);
  }

  void alphaZeroIsBackground() {
    QFETCH(int, depth);
    const double full = depth == CV_16U ? 65535 : 255;
    cv::Mat rgba(24, 32, CV_MAKETYPE(depth, 4), cv::Scalar(full, full, full, 0));
    const cv::Rect object(5, 6, 10, 7);
    rgba(object).setTo(cv::Scalar(full, full, full, full));
    const std::string path = (root_ / "cutout.png").string();
    QVERIFY(cv::imwrite(path, rgba));
    auto labels = rm::readLabelMap(path, rgba.size());
    QVERIFY2(labels.ok(), labels.ok() ? "" : labels.message().c_str());
    QCOMPARE(cv::countNonZero(*labels), object.area());
    QCOMPARE(cv::countNonZero((*labels)(object) == 1), object.area());
  }

  void writeIsAtomicAndValidates() {
    const std::string path = (root_ / "nope" / "x.png").string();
    QVERIFY(!rm::writeLabelMap(path, labelsWithIds({1})).ok());
    QVERIFY(!rm::writeLabelMap((root_ / "y.png").string(), cv::Mat(4, 4, CV_32F)).ok());
    QCOMPARE(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 0);
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_;
};

QTEST_GUILESS_MAIN(MaskIoTest)
#include "tst_mask_io.moc"
