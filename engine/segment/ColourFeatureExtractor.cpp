#include "engine/segment/ColourFeatureExtractor.h"

#include <torch/torch.h>
#include <opencv2/imgproc.hpp>

namespace rm {
namespace {

namespace F = torch::nn::functional;

class ColourFeatureExtractor final : public FeatureExtractor {
 public:
  ColourFeatureExtractor(const ColourFeatureOptions& options, torch::Device device)
      : options_(options), device_(device) {
    info_.name = "colour-lab-xy";
    info_.stride = options.stride;
    info_.channels = 5;
    info_.cellOffset = (options.stride - 1) / 2.0;
    info_.licence = "n/a (no model)";
    info_.source = "built in";
  }
  const FeatureInfo& info() const override { return info_; }
  torch::Device device() const override { return device_; }

  Expected<torch::Tensor> extract(const torch::Tensor& rgb) override {
    if (rgb.dim() != 4 || rgb.size(1) != 3)
      return makeError("colour features: expected an RGB tensor [N,3,H,W]");
    torch::NoGradGuard noGrad;
    const int64_t n = rgb.size(0), h = rgb.size(2), w = rgb.size(3);
    const torch::Tensor lab = rgbToLab(rgb.to(device_, torch::kFloat));
    // Centre the channels so cosine similarity compares colours, not brightness alone.
    const torch::Tensor l = lab.select(1, 0) / 100.0 - 0.5;
    const torch::Tensor a = lab.select(1, 1) / 100.0;
    const torch::Tensor b = lab.select(1, 2) / 100.0;
    const auto opts = torch::TensorOptions().dtype(torch::kFloat).device(device_);
    const double pw = options_.positionWeight;
    // Pixel centres normalised to [-0.5, 0.5] over the frame.
    const torch::Tensor xs = ((torch::arange(w, opts) + 0.5) / w - 0.5) * pw;
    const torch::Tensor ys = ((torch::arange(h, opts) + 0.5) / h - 0.5) * pw;
    const torch::Tensor x = xs.view({1, 1, w}).expand({n, h, w});
    const torch::Tensor y = ys.view({1, h, 1}).expand({n, h, w});
    const torch::Tensor stacked = torch::stack({l, a, b, x, y}, 1);
    const int s = options_.stride;
    // ceil_mode keeps partial cells at the right/bottom edge (averaged over the pixels present).
    return F::avg_pool2d(stacked, F::AvgPool2dFuncOptions(s).stride(s).ceil_mode(true));
  }

 private:
  ColourFeatureOptions options_;
  torch::Device device_;
  FeatureInfo info_;
};

}  // namespace

torch::Tensor rgbToLab(const torch::Tensor& rgb) {
  // OpenCV's float conversion (D65, L 0..100): far faster than the same maths as torch ops.
  const torch::Tensor hwc = rgb.to(torch::kCPU, torch::kFloat).permute({0, 2, 3, 1}).contiguous();
  torch::Tensor out = torch::empty_like(hwc);
  for (int64_t i = 0; i < hwc.size(0); ++i) {
    const int rows = static_cast<int>(hwc.size(1)), cols = static_cast<int>(hwc.size(2));
    const cv::Mat in(rows, cols, CV_32FC3, hwc[i].data_ptr<float>());
    cv::Mat lab(rows, cols, CV_32FC3, out[i].data_ptr<float>());
    cv::cvtColor(in, lab, cv::COLOR_RGB2Lab);
  }
  return out.permute({0, 3, 1, 2}).to(rgb.device());
}

std::unique_ptr<FeatureExtractor> makeColourFeatureExtractor(const ColourFeatureOptions& options,
                                                             torch::Device device) {
  return std::make_unique<ColourFeatureExtractor>(options, device);
}

}  // namespace rm
