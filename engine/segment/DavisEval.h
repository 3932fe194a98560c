#pragma once
// Scoring propagation on a DAVIS-layout dataset (ROOT/JPEGImages/480p/<seq>/*.jpg,
// ROOT/Annotations/480p/<seq>/*.png): the first frame's ground truth (and optionally the
// last one's) is the keyframe, J and F are averaged over every other frame per object (the
// ids on the first frame's ground truth), then over objects (DAVIS-2017 style). Shared by
// `rotomatch-cli eval`, the training validation pass and the accuracy tests.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/segment/ObjectScores.h"
#include "engine/segment/Segmenter.h"

namespace rm {

struct DavisEvalOptions {
  bool lastKeyframe = false;  // also give the last frame's ground truth as a keyframe
  Direction direction = Direction::Both;
  int maxFrames = 0;  // > 0: only the first maxFrames frames of each sequence
  // Inclusive frame range of each sequence (last -1: to its end); the keyframe is the
  // range's first frame (and with lastKeyframe its last). A range past a sequence's end
  // is an error naming the sequence.
  int64_t first = 0;
  int64_t last = -1;
  // Optional: a segmenter made for this sequence (e.g. fine-tuned on its keyframes), used
  // instead of the one passed in.
  std::function<Expected<std::unique_ptr<Segmenter>>(FrameSource&, const PropagationRequest&)>
      segmenterFor;
};

struct DavisSequenceScore {
  std::string name;
  double j = 0;  // region similarity (IoU), mean over frames then objects
  double f = 0;  // boundary F measure, mean over frames then objects
  std::vector<ObjectScore> objects;
  double secondsPerFrame = 0;
  int64_t frames = 0;  // scored frames
};

// Names of the sequences under ROOT/JPEGImages/480p, sorted.
Expected<std::vector<std::string>> listDavisSequences(const std::string& root);

Expected<DavisSequenceScore> evaluateDavisSequence(Segmenter& segmenter, const std::string& root,
                                                   const std::string& name,
                                                   const DavisEvalOptions& options = {});

// Evaluates `sequences` (all when empty) in order; `onSequence` sees each score as it lands.
Expected<std::vector<DavisSequenceScore>> evaluateDavis(
    Segmenter& segmenter, const std::string& root, std::vector<std::string> sequences,
    const DavisEvalOptions& options = {},
    const std::function<void(const DavisSequenceScore&)>& onSequence = {});

}  // namespace rm
