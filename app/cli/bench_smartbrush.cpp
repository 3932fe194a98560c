// `rotomatch-cli bench smartbrush`: smart brush latency on one frame at the dataset's size
// (854x480) and upscaled to 1920x1080: the frame's feature extraction (once per frame) and
// each stroke after it (matching + edge snap), with the strokes the scribble protocol draws.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <opencv2/imgproc.hpp>

#include "app/cli/BenchRegistry.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/SmartBrushFlags.h"
#include "engine/core/Stopwatch.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisMeasures.h"
#include "engine/segment/ScribbleEval.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message) {
  std::cerr << "rotomatch-cli bench smartbrush: " << message << "\n";
  return kExitFailure;
}

// Strokes `strokes` times on the frame at `size`; prints feature and per-stroke seconds.
Status timeAtSize(SmartBrush& brush, const cv::Mat& rgb, const cv::Mat& truth, cv::Size size,
                  int strokes, int repeat) {
  cv::Mat frame = rgb, object = truth;
  if (rgb.size() != size) {
    cv::resize(rgb, frame, size, 0, 0, cv::INTER_LINEAR);
    cv::resize(truth, object, size, 0, 0, cv::INTER_NEAREST);
  }
  const SmartBrushTimings before = brush.timings();
  Stopwatch watch;
  if (Status s = brush.setFrame(frame, "bench#" + std::to_string(size.width)); !s) return s;
  const double featureSeconds = watch.seconds();
  std::vector<double> seconds;
  BrushStrokes all;
  all.foreground = cv::Mat::zeros(size, CV_8UC1);
  all.background = cv::Mat::zeros(size, CV_8UC1);
  cv::Mat prediction = cv::Mat::zeros(size, CV_8UC1);
  const int width = std::max(3, size.height / 160);
  for (int i = 0; i < strokes; ++i) {
    const Scribble scribble = nextScribble(prediction, object, width);
    if (scribble.pixels.empty()) break;
    (scribble.foreground ? all.foreground : all.background) |= scribble.pixels;
    for (int r = 0; r < repeat; ++r) {
      watch.restart();
      auto result = brush.select(all);
      if (!result) return makeError(result.message());
      seconds.push_back(watch.seconds());
      prediction = result->mask;
    }
  }
  const SmartBrushTimings& after = brush.timings();
  const double n = double(std::max(1, after.strokes - before.strokes));
  std::sort(seconds.begin(), seconds.end());
  const double medianSeconds = seconds.empty() ? 0 : seconds[seconds.size() / 2];
  std::printf(
      "%dx%d: frame features %.3f s (once per frame); per stroke median %.3f s, max %.3f s "
      "over %zu strokes (mean: matching %.3f s, edge snap %.3f s); IoU after the last %.3f\n",
      size.width, size.height, featureSeconds, medianSeconds,
      seconds.empty() ? 0.0 : seconds.back(), seconds.size(),
      (after.matching - before.matching) / n, (after.snapping - before.snapping) / n,
      jaccard(prediction, object));
  std::fflush(stdout);
  return {};
}

int runBenchSmartBrush(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message());
  std::set<std::string> known = segmentFlagNames();
  known.insert(smartBrushFlagNames().begin(), smartBrushFlagNames().end());
  known.insert({"dataset", "sequence", "strokes", "repeat"});
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message());
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message());
  auto options = parseSmartBrushFlags(*args);
  if (!options) return fail(options.message());
  auto strokes = args->getInt("strokes", 5);
  auto repeat = args->getInt("repeat", 3);
  if (!strokes || !repeat) return fail(!strokes ? strokes.message() : repeat.message());
  if (*strokes < 1 || *repeat < 1) return fail("--strokes and --repeat must be at least 1");
  const fs::path root(args->get("dataset", "../shared/datasets/davis2016-val-dev"));
  const std::string sequence = args->get("sequence", "blackswan");
  auto source = openFrameSource((root / "JPEGImages" / "480p" / sequence).string());
  if (!source) return fail(source.message());
  auto rgb = (*source)->readRgb8(0);
  if (!rgb) return fail(rgb.message());
  auto truth = readLabelMap(
      (root / "Annotations" / "480p" / sequence / ((*source)->frameName(0) + ".png")).string(),
      rgb->size());
  if (!truth) return fail(truth.message());
  auto brush = SmartBrush::create(*params, *options);
  if (!brush) return fail(brush.message());
  std::printf("bench smartbrush: %s frame 0, preset=%s model=%s threads=%d\n", sequence.c_str(),
              params->preset.c_str(), params->model.empty() ? "(default)" : params->model.c_str(),
              params->threads);
  for (const cv::Size size : {rgb->size(), cv::Size(1920, 1080)})
    if (Status s = timeAtSize(**brush, *rgb, *truth != 0, size, *strokes, *repeat); !s)
      return fail(s.message());
  return kExitOk;
}

const RegisterBench kSmartBrush{
    {"smartbrush",
     std::string("[--dataset ROOT --sequence NAME] [--strokes N] [--repeat R] ") +
         smartBrushFlagsUsage() + " " + segmentFlagsUsage(),
     "smart brush seconds per frame (features) and per stroke, 480p and 1080p",
     runBenchSmartBrush}};

}  // namespace
}  // namespace rm::cli
