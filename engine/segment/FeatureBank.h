#pragma once
// A bounded set of feature vectors (m_F or m_B of one instance). Keyframe features are
// never pruned. Online additions are kept in arrival order; when keyframe + online rows
// exceed the cap, the oldest online rows are dropped first (FIFO): the newest appearance
// is the most relevant to the next frame, and the keyframes anchor against drift.

#include <cstdint>
#include <deque>

#include <torch/types.h>

namespace rm {

class FeatureBank {
 public:
  explicit FeatureBank(int64_t cap = 20000) : cap_(cap) {}
  void addKeyframe(const torch::Tensor& rows);  // [M,C]
  void addOnline(const torch::Tensor& rows);    // [M,C]; prunes to the cap
  // All rows, keyframe rows first: [M,C]. Cached until the next change.
  const torch::Tensor& rows();
  int64_t size() const { return keyRows_ + onlineRows_; }
  int64_t keyframeRows() const { return keyRows_; }
  int64_t onlineRows() const { return onlineRows_; }

 private:
  int64_t cap_;
  std::vector<torch::Tensor> keyframe_;
  std::deque<torch::Tensor> online_;
  int64_t keyRows_ = 0, onlineRows_ = 0;
  torch::Tensor cached_;
  bool dirty_ = true;
};

}  // namespace rm
