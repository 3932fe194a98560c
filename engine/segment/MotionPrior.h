#pragma once
// Motion prior for propagation: dense optical flow (OpenCV DIS) from each frame back to the
// one before, computed at a reduced size, carries an object's previous mask to where the
// object moved. Appearance matching cannot tell look-alike objects apart; where each one
// was and how the pixels moved can.

#include <optional>

#include <opencv2/core/mat.hpp>
#include <opencv2/video/tracking.hpp>

namespace rm {

class MotionPrior {
 public:
  // `flowShortSide`: the flow is computed with the frame's short side scaled to this (px).
  // `disPreset`: cv::DISOpticalFlow's preset (ULTRAFAST 0, FAST 1, MEDIUM 2).
  explicit MotionPrior(int flowShortSide = 240, int disPreset = 0);

  // Starts over from `grey` (CV_8UC1, working size): nothing to warp yet.
  void reset(const cv::Mat& grey);
  // Moves on to `grey` (same size) and computes the flow back to the previous frame.
  void advance(const cv::Mat& grey);

  // `previous` (a mask or probability of the previous frame, CV_8UC1 or CV_32FC1, working
  // size) carried into the current frame as CV_32FC1 in [0, 1] (8-bit masks read 255 as 1).
  // Before the first advance(), `previous` itself.
  cv::Mat warp(const cv::Mat& previous) const;

  // Where the pixels of `region` (CV_8UC1, current frame) came from, as one shift: the
  // median of their backward flow (previous - current position, px). Nullopt before the
  // first advance() or when `region` has fewer than `minPixels` pixels.
  std::optional<cv::Point2f> regionShift(const cv::Mat& region, int minPixels) const;
  // Per pixel, how far its backward flow is from `shift` (px, CV_32FC1): pixels that move
  // with an object score near 0 for it, pixels of another object moving otherwise do not.
  cv::Mat shiftMismatch(const cv::Point2f& shift) const;

 private:
  int flowShortSide_;
  cv::Ptr<cv::DISOpticalFlow> dis_;
  cv::Mat previousSmall_;
  cv::Mat mapX_, mapY_;  // working size: where each current pixel was in the previous frame
};

}  // namespace rm
