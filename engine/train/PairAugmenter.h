#pragma once
// Training pairs for the matching network: a reference frame with its mask (builds the
// FG/BG sets) and a target frame to segment. Pairs come from two frames of one video, or
// are synthesised from a single annotated frame by cutting the object out and pasting it
// back with random motion, scale, occlusion and colour change (the Lucid Data Dreaming idea),
// which gives far more varied pairs than a handful of annotated videos.

#include <cstdint>
#include <random>
#include <string>

#include <opencv2/core/mat.hpp>

namespace rm::train {

struct FramePair {
  cv::Mat refRgb;   // CV_8UC3
  cv::Mat refMask;  // CV_8UC1, 0 = background, 1 = object
  cv::Mat tgtRgb;
  cv::Mat tgtMask;
};

struct AugmentParams {
  cv::Size size{432, 240};  // output size (W x H); multiples of 8 keep cells aligned
  double minScale = 0.5;    // random scale range (the paper: 0.5 - 1.5)
  double maxScale = 1.5;
  bool flip = true;              // random horizontal flip
  double colourJitter = 0.08;    // +- fraction of brightness/contrast/saturation change
  double maxShift = 0.15;        // synthetic motion: +- fraction of the frame size
  double maxRotationDeg = 12.0;  // synthetic motion: rotation range
  double occluderProbability = 0.3;
};

class PairAugmenter {
 public:
  explicit PairAugmenter(AugmentParams params = {}, uint64_t seed = 1);

  // Same flip for both frames (a mirrored video), independent scale/crop per frame, crop
  // placed to keep the object in view when it can. Masks use nearest-neighbour resampling.
  FramePair augment(const FramePair& pair);

  // Pastes another video's object (`rgb` with its 0/1 `mask`, any size) into both frames of
  // an augmented pair as a distractor: the same cut-out, scaled to 20-60 % of the frame height,
  // at a random place in the reference and moved a little in the target. It is background in
  // both masks (where it covers the object, the object is occluded). VideoMatch fails most on
  // look-alike objects; the npm features tell "object" from "not object" far better than one
  // object from another. Returns false (pair unchanged) when the mask is empty or the paste
  // would hide more than half of the object in either frame.
  bool addDistractor(FramePair& pair, const cv::Mat& rgb, const cv::Mat& mask);

  // A pair from one annotated frame: target = background with the object moved by a random
  // affine transform, recoloured, maybe partly occluded. `background` (optional, any size)
  // replaces the frame's own background in the target when given.
  FramePair synthesize(const cv::Mat& rgb, const cv::Mat& mask, const cv::Mat& background = {});

  std::mt19937_64& rng() { return rng_; }
  // RNG state as text, so a resumed training run draws the same pairs.
  std::string saveState() const;
  bool restoreState(const std::string& state);

 private:
  double uniform(double lo, double hi);
  cv::Mat randomCrop(const cv::Mat& rgb, const cv::Mat& mask, bool flip, cv::Mat* maskOut);
  void jitterColour(cv::Mat& rgb);

  AugmentParams params_;
  std::mt19937_64 rng_;
};

}  // namespace rm::train
