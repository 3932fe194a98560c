#include "engine/train/Finetune.h"

#include <utility>

#include <opencv2/imgproc.hpp>

#include "engine/train/Trainer.h"

namespace rm::train {
namespace {

// Pairs drawn with their own seed, never trained on: a few seconds of training on one
// keyframe can overfit, and the check says whether the tuned copy is worth using.
std::vector<FramePair> heldOutPairs(const TrainingSequence& shot, const FinetuneOptions& options) {
  AugmentParams params;
  params.size = options.size;
  PairAugmenter augmenter(params, options.seed + 7919);
  std::vector<FramePair> pairs;
  for (int i = 0; i < options.checkPairs; ++i) {
    const size_t k = static_cast<size_t>(i) % shot.frames.size();
    if (i % 2 == 0)
      pairs.push_back(augmenter.synthesize(shot.frames[k], shot.masks[k] * 255));
    else
      pairs.push_back(
          augmenter.augment({shot.frames[k], shot.masks[k], shot.frames[k], shot.masks[k]}));
  }
  return pairs;
}

// `rgb` and `mask` scaled so the frame is `height` pixels high (the mask by nearest value).
std::pair<cv::Mat, cv::Mat> scaledToHeight(const cv::Mat& rgb, const cv::Mat& mask, int height) {
  const double f = static_cast<double>(height) / rgb.rows;
  cv::Mat small, smallMask;
  cv::resize(rgb, small, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::resize(mask, smallMask, small.size(), 0, 0, cv::INTER_NEAREST);
  return {small, smallMask};
}

}  // namespace

Expected<FinetuneReport> finetuneOnKeyframes(
    const std::string& model, FrameSource& source, const std::map<int64_t, cv::Mat>& keyframes,
    const std::map<int64_t, cv::Mat>& guesses, const std::string& outModel,
    const FinetuneOptions& options, const std::function<void(const FinetuneReport&)>& onProgress,
    const std::function<bool()>& cancelled) {
  if (keyframes.empty()) return makeError("fine-tuning needs at least one keyframe");
  if (options.seconds <= 0) return makeError("the fine-tuning time budget must be positive");
  // Frames are kept at 1.5x the crop height, as in training, so scale-up keeps detail.
  const int height = options.size.height * 3 / 2;
  TrainingSequence shot;
  shot.name = source.path();
  for (const auto& [frame, labels] : keyframes) {
    auto rgb = source.readRgb8(frame);
    if (!rgb) return rgb.error();
    if (labels.size() != rgb->size() || labels.type() != CV_8UC1)
      return makeError("keyframe " + std::to_string(frame) + " of " + source.path() +
                       ": the mask does not match the frame size");
    if (cv::countNonZero(labels) == 0)
      return makeError("keyframe " + std::to_string(frame) + " of " + source.path() +
                       " has an empty mask");
    auto [small, smallMask] = scaledToHeight(*rgb, labels > 0, height);
    shot.frames.push_back(small);
    shot.masks.push_back(smallMask / 255);
  }
  for (const auto& [frame, guess] : guesses) {
    auto rgb = source.readRgb8(frame);
    if (!rgb) return rgb.error();
    if (guess.size() != rgb->size() || guess.type() != CV_8UC1)
      return makeError("guessed mask of frame " + std::to_string(frame) + " of " + source.path() +
                       " does not match the frame size");
    auto [small, smallGuess] = scaledToHeight(*rgb, guess, height);
    shot.guessFrames.push_back(small);
    shot.guessMasks.push_back(smallGuess);
  }

  TrainOptions train;
  train.initModel = model;
  train.outModel = outModel;
  train.checkpoints = false;
  train.iterations = options.maxIterations;
  train.timeBudgetSeconds = options.seconds;
  train.size = options.size;
  train.threads = options.threads;
  train.device = options.device;
  train.learningRate = options.learningRate;
  train.freezeFraction = options.freezeFraction;
  train.synthProbability = options.synthProbability;
  train.guessProbability = options.guessProbability;
  train.wiseAlpha = options.wiseAlpha;
  train.topK = options.topK;
  train.colorWeight = options.colorWeight;
  train.classBalance = options.classBalance;
  train.seed = options.seed;
  const std::vector<FramePair> checkPairs = heldOutPairs(shot, options);
  auto trainer = Trainer::create(train, {std::move(shot)}, false);
  if (!trainer) return trainer.error();
  FinetuneReport report;
  if (!checkPairs.empty()) {
    auto before = (*trainer)->evaluateLoss(checkPairs);
    if (before) report.checkLossBefore = *before;
  }
  const Status status = (*trainer)->run(
      [&](const TrainProgress& p) {
        report.iterations = p.iteration;
        report.seconds = p.seconds;
        report.lastIterationSeconds = p.lastIterationSeconds;
        report.meanLoss = p.meanLoss;
        if (onProgress) onProgress(report);
      },
      cancelled);
  if (!status) return makeError(status.message());
  report.improved = true;
  if (!checkPairs.empty() && report.checkLossBefore > 0) {
    auto after = (*trainer)->evaluateLoss(checkPairs);
    if (after) report.checkLossAfter = *after;
    report.improved = after && *after < report.checkLossBefore;
  }
  return report;
}

}  // namespace rm::train
