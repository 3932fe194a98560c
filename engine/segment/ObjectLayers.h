#pragma once
// Each object's whole extent, kept while part or all of it is hidden. A look-alike passing
// in front takes the pixels it covers (they move with it, not with the object behind), so
// the hidden object's visible mask shrinks or empties; its extent moves on with the object's
// own motion, measured from what is still visible (or the last motion, fading), so that when
// it comes out it is found where it went rather than left as a sliver on the occluder.

#include <optional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/segment/MotionPrior.h"

namespace rm {

class ObjectLayers {
 public:
  // Starts from each object's keyframe mask (CV_8UC1, working size), all fully visible.
  void reset(const std::vector<cv::Mat>& masks);

  // For this frame: each object's shift (backward flow, px), the median flow of its
  // `carried` previous mask (CV_32FC1), and its extent moved by it. An object with too few
  // carried pixels keeps its last shift, fading, so a hidden object drifts on, then stops.
  // `holdWhileHidden`: a partly hidden object keeps its last shift too, since what is still
  // visible of it may be a sliver moving with the occluder's edge.
  void predict(const MotionPrior& motion, const std::vector<cv::Mat>& carried,
               bool holdWhileHidden = false);
  const cv::Mat& predictedExtent(size_t k) const { return predicted_[k]; }
  const cv::Point2f& shift(size_t k) const { return shifts_[k]; }
  bool hidden(size_t k) const { return !whole_[k]; }

  // After the frame: an object shown whole (its area at least `wholeFraction` of
  // `areaLevel`, its running area) takes its mask as extent; one partly or fully hidden
  // keeps the predicted extent, plus what is visible.
  void update(const std::vector<cv::Mat>& masks, const std::vector<double>& areaLevel,
              double wholeFraction);

 private:
  std::vector<cv::Mat> extents_, predicted_;
  std::vector<cv::Point2f> shifts_;
  std::vector<bool> whole_;
};

}  // namespace rm
