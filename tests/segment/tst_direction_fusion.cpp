// Two-direction fusion against per-pixel reference formulas.
#include <QtTest>
#include <cmath>
#include <random>

#include <opencv2/core.hpp>

#include "engine/segment/DirectionFusion.h"

namespace {

cv::Mat randomProbability(cv::Size size, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  cv::Mat p(size, CV_32FC1);
  for (int y = 0; y < p.rows; ++y)
    for (int x = 0; x < p.cols; ++x)
      p.at<float>(y, x) = u(rng);
  return p;
}

// The fused value at one pixel, written out from the definitions.
double referencePixel(double pf, double pb, double wf, double wb, double confidence) {
  if (confidence > 0) {
    wf *= std::pow(std::abs(2 * pf - 1) + 1e-3, confidence);
    wb *= std::pow(std::abs(2 * pb - 1) + 1e-3, confidence);
  }
  return (wf * pf + wb * pb) / (wf + wb);
}

}  // namespace

class DirectionFusionTest : public QObject {
  Q_OBJECT
 private slots:
  void temporalWeight() {
    // Linear: 1 at the forward keyframe, 0 at the backward one, 1/2 halfway.
    QCOMPARE(rm::forwardTemporalWeight(10, 10, 20, 1), 1.0);
    QCOMPARE(rm::forwardTemporalWeight(20, 10, 20, 1), 0.0);
    QCOMPARE(rm::forwardTemporalWeight(15, 10, 20, 1), 0.5);
    QCOMPARE(rm::forwardTemporalWeight(12, 10, 20, 1), 0.8);
    // Sharper: still 1/2 halfway, closer to the nearer keyframe elsewhere, symmetric.
    QCOMPARE(rm::forwardTemporalWeight(15, 10, 20, 3), 0.5);
    const double w = rm::forwardTemporalWeight(12, 10, 20, 3);
    QVERIFY(std::abs(w - 0.512 / (0.512 + 0.008)) < 1e-12);
    QVERIFY(std::abs(w + rm::forwardTemporalWeight(18, 10, 20, 3) - 1) < 1e-12);
  }

  void areaPlausibility() {
    QCOMPARE(rm::areaPlausibility(0.1, 0.2), 0.5);
    QCOMPARE(rm::areaPlausibility(0.4, 0.2), 0.5);
    QCOMPARE(rm::areaPlausibility(0, 0.2), 0.0);
    QCOMPARE(rm::areaPlausibility(0, 0), 1.0);
    cv::Mat p = cv::Mat::zeros(4, 5, CV_32FC1);
    p(cv::Rect(0, 0, 2, 2)).setTo(0.5f);  // >= 0.5 counts
    p.at<float>(3, 4) = 0.49f;
    QCOMPARE(rm::foregroundFraction(p), 4.0 / 20.0);
    cv::Mat labels = cv::Mat::zeros(4, 5, CV_8UC1);
    labels(cv::Rect(0, 0, 3, 2)).setTo(1);
    labels.at<uint8_t>(3, 4) = 2;
    const std::vector<double> areas = rm::instanceAreas(labels, 3);  // instance 3 is absent
    QCOMPARE(areas, (std::vector<double>{6.0 / 20.0, 1.0 / 20.0, 0.0}));
  }

  void matchesReferencePerPixel_data() {
    QTest::addColumn<double>("temporalPower");
    QTest::addColumn<double>("areaPower");
    QTest::addColumn<double>("confidence");
    QTest::newRow("linear in time") << 1.0 << 0.0 << 0.0;
    QTest::newRow("sharper in time") << 2.0 << 0.0 << 0.0;
    QTest::newRow("area") << 1.0 << 2.0 << 0.0;
    QTest::newRow("area and confidence") << 2.0 << 1.0 << 1.0;
  }
  void matchesReferencePerPixel() {
    QFETCH(double, temporalPower);
    QFETCH(double, areaPower);
    QFETCH(double, confidence);
    const cv::Size size(13, 7);
    const std::vector<cv::Mat> forward{randomProbability(size, 1), randomProbability(size, 2)};
    const std::vector<cv::Mat> backward{randomProbability(size, 3), randomProbability(size, 4)};
    const std::vector<double> areaA{0.3, 0.6}, areaB{0.5, 0.2};
    rm::FusionParams params;
    params.temporalPower = temporalPower;
    params.areaPower = areaPower;
    params.confidence = confidence;
    const int64_t t = 4, a = 1, b = 10;
    const auto fused = rm::fuseDirections(forward, backward, t, a, b, areaA, areaB, params);
    QCOMPARE(fused.size(), size_t(2));
    for (size_t k = 0; k < 2; ++k) {
      const double linear = double(b - t) / double(b - a);
      double wf = std::pow(linear, temporalPower);
      double wb = std::pow(1 - linear, temporalPower);
      if (areaPower > 0) {
        const double expected = linear * areaA[k] + (1 - linear) * areaB[k];
        auto plausible = [&](const cv::Mat& p) {
          const double area = double(cv::countNonZero(p >= 0.5f)) / double(p.total());
          return std::pow(std::min(area, expected) / std::max(area, expected), areaPower);
        };
        wf *= plausible(forward[k]);
        wb *= plausible(backward[k]);
      }
      for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
          const double want = referencePixel(forward[k].at<float>(y, x),
                                             backward[k].at<float>(y, x), wf, wb, confidence);
          QVERIFY2(std::abs(fused[k].at<float>(y, x) - want) < 1e-5,
                   qPrintable(QString("k=%1 (%2,%3)").arg(k).arg(x).arg(y)));
        }
    }
  }

  void aChainThatLostTheObjectIsIgnored() {
    // The backward chain is empty (outlier removal keeps nothing once the object is lost):
    // with area weighting the forward chain is taken as it is, even near the backward key.
    const cv::Size size(10, 10);
    cv::Mat live = cv::Mat::zeros(size, CV_32FC1);
    live(cv::Rect(2, 2, 5, 5)).setTo(0.9f);
    const std::vector<cv::Mat> forward{live}, backward{cv::Mat::zeros(size, CV_32FC1)};
    rm::FusionParams params;
    params.areaPower = 2;
    const auto fused = rm::fuseDirections(forward, backward, 8, 0, 10, {0.25}, {0.25}, params);
    QCOMPARE(cv::norm(fused[0], live, cv::NORM_INF), 0.0);
    params.areaPower = 0;  // without it the average halves the object away
    const auto plain = rm::fuseDirections(forward, backward, 8, 0, 10, {0.25}, {0.25}, params);
    QCOMPARE(cv::countNonZero(plain[0] >= 0.5f), 0);
  }
};

QTEST_GUILESS_MAIN(DirectionFusionTest)
#include "tst_direction_fusion.moc"
