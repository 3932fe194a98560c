#pragma once
// Test doubles behind the engine interfaces: a generated clip and a segmenter that
// copies the nearest earlier keyframe, both with optional delays.

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"

namespace rm::test {

// Pixel (x, y) of frame f is RGB (f % 256, x % 256, y % 256): any frame is recognisable.
class FakeFrameSource : public FrameSource {
 public:
  FakeFrameSource(int width, int height, int frames, int decodeDelayMs = 0)
      : delayMs_(decodeDelayMs) {
    info_.width = width;
    info_.height = height;
    info_.frameCount = frames;
    info_.fps = {25, 1};
    info_.codec = "fake";
  }
  const StreamInfo& info() const override { return info_; }
  const std::string& path() const override { return path_; }
  Expected<cv::Mat> readRgb8(int64_t index) override {
    if (index < 0 || index >= info_.frameCount) return makeError("fake: frame out of range");
    if (delayMs_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs_));
    return expectedFrame(info_.width, info_.height, static_cast<int>(index));
  }
  Expected<cv::Mat> readRgb16(int64_t index) override {
    auto m = readRgb8(index);
    if (!m) return m.error();
    cv::Mat wide;
    m->convertTo(wide, CV_16UC3, 257.0);
    return wide;
  }
  std::string frameName(int64_t index) const override { return std::to_string(index); }

  static cv::Mat expectedFrame(int width, int height, int frame) {
    cv::Mat rgb(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        rgb.at<cv::Vec3b>(y, x) =
            cv::Vec3b(static_cast<uint8_t>(frame % 256), static_cast<uint8_t>(x % 256),
                      static_cast<uint8_t>(y % 256));
    return rgb;
  }

 private:
  StreamInfo info_;
  std::string path_ = "fake://clip";
  int delayMs_;
};

// Emits, for each frame of the request (skipping keyframes, honouring direction and
// onlyFrames), the nearest keyframe's labels on the side it propagates from. Cancels
// (callbacks) with the real segmenter's error.
class FakeSegmenter : public Segmenter {
 public:
  struct Log {
    std::mutex mutex;
    std::vector<int64_t> emitted;
    std::vector<PropagationRequest> requests;
  };
  FakeSegmenter(std::shared_ptr<Log> log, int delayMs) : log_(std::move(log)), delayMs_(delayMs) {}

  Status propagate(FrameSource& source, const PropagationRequest& request,
                   const PropagationCallbacks& callbacks) override {
    {
      std::lock_guard lock(log_->mutex);
      log_->requests.push_back(request);
    }
    if (request.keyframes.empty()) return makeError("fake: no keyframes");
    const int64_t last = request.last < 0 ? source.info().frameCount - 1 : request.last;
    std::vector<int64_t> order;
    for (int64_t f = request.first; f <= last; ++f)
      order.push_back(f);
    int64_t done = 0;
    for (int64_t f : order) {
      if (request.keyframes.count(f)) continue;
      if (!request.onlyFrames.empty() && !request.onlyFrames.count(f)) continue;
      auto before = request.keyframes.upper_bound(f);  // first key after f
      const cv::Mat* from = nullptr;
      if (before != request.keyframes.begin() && request.direction != Direction::Backward)
        from = &std::prev(before)->second;
      else if (before != request.keyframes.end() && request.direction != Direction::Forward)
        from = &before->second;
      if (!from) continue;
      if (callbacks.cancelled && callbacks.cancelled()) return makeError(kPropagationCancelled);
      if (delayMs_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs_));
      FrameMasks masks;
      masks.frame = f;
      masks.labels = from->clone();
      {
        std::lock_guard lock(log_->mutex);
        log_->emitted.push_back(f);
      }
      if (callbacks.onProgress) callbacks.onProgress(++done, static_cast<int64_t>(order.size()));
      if (!callbacks.onFrame(masks)) return makeError(kPropagationCancelled);
    }
    return {};
  }
  const SegmenterParams& params() const override { return params_; }

 private:
  std::shared_ptr<Log> log_;
  int delayMs_;
  SegmenterParams params_;
};

}  // namespace rm::test
