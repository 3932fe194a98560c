#include "engine/train/CycleCheck.h"

#include <algorithm>
#include <chrono>

#include <opencv2/core.hpp>

#include "engine/segment/DavisMeasures.h"

namespace rm::train {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

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
  const auto start = Clock::now();
  if (options.frames < 1) return makeError("the cycle check needs legs of at least one frame");
  const int64_t frameCount = source.info().frameCount;
  const int64_t first = std::max<int64_t>(0, options.first);
  const int64_t last =
      options.last < 0 ? frameCount - 1 : std::min<int64_t>(options.last, frameCount - 1);
  CycleScore score;
  double sum = 0;
  for (const auto& [key, labels] : keyframes) {
    if (key < first || key > last) continue;
    if (cv::countNonZero(labels) == 0) continue;
    // Forward when the full leg fits, else backward when it fits, else the longer side.
    const int64_t roomForward = last - key, roomBackward = key - first;
    int64_t far = key;
    if (roomForward >= options.frames)
      far = key + options.frames;
    else if (roomBackward >= options.frames)
      far = key - options.frames;
    else if (roomForward >= roomBackward)
      far = key + roomForward;
    else
      far = key - roomBackward;
    if (far == key) continue;
    auto there = propagateTo(segmenter, source, key, labels, far);
    if (!there) return there.error();
    double iou = 0;
    if (cv::countNonZero(*there) > 0) {
      auto back = propagateTo(segmenter, source, far, *there, key);
      if (!back) return back.error();
      iou = instanceJaccard(*back, labels);
    }
    sum += iou;
    ++score.cycles;
  }
  score.iou = score.cycles > 0 ? sum / score.cycles : 0;
  score.seconds = secondsSince(start);
  return score;
}

bool tunedModelWins(const CycleScore& original, const CycleScore& tuned, double margin) {
  return tuned.cycles > 0 && tuned.cycles == original.cycles && tuned.iou > original.iou + margin;
}

Expected<CycleDecision> chooseByCycleConsistency(const SegmenterParams& params,
                                                 const std::string& originalModel,
                                                 const std::string& tunedModel, FrameSource& source,
                                                 const std::map<int64_t, cv::Mat>& keyframes,
                                                 const CycleCheckOptions& options,
                                                 std::unique_ptr<Segmenter>* chosen) {
  const auto start = Clock::now();
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
  auto b = cycleConsistency(**tuned, source, keyframes, options);
  if (!b) return b.error();
  decision.tuned = *b;
  decision.useTuned = tunedModelWins(decision.original, decision.tuned, options.margin);
  // The segmenters keep timings only; a fresh one for the caller would load the model again.
  if (chosen) *chosen = std::move(decision.useTuned ? *tuned : *original);
  decision.seconds = secondsSince(start);
  return decision;
}

}  // namespace rm::train
