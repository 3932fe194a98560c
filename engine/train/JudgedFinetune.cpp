#include "engine/train/JudgedFinetune.h"

namespace rm::train {

Expected<JudgedFinetune> finetuneAndJudge(
    const SegmenterParams& params, const std::string& model, FrameSource& source,
    const std::map<int64_t, cv::Mat>& keyframes, const std::string& outModel,
    const FinetuneOptions& options, const CycleCheckOptions& cycle,
    const JudgedFinetuneCallbacks& callbacks, std::unique_ptr<Segmenter>* chosen) {
  FinetuneOptions tuning = options;
  tuning.device = params.device;
  tuning.threads = params.threads;
  std::map<int64_t, cv::Mat> guesses;
  if (options.guess.count > 0) {
    SegmenterParams p = params;
    p.model = model;
    auto untuned = createSegmenter(p);
    if (!untuned) return untuned.error();
    ShotGuessOptions guessing = options.guess;
    if (callbacks.cancelled) guessing.cancelled = callbacks.cancelled;
    if (callbacks.onGuessing) callbacks.onGuessing(guessing.count);
    auto made = guessShotMasks(**untuned, source, keyframes, guessing);
    if (!made) return made.error();
    guesses = std::move(*made);
  }
  auto report = finetuneOnKeyframes(model, source, keyframes, guesses, outModel, tuning,
                                    callbacks.onTraining, callbacks.cancelled);
  if (!report) return report.error();
  if (callbacks.onJudging) callbacks.onJudging(*report);
  // The loss on augmented keyframe pairs does not decide (on DAVIS it accepted copies that
  // propagated worse); the cycle check on the shot's real frames does.
  CycleCheckOptions check = cycle;
  if (callbacks.cancelled) check.cancelled = callbacks.cancelled;
  auto decision =
      chooseByCycleConsistency(params, model, outModel, source, keyframes, check, chosen);
  if (!decision) return decision.error();
  return JudgedFinetune{*report, *decision};
}

}  // namespace rm::train
