#pragma once
// Mask post-processing of VideoMatch on OpenCV images: outlier removal by an extruded
// previous mask, erosion, the online-update selection rules, and instance fusion.

#include <vector>

#include <opencv2/core/mat.hpp>

namespace rm {

// Pixels within `distance` (Euclidean) of a non-zero pixel of mask (CV_8UC1); 255/0.
// An empty mask extrudes to an empty region.
cv::Mat extrudeMask(const cv::Mat& mask, double distance);

// Pixels of mask farther than `distance` from any zero pixel (or the frame border); 255/0.
cv::Mat erodeMask(const cv::Mat& mask, double distance);

// Outlier removal: probability (CV_32FC1) set to 0 outside the previous mask extruded by
// `distance`. Returns the extruded region used.
cv::Mat removeOutliers(cv::Mat& probability, const cv::Mat& previousMask, double distance);

// The connected components (8-neighbourhood) of mask that share at least one pixel with
// anchor; 255/0. Drops the detached blobs a look-alike leaves inside the extruded region.
cv::Mat componentsTouching(const cv::Mat& mask, const cv::Mat& anchor);

// The largest connected component (8-neighbourhood) of mask; 255/0, empty mask when none.
cv::Mat largestComponent(const cv::Mat& mask);

// Fraction of non-zero pixels of mask in each stride x stride cell, as a [rows x cols]
// CV_32FC1 grid (cells past the image border count only the pixels inside).
cv::Mat cellFraction(const cv::Mat& mask, int rows, int cols, int stride);

// The paper's online-update rules on the cell grid (all CV_8UC1 0/255 except prob CV_32F):
//  - background gains cells predicted foreground before outlier removal but outside the
//    extruded previous mask;
//  - foreground gains cells of the eroded final prediction with probability > c1 that were
//    not just added to the background.
struct UpdateSelection {
  cv::Mat addToBackground;
  cv::Mat addToForeground;
};
UpdateSelection selectUpdates(const cv::Mat& initialForeground, const cv::Mat& extrudedPrevious,
                              const cv::Mat& probability, const cv::Mat& erodedPrediction,
                              double c1);

// Per-pixel argmax over instance probabilities (CV_32FC1 each); label k+1 for instance k,
// 0 (background) where every probability is below `threshold` (c2, or 0.5 for one instance).
cv::Mat fuseInstances(const std::vector<cv::Mat>& probabilities, double threshold);

}  // namespace rm
