// Mask files (MaskIO::readLabelMap): palette, grey, colour and RGBA PNGs, read from disk.
#include "engine/media/MaskIO.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = rm::fuzz::writeInput("mask.png", rm::fuzz::asText(data, size));
  auto labels = rm::readLabelMap(path);
  if (labels.ok() && labels->type() != CV_8UC1) __builtin_trap();  // the documented contract
  if (labels.ok()) (void)rm::readLabelMap(path, cv::Size(labels->cols + 1, labels->rows));
  return 0;
}
