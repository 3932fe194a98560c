#pragma once
// Identity for several objects: appearance says where "an object like these" is, motion says
// which one. Look-alike objects match each other's pixels as well as their own, so each pixel
// any object claims goes to the object whose previous mask, carried to this frame by the
// optical flow, lies nearest; matching probability and the carried mask break ties where the
// carried masks touch or overlap.

#include <vector>

#include <opencv2/core/mat.hpp>

namespace rm {

// `probabilities`: per object, CV_32FC1, replaced by the split: each pixel keeps the largest
// probability of any object for its winner and 0 for the others. `carried`: per object, its
// previous mask carried by the flow (CV_32FC1 in [0, 1], same size). `appearancePx`: distance
// (px) that one unit of probability (or of carried mask) outweighs. An object whose carried
// mask is empty wins no pixel. Where pixels at or above `threshold` form a piece of one
// object cut off from its largest part and touching another object, the piece goes to that
// other object (a fragment left behind where two objects crossed).
// `likeness` (optional, per object, CV_32FC1 <= 0): how much less like object k each pixel is
// than like the object it is most like; `likenessPx`: distance one unit of it is worth.
// `extraCost` (optional, per object, CV_32FC1, px): added to the cost of giving each pixel
// to that object (how far the pixel's motion is from the object's).
void splitIdentities(std::vector<cv::Mat>& probabilities, const std::vector<cv::Mat>& carried,
                     double appearancePx, double threshold,
                     const std::vector<cv::Mat>& likeness = {}, double likenessPx = 0,
                     const std::vector<cv::Mat>& extraCost = {});

}  // namespace rm
