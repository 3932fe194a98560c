#pragma once
// Per-shot fine-tuning as the CLI and the GUI run it: train a copy of the model on the
// shot's keyframes (Finetune.h), then let the cycle check on the shot's real frames
// (CycleCheck.h) decide whether the copy is used. One orchestration for both front ends;
// they differ only in how they show progress and the decision.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"
#include "engine/train/CycleCheck.h"
#include "engine/train/Finetune.h"

namespace rm::train {

struct JudgedFinetune {
  FinetuneReport training;
  CycleDecision decision;
};

struct JudgedFinetuneCallbacks {
  std::function<void(int frames)> onGuessing;  // before guessing masks of `frames` frames
  std::function<void(const FinetuneReport&)> onTraining;  // after every iteration
  std::function<void(const FinetuneReport&)> onJudging;   // training done, the check starts
  std::function<bool()> cancelled;  // stops training at once, the check before its next leg
};

// Tunes `model` (with params.device and params.threads) into `outModel` and judges it against
// `model` with the engine configured by `params`. `outModel` stays on disk whatever the
// decision; the caller keeps or removes it. The chosen segmenter goes to `chosen` when
// non-null.
Expected<JudgedFinetune> finetuneAndJudge(
    const SegmenterParams& params, const std::string& model, FrameSource& source,
    const std::map<int64_t, cv::Mat>& keyframes, const std::string& outModel,
    const FinetuneOptions& options, const CycleCheckOptions& cycle,
    const JudgedFinetuneCallbacks& callbacks = {}, std::unique_ptr<Segmenter>* chosen = nullptr);

}  // namespace rm::train
