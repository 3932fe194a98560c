#pragma once
// What compute devices this build can use (for Preferences).

namespace rm::bridge {

// True when LibTorch was built with CUDA and a device is present.
bool cudaAvailable();

}  // namespace rm::bridge
