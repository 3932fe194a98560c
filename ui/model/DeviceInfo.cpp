#include "ui/model/DeviceInfo.h"

#include <torch/cuda.h>

namespace rm::bridge {

bool cudaAvailable() {
  static const bool available = torch::cuda::is_available();
  return available;
}

}  // namespace rm::bridge
