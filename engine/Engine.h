#pragma once
// Facts about the engine build, for --version output and bug reports.

#include <string>

namespace rm {

// "Rotomatch 0.1.0 (LibTorch 1.13.1, OpenCV 4.6.0, libavcodec 59.37.100, CUDA: no)".
std::string engineBuildInfo();

}  // namespace rm
