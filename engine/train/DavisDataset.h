#pragma once
// A DAVIS-layout training set (JPEGImages/480p/<seq>/*.jpg, Annotations/480p/<seq>/*.png),
// decoded once and kept in memory at a reduced size so training iterations never touch disk.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

namespace rm::train {

struct TrainingSequence {
  std::string name;
  std::vector<cv::Mat> frames;  // CV_8UC3 RGB
  std::vector<cv::Mat> masks;   // CV_8UC1, 0 = background, 1 = object (instances merged)
  // Frames labelled by the model's own confident guesses (per-shot fine-tuning): masks hold
  // 0, 1 or kUnknownLabel (MatchingLoss.h). Used only as targets of pairs whose reference is
  // one of `frames`, never to build the FG/BG sets.
  std::vector<cv::Mat> guessFrames;
  std::vector<cv::Mat> guessMasks;
};

// Loads `sequences` (all when empty), scaled so the frame height is `height` pixels.
// Every frame needs a mask of the same size (a folder without masks, or with a different
// count, is an error naming the folder).
Expected<std::vector<TrainingSequence>> loadDavisSequences(
    const std::string& root, const std::vector<std::string>& sequences, int height);

}  // namespace rm::train
