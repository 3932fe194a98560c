#pragma once
// Small synthetic clips for segmenter tests: a textured background with moving coloured
// objects, held in memory behind the FrameSource interface.

#include <cmath>
#include <random>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "engine/media/FrameSource.h"

namespace rm::test {

class MemorySource final : public FrameSource {
 public:
  explicit MemorySource(std::vector<cv::Mat> frames) : frames_(std::move(frames)) {
    info_.width = frames_.empty() ? 0 : frames_[0].cols;
    info_.height = frames_.empty() ? 0 : frames_[0].rows;
    info_.frameCount = static_cast<int64_t>(frames_.size());
    info_.fps = {25, 1};
  }
  const StreamInfo& info() const override { return info_; }
  const std::string& path() const override { return path_; }
  Expected<cv::Mat> readRgb8(int64_t index) override {
    if (index < 0 || index >= info_.frameCount)
      return makeError(path_ + ": no frame " + std::to_string(index));
    return frames_[size_t(index)].clone();
  }
  Expected<cv::Mat> readRgb16(int64_t index) override {
    auto rgb = readRgb8(index);
    if (!rgb) return rgb;
    cv::Mat out;
    rgb->convertTo(out, CV_16UC3, 257.0);
    return out;
  }
  std::string frameName(int64_t index) const override {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%05lld", static_cast<long long>(index));
    return buf;
  }

 private:
  std::vector<cv::Mat> frames_;
  StreamInfo info_;
  std::string path_ = "memory-clip";
};

struct Clip {
  std::vector<cv::Mat> frames;  // RGB8
  std::vector<cv::Mat> labels;  // ground truth, 0 / 1 (red disc) / 2 (blue square)
};

// A red disc moving right and (optionally) a blue square moving left over a smooth
// green-grey background with deterministic noise.
inline Clip makeClip(int count, cv::Size size = {160, 112}, bool twoObjects = false) {
  Clip clip;
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.f, 6.f);
  for (int t = 0; t < count; ++t) {
    cv::Mat rgb(size, CV_8UC3), labels = cv::Mat::zeros(size, CV_8UC1);
    for (int y = 0; y < size.height; ++y)
      for (int x = 0; x < size.width; ++x) {
        const float g = 90.f + 60.f * float(x) / float(size.width);
        rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uint8_t>(70 + noise(rng)),
                                            cv::saturate_cast<uint8_t>(g + noise(rng)),
                                            cv::saturate_cast<uint8_t>(100 + noise(rng)));
      }
    const cv::Point disc(30 + 4 * t, size.height / 2 + 10);
    cv::circle(rgb, disc, 18, cv::Scalar(220, 30, 40), cv::FILLED);
    cv::circle(labels, disc, 18, cv::Scalar(1), cv::FILLED);
    if (twoObjects) {
      const cv::Rect square(size.width - 40 - 3 * t, 8, 28, 28);
      rgb(square).setTo(cv::Scalar(30, 40, 220));
      labels(square).setTo(2);
    }
    clip.frames.push_back(rgb);
    clip.labels.push_back(labels);
  }
  return clip;
}

}  // namespace rm::test
