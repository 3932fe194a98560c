#pragma once
// Simulated corrections, deterministic: round 0 propagates frame 0's ground truth through
// the sequence; each round adds the ground truth of the frame with the lowest J (mean over
// objects) as a keyframe and re-propagates exactly as the GUI does after a correction (the
// frames that depend on it, both directions: repropagationRequest in Repropagation.h).
// J and F are averaged over the non-keyframe frames and, per frame, over the objects of
// frame 0's ground truth.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/segment/Segmenter.h"

namespace rm {

struct CorrectionEvalOptions {
  int corrections = 3;
  int maxFrames = 0;  // > 0: only the first maxFrames frames of each sequence
};

struct CorrectionSequenceScore {
  std::string name;
  std::vector<double> j, f;         // after 0..corrections
  std::vector<int64_t> corrected;   // the frame added in rounds 1..corrections
  std::vector<int64_t> recomputed;  // frames propagated in rounds 0..corrections
  int objects = 0;
};

// ROOT in the DAVIS layout (see DavisEval.h).
Expected<CorrectionSequenceScore> evaluateCorrections(Segmenter& segmenter, const std::string& root,
                                                      const std::string& name,
                                                      const CorrectionEvalOptions& options = {});

}  // namespace rm
