#include "engine/segment/MotionPrior.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace rm {
namespace {

cv::Mat shrink(const cv::Mat& grey, int shortSide) {
  const double scale = std::min(1.0, double(shortSide) / std::min(grey.cols, grey.rows));
  if (scale >= 1.0) return grey.clone();
  cv::Mat small;
  cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
  return small;
}

}  // namespace

MotionPrior::MotionPrior(int flowShortSide, int disPreset)
    : flowShortSide_(flowShortSide), dis_(cv::DISOpticalFlow::create(disPreset)) {}

void MotionPrior::reset(const cv::Mat& grey) {
  previousSmall_ = shrink(grey, flowShortSide_);
  mapX_.release();
  mapY_.release();
}

void MotionPrior::advance(const cv::Mat& grey) {
  const cv::Mat small = shrink(grey, flowShortSide_);
  if (previousSmall_.empty() || previousSmall_.size() != small.size()) {
    reset(grey);
    return;
  }
  cv::Mat flow;  // current -> previous, in small pixels
  dis_->calc(small, previousSmall_, flow);
  previousSmall_ = small;
  cv::Mat full;
  cv::resize(flow, full, grey.size(), 0, 0, cv::INTER_LINEAR);
  const float sx = float(grey.cols) / float(small.cols), sy = float(grey.rows) / float(small.rows);
  mapX_.create(grey.size(), CV_32FC1);
  mapY_.create(grey.size(), CV_32FC1);
  for (int r = 0; r < grey.rows; ++r) {
    const cv::Vec2f* f = full.ptr<cv::Vec2f>(r);
    float* mx = mapX_.ptr<float>(r);
    float* my = mapY_.ptr<float>(r);
    for (int c = 0; c < grey.cols; ++c) {
      mx[c] = float(c) + f[c][0] * sx;
      my[c] = float(r) + f[c][1] * sy;
    }
  }
}

cv::Mat MotionPrior::warp(const cv::Mat& previous) const {
  cv::Mat p;
  previous.convertTo(p, CV_32F, previous.depth() == CV_8U ? 1.0 / 255.0 : 1.0);
  if (mapX_.empty() || mapX_.size() != p.size()) return p;
  cv::Mat out;
  cv::remap(p, out, mapX_, mapY_, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  return out;
}

std::optional<cv::Point2f> MotionPrior::regionShift(const cv::Mat& region, int minPixels) const {
  if (mapX_.empty() || region.size() != mapX_.size()) return std::nullopt;
  std::vector<float> dx, dy;
  for (int r = 0; r < region.rows; ++r) {
    const uint8_t* m = region.ptr<uint8_t>(r);
    const float* mx = mapX_.ptr<float>(r);
    const float* my = mapY_.ptr<float>(r);
    for (int c = 0; c < region.cols; ++c)
      if (m[c] != 0) {
        dx.push_back(mx[c] - float(c));
        dy.push_back(my[c] - float(r));
      }
  }
  if (int(dx.size()) < std::max(1, minPixels)) return std::nullopt;
  // The median ignores the pixels an occluder drags along at the region's edge.
  const auto median = [](std::vector<float>& v) {
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  return cv::Point2f(median(dx), median(dy));
}

cv::Mat MotionPrior::shiftMismatch(const cv::Point2f& shift) const {
  cv::Mat out(mapX_.size(), CV_32FC1, cv::Scalar(0));
  for (int r = 0; r < out.rows; ++r) {
    const float* mx = mapX_.ptr<float>(r);
    const float* my = mapY_.ptr<float>(r);
    float* o = out.ptr<float>(r);
    for (int c = 0; c < out.cols; ++c)
      o[c] = std::hypot(mx[c] - float(c) - shift.x, my[c] - float(r) - shift.y);
  }
  return out;
}

}  // namespace rm
