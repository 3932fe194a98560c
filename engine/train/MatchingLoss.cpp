#include "engine/train/MatchingLoss.h"

#include <cmath>

#include <torch/nn/functional.h>

#include "engine/segment/SoftMatch.h"

namespace rm::train {
namespace F = torch::nn::functional;

torch::Tensor cellCoverage(const torch::Tensor& mask, int64_t h, int64_t w) {
  return F::adaptive_avg_pool2d(mask.unsqueeze(0).unsqueeze(0),
                                F::AdaptiveAvgPool2dFuncOptions({h, w}))
      .squeeze(0)
      .squeeze(0);
}

std::optional<torch::Tensor> matchingLoss(const torch::Tensor& refFeatures,
                                          const torch::Tensor& tgtFeatures,
                                          const torch::Tensor& refMask,
                                          const torch::Tensor& tgtMask,
                                          const torch::Tensor& logScale,
                                          const MatchingLossOptions& options) {
  const int64_t C = refFeatures.size(0), h = refFeatures.size(1), w = refFeatures.size(2);
  const torch::Tensor coverage = cellCoverage(refMask, h, w).reshape({-1});
  const torch::Tensor fgCells = (coverage > 0.5).nonzero().squeeze(1);
  const torch::Tensor bgCells = (coverage < 0.5).nonzero().squeeze(1);
  if (fgCells.numel() == 0 || bgCells.numel() == 0) return std::nullopt;

  const torch::Tensor refRows = l2Normalize(refFeatures.reshape({C, -1}).t(), 1);
  const torch::Tensor query = l2Normalize(tgtFeatures.reshape({C, -1}).t(), 1);
  SoftMatchOptions match;
  match.topK = options.topK;
  const torch::Tensor scores =
      softMatch(query, {refRows.index_select(0, fgCells), refRows.index_select(0, bgCells)}, match);
  // [2,P] -> logits [1,2,h',w'] (BG first so class 1 = FG), upsampled to the frame.
  const int64_t th = tgtFeatures.size(1), tw = tgtFeatures.size(2);
  torch::Tensor logits =
      (logScale.exp() * torch::stack({scores[1], scores[0]})).reshape({1, 2, th, tw});
  logits = F::interpolate(logits, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{tgtMask.size(0), tgtMask.size(1)})
                                      .mode(torch::kBilinear)
                                      .align_corners(false));
  const torch::Tensor target = tgtMask.to(torch::kLong).unsqueeze(0);
  auto ce = F::CrossEntropyFuncOptions().ignore_index(kUnknownLabel);
  const torch::Tensor known = tgtMask != kUnknownLabel;
  const double knownPixels = known.sum().item<double>();
  // A target crop with no known pixel has nothing to learn from (mean over none is NaN).
  if (knownPixels == 0) return (logits * 0).sum();
  if (options.classBalance == 0.0) return F::cross_entropy(logits, target, ce);
  const double fgFraction = (tgtMask == 1).sum().item<double>() / knownPixels;
  if (fgFraction <= 0.0 || fgFraction >= 1.0) return F::cross_entropy(logits, target, ce);
  const double p = options.classBalance;
  const torch::Tensor weight = torch::tensor(
      {std::pow(0.5 / (1.0 - fgFraction), p), std::pow(0.5 / fgFraction, p)}, logits.options());
  return F::cross_entropy(logits, target, ce.weight(weight));
}

}  // namespace rm::train
