// `rotomatch-cli bench segment`: seconds per frame split into decode, backbone, matching and
// post-processing, and peak RSS, at the dataset's size (854x480) and upscaled to 1920x1080.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <opencv2/imgproc.hpp>

#include "app/cli/BenchRegistry.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

// Presents another source resized to a fixed size (to time 1080p on the same content).
class ResizedSource final : public FrameSource {
 public:
  ResizedSource(FrameSource& inner, cv::Size size, int64_t frames)
      : inner_(inner), size_(size), info_(inner.info()) {
    info_.width = size.width;
    info_.height = size.height;
    info_.frameCount = frames;
  }
  const StreamInfo& info() const override { return info_; }
  const std::string& path() const override { return inner_.path(); }
  Expected<cv::Mat> readRgb8(int64_t index) override {
    // Long clips loop over the source so 500-frame memory runs work on short sequences.
    const int64_t n = inner_.info().frameCount;
    const int64_t period = 2 * n - 2 > 0 ? 2 * n - 2 : 1;
    const int64_t phase = index % period;
    auto rgb = inner_.readRgb8(phase < n ? phase : period - phase);
    if (!rgb) return rgb;
    cv::Mat out;
    cv::resize(*rgb, out, size_, 0, 0, cv::INTER_LINEAR);
    return out;
  }
  Expected<cv::Mat> readRgb16(int64_t index) override {
    auto rgb = readRgb8(index);
    if (!rgb) return rgb;
    cv::Mat out;
    rgb->convertTo(out, CV_16UC3, 257.0);
    return out;
  }
  std::string frameName(int64_t index) const override { return inner_.frameName(index); }

 private:
  FrameSource& inner_;
  cv::Size size_;
  StreamInfo info_;
};

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;
}

int fail(const std::string& message) {
  std::cerr << "rotomatch-cli bench segment: " << message << "\n";
  return kExitFailure;
}

Status runOnce(const std::string& label, const SegmenterParams& params, FrameSource& source,
               const cv::Mat& firstMask) {
  auto segmenter = createSegmenter(params);
  if (!segmenter) return segmenter.error();
  PropagationRequest request;
  request.direction = Direction::Forward;
  cv::Mat mask = firstMask;
  if (mask.size() != cv::Size(source.info().width, source.info().height))
    cv::resize(firstMask, mask, cv::Size(source.info().width, source.info().height), 0, 0,
               cv::INTER_NEAREST);
  request.keyframes[0] = mask;
  const auto start = std::chrono::steady_clock::now();
  Status status = (*segmenter)->propagate(source, request, {});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!status) return status;
  const SegmenterTimings t = (*segmenter)->timings();
  const double n = double(std::max<int64_t>(1, t.frames));
  std::printf(
      "%-10s %dx%d frames=%lld  s/frame: total=%.3f decode=%.3f backbone=%.3f matching=%.3f "
      "post=%.3f  peak RSS=%.0f MB\n",
      label.c_str(), source.info().width, source.info().height, static_cast<long long>(t.frames),
      wall / n, t.decode / n, t.backbone / n, t.matching / n, t.postprocess / n, peakRssMb());
  std::fflush(stdout);
  return {};
}

int runBenchSegment(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message());
  std::set<std::string> known = segmentFlagNames();
  known.insert({"dataset", "sequence", "frames", "frames-1080p"});
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message());
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message());
  const fs::path root(args->get("dataset", "../shared/datasets/davis2016-val-dev"));
  const std::string sequence = args->get("sequence", "blackswan");
  auto frames1080 = args->getInt("frames-1080p", 0);
  if (!frames1080) return fail(frames1080.message());
  auto source = openFrameSource((root / "JPEGImages" / "480p" / sequence).string());
  if (!source) return fail(source.message());
  auto mask = readLabelMap(
      (root / "Annotations" / "480p" / sequence / ((*source)->frameName(0) + ".png")).string());
  if (!mask) return fail(mask.message());
  std::printf("bench segment: %s preset=%s model=%s threads=%d\n", sequence.c_str(),
              params->preset.c_str(), params->model.empty() ? "(default)" : params->model.c_str(),
              params->threads);
  auto frames = args->getInt("frames", 0);
  if (!frames) return fail(frames.message());
  const StreamInfo& si = (*source)->info();
  ResizedSource limited(**source, cv::Size(si.width, si.height),
                        *frames > 0 ? std::min<int64_t>(*frames, si.frameCount) : si.frameCount);
  if (Status s = runOnce("source", *params, limited, *mask); !s) return fail(s.message());
  const int64_t n1080 = *frames1080 > 0 ? *frames1080 : (*source)->info().frameCount;
  ResizedSource hd(**source, cv::Size(1920, 1080), n1080);
  if (Status s = runOnce("1080p", *params, hd, *mask); !s) return fail(s.message());
  return kExitOk;
}

const RegisterBench kSegment{
    {"segment",
     std::string("[--dataset ROOT --sequence NAME] [--frames N] [--frames-1080p N] ") +
         segmentFlagsUsage(),
     "propagation seconds/frame (decode, backbone, matching, post) and peak RSS, 480p and 1080p",
     runBenchSegment}};

}  // namespace
}  // namespace rm::cli
