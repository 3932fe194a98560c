// Keyframe polygon JSON (resources/demo/*.json): parse, then rasterise what was accepted.
#include "engine/core/PolygonKeyframe.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = rm::fuzz::writeInput("keyframe.json", rm::fuzz::asText(data, size));
  auto key = rm::loadPolygonKeyframe(path);
  if (key.ok()) (void)key->rasterize();
  return 0;
}
