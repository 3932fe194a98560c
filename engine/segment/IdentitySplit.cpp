#include "engine/segment/IdentitySplit.h"

#include <opencv2/imgproc.hpp>

namespace rm {

namespace {

// A piece of one object's label cut off from its main part and touching another object is
// a piece of that other object (left behind where the two crossed): it joins the neighbour
// it touches most. `winner`: object index per pixel (255 = none).
void reassignStrayFragments(cv::Mat& winner, const cv::Mat& claimed, int objects) {
  for (int k = 0; k < objects; ++k) {
    cv::Mat parts, stats, centroids;
    const int n = cv::connectedComponentsWithStats((winner == k) & claimed, parts, stats, centroids,
                                                   8, CV_32S);
    if (n <= 2) continue;  // background plus at most one part
    int largest = 1;
    for (int i = 2; i < n; ++i)
      if (stats.at<int>(i, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA))
        largest = i;
    for (int i = 1; i < n; ++i) {
      if (i == largest) continue;
      const cv::Mat piece = parts == i;
      cv::Mat ring;
      cv::dilate(piece, ring, cv::Mat::ones(3, 3, CV_8UC1));
      ring &= (piece == 0) & claimed;
      int best = -1, bestCount = 0;
      for (int j = 0; j < objects; ++j) {
        if (j == k) continue;
        const int count = cv::countNonZero(ring & (winner == j));
        if (count > bestCount) {
          best = j;
          bestCount = count;
        }
      }
      if (best >= 0) winner.setTo(best, piece);
    }
  }
}

}  // namespace

void splitIdentities(std::vector<cv::Mat>& probabilities, const std::vector<cv::Mat>& carried,
                     double appearancePx, double threshold, const std::vector<cv::Mat>& likeness,
                     double likenessPx, const std::vector<cv::Mat>& extraCost) {
  if (probabilities.size() < 2) return;
  const cv::Size size = probabilities[0].size();
  cv::Mat unionProb = probabilities[0].clone();
  for (size_t k = 1; k < probabilities.size(); ++k)
    unionProb = cv::max(unionProb, probabilities[k]);

  // Cost of giving a pixel to object k: its distance to k's carried mask, less the evidence
  // (matching probability and carried mask) for k there.
  const float far = float(size.width + size.height);
  cv::Mat bestCost(size, CV_32FC1, cv::Scalar(3 * far));
  cv::Mat winner(size, CV_8UC1, cv::Scalar(255));
  for (size_t k = 0; k < probabilities.size(); ++k) {
    const cv::Mat outside = carried[k] < 0.5f;
    if (cv::countNonZero(outside == 0) == 0) continue;  // gone: wins nothing
    cv::Mat cost;
    cv::distanceTransform(outside, cost, cv::DIST_L2, cv::DIST_MASK_3);
    cost -= float(appearancePx) * (probabilities[k] + carried[k]);
    if (k < likeness.size()) cost -= float(likenessPx) * likeness[k];
    if (k < extraCost.size() && !extraCost[k].empty()) cost += extraCost[k];
    const cv::Mat better = cost < bestCost;
    cost.copyTo(bestCost, better);
    winner.setTo(int(k), better);
  }
  reassignStrayFragments(winner, unionProb >= float(threshold), int(probabilities.size()));
  for (size_t k = 0; k < probabilities.size(); ++k) {
    probabilities[k] = cv::Mat::zeros(size, CV_32FC1);
    unionProb.copyTo(probabilities[k], winner == int(k));
  }
}

}  // namespace rm
