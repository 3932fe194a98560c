// Opening media through our reader (openFrameSource): the bytes become a file whose
// extension (from the first byte) picks the demuxer guess; then the first, a middle and
// the last frame are read in 8 and 16 bits, as the GUI's first look at a clip does.
#include "engine/media/FrameSource.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" {
#include <libavutil/log.h>
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (av_log_set_level(AV_LOG_QUIET), true);
  (void)quiet;
  static const char* const kExtensions[] = {".mp4", ".mov", ".mkv", ".avi", ".nut", ".png"};
  if (size < 1) return 0;
  const std::string name = std::string("clip") + kExtensions[data[0] % 6];
  const std::string path = rm::fuzz::writeInput(name, rm::fuzz::asText(data + 1, size - 1));
  auto source = rm::openFrameSource(path);
  if (!source.ok()) return 0;
  const int64_t count = (*source)->info().frameCount;
  for (int64_t index : {int64_t(0), count / 2, count - 1}) {
    auto rgb = (*source)->readRgb8(index);
    if (rgb.ok() && (rgb->cols != (*source)->info().width || rgb->rows != (*source)->info().height))
      __builtin_trap();  // a picture must be the size the stream declared
    (void)(*source)->readRgb16(index);
  }
  return 0;
}
