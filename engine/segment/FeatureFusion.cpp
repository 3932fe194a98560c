#include "engine/segment/FeatureFusion.h"

#include <algorithm>

#include <torch/nn/functional.h>

#include "engine/segment/SoftMatch.h"

namespace rm {

namespace F = torch::nn::functional;

torch::Tensor fuseColourFeatures(const torch::Tensor& deep, const torch::Tensor& colour,
                                 double weight) {
  const bool single = deep.dim() == 3;
  const torch::Tensor d = l2Normalize(single ? deep.unsqueeze(0) : deep, 1);
  torch::Tensor c = l2Normalize(colour.dim() == 3 ? colour.unsqueeze(0) : colour, 1)
                        .to(d.device(), d.scalar_type());
  const int64_t h = d.size(2), w = d.size(3);
  const int64_t padH = std::max<int64_t>(0, h - c.size(2)),
                padW = std::max<int64_t>(0, w - c.size(3));
  if (padH > 0 || padW > 0)
    c = F::pad(c, F::PadFuncOptions({0, padW, 0, padH}).mode(torch::kReplicate));
  c = c.narrow(2, 0, h).narrow(3, 0, w);
  const torch::Tensor fused = l2Normalize(torch::cat({d, weight * c}, 1), 1);
  return single ? fused.squeeze(0) : fused;
}

}  // namespace rm
