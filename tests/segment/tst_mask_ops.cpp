// Outlier removal, erosion, the update rules, instance fusion and the DAVIS measures on
// hand-built masks, against direct per-pixel reference computations.
#include <QtTest>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "engine/segment/DavisMeasures.h"
#include "engine/segment/EdgeRefine.h"
#include "engine/segment/MaskOps.h"

Q_DECLARE_METATYPE(cv::Rect)

namespace {

// Reference: 255 where some mask pixel lies within `d` (Euclidean), by brute force.
cv::Mat bruteExtrude(const cv::Mat& mask, double d) {
  cv::Mat out = cv::Mat::zeros(mask.size(), CV_8UC1);
  for (int y = 0; y < mask.rows; ++y)
    for (int x = 0; x < mask.cols; ++x)
      for (int v = 0; v < mask.rows && !out.at<uint8_t>(y, x); ++v)
        for (int u = 0; u < mask.cols; ++u)
          if (mask.at<uint8_t>(v, u) && std::hypot(x - u, y - v) <= d) {
            out.at<uint8_t>(y, x) = 255;
            break;
          }
  return out;
}

cv::Mat rectMask(cv::Size size, cv::Rect r) {
  cv::Mat m = cv::Mat::zeros(size, CV_8UC1);
  m(r).setTo(255);
  return m;
}

}  // namespace

class MaskOpsTest : public QObject {
  Q_OBJECT
 private slots:
  void extrusionMatchesBruteForce_data() {
    QTest::addColumn<double>("distance");
    QTest::newRow("d=3") << 3.0;
    QTest::newRow("d=7.5") << 7.5;
  }
  void extrusionMatchesBruteForce() {
    QFETCH(double, distance);
    cv::Mat mask = rectMask({40, 30}, {10, 8, 6, 5});
    mask.at<uint8_t>(25, 35) = 255;  // a lone pixel
    const cv::Mat got = rm::extrudeMask(mask, distance);
    const cv::Mat want = bruteExtrude(mask, distance);
    QCOMPARE(cv::countNonZero(got != want), 0);
  }

  void emptyPreviousMaskRemovesEverything() {
    cv::Mat prob(20, 20, CV_32FC1, cv::Scalar(0.9f));
    rm::removeOutliers(prob, cv::Mat::zeros(20, 20, CV_8UC1), 100);
    QCOMPARE(cv::countNonZero(prob), 0);
  }

  void outlierRemovalDropsFarForeground() {
    // Previous object at the left; prediction has the object plus a distractor far right.
    const cv::Size size(100, 40);
    const cv::Mat previous = rectMask(size, {5, 10, 10, 10});
    cv::Mat prob = cv::Mat::zeros(size, CV_32FC1);
    prob(cv::Rect(8, 10, 10, 10)).setTo(0.9f);   // moved a little: kept
    prob(cv::Rect(80, 10, 10, 10)).setTo(0.9f);  // 65 px away: removed
    const cv::Mat region = rm::removeOutliers(prob, previous, 20);
    QCOMPARE(cv::countNonZero(prob(cv::Rect(8, 10, 10, 10)) > 0.5f), 100);
    QCOMPARE(cv::countNonZero(prob(cv::Rect(80, 10, 10, 10))), 0);
    QCOMPARE(cv::countNonZero(region != bruteExtrude(previous, 20)), 0);
  }

