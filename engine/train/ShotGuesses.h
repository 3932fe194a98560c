#pragma once
// Confident guesses for per-shot fine-tuning (online adaptation, as in OnAVOS, Voigtlaender &
// Leibe 2017): the keyframes alone show the object in one pose and light, so the tuned copy
// learns nothing about how it changes. Propagating the keyframes with the untuned model
// gives masks of later frames; their confident core (eroded) is object, their far
// surroundings (outside the dilated mask) are background, and the band between is unknown.

#include <cstdint>
#include <functional>
#include <map>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"

namespace rm::train {

struct ShotGuessOptions {
  int count = 8;        // guessed frames wanted (0: none)
  int span = 24;        // frames away from a keyframe the guesses reach
  double band480 = 12;  // half-width of the unknown band, in pixels at 480p
  std::function<bool()> cancelled;
};

// Frame index -> CV_8UC1 at source size with 0 (background), 1 (object) and kUnknownLabel.
// Frames are spread evenly over [key - span, key + span] of every keyframe (clipped to the
// clip), keyframes themselves excluded. Guesses that lost the object are left out.
Expected<std::map<int64_t, cv::Mat>> guessShotMasks(Segmenter& segmenter, FrameSource& source,
                                                    const std::map<int64_t, cv::Mat>& keyframes,
                                                    const ShotGuessOptions& options);

// The guess of one propagated label map (any label > 0 is object): eroded core 1, outside
// the dilated mask 0, the band between kUnknownLabel.
cv::Mat guessFromLabels(const cv::Mat& labels, int bandPixels);

}  // namespace rm::train
