#include "engine/Engine.h"

#include <torch/version.h>

#include <torch/cuda.h>
#include <opencv2/core/version.hpp>

extern "C" {
#include <libavcodec/version.h>
}

#include "engine/core/Version.h"

namespace rm {

std::string engineBuildInfo() {
  return std::string(kProjectName) + " " + kVersion +
         " (LibTorch " TORCH_VERSION ", OpenCV " CV_VERSION ", libavcodec " +
         std::to_string(LIBAVCODEC_VERSION_MAJOR) + "." + std::to_string(LIBAVCODEC_VERSION_MINOR) +
         "." + std::to_string(LIBAVCODEC_VERSION_MICRO) +
         ", CUDA: " + (torch::cuda::is_available() ? "yes" : "no") + ")";
}

}  // namespace rm
