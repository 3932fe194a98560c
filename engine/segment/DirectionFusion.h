#pragma once
// Fusing the two propagation directions for a frame t between keyframes a < t < b.
// Measured on the DAVIS dev set (keyframes 0 and N-1): the chains mostly agree; where they
// differ, one has usually lost the object, and then its outlier removal (nothing survives
// outside an empty extruded mask) keeps it empty for good. Its zeros are no evidence, yet a
// plain average halves the other chain's foreground. So each chain is weighted by
//  - its temporal closeness to its keyframe (errors grow with distance), and
//  - the plausibility of its mask area against the area the two keyframes lead one to expect
//    (a chain that lost the object scores 0),
//  - optionally, by its per-pixel confidence |2p - 1|.

#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace rm {

struct FusionParams {
  // Temporal weight of the forward chain: w^p / (w^p + (1-w)^p) with w = (b-t)/(b-a); p = 1 is
  // linear, a larger p trusts the nearer keyframe more.
  double temporalPower = 1;
  // Exponent of the area plausibility min(A, E) / max(A, E) of each chain's mask (area A,
  // expected E interpolated linearly between the keyframes' areas); 0 = off.
  double areaPower = 0;
  // Exponent of the per-pixel confidence |2p - 1| + 0.001 in each chain's weight; 0 = off.
  double confidence = 0;
};

// Temporal weight of the forward chain at frame t between keyframes a (forward) and b.
double forwardTemporalWeight(int64_t t, int64_t a, int64_t b, double temporalPower);

// min(area, expected) / max(area, expected), 1 when both are 0.
double areaPlausibility(double area, double expected);

// Fraction of the frame where probability >= 0.5 (CV_32FC1).
double foregroundFraction(const cv::Mat& probability);

// Fraction of the frame each instance 1..n covers in a label map (CV_8UC1): the keyframe
// areas fuseDirections expects.
std::vector<double> instanceAreas(const cv::Mat& labels, int n);

// Fuses the per-instance probabilities (CV_32FC1, same sizes) of the forward and backward
// chains at frame t, a < t < b; keyArea{A,B}[k]: foreground fraction of instance k in
// keyframes a and b. Returns CV_32FC1 per instance.
std::vector<cv::Mat> fuseDirections(const std::vector<cv::Mat>& forward,
                                    const std::vector<cv::Mat>& backward, int64_t t, int64_t a,
                                    int64_t b, const std::vector<double>& keyAreaA,
                                    const std::vector<double>& keyAreaB,
                                    const FusionParams& params);

}  // namespace rm
