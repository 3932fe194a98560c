#pragma once
// Facts about the engine build, for --version output and bug reports, and the process-wide
// settings an executable makes once at start-up.

#include <string>

namespace rm {

// "Rotomatch 0.1.0 (LibTorch 1.13.1, OpenCV 4.6.0, libavcodec 59.37.100, CUDA: no)".
std::string engineBuildInfo();

// Process-wide thread counts, set once from the executable's main thread before any worker
// runs (they change every thread's behaviour, so no engine call sets them; the `threads`
// fields of the engine's parameters are only recorded): LibTorch's intra-op threads
// (`torchThreads`, 0: the library's default) and OpenCV's pool. A thread started later takes
// LibTorch's count at its first parallel operation, so a GUI Worker's next job sees a change.
void setComputeThreads(int torchThreads);

}  // namespace rm
