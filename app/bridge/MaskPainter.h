#pragma once
// Raster operations of the painting tools on a label map (CV_8UC1, value = instance id).
// Coordinates are continuous image coordinates: pixel (x, y) covers [x, x+1) x [y, y+1),
// so its centre is (x + 0.5, y + 0.5). Each operation returns the rectangle it may have
// changed (clipped to the mask), for compact undo diffs and partial repaints.

#include <array>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace rm::bridge {

struct PaintTarget {
  int id = 1;          // instance painted or erased
  bool erase = false;  // erase: only pixels labelled `id` become background
  // Labels that painting must not overwrite (locked instances); index = label.
  std::array<bool, 256> locked{};
};

// Capsule of `radius` around segment a-b: a pixel is covered when its centre lies within
// `radius` of the segment (a == b gives a disc).
cv::Rect paintCapsule(cv::Mat& mask, cv::Point2d a, cv::Point2d b, double radius,
                      const PaintTarget& target);

// Fills the polygon (pixel centres inside it, even-odd) with the target.
cv::Rect paintPolygon(cv::Mat& mask, const std::vector<cv::Point2d>& polygon,
                      const PaintTarget& target);

// Fills background/other-instance regions of `id` that the image border cannot reach
// without crossing `id` (4-connected holes).
cv::Rect fillHoles(cv::Mat& mask, const PaintTarget& target);

// Clears every unlocked label of the frame.
cv::Rect clearUnlocked(cv::Mat& mask, const PaintTarget& target);

}  // namespace rm::bridge
