#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <tuple>

#include "engine/train/PairAugmenter.h"

namespace {
// Green field with a red disc (the object).
void makeScene(cv::Size size, cv::Point centre, int radius, cv::Mat* rgb, cv::Mat* mask) {
  *rgb = cv::Mat(size, CV_8UC3, cv::Scalar(40, 160, 40));
  *mask = cv::Mat::zeros(size, CV_8UC1);
  cv::circle(*rgb, centre, radius, cv::Scalar(220, 30, 30), cv::FILLED);
  cv::circle(*mask, centre, radius, cv::Scalar(1), cv::FILLED);
}
bool identical(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}
}  // namespace

class PairAugmenterTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() {
    params_ = rm::train::AugmentParams{};
    params_.size = {96, 64};
    makeScene(params_.size, {40, 30}, 12, &rgb_, &mask_);
  }

  void outputHasRequestedSizeAndBinaryMasks_data() {
    QTest::addColumn<double>("minScale");
    QTest::addColumn<double>("maxScale");
    QTest::newRow("shrink (padding)") << 0.5 << 0.6;
    QTest::newRow("enlarge (crop)") << 1.4 << 1.5;
    QTest::newRow("paper range") << 0.5 << 1.5;
  }
  void outputHasRequestedSizeAndBinaryMasks() {
    QFETCH(double, minScale);
    QFETCH(double, maxScale);
    params_.minScale = minScale;
    params_.maxScale = maxScale;
    rm::train::PairAugmenter aug(params_, 7);
    for (int i = 0; i < 20; ++i) {
      const auto out = aug.augment({rgb_, mask_, rgb_, mask_});
      for (const cv::Mat* m : {&out.refRgb, &out.tgtRgb, &out.refMask, &out.tgtMask})
        QCOMPARE(m->size(), params_.size);
      double lo = 0, hi = 0;
      cv::minMaxLoc(out.tgtMask, &lo, &hi);
      QVERIFY(lo >= 0 && hi <= 1);
      // The crop keeps the object's centre in view, so some object is always visible.
      QVERIFY(cv::countNonZero(out.refMask) > 0);
      QVERIFY(cv::countNonZero(out.tgtMask) > 0);
    }
  }

  void identityWhenAugmentationIsOff() {
    params_.minScale = params_.maxScale = 1.0;
    params_.flip = false;
    params_.colourJitter = 0.0;
    rm::train::PairAugmenter aug(params_, 3);
    const auto out = aug.augment({rgb_, mask_, rgb_, mask_});
    QVERIFY(identical(out.refRgb, rgb_));
    QVERIFY(identical(out.refMask, mask_));
    QVERIFY(identical(out.tgtRgb, rgb_));
    QVERIFY(identical(out.tgtMask, mask_));
  }

  void masksFollowPixelsUnderFlip() {
    params_.minScale = params_.maxScale = 1.0;
    params_.colourJitter = 0.0;
    rm::train::PairAugmenter aug(params_, 11);
    for (int i = 0; i < 10; ++i) {
      const auto out = aug.augment({rgb_, mask_, rgb_, mask_});
      // Every object pixel is red, every background pixel green, flipped or not.
      for (int y = 0; y < out.refRgb.rows; ++y)
        for (int x = 0; x < out.refRgb.cols; ++x) {
          const cv::Vec3b p = out.refRgb.at<cv::Vec3b>(y, x);
          QCOMPARE(out.refMask.at<uchar>(y, x) == 1, p[0] > p[1]);
        }
    }
  }

  void synthesisedTargetMovesTheObject() {
    params_.minScale = params_.maxScale = 1.0;
    params_.flip = false;
    params_.colourJitter = 0.0;
    params_.occluderProbability = 0.0;
    rm::train::PairAugmenter aug(params_, 5);
    const double area = cv::countNonZero(mask_);
    bool moved = false;
    for (int i = 0; i < 10; ++i) {
      const auto out = aug.synthesize(rgb_, mask_ * 255);
      QVERIFY(identical(out.refMask, mask_));
      const double tgtArea = cv::countNonZero(out.tgtMask);
      // Random scale 0.85..1.15 -> area ratio 0.72..1.32, minus what leaves the frame.
      QVERIFY2(tgtArea > 0.3 * area && tgtArea < 1.4 * area, qPrintable(QString::number(tgtArea)));
      // Pasted pixels are the object's red; the hole left behind is filled with green.
      const cv::Scalar inside = cv::mean(out.tgtRgb, out.tgtMask);
      const cv::Scalar outside = cv::mean(out.tgtRgb, out.tgtMask == 0);
      QVERIFY(inside[0] > inside[1]);
      QVERIFY(outside[1] > outside[0]);
      moved = moved || !identical(out.tgtMask, mask_);
    }
    QVERIFY(moved);
  }

  // A blue square from "another video" lands in both frames as background: its pixels are
  // blue in the images and 0 in the masks; the object is never hidden by more than half.
  void distractorIsBackgroundInBothFrames() {
    cv::Mat otherRgb(80, 60, CV_8UC3, cv::Scalar(10, 10, 10)),
        otherMask = cv::Mat::zeros(80, 60, CV_8UC1);
    cv::rectangle(otherRgb, cv::Rect(10, 20, 30, 40), cv::Scalar(20, 40, 230), cv::FILLED);
    cv::rectangle(otherMask, cv::Rect(10, 20, 30, 40), cv::Scalar(1), cv::FILLED);
    params_.colourJitter = 0.0;
    rm::train::PairAugmenter aug(params_, 5);
    int pasted = 0;
    for (int i = 0; i < 30; ++i) {
      const rm::train::FramePair before = aug.augment({rgb_, mask_, rgb_, mask_});
      rm::train::FramePair pair = before;
      if (!aug.addDistractor(pair, otherRgb, otherMask)) {
        QVERIFY(identical(pair.refMask, before.refMask) && identical(pair.tgtRgb, before.tgtRgb));
        continue;
      }
      ++pasted;
      for (auto [rgb, mask, was] : {std::tuple{&pair.refRgb, &pair.refMask, &before.refMask},
                                    std::tuple{&pair.tgtRgb, &pair.tgtMask, &before.tgtMask}}) {
        cv::Mat blue;
        cv::inRange(*rgb, cv::Scalar(0, 0, 200), cv::Scalar(60, 80, 255), blue);
        QVERIFY(cv::countNonZero(blue) > 0);                // the distractor is visible
        QCOMPARE(cv::countNonZero(blue & (*mask > 0)), 0);  // and it is background
        QVERIFY(2 * cv::countNonZero(*mask) >= cv::countNonZero(*was));
        QCOMPARE(cv::countNonZero((*mask > 0) & (*was == 0)), 0);  // no object pixel added
      }
    }
    QVERIFY2(pasted >= 10, qPrintable(QString::number(pasted)));
    rm::train::FramePair pair = aug.augment({rgb_, mask_, rgb_, mask_});
    QVERIFY(!aug.addDistractor(pair, otherRgb, cv::Mat::zeros(80, 60, CV_8UC1)));  // no object
  }

  void stateRestoreReplaysTheSamePairs() {
    rm::train::PairAugmenter a(params_, 99);
    a.augment({rgb_, mask_, rgb_, mask_});
    const std::string state = a.saveState();
    const auto first = a.synthesize(rgb_, mask_ * 255);
    rm::train::PairAugmenter b(params_, 12345);
    QVERIFY(b.restoreState(state));
    const auto second = b.synthesize(rgb_, mask_ * 255);
    QVERIFY(identical(first.tgtRgb, second.tgtRgb));
    QVERIFY(identical(first.tgtMask, second.tgtMask));
    QVERIFY(!b.restoreState("not a state"));
  }

 private:
  rm::train::AugmentParams params_;
  cv::Mat rgb_, mask_;
};

QTEST_GUILESS_MAIN(PairAugmenterTest)
#include "tst_pair_augmenter.moc"
