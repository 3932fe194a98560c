#pragma once
// The features a frame is matched with: the configured network's features, L2-normalised,
// fused with colour when the configuration asks for it. Propagation and the smart brush
// both extract through here, so a stroke is matched in the same space as a keyframe.

#include <memory>

#include <torch/types.h>
#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/segment/FeatureExtractor.h"
#include "engine/segment/MatchConfig.h"
#include "engine/segment/Segmenter.h"

namespace rm {

class MatchingFeatures {
 public:
  // Resolves the model (the default one when params.model is empty), the matching
  // configuration with the model's own tuning, and the colour features when fused.
  static Expected<std::unique_ptr<MatchingFeatures>> create(const SegmenterParams& params);

  const MatchConfig& config() const { return config_; }
  int stride() const { return deep_->info().stride; }
  // rgb: CV_8UC3 frame at working size. Returns [C,h,w] on the CPU or the model's device,
  // unit length along C. No autograd.
  Expected<torch::Tensor> extract(const cv::Mat& rgb);
  // Seconds spent in extract() since creation (network and colour fusion).
  double seconds() const { return seconds_; }

 private:
  MatchingFeatures(MatchConfig config, std::unique_ptr<FeatureExtractor> deep,
                   std::unique_ptr<FeatureExtractor> colour)
      : config_(std::move(config)), deep_(std::move(deep)), colour_(std::move(colour)) {}

  MatchConfig config_;
  std::unique_ptr<FeatureExtractor> deep_;
  std::unique_ptr<FeatureExtractor> colour_;  // null when colour is not fused
  double seconds_ = 0;
};

// The working size of a frame: short side scaled down to config.workingShortSide (never up).
cv::Size workingSizeFor(cv::Size source, int workingShortSide);

}  // namespace rm
