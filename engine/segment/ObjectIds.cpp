#include "engine/segment/ObjectIds.h"

#include <opencv2/core.hpp>

namespace rm {

Expected<ObjectIds> ObjectIds::of(const std::map<int64_t, cv::Mat>& keyframes,
                                  const std::string& what) {
  bool seen[256] = {false};
  for (const auto& [frame, labels] : keyframes) {
    if (labels.type() != CV_8UC1)
      return makeError(what + ": keyframe " + std::to_string(frame) + " is not an 8-bit label map");
    for (int y = 0; y < labels.rows; ++y) {
      const uint8_t* row = labels.ptr<uint8_t>(y);
      for (int x = 0; x < labels.cols; ++x)
        seen[row[x]] = true;
    }
  }
  ObjectIds ids;
  for (int v = 1; v < 256; ++v)
    if (seen[v]) ids.labels_.push_back(static_cast<uint8_t>(v));
  if (ids.labels_.empty()) return makeError(what + ": every keyframe mask is empty");
  if (ids.count() > kMaxObjects)
    return makeError(what + " hold " + std::to_string(ids.count()) +
                     " different labels (objects), more than the limit of " +
                     std::to_string(kMaxObjects) + " (a soft matte or a photo read as labels?)");
  ids.denseLut_ = cv::Mat::zeros(1, 256, CV_8UC1);
  ids.originalLut_ = cv::Mat::zeros(1, 256, CV_8UC1);
  for (int k = 1; k <= ids.count(); ++k) {
    const uint8_t label = ids.labels_[static_cast<size_t>(k - 1)];
    ids.denseLut_.at<uint8_t>(label) = static_cast<uint8_t>(k);
    ids.originalLut_.at<uint8_t>(k) = label;
  }
  return ids;
}

cv::Mat ObjectIds::toDense(const cv::Mat& labels) const {
  cv::Mat out;
  cv::LUT(labels, denseLut_, out);
  return out;
}

std::map<int64_t, cv::Mat> ObjectIds::toDense(const std::map<int64_t, cv::Mat>& keyframes) const {
  std::map<int64_t, cv::Mat> out;
  for (const auto& [frame, labels] : keyframes)
    out[frame] = toDense(labels);
  return out;
}

cv::Mat ObjectIds::toOriginal(const cv::Mat& dense) const {
  cv::Mat out;
  cv::LUT(dense, originalLut_, out);
  return out;
}

}  // namespace rm
