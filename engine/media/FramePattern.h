#pragma once
// Frame-numbered file names: `shot.%04d.png`, `shot.%d.png`, `shot.####.png`.
// (Hand-written rather than std::regex: faster, and libstdc++'s regex trips GCC 12's
// -Wmaybe-uninitialized under the sanitizer builds.)

#include <cstdint>
#include <optional>
#include <string>

namespace rm {

struct FramePattern {
  std::string prefix;  // file-name text before the number
  std::string suffix;  // file-name text after the number
  int width = 0;       // zero padding; 0 = none

  // Parses the placeholder in a file name (no folder); nullopt when there is none.
  static std::optional<FramePattern> parse(const std::string& fileName);
  // `name.0017.png`-style name of frame `number`.
  std::string name(int64_t number) const;
  // The frame number of `fileName` when it fits the pattern (at least `width` digits).
  std::optional<int64_t> match(const std::string& fileName) const;
};

// Splits a numbered file name ("00017.jpg", "shot_0101.png") around its last run of
// digits before the extension; nullopt when the stem does not end in digits.
std::optional<FramePattern> numberedNameOf(const std::string& fileName);

}  // namespace rm