  void componentsTouchingKeepsAnchoredBlobs_data() {
    QTest::addColumn<cv::Rect>("anchor");
    QTest::addColumn<int>("kept");
    // Blobs: a 6x6 square at (2,2), a 4x4 square at (20,2), and a pixel at (8,8) touching
    // the first only diagonally (the 8-neighbourhood joins them).
    QTest::newRow("anchor on the square") << cv::Rect(3, 3, 2, 2) << 36 + 1;
    QTest::newRow("anchor on the diagonal pixel") << cv::Rect(8, 8, 1, 1) << 36 + 1;
    QTest::newRow("anchor on the far blob") << cv::Rect(23, 5, 5, 5) << 16;
    QTest::newRow("anchor over both") << cv::Rect(0, 0, 30, 3) << 36 + 1 + 16;
    QTest::newRow("anchor on nothing") << cv::Rect(12, 12, 3, 3) << 0;
  }
  void componentsTouchingKeepsAnchoredBlobs() {
    QFETCH(cv::Rect, anchor);
    QFETCH(int, kept);
    const cv::Size size(30, 16);
    cv::Mat mask = rectMask(size, {2, 2, 6, 6}) | rectMask(size, {20, 2, 4, 4});
    mask.at<uint8_t>(8, 8) = 255;
    const cv::Mat got = rm::componentsTouching(mask, rectMask(size, anchor));
    QCOMPARE(cv::countNonZero(got), kept);
    QCOMPARE(cv::countNonZero(got & (mask == 0)), 0);  // never adds a pixel
  }

  void erosionKeepsInterior() {
    const cv::Mat mask = rectMask({30, 30}, {5, 5, 20, 20});
    const cv::Mat eroded = rm::erodeMask(mask, 3);
    // Reference: inside pixels whose distance to every outside pixel exceeds 3.
    for (int y = 0; y < 30; ++y)
      for (int x = 0; x < 30; ++x) {
        double nearest = 1e9;
        for (int v = -1; v <= 30; ++v)
          for (int u = -1; u <= 30; ++u) {
            const bool outside = v < 0 || u < 0 || v >= 30 || u >= 30 || !mask.at<uint8_t>(v, u);
            if (outside) nearest = std::min(nearest, std::hypot(x - u, y - v));
          }
        QCOMPARE(eroded.at<uint8_t>(y, x) != 0, mask.at<uint8_t>(y, x) != 0 && nearest > 3);
      }
  }

  void updateRulesOnHandBuiltMasks() {
    // 1 x 6 cell grid: cells 0-1 inside the extruded previous mask, 2-5 outside.
    auto row = [](std::initializer_list<int> v) {
      cv::Mat m(1, int(v.size()), CV_8UC1);
      int i = 0;
      for (int x : v)
        m.at<uint8_t>(0, i++) = static_cast<uint8_t>(x ? 255 : 0);
      return m;
    };
    const cv::Mat initialFg = row({1, 1, 1, 0, 1, 0});
    const cv::Mat extruded = row({1, 1, 0, 0, 0, 0});
    const cv::Mat eroded = row({1, 0, 1, 0, 0, 0});
    cv::Mat prob(1, 6, CV_32FC1);
    const float p[] = {0.99f, 0.99f, 0.99f, 0.2f, 0.97f, 0.5f};
    for (int i = 0; i < 6; ++i)
      prob.at<float>(0, i) = p[i];
    const auto sel = rm::selectUpdates(initialFg, extruded, prob, eroded, 0.95);
    // Background: predicted FG but outside the extruded previous mask -> cells 2 and 4.
    QCOMPARE(cv::countNonZero(sel.addToBackground != row({0, 0, 1, 0, 1, 0})), 0);
    // Foreground: confident, in the eroded prediction, not added to background -> cell 0.
    QCOMPARE(cv::countNonZero(sel.addToForeground != row({1, 0, 0, 0, 0, 0})), 0);
  }

