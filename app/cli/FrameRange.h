#pragma once
// `--range IN-OUT` of propagate, export and eval (and a shot's "range" in a batch
// manifest): inclusive 0-based frame indices, the same numbering as `--mask FRAME=PNG`.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/core/Expected.h"

namespace rm::cli {

struct FrameRange {
  int64_t first = 0;
  int64_t last = -1;  // inclusive; -1 until resolved against a clip: its last frame
  int64_t count() const { return last - first + 1; }
  bool contains(int64_t frame) const { return frame >= first && frame <= last; }
  std::string str() const { return std::to_string(first) + "-" + std::to_string(last); }
};

// "IN-OUT" (syntax only); the error names `what` (e.g. "--range").
Expected<FrameRange> parseFrameRange(const std::string& text, const std::string& what = "--range");

// The range `text` (nullopt: the whole clip) checked against a clip of `frameCount` frames;
// errors name `sourcePath` and the clip's length.
Expected<FrameRange> resolveFrameRange(const std::optional<std::string>& text, int64_t frameCount,
                                       const std::string& sourcePath,
                                       const std::string& what = "--range");
// The same for a parsed range (last -1: to the clip's end).
Expected<FrameRange> resolveFrameRange(std::optional<FrameRange> range, int64_t frameCount,
                                       const std::string& sourcePath, const std::string& what);

}  // namespace rm::cli
