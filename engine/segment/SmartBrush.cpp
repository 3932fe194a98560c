#include "engine/segment/SmartBrush.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <torch/torch.h>
#include <opencv2/imgproc.hpp>

#include "engine/core/Stopwatch.h"
#include "engine/segment/EdgeRefine.h"
#include "engine/segment/MaskOps.h"
#include "engine/segment/MatchingFeatures.h"
#include "engine/segment/SoftMatch.h"

namespace rm {
namespace {

bool stopped(const SmartBrush::Cancelled& cancelled) {
  return cancelled && cancelled();
}

std::string sizeText(const cv::Mat& m) {
  return std::to_string(m.cols) + "x" + std::to_string(m.rows);
}

// Rows of `rows` [P,C] whose cell is non-zero in `cells` (CV_8UC1 grid, P cells).
torch::Tensor rowsOfCells(const torch::Tensor& rows, const cv::Mat& cells) {
  std::vector<cv::Point> points;
  cv::findNonZero(cells, points);
  std::vector<int64_t> index;
  index.reserve(points.size());
  for (const cv::Point& p : points)
    index.push_back(int64_t(p.y) * cells.cols + p.x);
  const torch::Tensor idx = torch::tensor(index, torch::kLong).to(rows.device());
  return rows.index_select(0, idx);
}

// Cells a stroke touches (any pixel), on the feature grid of a frame of size `frame` matched
// at `working` size with cells of `stride` pixels.
cv::Mat strokeCells(const cv::Mat& stroke, cv::Size working, int rows, int cols, int stride) {
  if (stroke.empty()) return cv::Mat::zeros(rows, cols, CV_8UC1);
  cv::Mat scaled = stroke != 0;
  if (stroke.size() != working) {
    cv::resize(scaled, scaled, working, 0, 0, cv::INTER_AREA);  // thin strokes survive
    scaled = scaled > 0;
  }
  return cellFraction(scaled, rows, cols, stride) > 0.0f;
}

// The default background: a ring of `ringCells` cells along the grid border, minus the cells
// within `clearanceCells` of a foreground cell.
cv::Mat borderCells(const cv::Mat& fgCells, int ringCells, double clearanceCells) {
  cv::Mat ring(fgCells.size(), CV_8UC1, cv::Scalar(255));
  const int r = std::max(0, ringCells);
  if (2 * r < ring.rows && 2 * r < ring.cols)
    ring(cv::Rect(r, r, ring.cols - 2 * r, ring.rows - 2 * r)).setTo(0);
  return ring & (extrudeMask(fgCells, clearanceCells) == 0);
}

// Cells of the current mask that it covers by at least half.
cv::Mat coveredCells(const cv::Mat& mask, cv::Size working, int rows, int cols, int stride) {
  if (mask.empty()) return cv::Mat::zeros(rows, cols, CV_8UC1);
  cv::Mat scaled = mask != 0;
  if (mask.size() != working) cv::resize(scaled, scaled, working, 0, 0, cv::INTER_NEAREST);
  return cellFraction(scaled, rows, cols, stride) >= 0.5f;
}

// Keeps every n-th row and column of a cell grid mask.
cv::Mat subsampleCells(const cv::Mat& cells, int n) {
  if (n <= 1) return cells;
  cv::Mat keep = cv::Mat::zeros(cells.size(), CV_8UC1);
  for (int r = 0; r < keep.rows; r += n)
    for (int c = 0; c < keep.cols; c += n)
      keep.at<uint8_t>(r, c) = 255;
  return cells & keep;
}

// Bin (0..4095) of every pixel's colour: 16 levels per channel.
cv::Mat colourBins(const cv::Mat& rgb) {
  cv::Mat bins(rgb.size(), CV_16UC1);
  for (int y = 0; y < rgb.rows; ++y) {
    const cv::Vec3b* in = rgb.ptr<cv::Vec3b>(y);
    uint16_t* out = bins.ptr<uint16_t>(y);
    for (int x = 0; x < rgb.cols; ++x)
      out[x] = uint16_t((in[x][0] >> 4) << 8 | (in[x][1] >> 4) << 4 | (in[x][2] >> 4));
  }
  return bins;
}

// Posterior of foreground given the pixel's colour bin, with `prior` (CV_32FC1) as the prior
// and colour histograms (Laplace-smoothed) of the pixels in `fgSamples` and `bgSamples`.
cv::Mat colourPosterior(const cv::Mat& prior, const cv::Mat& bins, const cv::Mat& fgSamples,
                        const cv::Mat& bgSamples, double weight) {
  std::vector<double> fg(4096, 1.0), bg(4096, 1.0);
  double fgTotal = 4096, bgTotal = 4096;
  for (int y = 0; y < bins.rows; ++y) {
    const uint16_t* b = bins.ptr<uint16_t>(y);
    const uint8_t* f = fgSamples.ptr<uint8_t>(y);
    const uint8_t* g = bgSamples.ptr<uint8_t>(y);
    for (int x = 0; x < bins.cols; ++x) {
      if (f[x]) fg[b[x]] += 1, fgTotal += 1;
      if (g[x]) bg[b[x]] += 1, bgTotal += 1;
    }
  }
  std::vector<float> ratio(4096);  // (Lf / Lb)^weight
  for (size_t i = 0; i < ratio.size(); ++i)
    ratio[i] = float(std::pow((fg[i] / fgTotal) / (bg[i] / bgTotal), weight));
  cv::Mat out(prior.size(), CV_32FC1);
  for (int y = 0; y < prior.rows; ++y) {
    const uint16_t* b = bins.ptr<uint16_t>(y);
    const float* p = prior.ptr<float>(y);
    float* o = out.ptr<float>(y);
    for (int x = 0; x < prior.cols; ++x) {
      const float odds = p[x] * ratio[b[x]];
      o[x] = odds / (odds + (1.0f - p[x]) + 1e-12f);
    }
  }
  return out;
}

}  // namespace

struct SmartBrush::Frame {
  std::string key;
  cv::Mat rgb;             // frame size
  cv::Mat bins;            // colour bin of every pixel (colourBins)
  cv::Size working;        // where features live
  torch::Tensor cells;     // [h*w, C] features, one row per cell
  int rows = 0, cols = 0;  // feature grid
};

Expected<std::unique_ptr<SmartBrush>> SmartBrush::create(const SegmenterParams& params,
                                                         const SmartBrushOptions& options) {
  if (options.topK < 0 || options.softmaxScale < 0 || options.borderCells < 0 ||
      options.borderClearance480 < 0 || options.refineRadius480 <= 0 || options.refineEps <= 0 ||
      options.grabCutIterations < 1)
    return makeError(
        "smart brush: K, scale, border and clearance must not be negative; radius, "
        "eps and GrabCut iterations must be positive");
  Expected<std::unique_ptr<MatchingFeatures>> features = MatchingFeatures::create(params);
  if (!features) return features.error();
  return std::unique_ptr<SmartBrush>(new SmartBrush(std::move(*features), options));
}

SmartBrush::SmartBrush(std::unique_ptr<MatchingFeatures> features, const SmartBrushOptions& options)
    : features_(std::move(features)), options_(options) {
  if (options_.topK == 0) options_.topK = std::max(1, features_->config().topK);
  if (options_.softmaxScale == 0) options_.softmaxScale = features_->config().softmaxScale;
}

SmartBrush::~SmartBrush() = default;

bool SmartBrush::hasFrame() const {
  return frame_ != nullptr;
}

Status SmartBrush::setFrame(const cv::Mat& rgb, const std::string& key,
                            const Cancelled& cancelled) {
  if (rgb.empty() || rgb.type() != CV_8UC3)
    return makeError("smart brush: the frame must be an 8-bit RGB image");
  if (frame_ && !key.empty() && key == frame_->key && rgb.size() == frame_->rgb.size()) return {};
  if (stopped(cancelled)) return makeError(kSmartBrushCancelled);
  Stopwatch watch;
  frame_.reset();
  auto f = std::make_unique<Frame>();
  f->working = workingSizeFor(rgb.size(), features_->config().workingShortSide);
  cv::Mat working = rgb;
  if (f->working != rgb.size()) cv::resize(rgb, working, f->working, 0, 0, cv::INTER_AREA);
  // One pass of the network: not interruptible, so the token is checked on both sides.
  Expected<torch::Tensor> x = features_->extract(working);
  if (!x) return makeError("smart brush: " + x.message());
  if (stopped(cancelled)) return makeError(kSmartBrushCancelled);
  const int64_t c = x->size(0);
  f->rows = int(x->size(1));
  f->cols = int(x->size(2));
  f->cells = x->reshape({c, int64_t(f->rows) * f->cols}).t().contiguous();
  f->rgb = rgb;
  if (options_.colourModel > 0) f->bins = colourBins(rgb);
  f->key = key;
  frame_ = std::move(f);
  timings_.features += watch.seconds();
  return {};
}

cv::Mat SmartBrush::cellProbabilities(const cv::Mat& fgCells, const cv::Mat& bgCells,
                                      const Cancelled& cancelled) {
  const Frame& f = *frame_;
  torch::NoGradGuard noGrad;
  SoftMatchOptions match;
  match.topK = options_.topK;
  cv::Mat fg = fgCells, bg = bgCells, prob;
  for (int round = 0; round <= options_.expandRounds; ++round) {
    if (stopped(cancelled)) return {};
    const torch::Tensor scores =
        softMatch(f.cells, {rowsOfCells(f.cells, fg), rowsOfCells(f.cells, bg)}, match);
    // Two-way softmax of (fg, bg) == sigmoid of their difference, as in propagation.
    const torch::Tensor p = torch::sigmoid(options_.softmaxScale * (scores[0] - scores[1]))
                                .to(torch::kCPU)
                                .contiguous();
    prob = cv::Mat(f.rows, f.cols, CV_32FC1, p.data_ptr<float>()).clone();
    if (round == options_.expandRounds) break;
    const float low = float(options_.confidentBelow);
    const cv::Mat sureFg = componentsTouching(prob > 1.0f - low, fgCells);
    fg = fgCells | subsampleCells(sureFg, options_.expandSubsample);
    bg = (bgCells | subsampleCells(prob < low, options_.expandSubsample)) & (fg == 0);
  }
  return prob;
}

cv::Mat SmartBrush::snap(const cv::Mat& cellProb, const BrushStrokes& strokes,
                         const Cancelled& cancelled) const {
  const Frame& f = *frame_;
  // Cell centres sit at stride * j + (stride - 1) / 2: a bilinear resize of the grid to
  // stride-sized cells, cropped to the working frame, then scaled to the frame.
  const int s = features_->stride();
  cv::Mat prob;
  cv::resize(cellProb, prob, cv::Size(f.cols * s, f.rows * s), 0, 0, cv::INTER_LINEAR);
  prob = prob(
      cv::Rect(0, 0, std::min(prob.cols, f.working.width), std::min(prob.rows, f.working.height)));
  if (prob.size() != f.rgb.size()) cv::resize(prob, prob, f.rgb.size(), 0, 0, cv::INTER_LINEAR);
  if (options_.colourModel > 0) {
    const float low = float(options_.confidentBelow);
    cv::Mat fgSamples = prob > 1.0f - low, bgSamples = prob < low;
    if (!strokes.foreground.empty()) fgSamples |= strokes.foreground != 0;
    if (!strokes.background.empty()) bgSamples |= strokes.background != 0;
    prob = colourPosterior(prob, f.bins, fgSamples, bgSamples, options_.colourModel);
  }
  if (options_.snap == EdgeSnap::GuidedFilter)
    return refineProbability(prob, f.rgb, options_.refineRadius480, options_.refineEps);
  if (options_.snap == EdgeSnap::None) return prob.clone();
  // GrabCut: sure labels on the strokes, probable labels from the matching; the colour
  // models and the cut see only a box around everything likely foreground.
  cv::Mat seeds(f.rgb.size(), CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
  seeds.setTo(cv::GC_PR_FGD, prob >= 0.5f);
  seeds.setTo(cv::GC_BGD, prob < 0.05f);
  if (!strokes.background.empty()) seeds.setTo(cv::GC_BGD, strokes.background != 0);
  seeds.setTo(cv::GC_FGD, strokes.foreground != 0);
  cv::Rect box = cv::boundingRect((prob >= 0.2f) | (strokes.foreground != 0));
  const int margin = std::max(8, std::min(f.rgb.cols, f.rgb.rows) / 20);
  box = cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin) &
        cv::Rect(0, 0, f.rgb.cols, f.rgb.rows);
  cv::Mat out = cv::Mat::zeros(f.rgb.size(), CV_32FC1);
  cv::Mat roiSeeds = seeds(box).clone();
  const bool bothLabels =
      cv::countNonZero((roiSeeds == cv::GC_FGD) | (roiSeeds == cv::GC_PR_FGD)) > 0 &&
      cv::countNonZero((roiSeeds == cv::GC_BGD) | (roiSeeds == cv::GC_PR_BGD)) > 0;
  if (!bothLabels) return prob.clone();  // GrabCut needs samples of both
  cv::Mat bgModel, fgModel, bgr;
  cv::cvtColor(f.rgb(box), bgr, cv::COLOR_RGB2BGR);
  // One iteration per call (the models carry over, as inside one call of N iterations), so
  // that a cancel lands between iterations.
  for (int i = 0; i < options_.grabCutIterations; ++i) {
    if (stopped(cancelled)) return {};
    cv::grabCut(bgr, roiSeeds, cv::Rect(), bgModel, fgModel, 1,
                i == 0 ? cv::GC_INIT_WITH_MASK : cv::GC_EVAL);
  }
  out(box).setTo(1.0f, (roiSeeds == cv::GC_FGD) | (roiSeeds == cv::GC_PR_FGD));
  return out;
}

Expected<SmartBrushResult> SmartBrush::select(const BrushStrokes& strokes,
                                              const Cancelled& cancelled) {
  if (!frame_) return makeError("smart brush: no frame set");
  const Frame& f = *frame_;
  for (const cv::Mat* m : {&strokes.foreground, &strokes.background, &strokes.currentMask})
    if (!m->empty() && (m->type() != CV_8UC1 || m->size() != f.rgb.size()))
      return makeError("smart brush: a stroke or mask is " + sizeText(*m) +
                       " (8-bit single channel expected) but the frame is " + sizeText(f.rgb));
  const cv::Mat fgStroke =
      strokes.foreground.empty() ? cv::Mat::zeros(f.rgb.size(), CV_8UC1) : strokes.foreground != 0;
  const cv::Mat bgStroke =
      strokes.background.empty() ? cv::Mat::zeros(f.rgb.size(), CV_8UC1) : strokes.background != 0;
  const cv::Mat current = strokes.currentMask.empty() ? cv::Mat::zeros(f.rgb.size(), CV_8UC1)
                                                      : strokes.currentMask != 0;
  const bool anyFg = cv::countNonZero(fgStroke) > 0;
  if (!anyFg && (cv::countNonZero(current) == 0 || cv::countNonZero(bgStroke) == 0))
    return makeError(
        "smart brush: no foreground stroke (and no mask to carve with a background "
        "stroke)");
  Stopwatch watch;
  const int s = features_->stride();
  const cv::Mat fgStrokeCells = strokeCells(fgStroke, f.working, f.rows, f.cols, s);
  const cv::Mat bgStrokeCells = strokeCells(bgStroke, f.working, f.rows, f.cols, s);
  // Strokes override the mask: its cells near a background stroke are no foreground
  // evidence (that is what the stroke rejects); a cell stroked both ways is evidence for
  // neither.
  const double clearance =
      options_.borderClearance480 * std::min(f.working.width, f.working.height) / 480.0 / double(s);
  const cv::Mat conflict = fgStrokeCells & bgStrokeCells;
  const cv::Mat maskCells =
      coveredCells(erodeMask(current, 0.5 * s * f.rgb.cols / double(f.working.width)), f.working,
                   f.rows, f.cols, s) &
      (extrudeMask(bgStrokeCells, clearance) == 0);
  cv::Mat fgCells = (fgStrokeCells | maskCells) & (bgStrokeCells == 0);
  const cv::Mat anchor = fgStrokeCells | coveredCells(current, f.working, f.rows, f.cols, s);
  const cv::Mat bgCells = (bgStrokeCells & (conflict == 0)) |
                          (borderCells(anchor, options_.borderCells, clearance) & (fgCells == 0));
  if (cv::countNonZero(fgCells) == 0) fgCells = fgStrokeCells;  // all conflicting: keep strokes
  const cv::Mat cellProb = cellProbabilities(fgCells, bgCells, cancelled);
  timings_.matching += watch.seconds();
  if (cellProb.empty()) return makeError(kSmartBrushCancelled);

  watch.restart();
  SmartBrushResult result;
  result.probability = snap(cellProb, strokes, cancelled);
  if (result.probability.empty()) return makeError(kSmartBrushCancelled);
  const cv::Mat likely = result.probability >= 0.5f;
  // Added: what the foreground strokes select; carved: what background strokes reject of
  // the current mask.
  // A background stroke across a bridge cuts off what lies beyond it.
  cv::Mat mask = current.clone();
  if (anyFg) mask |= componentsTouching((likely & (bgStroke == 0)) | fgStroke, fgStroke);
  if (cv::countNonZero(bgStroke) > 0) {
    const cv::Mat rejected = current & (likely == 0);
    mask.setTo(0, componentsTouching(rejected | bgStroke, bgStroke));
  }
  mask.setTo(0, bgStroke);
  mask.setTo(255, fgStroke & (bgStroke == 0));
  result.mask = mask;
  timings_.snapping += watch.seconds();
  ++timings_.strokes;
  return result;
}

}  // namespace rm
