#pragma once
// The paper's training objective for one frame pair: the reference frame's mask splits its
// features into the FG and BG sets, the target frame is segmented by the engine's soft
// matching layer, and the prediction is scored by pixel-wise cross-entropy at frame size.

#include <optional>

#include <torch/types.h>

namespace rm::train {

struct MatchingLossOptions {
  int topK = 20;
  // Class weights (0.5 / share)^classBalance: 1 weighs FG and BG pixels equally (objects are
  // often < 10 % of a frame), 0 is the paper's plain cross-entropy. Balancing moves the
  // learned decision boundary outward: masks grow past the object.
  double classBalance = 1.0;
};

// Target-mask value of pixels whose label is not known (a guessed mask's uncertain band):
// they add nothing to the loss.
constexpr int kUnknownLabel = 2;

// refFeatures, tgtFeatures: [C,h,w] from the same network; refMask: [H,W] float in {0,1},
// tgtMask: [H,W] float in {0,1,kUnknownLabel}, both at image size; logScale: scalar, probability =
// softmax(exp(logScale) * scores). Returns nullopt when the reference crop holds no FG or no BG
// cell (no sets to match).
std::optional<torch::Tensor> matchingLoss(const torch::Tensor& refFeatures,
                                          const torch::Tensor& tgtFeatures,
                                          const torch::Tensor& refMask,
                                          const torch::Tensor& tgtMask,
                                          const torch::Tensor& logScale,
                                          const MatchingLossOptions& options);

// Fraction of each feature cell covered by the mask: [H,W] -> [h,w] (area average).
torch::Tensor cellCoverage(const torch::Tensor& mask, int64_t h, int64_t w);

}  // namespace rm::train