  void instanceFusionWithC2_data() {
    QTest::addColumn<float>("p1");
    QTest::addColumn<float>("p2");
    QTest::addColumn<int>("label");
    QTest::newRow("instance 1 wins") << 0.7f << 0.5f << 1;
    QTest::newRow("instance 2 wins") << 0.45f << 0.6f << 2;
    QTest::newRow("all below c2") << 0.39f << 0.2f << 0;
    QTest::newRow("tie goes to lower index") << 0.5f << 0.5f << 1;
    QTest::newRow("exactly c2") << 0.4f << 0.1f << 1;
  }
  void instanceFusionWithC2() {
    QFETCH(float, p1);
    QFETCH(float, p2);
    QFETCH(int, label);
    const std::vector<cv::Mat> probs{cv::Mat(3, 3, CV_32FC1, cv::Scalar(p1)),
                                     cv::Mat(3, 3, CV_32FC1, cv::Scalar(p2))};
    const cv::Mat labels = rm::fuseInstances(probs, 0.4);
    QCOMPARE(cv::countNonZero(labels != label), 0);
  }

  void cellFractionAveragesCells() {
    cv::Mat mask = cv::Mat::zeros(10, 13, CV_8UC1);
    mask(cv::Rect(0, 0, 4, 4)).setTo(255);  // quarter of cell (0,0)
    mask(cv::Rect(8, 8, 5, 2)).setTo(255);  // the whole partial cell (1,1)
    const cv::Mat f = rm::cellFraction(mask, 2, 2, 8);
    QCOMPARE(f.at<float>(0, 0), 0.25f);
    QCOMPARE(f.at<float>(1, 1), 1.0f);
    QCOMPARE(f.at<float>(0, 1), 0.0f);
  }

  void refinementSnapsTheEdgeToTheImage_data() {
    QTest::addColumn<double>("radius480");
    QTest::addColumn<double>("eps");
    QTest::addColumn<int>("offset");     // px the coarse crossing lies right of the image edge
    QTest::addColumn<int>("residual");   // px it may lie off after refinement
    QTest::addColumn<int>("subsample");  // 0: auto (exact at this size), >1: fast filter
    QTest::newRow("default preset (radius 8, eps 1e-2), 3 px off") << 8.0 << 1e-2 << 3 << 1 << 0;
    QTest::newRow("default preset, 5 px off: closer") << 8.0 << 1e-2 << 5 << 3 << 0;
    QTest::newRow("radius 16, 8 px off: closer") << 16.0 << 1e-2 << 8 << 6 << 0;
    QTest::newRow("fast filter x2, 3 px off") << 8.0 << 1e-2 << 3 << 1 << 2;
    QTest::newRow("fast filter x4, 3 px off") << 8.0 << 1e-2 << 3 << 1 << 4;
  }
  void refinementSnapsTheEdgeToTheImage() {
    // A bright object right of column 200 of a 480x480 frame; the coarse probability (as
    // upsampled from stride-8 cells) crosses 0.5 a few pixels too far right. Refinement guided
    // by the frame must move the crossing onto (or toward) the image edge, within [0, 1].
    QFETCH(double, radius480);
    QFETCH(double, eps);
    QFETCH(int, offset);
    QFETCH(int, residual);
    QFETCH(int, subsample);
    const int w = 480, h = 480, edge = 200;
    cv::Mat rgb(h, w, CV_8UC3, cv::Scalar(40, 40, 40));
    rgb.colRange(edge, w).setTo(cv::Scalar(220, 200, 180));
    cv::Mat p(h, w, CV_32FC1);
    for (int x = 0; x < w; ++x)
      p.col(x).setTo(std::clamp((x - (edge + offset)) / 16.0f + 0.5f, 0.0f, 1.0f));
    const cv::Mat q = rm::refineProbability(p, rgb, radius480, eps, subsample);
    QCOMPARE(q.size(), p.size());
    double lo = 0, hi = 0;
    cv::minMaxLoc(q, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi <= 1.0);
    auto crossing = [&](const cv::Mat& m) {
      for (int x = 0; x < w; ++x)
        if (m.at<float>(h / 2, x) >= 0.5f) return x;
      return w;
    };
    QCOMPARE(crossing(p), edge + offset);
    QVERIFY2(std::abs(crossing(q) - edge) <= residual, qPrintable(QString::number(crossing(q))));
  }

