#pragma once
// DAVIS benchmark measures on binary masks: region similarity J (IoU) and contour accuracy
// F (boundary F-measure with a tolerance of 0.8% of the image diagonal), as in the DAVIS
// 2016 evaluation code.

#include <opencv2/core/mat.hpp>

namespace rm {

// Masks: CV_8UC1, non-zero = object. Both empty -> 1.
double jaccard(const cv::Mat& prediction, const cv::Mat& truth);
double boundaryF(const cv::Mat& prediction, const cv::Mat& truth, double tolerance = 0.008);

// One-pixel-wide boundary of a binary mask (DAVIS seg2bmap at the same resolution).
cv::Mat boundaryMap(const cv::Mat& mask);

}  // namespace rm
