#pragma once
// Colour features: CIE Lab plus normalised x, y, averaged over stride x stride cells. Needs
// no model; it is the fallback when no network is available and the fixture of fast tests.

#include <memory>

#include "engine/segment/FeatureExtractor.h"

namespace rm {

struct ColourFeatureOptions {
  int stride = 8;
  // Weight of the x, y channels relative to Lab (each scaled to roughly [-0.5, 0.5]).
  double positionWeight = 1.0;
};

std::unique_ptr<FeatureExtractor> makeColourFeatureExtractor(
    const ColourFeatureOptions& options = {}, torch::Device device = torch::kCPU);

// sRGB in [0,1] [N,3,H,W] -> Lab [N,3,H,W] (L in 0..100, a/b roughly -110..110), D65.
torch::Tensor rgbToLab(const torch::Tensor& rgb);

}  // namespace rm
