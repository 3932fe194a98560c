#include "engine/segment/DirectionFusion.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

namespace rm {

double forwardTemporalWeight(int64_t t, int64_t a, int64_t b, double temporalPower) {
  if (b <= a) return 0.5;
  const double w = std::clamp(double(b - t) / double(b - a), 0.0, 1.0);
  if (temporalPower == 1) return w;
  const double f = std::pow(w, temporalPower), g = std::pow(1 - w, temporalPower);
  return f + g > 0 ? f / (f + g) : 0.5;
}

double areaPlausibility(double area, double expected) {
  const double hi = std::max(area, expected);
  return hi > 0 ? std::min(area, expected) / hi : 1.0;
}

double foregroundFraction(const cv::Mat& probability) {
  if (probability.empty()) return 0;
  return double(cv::countNonZero(probability >= 0.5f)) / double(probability.total());
}

std::vector<double> instanceAreas(const cv::Mat& labels, int n) {
  std::vector<double> out;
  for (int k = 1; k <= n; ++k)
    out.push_back(double(cv::countNonZero(labels == k)) /
                  double(std::max<size_t>(1, labels.total())));
  return out;
}

std::vector<cv::Mat> fuseDirections(const std::vector<cv::Mat>& forward,
                                    const std::vector<cv::Mat>& backward, int64_t t, int64_t a,
                                    int64_t b, const std::vector<double>& keyAreaA,
                                    const std::vector<double>& keyAreaB,
                                    const FusionParams& params) {
  CV_Assert(forward.size() == backward.size());
  const double linear = forwardTemporalWeight(t, a, b, 1);
  const double temporal = forwardTemporalWeight(t, a, b, params.temporalPower);
  std::vector<cv::Mat> fused;
  for (size_t k = 0; k < forward.size(); ++k) {
    const cv::Mat& pf = forward[k];
    const cv::Mat& pb = backward[k];
    CV_Assert(pf.type() == CV_32FC1 && pb.type() == CV_32FC1 && pf.size() == pb.size());
    double wf = temporal, wb = 1 - temporal;
    if (params.areaPower > 0 && k < keyAreaA.size() && k < keyAreaB.size()) {
      const double expected = linear * keyAreaA[k] + (1 - linear) * keyAreaB[k];
      const double rf =
          std::pow(areaPlausibility(foregroundFraction(pf), expected), params.areaPower);
      const double rb =
          std::pow(areaPlausibility(foregroundFraction(pb), expected), params.areaPower);
      // Both implausible (e.g. both lost the object): keep the temporal weights.
      if (wf * rf + wb * rb > 1e-9) {
        const double sum = wf * rf + wb * rb;
        wf = wf * rf / sum;
        wb = wb * rb / sum;
      }
    }
    if (params.confidence <= 0) {
      fused.push_back(wf * pf + wb * pb);
      continue;
    }
    // Per-pixel weights; the epsilon keeps two unsure chains at the frame weights.
    auto weight = [&](const cv::Mat& p, double w) {
      cv::Mat c = cv::abs(2 * p - 1) + 1e-3, out;
      cv::pow(c, params.confidence, out);
      return cv::Mat(out * w);
    };
    const cv::Mat cf = weight(pf, wf), cb = weight(pb, wb);
    cv::Mat num = cf.mul(pf) + cb.mul(pb), den = cf + cb, out;
    cv::divide(num, cv::max(den, 1e-12), out);
    fused.push_back(out);
  }
  return fused;
}

}  // namespace rm
