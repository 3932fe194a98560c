#pragma once
// `--finetune SECONDS` of `propagate` and `eval`: adapt the feature network to the shot's own
// keyframes for a time budget, then propagate with the adapted copy.

#include <map>
#include <memory>

#include <opencv2/core/mat.hpp>

#include "app/cli/Args.h"
#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"

namespace rm::cli {

// 0 when the flag is absent; an error for a negative or non-numeric value.
Expected<double> parseFinetuneSeconds(const Args& args);

// Fine-tunes params.model (the default model when empty) on `keyframes` of `source` for
// `seconds` into a temporary file and returns a segmenter with the tuned copy only when the
// cycle check (engine/train/CycleCheck.h) on the shot's real frames says it propagates
// better than the original by the margin; otherwise with the original model. The file is
// removed once loaded. Progress and the check's numbers go to stderr.
Expected<std::unique_ptr<Segmenter>> createFinetunedSegmenter(
    const SegmenterParams& params, double seconds, FrameSource& source,
    const std::map<int64_t, cv::Mat>& keyframes);

}  // namespace rm::cli
