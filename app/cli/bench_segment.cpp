// `rotomatch-cli bench segment`: seconds per frame split into decode, backbone, matching and
// post-processing, and peak RSS, at the dataset's size (854x480) and upscaled to 1920x1080.
// With --reference-python, also a straightforward PyTorch VideoMatch
// (tools/reference/videomatch_reference.py) on the same frames with the same model, in the
// same run, and the speed ratio.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "app/cli/BenchRegistry.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/ShellQuote.h"
#include "engine/core/Stopwatch.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/MatchConfig.h"
#include "engine/segment/ModelLocator.h"

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
    return resized(inner_.readRgb8(innerIndex(index)));
  }
  Expected<cv::Mat> readRgb16(int64_t index) override {
    return resized(inner_.readRgb16(innerIndex(index)));
  }
  std::string frameName(int64_t index) const override { return inner_.frameName(index); }

 private:
  // Long clips loop back and forth over the source so 500-frame memory runs work on short
  // sequences.
  int64_t innerIndex(int64_t index) const {
    const int64_t n = inner_.info().frameCount;
    const int64_t period = 2 * n - 2 > 0 ? 2 * n - 2 : 1;
    const int64_t phase = index % period;
    return phase < n ? phase : period - phase;
  }
  Expected<cv::Mat> resized(Expected<cv::Mat> frame) const {
    if (!frame || frame->size() == size_) return frame;
    cv::Mat out;
    cv::resize(*frame, out, size_, 0, 0, cv::INTER_LINEAR);
    return out;
  }

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

// Propagates frame 0's mask forward and prints the timings; returns wall seconds per frame.
// `kept` (optional) receives the label maps (shared, not copied: costs no time).
Expected<double> runOnce(const std::string& label, const SegmenterParams& params,
                         FrameSource& source, const cv::Mat& firstMask,
                         std::vector<FrameMasks>* kept = nullptr) {
  auto segmenter = createSegmenter(params);
  if (!segmenter) return segmenter.error();
  PropagationRequest request;
  request.direction = Direction::Forward;
  cv::Mat mask = firstMask;
  if (mask.size() != cv::Size(source.info().width, source.info().height))
    cv::resize(firstMask, mask, cv::Size(source.info().width, source.info().height), 0, 0,
               cv::INTER_NEAREST);
  request.keyframes[0] = mask;
  PropagationCallbacks callbacks;
  if (kept)
    callbacks.onFrame = [kept](const FrameMasks& m) {
      kept->push_back(FrameMasks{m.frame, m.labels, {}});
      return true;
    };
  Stopwatch watch;
  Status status = (*segmenter)->propagate(source, request, callbacks);
  const double wall = watch.seconds();
  if (!status) return makeError(status.message());
  const SegmenterTimings t = (*segmenter)->timings();
  const double n = double(std::max<int64_t>(1, t.frames));
  std::printf(
      "%-10s %dx%d frames=%lld  s/frame: total=%.3f decode=%.3f backbone=%.3f matching=%.3f "
      "post=%.3f  peak RSS=%.0f MB\n",
      label.c_str(), source.info().width, source.info().height, static_cast<long long>(t.frames),
      wall / n, t.decode / n, t.backbone / n, t.matching / n, t.postprocess / n, peakRssMb());
  std::fflush(stdout);
  return wall / n;
}

struct ReferenceRun {
  std::string python = "python3";
  std::string script;
  std::string model;
  fs::path frames, mask, annotations;
  int maxFrames = 0;
  int threads = 0;
  MatchConfig config;
};

// Runs the Python reference, echoes its output, returns its seconds per frame.
Expected<double> runReference(const ReferenceRun& ref, const fs::path& compareDir) {
  std::ostringstream cmd;
  cmd << shellQuote(ref.python) << " " << shellQuote(ref.script) << " --model "
      << shellQuote(ref.model) << " --frames " << shellQuote(ref.frames.string()) << " --mask "
      << shellQuote(ref.mask.string()) << " --annotations " << shellQuote(ref.annotations.string())
      << " --k " << ref.config.topK << " --dc " << ref.config.outlierDistance480 << " --c1 "
      << ref.config.c1 << " --erosion " << ref.config.erosion480 << " --bank-cap "
      << ref.config.bankCap << " --working-size " << ref.config.workingShortSide;
  if (ref.maxFrames > 0) cmd << " --max-frames " << ref.maxFrames;
  if (ref.threads > 0) cmd << " --threads " << ref.threads;
  if (!compareDir.empty()) cmd << " --compare " << shellQuote(compareDir.string());
  cmd << " 2>&1";
  FILE* pipe = popen(cmd.str().c_str(), "r");
  if (!pipe) return makeError("cannot run " + ref.python + " " + ref.script);
  std::string output;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe))
    output += buf;
  const int rc = pclose(pipe);
  std::istringstream lines(output);
  double seconds = -1;
  for (std::string line; std::getline(lines, line);) {
    std::printf("  python: %s\n", line.c_str());
    const std::string key = "reference seconds/frame=";
    if (line.rfind(key, 0) == 0) seconds = std::atof(line.c_str() + key.size());
  }
  std::fflush(stdout);
  if (rc != 0 || seconds <= 0)
    return makeError("the Python reference " + ref.script + " failed (exit status " +
                     std::to_string(rc) +
                     "); it needs Debian's python3-torch and python3-opencv "
                     "(scripts/setup-bench.sh) and --python pointing at that interpreter");
  return seconds;
}

// The script in the source tree (build-tree executables live in build/<preset>/bin).
std::string defaultReferenceScript() {
  return (executableDir() / ".." / ".." / ".." / "tools" / "reference" / "videomatch_reference.py")
      .lexically_normal()
      .string();
}

