#pragma once
// Deep and colour features fused into one vector per cell: the cosine similarity of two
// fused vectors is a fixed blend of the deep and the colour similarities. Propagation and
// training both call this, so the network is trained on the features it is matched with.

#include <torch/types.h>

namespace rm {

// deep [N,C,h,w] or [C,h,w]; colour [N,5,h',w'] or [5,h',w'] on the colour grid (same stride,
// ceil-mode, so at most one cell larger or smaller). Returns
// l2Normalize(cat(l2Normalize(deep), weight * l2Normalize(colour))) along the channels, the
// colour grid padded (edge replicated) or cut to the deep grid. Differentiable in `deep`.
torch::Tensor fuseColourFeatures(const torch::Tensor& deep, const torch::Tensor& colour,
                                 double weight);

}  // namespace rm
