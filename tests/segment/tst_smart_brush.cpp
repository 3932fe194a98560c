// The smart brush on generated frames with the colour features (fast, no model file): one
// stroke selects the whole object, a background stroke carves a wrong region out of a mask,
// bad input is refused; and the simulated scribbles of the interactive protocol land inside
// the largest wrong region with the right kind.
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "SyntheticClip.h"
#include "engine/Engine.h"
#include "engine/segment/DavisMeasures.h"
#include "engine/segment/ScribbleEval.h"
#include "engine/segment/SmartBrush.h"

namespace {

rm::SegmenterParams colourParams() {
  rm::SegmenterParams p;
  p.model = "colour";
  return p;
}

cv::Mat line(cv::Size size, cv::Point a, cv::Point b, int width = 3) {
  cv::Mat m = cv::Mat::zeros(size, CV_8UC1);
  cv::line(m, a, b, cv::Scalar(255), width);
  return m;
}

}  // namespace

Q_DECLARE_METATYPE(rm::EdgeSnap)

class SmartBrushTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(1); }  // once, as an executable's main does
  void init() {
    clip_ = rm::test::makeClip(1, {320, 224}, /*twoObjects=*/true);
    auto brush = rm::SmartBrush::create(colourParams());
    QVERIFY2(brush, brush ? "" : brush.message().c_str());
    brush_ = std::move(*brush);
    QVERIFY(brush_->setFrame(clip_.frames[0], "clip#0"));
  }

  void oneStrokeSelectsTheWholeObject_data() {
    QTest::addColumn<rm::EdgeSnap>("snap");
    QTest::newRow("guided filter") << rm::EdgeSnap::GuidedFilter;
    QTest::newRow("grabcut") << rm::EdgeSnap::GrabCut;
    QTest::newRow("none") << rm::EdgeSnap::None;
  }
  void oneStrokeSelectsTheWholeObject() {
    QFETCH(rm::EdgeSnap, snap);
    rm::SmartBrushOptions options;
    options.snap = snap;
    auto brush = rm::SmartBrush::create(colourParams(), options);
    QVERIFY(brush);
    QVERIFY((*brush)->setFrame(clip_.frames[0], "clip#0"));
    // The red disc (label 1) is centred at (30, 122) with radius 18: a short stroke inside.
    rm::BrushStrokes strokes;
    strokes.foreground = line(clip_.frames[0].size(), {24, 122}, {36, 122});
    auto result = (*brush)->select(strokes);
    QVERIFY2(result, result ? "" : result.message().c_str());
    const cv::Mat disc = clip_.labels[0] == 1;
    const double iou = rm::jaccard(result->mask, disc);
    QVERIFY2(iou > 0.85, qPrintable(QString("IoU %1").arg(iou)));
    QCOMPARE(cv::countNonZero(result->mask & (clip_.labels[0] == 2)), 0);
  }

  void backgroundStrokeCarvesAWrongRegion() {
    // The current mask holds the disc and, wrongly, the blue square; a background stroke
    // across the square removes it and keeps the disc.
    rm::BrushStrokes strokes;
    strokes.currentMask = clip_.labels[0] != 0;
    const cv::Rect square = cv::boundingRect(clip_.labels[0] == 2);
    strokes.background = line(clip_.frames[0].size(), {square.x + 6, square.y + 14},
                              {square.x + square.width - 6, square.y + 14});
    auto result = brush_->select(strokes);
    QVERIFY2(result, result ? "" : result.message().c_str());
    QVERIFY(cv::countNonZero(result->mask & (clip_.labels[0] == 2)) <
            0.05 * cv::countNonZero(clip_.labels[0] == 2));
    QVERIFY(rm::jaccard(result->mask, clip_.labels[0] == 1) > 0.85);
  }

  void featuresAreCachedPerFrameKey() {
    const double before = brush_->timings().features;
    QVERIFY(brush_->setFrame(clip_.frames[0], "clip#0"));
    QCOMPARE(brush_->timings().features, before);
    QVERIFY(brush_->setFrame(clip_.frames[0], "clip#1"));
    QVERIFY(brush_->timings().features > before);
  }

  void badInputIsRefused() {
    rm::BrushStrokes strokes;
    QVERIFY(!brush_->select(strokes));  // no stroke at all
    strokes.foreground = cv::Mat::zeros(10, 10, CV_8UC1);
    strokes.foreground.at<uint8_t>(5, 5) = 255;
    auto wrongSize = brush_->select(strokes);
    QVERIFY(!wrongSize);
    QVERIFY(QString::fromStdString(wrongSize.message()).contains("10x10"));
    QVERIFY(!brush_->setFrame(cv::Mat(), "empty"));
    auto fresh = rm::SmartBrush::create(colourParams());
    QVERIFY(fresh);
    strokes.foreground = line(clip_.frames[0].size(), {24, 122}, {36, 122});
    QVERIFY(!(*fresh)->select(strokes));  // no frame yet
  }

  void scribbleGoesToTheLargestWrongRegion_data() {
    QTest::addColumn<bool>("predictExtra");
    QTest::newRow("missed object: foreground") << false;
    QTest::newRow("false region: background") << true;
  }
  void scribbleGoesToTheLargestWrongRegion() {
    QFETCH(bool, predictExtra);
    const cv::Size size(200, 150);
    cv::Mat truth = cv::Mat::zeros(size, CV_8UC1);
    cv::rectangle(truth, cv::Rect(20, 20, 60, 40), cv::Scalar(255), cv::FILLED);
    cv::Mat prediction = cv::Mat::zeros(size, CV_8UC1);
    cv::Mat wrong;
    if (predictExtra) {
      prediction = truth.clone();
      cv::rectangle(prediction, cv::Rect(100, 60, 80, 70), cv::Scalar(255), cv::FILLED);
      wrong = prediction & ~truth;
    } else {
      wrong = truth.clone();
    }
    const rm::Scribble s = rm::nextScribble(prediction, truth, 3);
    QCOMPARE(s.foreground, !predictExtra);
    QVERIFY(cv::countNonZero(s.pixels) > 20);
    QCOMPARE(cv::countNonZero(s.pixels & ~wrong), 0);  // inside the wrong region only
    // Clear of its edges: every scribble pixel lies at least 3 px inside.
    cv::Mat depth;
    cv::distanceTransform(wrong, depth, cv::DIST_L2, 3);
    double nearest = 0;
    cv::minMaxLoc(depth, &nearest, nullptr, nullptr, nullptr, s.pixels);
    QVERIFY(nearest >= 3);
    // A perfect prediction needs no scribble.
    QVERIFY(rm::nextScribble(truth, truth).pixels.empty());
  }

 private:
  rm::test::Clip clip_;
  std::unique_ptr<rm::SmartBrush> brush_;
};

QTEST_GUILESS_MAIN(SmartBrushTest)
#include "tst_smart_brush.moc"
