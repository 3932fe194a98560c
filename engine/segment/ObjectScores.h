#pragma once
// DAVIS-2017-style scoring of several objects: each object's J and F averaged over the
// scored frames (an object absent from both prediction and ground truth on a frame scores 1
// there), then over objects. A DAVIS-2016 0/255 set is one object (id 1), scored as before.
// Also tracks predicted vs ground-truth area per object, to see masks bloat (halos) or
// shrink over a shot.

#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace rm {

struct ObjectScore {
  int id = 0;
  double j = 0;  // mean over the scored frames
  double f = 0;
  // Sum of predicted area / sum of ground-truth area over the frames of each half of the
  // shot (0 when the ground truth is empty there): > 1 means the mask is larger.
  double areaRatio = 0;
  double areaRatioFirstHalf = 0;
  double areaRatioSecondHalf = 0;
};

class ObjectScorer {
 public:
  // `objects`: the ids to score (the ids present on the first frame's ground truth).
  explicit ObjectScorer(std::vector<int> objects);

  // Scores one frame; label maps are CV_8UC1 of one size. `secondHalf` picks the area half.
  void add(const cv::Mat& prediction, const cv::Mat& truth, bool secondHalf);

  int64_t frames() const { return frames_; }
  std::vector<ObjectScore> scores() const;

 private:
  struct Sums {
    double j = 0, f = 0;
    double predicted[2] = {0, 0}, truth[2] = {0, 0};
  };
  std::vector<int> objects_;
  std::vector<Sums> sums_;
  int64_t frames_ = 0;
};

// The non-zero labels present in a label map, ascending.
std::vector<int> objectIds(const cv::Mat& labels);

}  // namespace rm
