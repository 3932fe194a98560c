#include "engine/segment/ObjectLayers.h"

#include <opencv2/imgproc.hpp>

namespace rm {

namespace {
// Moves `mask` by -`backward` (the backward flow points from where pixels are to where they
// were); pixels leaving the frame are lost.
cv::Mat shifted(const cv::Mat& mask, const cv::Point2f& backward) {
  const cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, -backward.x, 0, 1, -backward.y);
  cv::Mat out;
  cv::warpAffine(mask, out, m, mask.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
  return out;
}
}  // namespace

void ObjectLayers::reset(const std::vector<cv::Mat>& masks) {
  extents_.clear();
  for (const cv::Mat& m : masks)
    extents_.push_back(m != 0);
  predicted_ = extents_;
  shifts_.assign(masks.size(), cv::Point2f(0, 0));
  whole_.assign(masks.size(), true);
}

void ObjectLayers::predict(const MotionPrior& motion, const std::vector<cv::Mat>& carried,
                           int apartPx) {
  constexpr int kMinPixels = 16;
  constexpr float kSmoothing = 0.5f;  // weight of this frame's measurement
  for (size_t k = 0; k < extents_.size(); ++k) {
    if (whole_[k]) {
      // Measured away from the other objects: the flow is smooth across an edge, so pixels
      // next to another object partly move with it.
      cv::Mat others = cv::Mat::zeros(carried[k].size(), CV_8UC1);
      for (size_t j = 0; j < carried.size(); ++j)
        if (j != k) others |= carried[j] >= 0.5f;
      cv::Mat near;
      cv::dilate(others, near,
                 cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * apartPx + 1, 2 * apartPx + 1}));
      const std::optional<cv::Point2f> measured =
          motion.regionShift((carried[k] >= 0.5f) & (near == 0), kMinPixels);
      if (measured) shifts_[k] = kSmoothing * *measured + (1 - kSmoothing) * shifts_[k];
    }
    cv::Mat moved = shifted(extents_[k], shifts_[k]);
    // Out of the frame: keep it at the border it left by, where it will come back.
    predicted_[k] = cv::countNonZero(moved) > 0 ? moved : extents_[k];
  }
}

void ObjectLayers::update(const std::vector<cv::Mat>& masks, const std::vector<double>& areaLevel,
                          double wholeFraction) {
  for (size_t k = 0; k < extents_.size(); ++k) {
    const cv::Mat visible = masks[k] != 0;
    const double area = cv::countNonZero(visible);
    const bool whole =
        k >= areaLevel.size() || areaLevel[k] <= 0 || area >= wholeFraction * areaLevel[k];
    extents_[k] = whole ? visible : (predicted_[k] | visible);
    whole_[k] = whole;
  }
}

}  // namespace rm
