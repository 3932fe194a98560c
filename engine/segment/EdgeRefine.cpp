#include "engine/segment/EdgeRefine.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/edge_filter.hpp>

namespace rm {

cv::Mat refineProbability(const cv::Mat& probability, const cv::Mat& rgb) {
  const int radius = std::max(2, std::min(rgb.cols, rgb.rows) / 100);
  cv::Mat guide;
  rgb.convertTo(guide, CV_32FC3, 1.0 / 255.0);
  cv::Mat out;
  cv::ximgproc::guidedFilter(guide, probability, out, radius, 1e-3);
  cv::min(cv::max(out, 0.0), 1.0, out);
  return out;
}

}  // namespace rm
