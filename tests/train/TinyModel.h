#pragma once
// Test fixtures for training: a tiny TorchScript feature network in the engine's model
// format (forward(x [N,3,H,W] in [0,1]) -> features at stride 8, metadata in rotomatch.json)
// and a tiny synthetic clip (a textured square moving over a textured background).

#include <torch/script.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "engine/train/DavisDataset.h"

namespace testing {

inline void saveTinyModel(const std::string& path, uint64_t seed = 1) {
  torch::manual_seed(seed);
  torch::jit::Module m("TinyMatcher");
  const int64_t channels[] = {3, 8, 16, 16};
  for (int i = 0; i < 3; ++i) {
    const auto fanIn = static_cast<double>(channels[i] * 9);
    m.register_parameter("w" + std::to_string(i),
                         torch::randn({channels[i + 1], channels[i], 3, 3}) / std::sqrt(fanIn),
                         false);
    m.register_parameter("b" + std::to_string(i), torch::zeros({channels[i + 1]}), false);
  }
  m.define(R"JIT(
def forward(self, x):
    y = torch.relu(torch.conv2d(x, self.w0, self.b0, [2, 2], [1, 1]))
    y = torch.relu(torch.conv2d(y, self.w1, self.b1, [2, 2], [1, 1]))
    return torch.conv2d(y, self.w2, self.b2, [2, 2], [1, 1])
)JIT");
  torch::jit::ExtraFilesMap extra{
      {"rotomatch.json",
       R"({"name": "tiny-test", "stride": 8, "channels": 16, "cellOffset": 3.5, "licence": "MIT", "source": "test"})"}};
  m.save(path, extra);
}

// `frames` frames of w x h: a textured square moving right by `step` px per frame.
inline rm::train::TrainingSequence tinySequence(int frames = 6, int w = 96, int h = 64,
                                                int step = 4) {
  rm::train::TrainingSequence seq;
  seq.name = "tiny";
  cv::RNG rng(42);
  cv::Mat background(h, w, CV_8UC3);
  rng.fill(background, cv::RNG::UNIFORM, cv::Scalar(30, 90, 30), cv::Scalar(90, 200, 90));
  cv::Mat texture(24, 24, CV_8UC3);
  rng.fill(texture, cv::RNG::UNIFORM, cv::Scalar(150, 20, 20), cv::Scalar(250, 90, 90));
  for (int i = 0; i < frames; ++i) {
    cv::Mat rgb = background.clone();
    cv::Mat mask = cv::Mat::zeros(h, w, CV_8UC1);
    const cv::Rect box(10 + i * step, 20, 24, 24);
    texture.copyTo(rgb(box));
    mask(box).setTo(1);
    seq.frames.push_back(rgb);
    seq.masks.push_back(mask);
  }
  return seq;
}

}  // namespace testing
