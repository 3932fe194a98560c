#include "engine/segment/MatchTracker.h"

#include <algorithm>

#include <torch/torch.h>
#include <opencv2/imgproc.hpp>

#include "engine/segment/IdentitySplit.h"
#include "engine/segment/MaskOps.h"
#include "engine/segment/SoftMatch.h"

namespace rm {
namespace {

namespace F = torch::nn::functional;

// CV_8UC1 0/non-zero grid -> bool tensor [rows*cols].
torch::Tensor toBoolTensor(const cv::Mat& mask, torch::Device device) {
  cv::Mat m = mask.isContinuous() ? mask : mask.clone();
  return torch::from_blob(m.data, {static_cast<int64_t>(m.total())}, torch::kUInt8)
      .ne(0)
      .clone()
      .to(device);
}

torch::Tensor rowsWhere(const torch::Tensor& rows, const cv::Mat& mask) {
  const torch::Tensor idx = toBoolTensor(mask, rows.device()).nonzero().squeeze(1);
  return rows.index_select(0, idx);
}

// Keeps every n-th row and column of a cell grid mask.
cv::Mat subsampleGrid(const cv::Mat& mask, int n) {
  if (n <= 1) return mask;
  cv::Mat out = cv::Mat::zeros(mask.size(), CV_8UC1);
  for (int r = 0; r < mask.rows; r += n)
    for (int c = 0; c < mask.cols; c += n)
      out.at<uint8_t>(r, c) = mask.at<uint8_t>(r, c);
  return out;
}

// CV_8UC1 grid (rows x cols) of the cells listed in a [rows*cols] bool tensor.
cv::Mat toGrid(const torch::Tensor& flags, int rows, int cols) {
  const torch::Tensor bytes = flags.to(torch::kCPU, torch::kUInt8).mul(255).contiguous();
  return cv::Mat(rows, cols, CV_8UC1, bytes.data_ptr<uint8_t>()).clone();
}

// Global scores [2I, P] (fg, bg interleaved) for the paper's pipeline, where every cell is
// matched because the background update reads the prediction outside the extruded masks.
// There a cell only has to be known as background: its exact FG score and a lower bound of
// its BG score (the top-K mean over a subset of the BG bank is at most the full one) prove
// probability < 0.5. `readCells` (the cells upsampling reads for pixels outlier removal
// keeps) and cells near any cell the bound does not settle are matched exactly.
// Masks, output probabilities and bank updates equal those of matching every cell exactly;
// only the unused probabilities of settled cells are bounds. Returns an undefined tensor
// when the bound does not apply (sets smaller than K, K = all, local matching).
torch::Tensor boundedScores(const torch::Tensor& query, const cv::Mat& readCells,
                            std::vector<FeatureBank>& fg, std::vector<FeatureBank>& bg,
                            const MatchConfig& config, const SoftMatchOptions& options) {
  const int rows = readCells.rows, cols = readCells.cols;
  const int64_t k = options.topK;
  if (k <= 0 || config.softmaxScale <= 0 || config.localWeight > 0) return {};
  // Subset: every n-th BG row, keeping at least 4K rows so the bound stays close.
  std::vector<torch::Tensor> cheap, full;
  for (size_t i = 0; i < fg.size(); ++i) {
    const torch::Tensor& b = bg[i].rows();
    const int64_t stride = std::max<int64_t>(1, std::min<int64_t>(8, b.size(0) / (4 * k)));
    if (stride < 2) return {};
    cheap.push_back(fg[i].rows());
    cheap.push_back(b.slice(0, 0, b.size(0), stride));
    full.push_back(fg[i].rows());
    full.push_back(b);
  }
  const auto n = static_cast<int64_t>(fg.size());
  const int64_t p = query.size(0);
  cv::Mat exact = readCells.clone();
  torch::Tensor scores = torch::full({2 * n, p}, -1.0f, query.options());
  const torch::Tensor outside = ~toBoolTensor(exact, query.device());
  const torch::Tensor outsideIdx = outside.nonzero().squeeze(1);
  if (outsideIdx.numel() > 0) {
    const torch::Tensor bounds = softMatch(query.index_select(0, outsideIdx), cheap, options);
    scores.index_copy_(1, outsideIdx, bounds);
    const torch::Tensor v = bounds.view({n, 2, -1});
    const torch::Tensor logit =
        config.softmaxScale * (v.select(1, 0) - v.select(1, 1)) + config.bias;
    // A margin far above float rounding of the two matmuls.
    const torch::Tensor settled = (logit < -1e-4).all(0);
    torch::Tensor open = torch::zeros({p}, torch::dtype(torch::kBool).device(query.device()));
    open.index_put_({outsideIdx}, ~settled);
    // A pixel reads its cell's 3x3 neighbourhood: cells within two of an open cell are exact.
    cv::Mat widened;
    cv::dilate(toGrid(open, rows, cols), widened, cv::Mat::ones(5, 5, CV_8UC1));
    exact |= widened;
  }
  const torch::Tensor exactIdx = toBoolTensor(exact, query.device()).nonzero().squeeze(1);
  if (exactIdx.numel() > 0)
    scores.index_copy_(1, exactIdx, softMatch(query.index_select(0, exactIdx), full, options));
  return scores;
}

}  // namespace

// ---- FeatureBank ----

void FeatureBank::addKeyframe(const torch::Tensor& rows) {
  if (rows.size(0) == 0) return;
  keyframe_.push_back(rows);
  keyRows_ += rows.size(0);
  dirty_ = true;
}

void FeatureBank::addOnline(const torch::Tensor& rows) {
  if (rows.size(0) == 0) return;
  online_.push_back(rows);
  onlineRows_ += rows.size(0);
  const int64_t room = std::max<int64_t>(0, cap_ - keyRows_);
  while (onlineRows_ > room && !online_.empty()) {
    const int64_t excess = onlineRows_ - room;
    torch::Tensor& oldest = online_.front();
    if (oldest.size(0) <= excess) {
      onlineRows_ -= oldest.size(0);
      online_.pop_front();
    } else {
      oldest = oldest.narrow(0, excess, oldest.size(0) - excess);
      onlineRows_ -= excess;
    }
  }
  dirty_ = true;
}

const torch::Tensor& FeatureBank::rows() {
  if (dirty_) {
    std::vector<torch::Tensor> all(keyframe_.begin(), keyframe_.end());
    all.insert(all.end(), online_.begin(), online_.end());
    cached_ = all.empty() ? torch::empty({0, 0}) : torch::cat(all, 0);
    dirty_ = false;
  }
  return cached_;
}

// ---- MatchTracker ----

cv::Mat cellLabels(const cv::Mat& labels, int instances, int rows, int cols, int stride) {
  cv::Mat out = cv::Mat::zeros(rows, cols, CV_8UC1);
  for (int k = 1; k <= instances; ++k) {
    const cv::Mat fraction = cellFraction(labels == k, rows, cols, stride);
    out.setTo(k, fraction >= 0.5f);
  }
  return out;
}

MatchTracker::MatchTracker(const MatchConfig& config, cv::Size workingSize, int instances)
    : config_(config),
      size_(workingSize),
      instances_(instances),
      motion_(config.flowShortSide, config.flowPreset) {
  for (int k = 0; k < instances; ++k) {
    fg_.emplace_back(config.bankCap);
    bg_.emplace_back(config.bankCap);
  }
}

double MatchTracker::scaled480(double pixels480) const {
  return pixels480 * std::min(size_.width, size_.height) / 480.0;
}

void MatchTracker::initialise(const std::vector<const KeyframeData*>& bankKeys,
                              const KeyframeData& start) {
  torch::NoGradGuard noGrad;
  for (const KeyframeData* key : bankKeys) {
    const torch::Tensor& x = key->features.features;
    const int64_t c = x.size(0), h = x.size(1), w = x.size(2);
    const torch::Tensor rows = x.reshape({c, h * w}).t().contiguous();
    const int s = key->features.stride;
    cv::Mat anyObject = cv::Mat::zeros(int(h), int(w), CV_8UC1);
    for (int k = 0; k < instances_; ++k) {
      const cv::Mat fraction = cellFraction(key->labels == k + 1, int(h), int(w), s);
      cv::Mat fgCells = fraction >= 0.5f;
      // A small instance may cover no cell by half: use every cell it touches.
      if (cv::countNonZero(fgCells) == 0) fgCells = fraction > 0.0f;
      anyObject |= fgCells;
      fg_[size_t(k)].addKeyframe(rowsWhere(rows, fgCells));
      if (!sharedBackground())
        bg_[size_t(k)].addKeyframe(
            rowsWhere(rows, subsampleGrid(fgCells == 0, config_.bgSubsample)));
    }
    if (sharedBackground())
      bg_[0].addKeyframe(rowsWhere(rows, subsampleGrid(anyObject == 0, config_.bgSubsample)));
  }
  previousMasks_.clear();
  for (int k = 0; k < instances_; ++k)
    previousMasks_.push_back(start.labels == k + 1);
  if (usesMotion()) motion_.reset(start.features.grey);
  if (usesLayers()) layers_.reset(previousMasks_);
  likeness_.assign(size_t(instances_), -1.0);
  areaLevel_.assign(size_t(instances_), -1.0);
  historyFeatures_.clear();
  historyLabels_.clear();
  pushHistory(start.features.features, start.labels, start.features.stride);
}

void MatchTracker::pushHistory(const torch::Tensor& features, const cv::Mat& labels, int stride) {
  if (config_.localWeight <= 0) return;
  const int64_t h = features.size(1), w = features.size(2);
  cv::Mat cells = cellLabels(labels, instances_, int(h), int(w), stride);
  historyFeatures_.push_back(features);
  historyLabels_.push_back(
      torch::from_blob(cells.data, {h, w}, torch::kUInt8).to(torch::kLong).to(features.device()));
  while (static_cast<int>(historyFeatures_.size()) > config_.localFrames) {
    historyFeatures_.erase(historyFeatures_.begin());
    historyLabels_.erase(historyLabels_.begin());
  }
}

std::vector<cv::Mat> MatchTracker::dropDetachedComponents(TrackerOutput& out) const {
  std::vector<cv::Mat> dropped(out.probabilities.size());
  if (config_.componentReach480 < 0) return dropped;
  for (size_t k = 0; k < dropped.size(); ++k) {
    const cv::Mat& previous = previousMasks_[k];
    const cv::Mat anchor = config_.componentReach480 > 0
                               ? extrudeMask(previous, scaled480(config_.componentReach480))
                               : previous;
    if (cv::countNonZero(anchor) == 0) continue;
    const cv::Mat mask = out.labels == int(k + 1);
    const cv::Mat kept = componentsTouching(mask, anchor);
    // Nothing near the previous mask: the object jumped or came back; keep what was found.
    if (cv::countNonZero(kept) == 0) continue;
    dropped[k] = mask & (kept == 0);
    out.labels.setTo(0, dropped[k]);
    out.probabilities[k].setTo(0.0f, dropped[k]);
  }
  return dropped;
}

void MatchTracker::updateAbsence(TrackerOutput& out) {
  for (size_t k = 0; k < areaLevel_.size(); ++k) {
    const int label = int(k + 1);
    cv::Mat mask = out.labels == label;
    // Back from absence: one region, the likeliest, not every lookalike cell in the frame.
    if (cv::countNonZero(previousMasks_[k]) == 0) {
      const cv::Mat keep = largestComponent(mask);
      out.labels.setTo(0, mask & (keep == 0));
      out.probabilities[k].setTo(0.0f, keep == 0);
      mask = keep;
    }
    const double area = cv::countNonZero(mask);
    double& level = areaLevel_[k];
    if (level > 0 && area < config_.absentArea * level) {
      // Mostly hidden, or gone: nothing rather than the occluder's or the border's pixels.
      out.labels.setTo(0, mask);
      out.probabilities[k].setTo(0.0f);
      continue;
    }
    const double rate = area > level ? 0.2 : 0.05;
    level = level < 0 ? area : (1 - rate) * level + rate * area;
  }
}

void MatchTracker::updateLikeness(size_t k, const torch::Tensor& fgScore, const cv::Mat& mask,
                                  int rows, int cols, int stride) {
  const cv::Mat cells = cellFraction(mask, rows, cols, stride) >= 0.5f;
  if (cv::countNonZero(cells) == 0) return;  // absent or tiny: keep the level it had
  const torch::Tensor scores = fgScore.contiguous().to(torch::kCPU);
  const cv::Mat grid(rows, cols, CV_32FC1, scores.data_ptr<float>());
  const double level = cv::mean(grid, cells)[0];
  // Quick to rise, slow to fall: a half-hidden object must not lower its own bar.
  const double rate = level > likeness_[k] ? 0.2 : 0.02;
  likeness_[k] = likeness_[k] < 0 ? level : (1 - rate) * likeness_[k] + rate * level;
}

TrackerOutput MatchTracker::step(const FrameFeatures& frame) {
  torch::NoGradGuard noGrad;
  const torch::Tensor& x = frame.features;
  const int64_t c = x.size(0), h = x.size(1), w = x.size(2);
  const int s = frame.stride;
  const auto n = static_cast<size_t>(instances_);
  const torch::Tensor query = x.reshape({c, h * w}).t().contiguous();

  // Previous masks carried to this frame by the optical flow.
  std::vector<cv::Mat> carried(n);
  if (usesMotion()) {
    motion_.advance(frame.grey);
    for (size_t k = 0; k < n; ++k)
      carried[k] = motion_.warp(previousMasks_[k]);
  }
  // Previous masks extruded by d_c (or the carried ones by motionReach480): outlier removal
  // keeps nothing outside them.
  const bool needExtrusion =
      config_.outlierRemoval || config_.updateBackground || config_.updateForeground;
  std::vector<cv::Mat> extruded(n);
  if (needExtrusion)
    for (size_t k = 0; k < n; ++k)
      extruded[k] = config_.motionReach480 > 0
                        ? extrudeMask(carried[k] >= 0.5f, scaled480(config_.motionReach480))
                        : extrudeMask(previousMasks_[k], scaled480(config_.outlierDistance480));
  // Likeness floor: an object that left (empty mask) is looked for everywhere, where only
  // cells that look like it as much as it did can take it back.
  const bool floor = config_.likenessMargin > 0;
  if (floor && needExtrusion)
    for (size_t k = 0; k < n; ++k)
      if (likeness_[k] >= 0 && cv::countNonZero(previousMasks_[k]) == 0)
        extruded[k] = cv::Mat(size_, CV_8UC1, cv::Scalar(255));
  cv::Mat activeCells(int(h), int(w), CV_8UC1, cv::Scalar(255));
  cv::Mat readCells;  // cells upsampling reads for the pixels outlier removal keeps
  const bool exactGrid = h * s >= size_.height && w * s >= size_.width;
  if (config_.outlierRemoval) {
    cv::Mat region = cv::Mat::zeros(size_, CV_8UC1);
    for (const auto& e : extruded)
      region |= e;
    const cv::Mat nearCells = cellFraction(region, int(h), int(w), s) > 0.0f;
    if (exactGrid) {
      // A pixel interpolates the cells whose centres lie within one stride of it: the cells
      // whose pixel box is within half a stride (rounded up) of the pixel.
      const int r = (s + 1) / 2;
      cv::Mat wide;
      cv::dilate(region, wide, cv::getStructuringElement(cv::MORPH_RECT, {2 * r + 1, 2 * r + 1}));
      readCells = cellFraction(wide, int(h), int(w), s) > 0.0f;
    }
    if (config_.globalInsideExtrusion)
      activeCells = nearCells;
    else if (!config_.updateBackground && exactGrid && !exhaustive_)
      // Nothing reads the prediction outside the extruded masks then: match exactly the
      // cells upsampling reads for the pixels outlier removal keeps.
      activeCells = readCells;
  }
  const torch::Tensor active = toBoolTensor(activeCells, x.device());
  const torch::Tensor activeIdx = active.nonzero().squeeze(1);

  // Global soft matching against the banks: [2I, P] (fg, bg interleaved).
  // Sets: fg and bg interleaved per instance, or every fg then the one shared bg.
  const bool shared = sharedBackground();
  std::vector<torch::Tensor> sets;
  for (size_t k = 0; k < n; ++k) {
    sets.push_back(fg_[k].rows());
    if (!shared) sets.push_back(bg_[k].rows());
  }
  if (shared) sets.push_back(bg_[0].rows());
  SoftMatchOptions matchOptions;
  matchOptions.topK = config_.topK;
  torch::Tensor scores;
  if (!shared && !exhaustive_ && !readCells.empty() && !config_.globalInsideExtrusion &&
      config_.updateBackground)
    scores = boundedScores(query, readCells, fg_, bg_, config_, matchOptions);
  if (!scores.defined()) {
    scores = torch::full({int64_t(sets.size()), h * w}, -1.0f, x.options());
    if (activeIdx.numel() > 0)
      scores.index_copy_(1, activeIdx,
                         softMatch(query.index_select(0, activeIdx), sets, matchOptions));
  }
  torch::Tensor fgScore, bgScore;
  if (shared) {
    fgScore = scores.narrow(0, 0, int64_t(n));
    bgScore = scores.narrow(0, int64_t(n), 1).expand({int64_t(n), h * w});
  } else {
    fgScore = scores.view({int64_t(n), 2, h * w}).select(1, 0);
    bgScore = scores.view({int64_t(n), 2, h * w}).select(1, 1);
  }

  if (config_.localWeight > 0 && !historyFeatures_.empty()) {
    LocalMatchOptions localOptions;
    localOptions.radius = config_.localRadius;
    localOptions.topK = config_.localTopK;
    const auto [localFg, localBg] =
        localMatch(x, torch::stack(historyFeatures_), torch::stack(historyLabels_), int64_t(n),
                   active.view({h, w}), localOptions);
    const double a = config_.localWeight;
    fgScore = torch::where(torch::isnan(localFg), fgScore, (1 - a) * fgScore + a * localFg);
    bgScore = torch::where(torch::isnan(localBg), bgScore, (1 - a) * bgScore + a * localBg);
  }
  // Two-way softmax of (fg, bg) == sigmoid of their difference.
  torch::Tensor prob = torch::sigmoid(config_.softmaxScale * (fgScore - bgScore) + config_.bias);
  prob = prob.masked_fill(~active.unsqueeze(0), 0.0f);
  if (floor) {
    // A cell far less like the object than the object has been lately is not the object,
    // even where it is more like it than like the background (an occluder sliding over it).
    std::vector<float> floors;
    for (double level : likeness_)
      floors.push_back(level < 0 ? -2.0f : float(level - config_.likenessMargin));
    const torch::Tensor f = torch::tensor(floors, fgScore.options()).unsqueeze(1);
    prob = prob.masked_fill(fgScore < f, 0.0f);
  }
  prob = prob.view({int64_t(n), h, w});

  // Bilinear upsampling: cell centres sit at stride*j + (stride-1)/2, i.e. align_corners=false.
  const auto upsample = [&](const torch::Tensor& cells) {
    const std::vector<int64_t> target = exactGrid ? std::vector<int64_t>{h * s, w * s}
                                                  : std::vector<int64_t>{size_.height, size_.width};
    torch::Tensor up = F::interpolate(
        cells.unsqueeze(0),
        F::InterpolateFuncOptions().size(target).mode(torch::kBilinear).align_corners(false))[0];
    if (exactGrid) up = up.narrow(1, 0, size_.height).narrow(2, 0, size_.width);
    return up.contiguous().to(torch::kCPU);
  };
  const torch::Tensor up = upsample(prob);
  const torch::Tensor probCpu = prob.contiguous().to(torch::kCPU);

  TrackerOutput out;
  std::vector<cv::Mat> initialFg(n);
  for (size_t k = 0; k < n; ++k) {
    out.probabilities.push_back(
        cv::Mat(size_.height, size_.width, CV_32FC1, up[int64_t(k)].data_ptr<float>()).clone());
    initialFg[k] = out.probabilities[k] > 0.5f;
    if (config_.motionWeight > 0)
      out.probabilities[k] =
          (1 - config_.motionWeight) * out.probabilities[k] + config_.motionWeight * carried[k];
    if (config_.outlierRemoval) out.probabilities[k].setTo(0.0f, extruded[k] == 0);
  }
  if (config_.identitySplit && n > 1) {
    // How much less like each object a pixel is than like the object it is most like: poses
    // and scales of look-alikes differ, and their banks know it.
    std::vector<cv::Mat> likeness;
    if (config_.identityLikeness480 > 0) {
      const torch::Tensor relative =
          upsample((fgScore - std::get<0>(fgScore.max(0, true))).view({int64_t(n), h, w}));
      for (size_t k = 0; k < n; ++k)
        likeness.push_back(
            cv::Mat(size_.height, size_.width, CV_32FC1, relative[int64_t(k)].data_ptr<float>())
                .clone());
    }
    // Motion layers: pixels go to the object they move with; a hidden object's extent
    // counts as half a carried mask (a visible carried mask beats it where both lie).
    std::vector<cv::Mat> motionCost, splitCarried = carried;
    if (usesLayers()) {
      layers_.predict(motion_, carried, config_.hiddenReach480 >= 0);
      for (size_t k = 0; k < n; ++k) {
        if (config_.identityMotion > 0)
          motionCost.push_back(float(config_.identityMotion) *
                               motion_.shiftMismatch(layers_.shift(k)));
        if (config_.hiddenExtents) {
          cv::Mat half, merged;  // a new matrix: splitCarried[k] shares carried[k]'s pixels
          layers_.predictedExtent(k).convertTo(half, CV_32F, 0.5 / 255.0);
          cv::max(carried[k], half, merged);
          splitCarried[k] = merged;
        }
      }
    }
    splitIdentities(out.probabilities, splitCarried, scaled480(config_.identityAppearance480),
                    config_.c2, likeness, scaled480(config_.identityLikeness480), motionCost);
    // A partly hidden object is only where its extent went: what is left of it elsewhere is
    // a sliver on the edge of the object in front, moving with that one.
    if (config_.hiddenExtents && config_.hiddenReach480 >= 0)
      for (size_t k = 0; k < n; ++k)
        if (layers_.hidden(k))
          out.probabilities[k].setTo(0.0f, extrudeMask(layers_.predictedExtent(k),
                                                       scaled480(config_.hiddenReach480)) == 0);
  }
  out.labels = fuseInstances(out.probabilities, n == 1 ? 0.5 : config_.c2);
  const std::vector<cv::Mat> dropped = dropDetachedComponents(out);
  if (floor) updateAbsence(out);
  std::vector<cv::Mat> masks;  // each object's final mask
  for (size_t k = 0; k < n; ++k)
    masks.push_back(out.labels == int(k + 1));
  if (usesLayers()) {
    constexpr double kWhole = 0.7;  // of the running area: shown whole, not partly hidden
    layers_.update(masks, areaLevel_, kWhole);
  }

  // Cells no object touches, once per frame (a shared background learns only these).
  const cv::Mat objectFree =
      shared ? cellFraction(out.labels > 0, int(h), int(w), s) == 0.0f : cv::Mat();
  // Online update of m_B and m_F (the paper's rules, optionally gated by area change).
  for (size_t k = 0; k < n; ++k) {
    const cv::Mat& mask = masks[k];
    // An absent object's banks are frozen: what is at its place is not the object.
    bool update = (config_.updateBackground || config_.updateForeground) &&
                  !(floor && cv::countNonZero(mask) == 0);
    if (update && config_.updateGate > 0) {
      const double before = cv::countNonZero(previousMasks_[k]);
      const double after = cv::countNonZero(mask);
      const double ratio = (after + 1) / (before + 1);
      update = ratio <= config_.updateGate && ratio >= 1.0 / config_.updateGate;
    }
    if (update) {
      const cv::Mat cellProb(int(h), int(w), CV_32FC1, probCpu[int64_t(k)].data_ptr<float>());
      const cv::Mat eroded = erodeMask(mask, scaled480(config_.erosion480));
      const UpdateSelection sel =
          selectUpdates(cellFraction(initialFg[k], int(h), int(w), s) >= 0.5f,
                        cellFraction(extruded[k], int(h), int(w), s) >= 0.5f, cellProb,
                        cellFraction(eroded, int(h), int(w), s) >= 0.5f, config_.c1);
      cv::Mat toBackground = sel.addToBackground;
      if (config_.componentsToBackground && !dropped[k].empty())
        toBackground |= cellFraction(dropped[k], int(h), int(w), s) >= 0.5f;
      // A shared background must not learn another object's cells.
      if (shared) toBackground &= objectFree;
      if (config_.updateBackground) bg_[shared ? 0 : k].addOnline(rowsWhere(query, toBackground));
      if (config_.updateForeground) fg_[k].addOnline(rowsWhere(query, sel.addToForeground));
    }
    previousMasks_[k] = mask;
    if (floor) updateLikeness(k, fgScore[int64_t(k)], mask, int(h), int(w), s);
  }
  pushHistory(x, out.labels, s);
  return out;
}

}  // namespace rm
