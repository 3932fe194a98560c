#pragma once
// Which keyframe produces which frame. Frames between two keyframes form a span bounded by
// them; frames before the first / after the last keyframe form open spans. A span's banks
// are built from its bounding keyframes (all keyframes that touch it), so a keyframe only
// influences the spans it bounds: editing it invalidates exactly those frames.

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "engine/segment/Segmenter.h"

namespace rm {

struct Span {
  int64_t from = 0;                    // first non-keyframe frame of the span (inclusive)
  int64_t to = -1;                     // last (inclusive)
  std::optional<int64_t> forwardKey;   // keyframe just before the span, if propagating forward
  std::optional<int64_t> backwardKey;  // keyframe just after the span, if propagating backward
  std::vector<int64_t> bankKeys;       // keyframes whose features build the banks
};

// Spans covering [first, last] for the given keyframes and direction. Frames that the
// direction cannot reach (before the first keyframe when forward only, ...) are in no span.
std::vector<Span> planSpans(const std::set<int64_t>& keyframes, int64_t first, int64_t last,
                            Direction direction);

// framesInvalidatedBy() is declared in Segmenter.h (the GUI's entry point).

}  // namespace rm
