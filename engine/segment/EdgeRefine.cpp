#include "engine/segment/EdgeRefine.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/edge_filter.hpp>

namespace rm {
namespace {

cv::Mat boxMean(const cv::Mat& m, int radius) {
  cv::Mat out;
  cv::boxFilter(m, out, CV_32F, cv::Size(2 * radius + 1, 2 * radius + 1), cv::Point(-1, -1), true,
                cv::BORDER_REFLECT);
  return out;
}

// Colour guided filter, coefficients only: per pixel of `guide` (3 planes) the a (3 planes)
// and b of q = a . I + b that best fit `p` in a (2r+1)^2 window, already window-averaged.
void guidedCoefficients(const std::array<cv::Mat, 3>& guide, const cv::Mat& p, int radius,
                        double eps, std::array<cv::Mat, 3>& a, cv::Mat& b) {
  std::array<cv::Mat, 3> meanI, covIp;
  const cv::Mat meanP = boxMean(p, radius);
  for (int c = 0; c < 3; ++c) {
    meanI[c] = boxMean(guide[c], radius);
    covIp[c] = boxMean(guide[c].mul(p), radius) - meanI[c].mul(meanP);
  }
  auto variance = [&](int i, int j) {
    cv::Mat v = boxMean(guide[i].mul(guide[j]), radius) - meanI[i].mul(meanI[j]);
    if (i == j) v += eps;
    return v;
  };
  const cv::Mat rr = variance(0, 0), rg = variance(0, 1), rb = variance(0, 2);
  const cv::Mat gg = variance(1, 1), gb = variance(1, 2), bb = variance(2, 2);
  // Inverse of the symmetric 3x3 covariance by cofactors, one pixel per element.
  const cv::Mat i00 = gg.mul(bb) - gb.mul(gb), i01 = gb.mul(rb) - rg.mul(bb);
  const cv::Mat i02 = rg.mul(gb) - gg.mul(rb), i11 = rr.mul(bb) - rb.mul(rb);
  const cv::Mat i12 = rb.mul(rg) - rr.mul(gb), i22 = rr.mul(gg) - rg.mul(rg);
  const cv::Mat det = rr.mul(i00) + rg.mul(i01) + rb.mul(i02);
  a[0] = (i00.mul(covIp[0]) + i01.mul(covIp[1]) + i02.mul(covIp[2])) / det;
  a[1] = (i01.mul(covIp[0]) + i11.mul(covIp[1]) + i12.mul(covIp[2])) / det;
  a[2] = (i02.mul(covIp[0]) + i12.mul(covIp[1]) + i22.mul(covIp[2])) / det;
  b = meanP - a[0].mul(meanI[0]) - a[1].mul(meanI[1]) - a[2].mul(meanI[2]);
  for (cv::Mat& plane : a)
    plane = boxMean(plane, radius);
  b = boxMean(b, radius);
}

cv::Mat fastGuidedFilter(const cv::Mat& guide, const cv::Mat& p, int radius, double eps,
                         int subsample) {
  const cv::Size small(std::max(1, guide.cols / subsample), std::max(1, guide.rows / subsample));
  cv::Mat guideSmall, pSmall;
  cv::resize(guide, guideSmall, small, 0, 0, cv::INTER_AREA);
  cv::resize(p, pSmall, small, 0, 0, cv::INTER_AREA);
  std::array<cv::Mat, 3> planesSmall, planes, a;
  cv::split(guideSmall, planesSmall.data());
  cv::split(guide, planes.data());
  cv::Mat b;
  guidedCoefficients(planesSmall, pSmall, std::max(1, int(std::lround(double(radius) / subsample))),
                     eps, a, b);
  cv::Mat q;
  cv::resize(b, q, guide.size(), 0, 0, cv::INTER_LINEAR);
  for (int c = 0; c < 3; ++c) {
    cv::Mat up;
    cv::resize(a[c], up, guide.size(), 0, 0, cv::INTER_LINEAR);
    q += up.mul(planes[c]);
  }
  return q;
}

}  // namespace

cv::Mat refineProbability(const cv::Mat& probability, const cv::Mat& rgb, double radius480,
                          double eps, int subsample) {
  const int shortSide = std::min(rgb.cols, rgb.rows);
  const int radius = std::max(2, int(std::lround(radius480 * shortSide / 480.0)));
  if (subsample <= 0) subsample = std::max(1, shortSide / 480);
  cv::Mat guide;
  rgb.convertTo(guide, CV_32FC3, 1.0 / 255.0);
  cv::Mat out;
  if (subsample == 1)
    cv::ximgproc::guidedFilter(guide, probability, out, radius, eps);
  else
    out = fastGuidedFilter(guide, probability, radius, eps, subsample);
  cv::min(cv::max(out, 0.0), 1.0, out);
  return out;
}

}  // namespace rm
