#pragma once
// Optional edge-aware refinement of an upsampled probability map, guided by the source
// frame, so mask edges snap to image edges at full resolution.

#include <opencv2/core/mat.hpp>

namespace rm {

// probability CV_32FC1 in [0,1], rgb CV_8UC3 of the same size. Guided filter (He et al.)
// with a radius of radius480 pixels at a short side of 480 (scaled with the frame, at
// least 2) and regularisation eps (smaller: follows image edges more closely).
// `subsample` > 1 runs the fast guided filter (He and Sun 2015): the linear coefficients are
// fitted on frames shrunk by that factor and applied to the full-resolution guide, so edges
// keep full-resolution detail at about 1/subsample^2 of the cost. 0 picks the factor that
// brings the short side near 480 (1, the exact filter, up to a short side of 959).
cv::Mat refineProbability(const cv::Mat& probability, const cv::Mat& rgb, double radius480 = 4,
                          double eps = 1e-3, int subsample = 0);

}  // namespace rm
