#include "engine/segment/ObjectScores.h"

#include <opencv2/core.hpp>

#include "engine/segment/DavisMeasures.h"

namespace rm {
namespace {

double ratio(double predicted, double truth) {
  return truth > 0 ? predicted / truth : 0.0;
}

}  // namespace

ObjectScorer::ObjectScorer(std::vector<int> objects)
    : objects_(std::move(objects)), sums_(objects_.size()) {}

void ObjectScorer::add(const cv::Mat& prediction, const cv::Mat& truth, bool secondHalf) {
  for (size_t i = 0; i < objects_.size(); ++i) {
    const cv::Mat p = prediction == objects_[i], t = truth == objects_[i];
    Sums& s = sums_[i];
    s.j += jaccard(p, t);
    s.f += boundaryF(p, t);
    s.predicted[secondHalf ? 1 : 0] += cv::countNonZero(p);
    s.truth[secondHalf ? 1 : 0] += cv::countNonZero(t);
  }
  ++frames_;
}

std::vector<ObjectScore> ObjectScorer::scores() const {
  std::vector<ObjectScore> out;
  const double n = frames_ > 0 ? double(frames_) : 1.0;
  for (size_t i = 0; i < objects_.size(); ++i) {
    const Sums& s = sums_[i];
    ObjectScore o;
    o.id = objects_[i];
    o.j = s.j / n;
    o.f = s.f / n;
    o.areaRatio = ratio(s.predicted[0] + s.predicted[1], s.truth[0] + s.truth[1]);
    o.areaRatioFirstHalf = ratio(s.predicted[0], s.truth[0]);
    o.areaRatioSecondHalf = ratio(s.predicted[1], s.truth[1]);
    out.push_back(o);
  }
  return out;
}

std::vector<int> objectIds(const cv::Mat& labels) {
  int histogram[256] = {};
  for (int r = 0; r < labels.rows; ++r) {
    const uint8_t* row = labels.ptr<uint8_t>(r);
    for (int c = 0; c < labels.cols; ++c)
      ++histogram[row[c]];
  }
  std::vector<int> ids;
  for (int v = 1; v < 256; ++v)
    if (histogram[v] > 0) ids.push_back(v);
  return ids;
}

}  // namespace rm
