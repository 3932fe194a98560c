#pragma once
// `--finetune SECONDS` of `propagate` and `eval`: adapt the feature network to the shot's own
// keyframes for a time budget, then propagate with the adapted copy when the cycle check
// says it propagates better.

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <opencv2/core/mat.hpp>

#include "app/cli/Args.h"
#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"
#include "engine/train/CycleCheck.h"
#include "engine/train/Finetune.h"

namespace rm::cli {

struct ShotFinetuneSettings {
  double seconds = 0;  // 0: no fine-tuning
  train::FinetuneOptions options;
  train::CycleCheckOptions cycle;
  // "judge": the cycle check decides; "always"/"never": force the choice (the check still
  // runs and is reported, so the judge can be measured against the forced outcome).
  std::string accept = "judge";
  // Also score every (outbound, return) model pairing per leg length and print it: what
  // the rule is chosen from.
  bool judgeReport = false;
};

// Option names read by parseFinetuneFlags.
const std::set<std::string>& finetuneFlagNames();
const char* finetuneFlagsUsage();

// --finetune SECONDS (0 when absent) and repeatable --finetune-set key=value with keys lr,
// freeze, synth, color, size (WxH), iterations, seed, legs (comma list), margin,
// error-reduction, return
// (original|tuned), accept (judge|always|never), report (0|1).
Expected<ShotFinetuneSettings> parseFinetuneFlags(const Args& args);

// Fine-tunes params.model (the default model when empty) on `keyframes` of `source` into a
// temporary file and returns a segmenter with the tuned copy only when the cycle check
// (engine/train/CycleCheck.h) on the shot's real frames says it propagates better than the
// original by the margin (or as forced by `accept`); otherwise with the original model. The
// file is removed once loaded. Progress and the check's numbers go to stderr. `cancelled`
// (SIGINT/SIGTERM) stops training and the check; the result is then an error and the
// temporary model is gone.
Expected<std::unique_ptr<Segmenter>> createFinetunedSegmenter(
    const SegmenterParams& params, const ShotFinetuneSettings& settings, FrameSource& source,
    const std::map<int64_t, cv::Mat>& keyframes, const std::function<bool()>& cancelled = {});

}  // namespace rm::cli
