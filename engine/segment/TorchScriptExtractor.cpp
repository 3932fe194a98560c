#include "engine/segment/TorchScriptExtractor.h"

#include <filesystem>

#include <ATen/Parallel.h>
#include <torch/script.h>

#include "engine/segment/ModelMetadata.h"

namespace rm {
namespace {

// LibTorch 1.13's oneDNN rewrite of clamp writes into an output of another shape and warns
// "An output with one or more elements was resized" on every forward pass; the result is
// right (bench backbone compares it), so that one warning is dropped and others pass on.
class DropResizeWarning final : public c10::WarningHandler {
 public:
  DropResizeWarning() : next_(c10::Warning::get_warning_handler()) {}
  void process(const c10::SourceLocation& where, const std::string& message,
               bool verbatim) override {
    if (message.find("was resized since it had shape") != std::string::npos) return;
    next_->process(where, message, verbatim);
  }

 private:
  c10::WarningHandler* next_;
};

// First line of a LibTorch exception: the rest is a C++ backtrace.
std::string firstLine(const std::string& what) {
  return what.substr(0, what.find('\n'));
}

class TorchScriptExtractor final : public FeatureExtractor {
 public:
  TorchScriptExtractor(torch::jit::Module module, FeatureInfo info, torch::Device device,
                       std::string path)
      : module_(std::move(module)),
        info_(std::move(info)),
        device_(device),
        path_(std::move(path)) {}

  const FeatureInfo& info() const override { return info_; }
  torch::Device device() const override { return device_; }

  Expected<torch::Tensor> extract(const torch::Tensor& rgb) override {
    if (!rgb.defined() || rgb.dim() != 4 || rgb.size(1) != 3 || rgb.size(2) < 1 || rgb.size(3) < 1)
      return makeError("model " + path_ + ": expected RGB [N,3,H,W], got " +
                       (rgb.defined() ? c10::str(rgb.sizes()) : std::string("no tensor")));
    torch::InferenceMode guard;
    DropResizeWarning filter;  // the handler is per thread: this guard is too
    c10::Warning::WarningHandlerGuard filtering(&filter);
    torch::Tensor out;
    try {
      out = module_.forward({rgb.to(device_, torch::kFloat32)}).toTensor();
    } catch (const std::exception& e) {
      return makeError("model " + path_ + " failed on input " + c10::str(rgb.sizes()) + ": " +
                       firstLine(e.what()));
    }
    const int64_t s = info_.stride;
    if (out.dim() != 4 || out.size(0) != rgb.size(0) || out.size(1) != info_.channels ||
        out.size(2) != (rgb.size(2) + s - 1) / s || out.size(3) != (rgb.size(3) + s - 1) / s)
      return makeError("model " + path_ + " returned " + c10::str(out.sizes()) + " for input " +
                       c10::str(rgb.sizes()) + ", which does not match its metadata (stride " +
                       std::to_string(s) + ", " + std::to_string(info_.channels) + " channels)");
    // NaN features gave an empty mask on every frame without a word.
    if (!torch::isfinite(out).all().item<bool>())
      return makeError("model " + path_ + " produced NaN or infinite features on input " +
                       c10::str(rgb.sizes()) + ": the model is broken");
    return out;
  }

 private:
  torch::jit::Module module_;
  FeatureInfo info_;
  torch::Device device_;
  std::string path_;
};

}  // namespace

Expected<std::unique_ptr<FeatureExtractor>> loadTorchScriptExtractor(const std::string& path,
                                                                     const DeviceOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return makeError("model file " + path + " does not exist or is not a file");
  auto device = resolveDevice(options.device);
  if (!device) return makeError("model " + path + ": " + device.message());

  torch::jit::ExtraFilesMap extra{{kModelMetadataFile, ""}};
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, *device, extra);
  } catch (const std::exception& e) {
    return makeError("model file " + path + " is not a readable TorchScript model (" +
                     firstLine(e.what()) + ")");
  }
  if (extra[kModelMetadataFile].empty())
    return makeError("model file " + path + " has no " + kModelMetadataFile +
                     " metadata: not a Rotomatch feature model (convert it with "
                     "rotomatch-convert-tfjs or save it with that extra file)");
  auto info = parseModelMetadata(extra[kModelMetadataFile], path);
  if (!info) return info.error();
  if (!module.find_method("forward"))
    return makeError("model file " + path + " has no forward() method");
  module.eval();
  if (options.optimize) {
    try {
      // freeze() first: optimize_for_inference() leaves a module without a `training`
      // attribute (as the converter writes them) unfrozen, and then changes nothing.
      torch::jit::Module frozen = torch::jit::freeze(module);
      module = torch::jit::optimize_for_inference(frozen);
    } catch (const std::exception&) {
      // A model whose graph the optimiser cannot rewrite still runs as loaded (only slower).
      module = torch::jit::load(path, *device);
      module.eval();
    }
  }
  return std::unique_ptr<FeatureExtractor>(
      std::make_unique<TorchScriptExtractor>(std::move(module), std::move(*info), *device, path));
}

}  // namespace rm
