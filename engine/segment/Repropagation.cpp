#include "engine/segment/Repropagation.h"

namespace rm {

PropagationRequest repropagationRequest(std::map<int64_t, cv::Mat> keyframes,
                                        const std::set<int64_t>& stale) {
  PropagationRequest request;
  request.keyframes = std::move(keyframes);
  request.direction = Direction::Both;
  request.onlyFrames = stale;
  if (stale.empty()) return request;
  const int64_t lo = *stale.begin(), hi = *stale.rbegin();
  const auto after = request.keyframes.upper_bound(hi);
  const auto before = request.keyframes.lower_bound(lo);
  request.first = before == request.keyframes.begin() ? lo : std::prev(before)->first;
  request.last = after == request.keyframes.end() ? hi : after->first;
  return request;
}

}  // namespace rm
