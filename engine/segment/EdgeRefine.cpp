#include "engine/segment/EdgeRefine.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/edge_filter.hpp>

namespace rm {

cv::Mat refineProbability(const cv::Mat& probability, const cv::Mat& rgb, double radius480,
                          double eps) {
  const int radius =
      std::max(2, int(std::lround(radius480 * std::min(rgb.cols, rgb.rows) / 480.0)));
  cv::Mat guide;
  rgb.convertTo(guide, CV_32FC3, 1.0 / 255.0);
  cv::Mat out;
  cv::ximgproc::guidedFilter(guide, probability, out, radius, eps);
  cv::min(cv::max(out, 0.0), 1.0, out);
  return out;
}

}  // namespace rm
