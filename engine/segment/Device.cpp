// resolveDevice(): maps the user's "auto" | "cpu" | "cuda[:N]" to a torch::Device this
// LibTorch can use. Works unchanged against CPU-only and CUDA builds of LibTorch.
#include <torch/cuda.h>

#include "engine/segment/FeatureExtractor.h"

namespace rm {

Expected<torch::Device> resolveDevice(const std::string& device) {
  if (device == "cpu") return torch::Device(torch::kCPU);
  if (device == "auto" || device.empty())
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                       : torch::Device(torch::kCPU);
  if (device == "cuda" || device.rfind("cuda:", 0) == 0) {
    if (!torch::cuda::is_available())
      return makeError("device '" + device +
                       "' requested, but this LibTorch build has no CUDA support or no GPU is "
                       "present (use --device cpu or auto)");
    int index = 0;
    if (device.size() > 5) {
      const std::string digits = device.substr(5);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return makeError("device '" + device + "' is not cuda:<index>");
      index = std::stoi(digits);
    }
    const auto count = static_cast<int>(torch::cuda::device_count());
    if (index >= count)
      return makeError("device '" + device + "' requested, but only " + std::to_string(count) +
                       " CUDA device(s) are present");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  return makeError("unknown device '" + device + "' (expected auto, cpu or cuda)");
}

}  // namespace rm
