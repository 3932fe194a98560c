#include "engine/segment/MaskOps.h"

#include <cstdint>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace rm {

cv::Mat extrudeMask(const cv::Mat& mask, double distance) {
  if (cv::countNonZero(mask) == 0) return cv::Mat::zeros(mask.size(), CV_8UC1);
  // Distance of every pixel to the nearest mask pixel: zero pixels of `outside` are the mask.
  cv::Mat outside = (mask == 0), dist;
  cv::distanceTransform(outside, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return dist <= distance;
}

cv::Mat erodeMask(const cv::Mat& mask, double distance) {
  // Pad with background so the frame border counts as outside.
  cv::Mat padded;
  cv::copyMakeBorder(mask != 0, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::Mat dist;
  cv::distanceTransform(padded, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return dist(cv::Rect(1, 1, mask.cols, mask.rows)) > distance;
}

cv::Mat removeOutliers(cv::Mat& probability, const cv::Mat& previousMask, double distance) {
  cv::Mat region = extrudeMask(previousMask, distance);
  probability.setTo(0.0f, region == 0);
  return region;
}

cv::Mat componentsTouching(const cv::Mat& mask, const cv::Mat& anchor) {
  cv::Mat components;
  const int count = cv::connectedComponents(mask != 0, components, 8, CV_32S);
  std::vector<uint8_t> touching(static_cast<size_t>(count), 0);
  for (int r = 0; r < mask.rows; ++r) {
    const int* label = components.ptr<int>(r);
    const uint8_t* a = anchor.ptr<uint8_t>(r);
    for (int c = 0; c < mask.cols; ++c)
      if (label[c] > 0 && a[c]) touching[size_t(label[c])] = 255;
  }
  cv::Mat out(mask.size(), CV_8UC1);
  for (int r = 0; r < mask.rows; ++r) {
    const int* label = components.ptr<int>(r);
    uint8_t* o = out.ptr<uint8_t>(r);
    for (int c = 0; c < mask.cols; ++c)
      o[c] = touching[size_t(label[c])];
  }
  return out;
}

cv::Mat largestComponent(const cv::Mat& mask) {
  cv::Mat components, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask != 0, components, stats, centroids, 8);
  int best = 0;
  for (int i = 1; i < count; ++i)
    if (best == 0 || stats.at<int>(i, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA))
      best = i;
  if (best == 0) return cv::Mat::zeros(mask.size(), CV_8UC1);
  return components == best;
}

cv::Mat cellFraction(const cv::Mat& mask, int rows, int cols, int stride) {
  cv::Mat binary;
  cv::Mat(mask != 0).convertTo(binary, CV_32F, 1.0 / 255.0);
  cv::Mat sums;
  cv::integral(binary, sums, CV_64F);
  cv::Mat out(rows, cols, CV_32FC1);
  for (int r = 0; r < rows; ++r) {
    const int y0 = std::min(r * stride, mask.rows), y1 = std::min((r + 1) * stride, mask.rows);
    for (int c = 0; c < cols; ++c) {
      const int x0 = std::min(c * stride, mask.cols), x1 = std::min((c + 1) * stride, mask.cols);
      const double area = double(y1 - y0) * (x1 - x0);
      const double s = sums.at<double>(y1, x1) - sums.at<double>(y0, x1) - sums.at<double>(y1, x0) +
                       sums.at<double>(y0, x0);
      out.at<float>(r, c) = area > 0 ? static_cast<float>(s / area) : 0.0f;
    }
  }
  return out;
}

UpdateSelection selectUpdates(const cv::Mat& initialForeground, const cv::Mat& extrudedPrevious,
                              const cv::Mat& probability, const cv::Mat& erodedPrediction,
                              double c1) {
  UpdateSelection s;
  s.addToBackground = (initialForeground != 0) & (extrudedPrevious == 0);
  s.addToForeground = (probability > c1) & (erodedPrediction != 0) & (s.addToBackground == 0);
  return s;
}

cv::Mat fuseInstances(const std::vector<cv::Mat>& probabilities, double threshold) {
  if (probabilities.empty()) return {};
  const cv::Size size = probabilities[0].size();
  cv::Mat labels = cv::Mat::zeros(size, CV_8UC1);
  cv::Mat best(size, CV_32FC1, cv::Scalar(-1.0f));
  for (size_t k = 0; k < probabilities.size(); ++k) {
    // Strictly greater: ties go to the lower instance index, deterministically.
    const cv::Mat better = probabilities[k] > best;
    probabilities[k].copyTo(best, better);
    labels.setTo(static_cast<int>(k + 1), better);
  }
  labels.setTo(0, best < threshold);
  return labels;
}

}  // namespace rm
