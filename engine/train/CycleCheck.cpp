#include "engine/train/CycleCheck.h"

#include <algorithm>
#include <set>

#include <opencv2/core.hpp>

#include "engine/core/Stopwatch.h"
#include "engine/segment/DavisMeasures.h"

namespace rm::train {
namespace {

// Labels of frame `target` propagated from `from` (the only keyframe) in `direction`;
// only `target` is finished (upsampled, refined), the frames between are just tracked.
Expected<cv::Mat> propagateTo(Segmenter& segmenter, FrameSource& source, int64_t from,
                              const cv::Mat& labels, int64_t target) {
  PropagationRequest request;
  request.keyframes[from] = labels;
  request.first = std::min(from, target);
  request.last = std::max(from, target);
  request.direction = target > from ? Direction::Forward : Direction::Backward;
  request.onlyFrames = {target};
  cv::Mat result;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    if (m.frame == target) result = m.labels.clone();
    return true;
  };
  if (Status s = segmenter.propagate(source, request, callbacks); !s) return makeError(s.message());
  if (result.empty())
    return makeError(source.path() + ": the cycle check got no mask for frame " +
                     std::to_string(target));
  return result;
}

// Forward when the full leg fits, else backward when it fits, else the longer side.
int64_t farEnd(int64_t key, int leg, int64_t first, int64_t last) {
  const int64_t roomForward = last - key, roomBackward = key - first;
  if (roomForward >= leg) return key + leg;
  if (roomBackward >= leg) return key - leg;
  return roomForward >= roomBackward ? key + roomForward : key - roomBackward;
}

// Mean Jaccard over the instances present in `truth`.
double instanceJaccard(const cv::Mat& prediction, const cv::Mat& truth) {
  double maxLabel = 0;
  cv::minMaxLoc(truth, nullptr, &maxLabel);
  double sum = 0;
  int instances = 0;
  for (int label = 1; label <= static_cast<int>(maxLabel); ++label) {
    const cv::Mat truthMask = truth == label;
    if (cv::countNonZero(truthMask) == 0) continue;
    sum += jaccard(prediction == label, truthMask);
    ++instances;
  }
  return instances > 0 ? sum / instances : 1.0;
}

}  // namespace

Expected<CycleScore> cycleConsistency(Segmenter& segmenter, FrameSource& source,
                                      const std::map<int64_t, cv::Mat>& keyframes,
                                      const CycleCheckOptions& options) {
  return cycleConsistency(segmenter, segmenter, source, keyframes, options);
}

Expected<CycleScore> cycleConsistency(Segmenter& outbound, Segmenter& inbound, FrameSource& source,
                                      const std::map<int64_t, cv::Mat>& keyframes,
                                      const CycleCheckOptions& options) {
  Stopwatch watch;
  if (options.legs.empty()) return makeError("the cycle check needs at least one leg length");
  for (int leg : options.legs)
    if (leg < 1) return makeError("the cycle check needs legs of at least one frame");
  const int64_t frameCount = source.info().frameCount;
  const int64_t first = std::max<int64_t>(0, options.first);
  const int64_t last =
      options.last < 0 ? frameCount - 1 : std::min<int64_t>(options.last, frameCount - 1);
  CycleScore score;
  double sum = 0;
  for (const auto& [key, labels] : keyframes) {
    if (key < first || key > last) continue;
    if (cv::countNonZero(labels) == 0) continue;
    std::set<int64_t> farEnds;
    for (int leg : options.legs) {
      const int64_t far = farEnd(key, leg, first, last);
      if (far == key || !farEnds.insert(far).second) continue;
      if (options.cancelled && options.cancelled()) return makeError("cycle check cancelled");
      auto there = propagateTo(outbound, source, key, labels, far);
      if (!there) return there.error();
      double iou = 0;
      if (cv::countNonZero(*there) > 0) {
        if (options.cancelled && options.cancelled()) return makeError("cycle check cancelled");
        auto back = propagateTo(inbound, source, far, *there, key);
        if (!back) return back.error();
        iou = instanceJaccard(*back, labels);
      }
      sum += iou;
      ++score.cycles;
    }
  }
  score.iou = score.cycles > 0 ? sum / score.cycles : 0;
  score.seconds = watch.seconds();
  return score;
}

double requiredCycleGain(const CycleScore& original, const CycleCheckOptions& options) {
  return std::max(options.margin, options.errorReduction * (1.0 - original.iou));
}

bool tunedModelWins(const CycleScore& original, const CycleScore& tuned,
                    const CycleCheckOptions& options) {
  return tuned.cycles > 0 && tuned.cycles == original.cycles &&
         tuned.iou > original.iou + requiredCycleGain(original, options);
}

Expected<CycleDecision> chooseByCycleConsistency(const SegmenterParams& params,
                                                 const std::string& originalModel,
                                                 const std::string& tunedModel, FrameSource& source,
                                                 const std::map<int64_t, cv::Mat>& keyframes,
                                                 const CycleCheckOptions& options,
                                                 std::unique_ptr<Segmenter>* chosen) {
  Stopwatch watch;
  SegmenterParams p = params;
  p.model = originalModel;
  auto original = createSegmenter(p);
  if (!original) return original.error();
  p.model = tunedModel;
  auto tuned = createSegmenter(p);
  if (!tuned) return tuned.error();
  CycleDecision decision;
  auto a = cycleConsistency(**original, source, keyframes, options);
  if (!a) return a.error();
  decision.original = *a;
  auto b = cycleConsistency(**tuned, options.returnWithOriginal ? **original : **tuned, source,
                            keyframes, options);
  if (!b) return b.error();
  decision.tuned = *b;
  decision.useTuned = tunedModelWins(decision.original, decision.tuned, options);
  // The segmenters keep timings only; a fresh one for the caller would load the model again.
  if (chosen) *chosen = std::move(decision.useTuned ? *tuned : *original);
  decision.seconds = watch.seconds();
  return decision;
}

}  // namespace rm::train
