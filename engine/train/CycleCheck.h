#pragma once
// Cycle-consistency check for per-shot fine-tuning. A loss on augmented copies of the
// keyframes cannot tell whether a tuned network propagates better through the shot's real
// frames (measured on DAVIS: it accepted every tuned copy, including ones that lost 0.05 J).
// The check here uses the real frames and the engine's own propagation: from each keyframe,
// propagate its mask N frames away, propagate the mask predicted there back to the keyframe,
// and score the returned mask against the true one (Jaccard). A model that drifts or loses
// the object on the shot comes back with a worse mask. Used by `--finetune` of the CLI; the
// GUI can call the same functions.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"

namespace rm::train {

struct CycleCheckOptions {
  // Leg lengths N: every keyframe runs one cycle per length (a leg is shortened at the clip
  // ends; legs that end on the same frame run once). One 8-frame cycle was too noisy on DAVIS:
  // its IoU moved by up to 0.15 between leg lengths on the same shot, and it accepted a
  // copy that lost 0.08 J; the mean over 4, 8 and 16 frames rejected that copy.
  std::vector<int> legs{4, 8, 16};
  // Who segments the return leg of the tuned model's cycles. The tuned copy has been trained
  // on the keyframe image itself, so bringing the mask home onto that image flatters it; with
  // the original model on the return leg only the tuned copy's outbound masks (frames it
  // never saw) are judged. Measured on DAVIS (10 held-out shots) this variant tracked the
  // change in J worse than the plain cycle, so it is off by default.
  bool returnWithOriginal = false;
  // The tuned copy must come back better by more than this (in IoU) to be used. Two
  // fine-tuning runs of the same shot (15 s, DAVIS dev) gave tuned copies whose cycle IoU
  // differed by 0.0002-0.004 on 8 of 10 shots: smaller gains are run-to-run noise, and
  // keeping the original is the safe choice.
  double margin = 0.005;
  // ... and must also remove more than this share of the original's cycle error (1 - IoU).
  // With the margin alone, small gains passed and cost J: car-shadow (cycle 0.899 -> 0.904,
  // J -0.016) and libby (0.610 -> 0.621, J -0.054). Chosen on three fine-tuning runs of one
  // set of DAVIS fold models; on runs with two independently trained sets it accepted dog
  // (+0.040) and dance-twirl (+0.008), and once dance-twirl at -0.020 (gain 0.0497, bar
  // 0.0492): a safer bar, not a guarantee.
  double errorReduction = 0.10;
  // Checked before every leg: returning true stops the check with a "cancelled" error.
  std::function<bool()> cancelled;
  int64_t first = 0;  // cycles stay inside [first, last]; last = -1: the source's last frame
  int64_t last = -1;
};

struct CycleScore {
  double iou = 0;  // mean over cycles (and over instances of each keyframe) of the Jaccard
  int cycles = 0;  // cycles run (keyframes with room for one, times distinct leg ends)
  double seconds = 0;
};

// Cycle IoU of `segmenter` on `source`: for each keyframe k (frame index -> label map at
// source size, label i = instance i), propagate k's labels alone forward to k + N (backward
// to k - N when there is no room forward), then the labels predicted there back to k, and
// compare with the keyframe per instance. A cycle whose far end lost every instance scores 0.
// With no room for any cycle (a one-frame range) the score has cycles = 0 and iou = 0.
Expected<CycleScore> cycleConsistency(Segmenter& segmenter, FrameSource& source,
                                      const std::map<int64_t, cv::Mat>& keyframes,
                                      const CycleCheckOptions& options = {});
// The same with `outbound` segmenting the leg away from the keyframe and `inbound` the leg
// back to it.
Expected<CycleScore> cycleConsistency(Segmenter& outbound, Segmenter& inbound, FrameSource& source,
                                      const std::map<int64_t, cv::Mat>& keyframes,
                                      const CycleCheckOptions& options = {});

struct CycleDecision {
  CycleScore original;
  CycleScore tuned;
  bool useTuned = false;
  double seconds = 0;  // the whole check, model loading included
};

// The gain in cycle IoU the tuned copy must exceed: max(margin, errorReduction * (1 - IoU)).
double requiredCycleGain(const CycleScore& original, const CycleCheckOptions& options);

// The rule: use the tuned model only when it had cycles to judge it and its cycle IoU beats
// the original's by more than requiredCycleGain.
bool tunedModelWins(const CycleScore& original, const CycleScore& tuned,
                    const CycleCheckOptions& options);

// Loads both models with `params` (params.model is ignored), scores each with
// cycleConsistency and applies tunedModelWins. The segmenter of the chosen model is
// handed back in `chosen` when it is non-null, so the caller need not load it again.
Expected<CycleDecision> chooseByCycleConsistency(const SegmenterParams& params,
                                                 const std::string& originalModel,
                                                 const std::string& tunedModel, FrameSource& source,
                                                 const std::map<int64_t, cv::Mat>& keyframes,
                                                 const CycleCheckOptions& options = {},
                                                 std::unique_ptr<Segmenter>* chosen = nullptr);

}  // namespace rm::train
