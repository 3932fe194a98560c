#pragma once
// Raster operations of the painting tools on a label map (CV_8UC1, value = instance id).
// Coordinates are continuous image coordinates: pixel (x, y) covers [x, x+1) x [y, y+1),
// so its centre is (x + 0.5, y + 0.5). Each operation returns the rectangle it may have
// changed (clipped to the mask), for compact undo diffs and partial repaints.

#include <array>
#include <map>
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

// ---- soft brushes ----
// A brush of radius R and hardness h (0..1) covers a pixel whose centre lies at distance
// d from the stroke path by
//   c(d) = 1 for d <= hR,  0 for d >= R,  smoothstep((R - d) / (R - hR)) in between,
// and a stroke covers a pixel by the maximum over its dabs, so a stroke never builds up.
//
// An instance may own a soft alpha layer per frame (CV_8UC1, 0..255); without one its
// alpha is 255 on its label and 0 elsewhere. Painting instance k sets
// A_k = max(A_k, round(255 c)), erasing sets A_k = min(A_k, round(255 (1 - c))), and the
// label map follows the 50% line of that alpha: a painted pixel is labelled k when
// A_k >= 128, an erased pixel of k loses its label when A_k < 128. Hence
//  - hardness 100% changes exactly the pixels of the hard capsule and never creates a
//    layer: the label map stays exact;
//  - the label edge of a soft stroke lies halfway through its feather, at R (1 + h) / 2;
//  - the engine (propagation) and label-map exports see the thresholded labels, while
//    mattes (viewer, matte exports) use A_k with its soft edge.
// A pixel taken over from instance j keeps min(A_j, 255 - A_k) of j's alpha (under 50%,
// consistent with its new label). Pixels of locked instances are left alone entirely.
using SoftLayers = std::map<int, cv::Mat>;  // instance id -> CV_8UC1 alpha

double brushCoverage(double distance, double radius, double hardness);

// Soft capsule of `radius` around segment a-b into `labels` and `layers` (a layer for
// target.id is created from the label map when hardness < 1 and none exists).
cv::Rect paintSoftCapsule(cv::Mat& labels, SoftLayers& layers, cv::Point2d a, cv::Point2d b,
                          double radius, double hardness, const PaintTarget& target);

// After a hard edit changed labels inside `region` (`before`: the labels of `region`
// before the edit), the layers follow: 255 where a pixel became theirs, 0 where it
// stopped being theirs; soft tails elsewhere stay.
void syncLayersToLabels(const cv::Mat& labels, const cv::Mat& before, const cv::Rect& region,
                        SoftLayers& layers);

// Whether a layer carries soft values (anything but 0 and 255); one that does not is
// redundant with the label map.
bool hasSoftValues(const cv::Mat& layer);

// Fills the polygon (pixel centres inside it, even-odd) with the target.
cv::Rect paintPolygon(cv::Mat& mask, const std::vector<cv::Point2d>& polygon,
                      const PaintTarget& target);

// Fills background/other-instance regions of `id` that the image border cannot reach
// without crossing `id` (4-connected holes).
cv::Rect fillHoles(cv::Mat& mask, const PaintTarget& target);

// Clears every unlocked label of the frame.
cv::Rect clearUnlocked(cv::Mat& mask, const PaintTarget& target);

}  // namespace rm::bridge
