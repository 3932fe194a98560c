#pragma once
// One propagation chain of VideoMatch: banks built from keyframes, then frame after frame
// soft matching (global, plus local matching to previous frames in the default preset),
// outlier removal, instance fusion and the online bank update.

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/types.h>
#include <opencv2/core/mat.hpp>

#include "engine/segment/FeatureBank.h"
#include "engine/segment/MatchConfig.h"
#include "engine/segment/MotionPrior.h"
#include "engine/segment/ObjectLayers.h"

namespace rm {

// Features of one frame on the matching grid.
struct FrameFeatures {
  torch::Tensor features;  // [C,h,w], L2-normalised along C
  int stride = 8;
  cv::Mat grey;  // CV_8UC1 frame at working size; needed only by the motion prior
};

// A keyframe: features and label map at working size (CV_8UC1, 0 = background).
struct KeyframeData {
  int64_t frame = 0;
  FrameFeatures features;
  cv::Mat labels;
};

struct TrackerOutput {
  std::vector<cv::Mat> probabilities;  // per instance, CV_32FC1 at working size
  cv::Mat labels;                      // CV_8UC1 at working size
};

class MatchTracker {
 public:
  // `workingSize`: frame size the masks live at; `instances`: labels 1..instances.
  MatchTracker(const MatchConfig& config, cv::Size workingSize, int instances);

  // Builds m_F/m_B of every instance from all `bankKeys`, and starts from `start`'s mask.
  void initialise(const std::vector<const KeyframeData*>& bankKeys, const KeyframeData& start);

  TrackerOutput step(const FrameFeatures& frame);

  // The paper's pipeline matches cells outside the extruded masks only as far as needed to
  // prove them background (same result, see boundedScores in MatchTracker.cpp); on: match
  // every cell exhaustively, as the paper describes (for tests and comparisons).
  void setExhaustiveMatching(bool on) { exhaustive_ = on; }

  const FeatureBank& foregroundBank(int instance) const { return fg_[instance]; }
  // With a shared background (several objects) every instance reads the one bank.
  const FeatureBank& backgroundBank(int instance) const {
    return bg_[sharedBackground() ? 0 : instance];
  }

 private:
  // componentReach480: removes the detached components from out; returns them per instance
  // (empty when none were removed).
  std::vector<cv::Mat> dropDetachedComponents(TrackerOutput& out) const;
  // An object whose mask falls below absentArea x its running area is absent: empty mask.
  void updateAbsence(TrackerOutput& out);
  // Running mean foreground score over the cells of object k's mask (`fgScore`: [rows*cols]).
  void updateLikeness(size_t k, const torch::Tensor& fgScore, const cv::Mat& mask, int rows,
                      int cols, int stride);
  void pushHistory(const torch::Tensor& features, const cv::Mat& labels, int stride);
  double scaled480(double pixels480) const;
  bool usesMotion() const { return usesFlow(config_, instances_); }
  bool sharedBackground() const { return config_.sharedBackground && instances_ > 1; }
  bool usesLayers() const {
    return config_.identitySplit && instances_ > 1 &&
           (config_.hiddenExtents || config_.identityMotion > 0);
  }

  MatchConfig config_;
  cv::Size size_;
  int instances_;
  bool exhaustive_ = false;
  std::vector<FeatureBank> fg_, bg_;
  std::vector<cv::Mat> previousMasks_;  // per instance at working size
  MotionPrior motion_;
  ObjectLayers layers_;            // hiddenExtents / identityMotion
  std::vector<double> areaLevel_;  // per instance, running mask area (px); -1 unset
  std::vector<double> likeness_;   // per instance, running foreground score on its mask; -1 unset
  std::vector<torch::Tensor> historyFeatures_;  // [C,h,w], newest last
  std::vector<torch::Tensor> historyLabels_;    // [h,w] int64 cell labels
};

// Label of each cell (CV_8UC1 rows x cols): the instance covering >= half the cell, else 0.
cv::Mat cellLabels(const cv::Mat& labels, int instances, int rows, int cols, int stride);

}  // namespace rm
