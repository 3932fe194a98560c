// OpenEXR pictures (ExrIO): RGB, channel names, each channel.
#include "engine/media/ExrIO.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = rm::fuzz::writeInput("picture.exr", rm::fuzz::asText(data, size));
  (void)rm::readExrRgb(path);
  auto names = rm::exrChannelNames(path);
  if (names.ok())
    for (const auto& name : *names)
      (void)rm::readExrChannel(path, name);
  return 0;
}
