#pragma once
// The objects of a shot are the distinct non-zero labels of its keyframe masks. The
// engine works on dense ids 1..count (its cost grows with the largest id), so labels
// {7, 200} become ids {1, 2} for propagation and go back to 7 and 200 on output.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

namespace rm {

// Most objects one propagation accepts: matching cost and memory grow linearly with
// the object count (255 objects took 32 s and 1.6 GB for 3 frames, issue #17), and
// more than a few dozen painted objects in one shot is a mistake (a soft matte or a
// photo read as labels) rather than a plan.
inline constexpr int kMaxObjects = 64;

class ObjectIds {
 public:
  // The objects of `keyframes` (CV_8UC1 label maps). Error naming `what` when there is
  // none or more than kMaxObjects.
  static Expected<ObjectIds> of(const std::map<int64_t, cv::Mat>& keyframes,
                                const std::string& what);

  int count() const { return static_cast<int>(labels_.size()); }
  // Original label of dense id k is labels()[k - 1].
  const std::vector<uint8_t>& labels() const { return labels_; }

  cv::Mat toDense(const cv::Mat& labels) const;
  std::map<int64_t, cv::Mat> toDense(const std::map<int64_t, cv::Mat>& keyframes) const;
  cv::Mat toOriginal(const cv::Mat& dense) const;

 private:
  std::vector<uint8_t> labels_;
  cv::Mat denseLut_, originalLut_;  // 1x256 lookup tables
};

}  // namespace rm
