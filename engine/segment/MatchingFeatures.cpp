#include "engine/segment/MatchingFeatures.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "engine/core/Stopwatch.h"
#include "engine/segment/ColourFeatureExtractor.h"
#include "engine/segment/FeatureFusion.h"
#include "engine/segment/ModelLocator.h"
#include "engine/segment/SoftMatch.h"

namespace rm {

Expected<std::unique_ptr<MatchingFeatures>> MatchingFeatures::create(
    const SegmenterParams& params) {
  Expected<MatchConfig> config = resolveMatchConfig(params);
  if (!config) return config.error();
  std::string model = params.model;
  if (model.empty()) {
    Expected<std::filesystem::path> found = locateDefaultModel();
    if (!found) return found.error();
    model = found->string();
  }
  Expected<std::unique_ptr<FeatureExtractor>> deep =
      createFeatureExtractor(model, DeviceOptions{params.device});
  if (!deep) return deep.error();
  const bool colourModel = isColourModel(model);
  if (colourModel) {
    // The colour model honours the tuned weight of its x, y channels as well.
    ColourFeatureOptions colourOptions;
    colourOptions.positionWeight = config->colorPositionWeight;
    deep = makeColourFeatureExtractor(colourOptions);
  }
  config = resolveMatchConfig(params, (*deep)->info().tuning, model);
  if (!config) return config.error();
  std::unique_ptr<FeatureExtractor> colour;
  if (config->colorWeight > 0 && !colourModel) {
    ColourFeatureOptions colourOptions;
    colourOptions.positionWeight = config->colorPositionWeight;
    colour = makeColourFeatureExtractor(colourOptions);
  }
  return std::unique_ptr<MatchingFeatures>(
      new MatchingFeatures(std::move(*config), std::move(*deep), std::move(colour)));
}

Expected<torch::Tensor> MatchingFeatures::extract(const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3)
    return makeError("matching features: expected an 8-bit RGB frame");
  Stopwatch watch;
  torch::NoGradGuard noGrad;
  const cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
  const torch::Tensor input =
      torch::from_blob(packed.data, {1, packed.rows, packed.cols, 3}, torch::kUInt8)
          .permute({0, 3, 1, 2})
          .to(torch::kFloat)
          .div(255.0f)
          .contiguous();
  Expected<torch::Tensor> deep = deep_->extract(input.to(deep_->device()));
  if (!deep) return deep.error();
  torch::Tensor x = l2Normalize(deep->squeeze(0).to(torch::kFloat), 0);
  if (colour_) {
    Expected<torch::Tensor> c = colour_->extract(input);
    if (!c) return c.error();
    x = fuseColourFeatures(x, c->squeeze(0), config_.colorWeight);
  }
  seconds_ += watch.seconds();
  return x.contiguous();
}

cv::Size workingSizeFor(cv::Size source, int workingShortSide) {
  const double scale =
      std::min(1.0, double(workingShortSide) / std::min(source.width, source.height));
  return {std::max(1, int(std::lround(source.width * scale))),
          std::max(1, int(std::lround(source.height * scale)))};
}

}  // namespace rm