  // At 1080p the default picks the fast filter (coefficients fitted at half size); it must
  // give nearly the exact filter's matte on a textured frame with a curved object.
  void fastRefinementFollowsTheExactFilter_data() {
    QTest::addColumn<int>("subsample");
    QTest::addColumn<double>("minIou");
    QTest::newRow("auto at 1080p (x2)") << 0 << 0.99;
    QTest::newRow("x3") << 3 << 0.98;
  }
  void fastRefinementFollowsTheExactFilter() {
    QFETCH(int, subsample);
    QFETCH(double, minIou);
    const int w = 1920, h = 1080;
    cv::Mat rgb(h, w, CV_8UC3);
    cv::RNG rng(7);
    rng.fill(rgb, cv::RNG::UNIFORM, cv::Scalar(30, 60, 30), cv::Scalar(90, 140, 90));
    cv::GaussianBlur(rgb, rgb, cv::Size(0, 0), 3);
    cv::ellipse(rgb, {960, 540}, {380, 260}, 20, 0, 360, cv::Scalar(230, 190, 120), cv::FILLED);
    cv::Mat truth = cv::Mat::zeros(h, w, CV_8UC1);
    cv::ellipse(truth, {960, 540}, {380, 260}, 20, 0, 360, cv::Scalar(255), cv::FILLED);
    // A coarse probability as the matcher gives it: the object shifted and smoothed.
    cv::Mat p;
    truth(cv::Rect(0, 0, w - 12, h)).copyTo(p);
    cv::copyMakeBorder(p, p, 0, 0, 12, 0, cv::BORDER_CONSTANT, 0);
    p.convertTo(p, CV_32FC1, 1.0 / 255);
    cv::GaussianBlur(p, p, cv::Size(0, 0), 12);
    const cv::Mat exact = rm::refineProbability(p, rgb, 8, 1e-2, 1);
    const cv::Mat fast = rm::refineProbability(p, rgb, 8, 1e-2, subsample);
    QCOMPARE(fast.size(), exact.size());
    double lo = 0, hi = 0;
    cv::minMaxLoc(fast, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi <= 1.0);
    const double iou = rm::jaccard(fast >= 0.5f, exact >= 0.5f);
    QVERIFY2(iou >= minIou, qPrintable(QString::number(iou)));
    // Both snap toward the true outline: closer to it than the coarse input.
    const double coarse = rm::jaccard(p >= 0.5f, truth > 0);
    QVERIFY2(rm::jaccard(fast >= 0.5f, truth > 0) > coarse,
             qPrintable(QStringLiteral("%1 vs coarse %2")
                            .arg(rm::jaccard(fast >= 0.5f, truth > 0))
                            .arg(coarse)));
  }

  void jaccardAndBoundaryF() {
    const cv::Mat a = rectMask({200, 100}, {20, 20, 40, 40});
    const cv::Mat b = rectMask({200, 100}, {40, 20, 40, 40});
    QCOMPARE(rm::jaccard(a, b), 800.0 / 2400.0);
    QCOMPARE(rm::jaccard(cv::Mat::zeros(5, 5, CV_8UC1), cv::Mat::zeros(5, 5, CV_8UC1)), 1.0);
    QCOMPARE(rm::boundaryF(a, a), 1.0);
    QCOMPARE(rm::boundaryF(a, cv::Mat::zeros(a.size(), CV_8UC1)), 0.0);
    // Far apart boxes share no boundary within the 0.8% tolerance (2 px here).
    const cv::Mat far = rectMask({200, 100}, {120, 20, 40, 40});
    QCOMPARE(rm::boundaryF(a, far), 0.0);
    // A 1 px shift stays within tolerance.
    const cv::Mat shifted = rectMask({200, 100}, {21, 20, 40, 40});
    QCOMPARE(rm::boundaryF(a, shifted), 1.0);
  }
};

QTEST_GUILESS_MAIN(MaskOpsTest)
#include "tst_mask_ops.moc"
