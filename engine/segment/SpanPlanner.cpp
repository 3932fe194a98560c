#include "engine/segment/SpanPlanner.h"

#include <algorithm>
#include <limits>

namespace rm {

std::vector<Span> planSpans(const std::set<int64_t>& keyframes, int64_t first, int64_t last,
                            Direction direction) {
  std::vector<Span> spans;
  if (keyframes.empty() || first > last) return spans;
  const bool forward = direction != Direction::Backward;
  const bool backward = direction != Direction::Forward;
  const std::vector<int64_t> keys(keyframes.begin(), keyframes.end());
  auto add = [&](Span span) {
    span.from = std::max(span.from, first);
    span.to = std::min(span.to, last);
    if (span.from <= span.to) spans.push_back(std::move(span));
  };
  if (backward)
    add(Span{std::numeric_limits<int64_t>::min(),
             keys.front() - 1,
             std::nullopt,
             keys.front(),
             {keys.front()}});
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    Span span{keys[i] + 1, keys[i + 1] - 1, std::nullopt, std::nullopt, {keys[i], keys[i + 1]}};
    if (forward) span.forwardKey = keys[i];
    if (backward) span.backwardKey = keys[i + 1];
    add(span);
  }
  if (forward)
    add(Span{keys.back() + 1,
             std::numeric_limits<int64_t>::max(),
             keys.back(),
             std::nullopt,
             {keys.back()}});
  return spans;
}

std::set<int64_t> framesInvalidatedBy(const std::set<int64_t>& keyframes, int64_t edited,
                                      int64_t first, int64_t last, Direction direction) {
  std::set<int64_t> out;
  std::set<int64_t> with = keyframes;
  with.insert(edited);
  // With `edited` as a keyframe, every frame of a span it bounds depends on it; after a
  // removal those same frames fall into the merged span of its neighbours.
  for (const Span& span : planSpans(with, first, last, direction)) {
    if (std::find(span.bankKeys.begin(), span.bankKeys.end(), edited) == span.bankKeys.end())
      continue;
    for (int64_t t = span.from; t <= span.to; ++t)
      out.insert(t);
  }
  if (!keyframes.count(edited) && edited >= first && edited <= last) {
    // A removed keyframe is produced again only if some direction reaches it.
    for (const Span& span : planSpans(keyframes, first, last, direction))
      if (edited >= span.from && edited <= span.to) out.insert(edited);
  }
  return out;
}

}  // namespace rm
