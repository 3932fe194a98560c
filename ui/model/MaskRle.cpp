#include "ui/model/MaskRle.h"

#include <cassert>

namespace rm::bridge {

namespace {
void putRun(std::vector<uint8_t>& out, uint8_t value, uint32_t length) {
  out.push_back(value);
  while (length >= 0x80) {
    out.push_back(static_cast<uint8_t>(length | 0x80));
    length >>= 7;
  }
  out.push_back(static_cast<uint8_t>(length));
}
}  // namespace

MaskRle MaskRle::encode(const cv::Mat& region) {
  assert(region.type() == CV_8UC1);
  MaskRle rle;
  rle.rows_ = region.rows;
  rle.cols_ = region.cols;
  if (region.empty()) return rle;
  uint8_t current = region.at<uint8_t>(0, 0);
  uint32_t length = 0;
  for (int y = 0; y < region.rows; ++y) {
    const uint8_t* row = region.ptr<uint8_t>(y);
    for (int x = 0; x < region.cols; ++x) {
      if (row[x] == current) {
        ++length;
      } else {
        putRun(rle.runs_, current, length);
        current = row[x];
        length = 1;
      }
    }
  }
  putRun(rle.runs_, current, length);
  rle.runs_.shrink_to_fit();
  return rle;
}

void MaskRle::decodeInto(cv::Mat region) const {
  assert(region.rows == rows_ && region.cols == cols_ && region.type() == CV_8UC1);
  int x = 0;
  int y = 0;
  size_t i = 0;
  while (i < runs_.size() && y < rows_) {
    const uint8_t value = runs_[i++];
    uint32_t length = 0;
    for (int shift = 0; i < runs_.size(); shift += 7) {
      const uint8_t b = runs_[i++];
      length |= static_cast<uint32_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    while (length > 0 && y < rows_) {
      const int n = static_cast<int>(std::min<uint32_t>(length, static_cast<uint32_t>(cols_ - x)));
      std::fill_n(region.ptr<uint8_t>(y) + x, n, value);
      length -= static_cast<uint32_t>(n);
      x += n;
      if (x == cols_) {
        x = 0;
        ++y;
      }
    }
  }
}

cv::Mat MaskRle::decode() const {
  cv::Mat out(rows_, cols_, CV_8UC1);
  if (!empty()) decodeInto(out);
  return out;
}

}  // namespace rm::bridge
