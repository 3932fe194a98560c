#pragma once
// Optional edge-aware refinement of an upsampled probability map, guided by the source
// frame, so mask edges snap to image edges at full resolution.

#include <opencv2/core/mat.hpp>

namespace rm {

// probability CV_32FC1 in [0,1], rgb CV_8UC3 of the same size. Guided filter (He et al.)
// with a radius of radius480 pixels at a short side of 480 (scaled with the frame, at
// least 2) and regularisation eps (smaller: follows image edges more closely).
cv::Mat refineProbability(const cv::Mat& probability, const cv::Mat& rgb, double radius480 = 4,
                          double eps = 1e-3);

}  // namespace rm
