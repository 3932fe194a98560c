#pragma once
// What a correction recomputes. When the artist turns frame k into a keyframe, the frames
// that depend on it (framesInvalidatedBy, both directions: between the keyframe before k, or
// the start, and the one after, or the end) go stale; re-propagation recomputes exactly
// those, in both directions, fused where keyframes bound them on both sides. The GUI
// (EngineController::repropagateStale) and `eval --corrections` share this request.

#include <cstdint>
#include <map>
#include <set>

#include <opencv2/core/mat.hpp>

#include "engine/segment/Segmenter.h"

namespace rm {

// `stale` non-empty, no keyframe in it. The range spans from the keyframe before the first
// stale frame (or that frame) to the keyframe after the last (or that frame).
PropagationRequest repropagationRequest(std::map<int64_t, cv::Mat> keyframes,
                                        const std::set<int64_t>& stale);

}  // namespace rm
