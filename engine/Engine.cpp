#include "engine/Engine.h"

#include <torch/version.h>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <opencv2/core.hpp>
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

void setComputeThreads(int torchThreads) {
  if (torchThreads > 0) at::set_num_threads(torchThreads);
  // OpenCV's worker pool and LibTorch's OpenMP threads busy-wait against each other on a
  // small machine (measured: backbone 5.2 s/frame instead of 0.38 on 2 cores); the OpenCV
  // work around the network is light, so it runs on the calling thread.
  cv::setNumThreads(1);
}

}  // namespace rm
