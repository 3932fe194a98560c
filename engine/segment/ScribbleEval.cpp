#include "engine/segment/ScribbleEval.h"

#include <algorithm>
#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc.hpp>

#include "engine/core/Stopwatch.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisMeasures.h"

namespace rm {
namespace fs = std::filesystem;
namespace {

// The largest 8-connected component of a binary mask and its area (0 when empty).
std::pair<cv::Mat, int> largestComponent(const cv::Mat& mask) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  int best = 0, area = 0;
  for (int i = 1; i < n; ++i)
    if (stats.at<int>(i, cv::CC_STAT_AREA) > area) {
      area = stats.at<int>(i, cv::CC_STAT_AREA);
      best = i;
    }
  if (best == 0) return {cv::Mat::zeros(mask.size(), CV_8UC1), 0};
  return {labels == best, area};
}

}  // namespace

Scribble nextScribble(const cv::Mat& prediction, const cv::Mat& truth, int width) {
  const cv::Mat object = truth != 0, predicted = prediction != 0;
  auto [missed, missedArea] = largestComponent(object & ~predicted);
  auto [extra, extraArea] = largestComponent(predicted & ~object);
  Scribble s;
  if (missedArea == 0 && extraArea == 0) return s;
  s.foreground = missedArea >= extraArea;
  const cv::Mat region = s.foreground ? missed : extra;
  // Depth of every region pixel (the frame border counts as outside).
  cv::Mat padded, depth;
  cv::copyMakeBorder(region, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::distanceTransform(padded, depth, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  depth = depth(cv::Rect(1, 1, region.cols, region.rows));
  double deepest = 0;
  cv::Point deepestAt;
  cv::minMaxLoc(depth, nullptr, &deepest, nullptr, &deepestAt);
  cv::Mat core = depth >= std::max(1.0, deepest / 3.0);
  core = largestComponent(core).first;
  cv::Mat line;
  cv::ximgproc::thinning(core, line, cv::ximgproc::THINNING_ZHANGSUEN);
  if (cv::countNonZero(line) == 0) line.at<uint8_t>(deepestAt) = 255;
  const int w = std::max(1, width);
  cv::dilate(line, line, cv::getStructuringElement(cv::MORPH_ELLIPSE, {w, w}));
  s.pixels = line & region;
  if (cv::countNonZero(s.pixels) == 0) s.pixels.at<uint8_t>(deepestAt) = 255;
  return s;
}

Expected<ScribbleSequenceScore> evaluateScribbles(SmartBrush& brush, const std::string& root,
                                                  const std::string& name,
                                                  const ScribbleEvalOptions& options) {
  if (options.scribbles < 1) return makeError("the number of scribbles must be at least 1");
  const fs::path images = fs::path(root) / "JPEGImages" / "480p" / name;
  const fs::path annotations = fs::path(root) / "Annotations" / "480p" / name;
  auto source = openFrameSource(images.string());
  if (!source) return source.error();
  const StreamInfo& info = (*source)->info();
  if (options.frame < 0 || options.frame >= info.frameCount)
    return makeError(images.string() + ": no frame " + std::to_string(options.frame));
  auto rgb = (*source)->readRgb8(options.frame);
  if (!rgb) return rgb.error();
  auto labels = readLabelMap(
      (annotations / ((*source)->frameName(options.frame) + ".png")).string(), rgb->size());
  if (!labels) return labels.error();
  const cv::Mat truth = *labels != 0;

  ScribbleSequenceScore score;
  score.name = name;
  Stopwatch watch;
  if (Status s = brush.setFrame(*rgb, images.string() + "#" + std::to_string(options.frame)); !s)
    return makeError(s.message());
  score.featureSeconds = watch.seconds();
  BrushStrokes strokes;
  strokes.foreground = cv::Mat::zeros(truth.size(), CV_8UC1);
  strokes.background = cv::Mat::zeros(truth.size(), CV_8UC1);
  cv::Mat prediction = cv::Mat::zeros(truth.size(), CV_8UC1);
  for (int round = 0; round < options.scribbles; ++round) {
    const Scribble scribble = nextScribble(prediction, truth, options.width);
    if (!scribble.pixels.empty()) {
      (scribble.foreground ? strokes.foreground : strokes.background) |= scribble.pixels;
      watch.restart();
      auto result = brush.select(strokes);
      if (!result) return makeError(images.string() + ": " + result.message());
      score.strokeSeconds.push_back(watch.seconds());
      prediction = result->mask;
    }
    score.foreground.push_back(scribble.foreground);
    score.iou.push_back(jaccard(prediction, truth));
  }
  return score;
}

}  // namespace rm
