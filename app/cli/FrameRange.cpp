#include "app/cli/FrameRange.h"

#include <charconv>

namespace rm::cli {

namespace {

bool parseIndex(const std::string& text, int64_t* value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size() && *value >= 0;
}

}  // namespace

Expected<FrameRange> parseFrameRange(const std::string& text, const std::string& what) {
  const auto dash = text.find('-');
  FrameRange range;
  if (dash == std::string::npos || !parseIndex(text.substr(0, dash), &range.first) ||
      !parseIndex(text.substr(dash + 1), &range.last))
    return makeError(what + " expects IN-OUT (inclusive 0-based frame indices), got '" + text +
                     "'");
  if (range.first > range.last) return makeError(what + " " + text + ": IN is after OUT");
  return range;
}

Expected<FrameRange> resolveFrameRange(const std::optional<std::string>& text, int64_t frameCount,
                                       const std::string& sourcePath, const std::string& what) {
  if (!text) return resolveFrameRange(std::optional<FrameRange>(), frameCount, sourcePath, what);
  auto range = parseFrameRange(*text, what);
  if (!range) return range;
  return resolveFrameRange(*range, frameCount, sourcePath, what);
}

Expected<FrameRange> resolveFrameRange(std::optional<FrameRange> range, int64_t frameCount,
                                       const std::string& sourcePath, const std::string& what) {
  if (!range) return FrameRange{0, frameCount - 1};
  if (range->last < 0) range->last = frameCount - 1;
  if (range->first > range->last || range->last >= frameCount)
    return makeError(what + " " + range->str() + " is outside " + sourcePath + ", which has " +
                     std::to_string(frameCount) + " frames (0-" + std::to_string(frameCount - 1) +
                     ")");
  return *range;
}

}  // namespace rm::cli