std::string defaultPython() {
  // Debian's interpreter has python3-torch; a python3 earlier on PATH (pyenv, venv) may not.
  std::error_code ec;
  return fs::exists("/usr/bin/python3", ec) ? "/usr/bin/python3" : "python3";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Ours and the Python reference alternately, `repeat` times, at the source size; prints each
// ratio and their median. The reference implements the paper preset only.
int compareWithReference(const Args& args, const SegmenterParams& params, FrameSource& source,
                         const cv::Mat& mask, ReferenceRun ref, int repeat) {
  if (params.preset != "paper" || !params.tuning.empty())
    return fail(
        "--reference-python compares the paper's algorithm: use --preset paper "
        "(K, --dc, --c1, --bank-cap, --working-size may change; --set may not)");
  if (isColourModel(params.model))
    return fail("--reference-python needs a TorchScript model, not colour features");
  auto config = resolveMatchConfig(params);
  if (!config) return fail(config.message());
  ref.config = *config;
  ref.model = params.model;
  if (ref.model.empty()) {
    auto found = locateDefaultModel();
    if (!found) return fail(found.message());
    ref.model = found->string();
  }
  ref.python = args.get("python", defaultPython());
  ref.script = args.get("reference-script", defaultReferenceScript());
  std::error_code ec;
  if (!fs::is_regular_file(ref.script, ec))
    return fail("no Python reference at " + ref.script + " (pass --reference-script PATH)");
  const fs::path compareDir =
      fs::temp_directory_path() / ("rotomatch-bench-segment-" + std::to_string(::getpid()));
  std::vector<double> ratios;
  for (int round = 1; round <= repeat; ++round) {
    std::vector<FrameMasks> ours;
    auto mine = runOnce("rotomatch", params, source, mask, round == 1 ? &ours : nullptr);
    if (!mine) return fail(mine.message());
    if (round == 1) {
      // Our label maps for the reference to report the agreement of the two masks.
      fs::create_directories(compareDir, ec);
      for (const FrameMasks& m : ours)
        if (Status s = writeLabelMap((compareDir / (source.frameName(m.frame) + ".png")).string(),
                                     m.labels);
            !s)
          return fail(s.message());
    }
    auto python = runReference(ref, round == 1 ? compareDir : fs::path());
    if (round == 1) fs::remove_all(compareDir, ec);
    if (!python) return fail(python.message());
    ratios.push_back(*python / *mine);
    std::printf("round %d: rotomatch %.3f s/frame, PyTorch reference %.3f s/frame: %.2fx faster\n",
                round, *mine, *python, ratios.back());
    std::fflush(stdout);
  }
  std::printf("median speed-up over the PyTorch reference (%d rounds): %.2fx\n", repeat,
              median(ratios));
  return kExitOk;
}

int runBenchSegment(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"reference-python"});
  if (!args) return fail(args.message());
  std::set<std::string> known = segmentFlagNames();
  known.insert({"dataset", "sequence", "frames", "frames-1080p", "reference-python",
                "reference-script", "python", "repeat"});
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message());
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message());
  const fs::path root(args->get("dataset", "../shared/datasets/davis2016-val-dev"));
  const std::string sequence = args->get("sequence", "blackswan");
  auto frames1080 = args->getInt("frames-1080p", 0);
  if (!frames1080) return fail(frames1080.message());
  auto repeat = args->getInt("repeat", 1);
  if (!repeat) return fail(repeat.message());
  if (*repeat < 1) return fail("--repeat must be at least 1");
  const fs::path images = root / "JPEGImages" / "480p" / sequence;
  const fs::path annotations = root / "Annotations" / "480p" / sequence;
  auto source = openFrameSource(images.string());
  if (!source) return fail(source.message());
  auto mask = readLabelMap((annotations / ((*source)->frameName(0) + ".png")).string());
  if (!mask) return fail(mask.message());
  std::printf("bench segment: %s preset=%s model=%s threads=%d\n", sequence.c_str(),
              params->preset.c_str(), params->model.empty() ? "(default)" : params->model.c_str(),
              params->threads);
  auto frames = args->getInt("frames", 0);
  if (!frames) return fail(frames.message());
  const StreamInfo& si = (*source)->info();
  ResizedSource limited(**source, cv::Size(si.width, si.height),
                        *frames > 0 ? std::min<int64_t>(*frames, si.frameCount) : si.frameCount);
  if (args->has("reference-python")) {
    ReferenceRun ref;
    ref.frames = images;
    ref.mask = annotations / ((*source)->frameName(0) + ".png");
    ref.annotations = annotations;
    ref.maxFrames = int(limited.info().frameCount);
    ref.threads = params->threads;
    return compareWithReference(*args, *params, limited, *mask, ref, *repeat);
  }
  if (auto s = runOnce("source", *params, limited, *mask); !s) return fail(s.message());
  const int64_t n1080 = *frames1080 > 0 ? *frames1080 : (*source)->info().frameCount;
  ResizedSource hd(**source, cv::Size(1920, 1080), n1080);
  if (auto s = runOnce("1080p", *params, hd, *mask); !s) return fail(s.message());
  return kExitOk;
}

const RegisterBench kSegment{
    {"segment",
     std::string("[--dataset ROOT --sequence NAME] [--frames N] [--frames-1080p N] "
                 "[--reference-python [--repeat N] [--python EXE] [--reference-script PY]] ") +
         segmentFlagsUsage(),
     "propagation seconds/frame (decode, backbone, matching, post) and peak RSS, 480p and 1080p",
     runBenchSegment}};

}  // namespace
}  // namespace rm::cli
