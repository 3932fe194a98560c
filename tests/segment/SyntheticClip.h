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

// Look-alike discs (same colour and texture) on a textured background; `centres(t)` gives
// each disc's centre on frame t, objects drawn in order (later ones in front, and their
// label wins). A disc may lie partly or wholly outside the frame.
struct Disc {
  cv::Point centre;
  int radius;
};
template <class Centres>
Clip makeDiscClip(int count, cv::Size size, Centres centres) {
  Clip clip;
  // Discs carry a fixed coarse texture (one per radius, moving with the disc), so the optical
  // flow has something to hold on to and look-alikes are pixel-identical.
  auto textured = [](cv::Size s, uint64_t seed, cv::Scalar lo, cv::Scalar hi) {
    // Noise on a coarse grid, enlarged: blobs of ~6 px that a coarse-to-fine flow can follow.
    cv::Mat coarse(s.height / 6 + 2, s.width / 6 + 2, CV_8UC3), m;
    cv::RNG rng(seed);
    rng.fill(coarse, cv::RNG::UNIFORM, lo, hi);
    cv::resize(coarse, m, {coarse.cols * 6, coarse.rows * 6}, 0, 0, cv::INTER_CUBIC);
    return m(cv::Rect({0, 0}, s)).clone();
  };
  // Background as in makeClip: a smooth gradient with fine noise (it does not move).
  cv::Mat background(size, CV_8UC3);
  cv::RNG noise(7);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x) {
      const double g = 90.0 + 60.0 * x / size.width;
      background.at<cv::Vec3b>(y, x) =
          cv::Vec3b(cv::saturate_cast<uint8_t>(70 + noise.gaussian(6)),
                    cv::saturate_cast<uint8_t>(g + noise.gaussian(6)),
                    cv::saturate_cast<uint8_t>(100 + noise.gaussian(6)));
    }
  for (int t = 0; t < count; ++t) {
    cv::Mat rgb = background.clone(), labels = cv::Mat::zeros(size, CV_8UC1);
    const std::vector<Disc> discs = centres(t);
    for (size_t k = 0; k < discs.size(); ++k) {
      const int r = discs[k].radius;
      const cv::Mat patch =
          textured({2 * r + 1, 2 * r + 1}, uint64_t(r), {190, 15, 15}, {250, 70, 70});
      cv::Mat shape = cv::Mat::zeros(patch.size(), CV_8UC1);
      cv::circle(shape, {r, r}, r, cv::Scalar(255), cv::FILLED);
      // The part of the patch inside the frame.
      const cv::Rect box(discs[k].centre - cv::Point(r, r), patch.size());
      const cv::Rect visible = box & cv::Rect({0, 0}, size);
      if (visible.empty()) continue;
      const cv::Rect inPatch(visible.tl() - box.tl(), visible.size());
      patch(inPatch).copyTo(rgb(visible), shape(inPatch));
      labels(visible).setTo(double(k + 1), shape(inPatch));
    }
    clip.frames.push_back(rgb);
    clip.labels.push_back(labels);
  }
  return clip;
}

}  // namespace rm::test
