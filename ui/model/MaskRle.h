#pragma once
// Run-length snapshot of an 8-bit label-map region. Label maps are large flat areas, so
// undo history and propagation batches store them this way instead of whole frames.

#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace rm::bridge {

class MaskRle {
 public:
  MaskRle() = default;
  // Encodes `region` (CV_8UC1, may be a non-contiguous ROI).
  static MaskRle encode(const cv::Mat& region);
  // Writes the snapshot into `region`, which must have the encoded size.
  void decodeInto(cv::Mat region) const;
  cv::Mat decode() const;

  bool empty() const { return rows_ == 0 || cols_ == 0; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  size_t byteSize() const { return runs_.size(); }

 private:
  int rows_ = 0;
  int cols_ = 0;
  std::vector<uint8_t> runs_;  // (value, LEB128 run length) pairs, row-major
};

}  // namespace rm::bridge
