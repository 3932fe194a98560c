// A TorchScript model's rotomatch.json (ModelMetadata).
#include "engine/segment/ModelMetadata.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto info = rm::parseModelMetadata(std::string(rm::fuzz::asText(data, size)), "model.pt");
  if (info.ok() && (info->stride < 1 || info->channels < 1)) __builtin_trap();
  return 0;
}
