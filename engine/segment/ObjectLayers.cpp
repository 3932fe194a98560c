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
                           bool holdWhileHidden) {
  constexpr int kMinPixels = 16;
  constexpr float kFade = 0.8f;  // per frame with nothing left to measure: it slows, then stops
  for (size_t k = 0; k < extents_.size(); ++k) {
    const std::optional<cv::Point2f> measured =
        holdWhileHidden && !whole_[k] ? std::nullopt
                                      : motion.regionShift(carried[k] >= 0.5f, kMinPixels);
    shifts_[k] = measured ? *measured : shifts_[k] * kFade;
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
