#pragma once
// Stroke to object: foreground strokes (and optional background strokes) on one frame select
// the whole object under them. The frame's matching features (the network's, fused with
// colour, as propagation uses them) are extracted once per frame and cached; each stroke then
// costs one soft match of every cell against the stroked cells, the edge snap and a
// connected-component pass. No LibTorch in this header: the Qt side includes it.

#include <functional>
#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/segment/Segmenter.h"

namespace rm {

class MatchingFeatures;

// The error setFrame() and select() return when their `cancelled` callback said stop.
inline constexpr const char* kSmartBrushCancelled = "smart brush cancelled";

// How the cell probabilities are snapped to image edges at frame size.
enum class EdgeSnap {
  None,
  GuidedFilter,  // the edge-aware refinement propagation uses (EdgeRefine.h)
  GrabCut,       // cv::grabCut seeded by the matching probabilities and the strokes
};

struct SmartBrushOptions {
  int topK = 0;             // mean of the K best stroke matches; 0: the matching preset's K
  double softmaxScale = 0;  // sharpness of fg-vs-bg; 0: the matching preset's (or model's)
  // Without a background stroke the background set is the ring of cells along the frame
  // border (objects rarely fill the frame's edge all round), this many cells wide, minus the
  // cells within borderClearance480 pixels (at 480p) of a foreground stroke.
  int borderCells = 2;
  double borderClearance480 = 48;
  // Rounds of self-training: the cells the match is sure of (probability above 1 - x or
  // below x, x = confidentBelow) join the foreground (connected to a stroke) and background
  // sets, and every cell is matched again. Strokes sample little of an object's appearance.
  int expandRounds = 0;
  double confidentBelow = 0.1;
  int expandSubsample = 2;  // confident cells: every n-th row and column
  // Weight of a per-pixel colour model (RGB histograms of the confident pixels and strokes)
  // in the probability before the edge snap: posterior = prior * Lf^w / (prior * Lf^w +
  // (1 - prior) * Lb^w); 0 = off. Cells are 8 px wide; colour sorts the pixels inside them.
  double colourModel = 0.5;
  EdgeSnap snap = EdgeSnap::GuidedFilter;
  double refineRadius480 = 8;  // guided filter radius, pixels at 480p
  double refineEps = 1e-2;     // guided filter regularisation
  int grabCutIterations = 2;
};

// Stroke masks at frame size: CV_8UC1, non-zero = stroked. Every stroke so far on the frame
// for this object goes in (the result is recomputed from all of them).
struct BrushStrokes {
  cv::Mat foreground;
  cv::Mat background;  // empty: none
  // The object's mask before these strokes (empty: none). It joins the foreground set; the
  // result keeps it, adds what foreground strokes select and carves what background
  // strokes reject.
  cv::Mat currentMask;
};

struct SmartBrushResult {
  cv::Mat mask;         // CV_8UC1 0/255, frame size
  cv::Mat probability;  // CV_32FC1 in [0,1], frame size, before components and strokes
};

struct SmartBrushTimings {
  double features = 0;  // seconds spent extracting frame features (cache misses)
  double matching = 0;  // soft matching of the cells against the stroke sets
  double snapping = 0;  // upsampling, edge snap, components
  int strokes = 0;      // select() calls
};

class SmartBrush {
 public:
  static Expected<std::unique_ptr<SmartBrush>> create(const SegmenterParams& params,
                                                      const SmartBrushOptions& options = {});
  ~SmartBrush();

  // Polled between the steps of a call (before the network's pass, every self-training round,
  // every GrabCut iteration): true stops it with kSmartBrushCancelled.
  using Cancelled = std::function<bool()>;

  // The frame strokes go to: CV_8UC3 RGB. Features are extracted only when `key` differs
  // from the cached frame's (callers pass e.g. "<source>#<frame>"; "" never matches).
  Status setFrame(const cv::Mat& rgb, const std::string& key, const Cancelled& cancelled = {});
  bool hasFrame() const;
  // Needs setFrame() first and at least one foreground stroke pixel (or a current mask and a
  // background stroke); errors name the mismatching size.
  Expected<SmartBrushResult> select(const BrushStrokes& strokes, const Cancelled& cancelled = {});

  const SmartBrushOptions& options() const { return options_; }
  const SmartBrushTimings& timings() const { return timings_; }

 private:
  SmartBrush(std::unique_ptr<MatchingFeatures> features, const SmartBrushOptions& options);
  // Empty when cancelled.
  cv::Mat cellProbabilities(const cv::Mat& fgCells, const cv::Mat& bgCells,
                            const Cancelled& cancelled);
  cv::Mat snap(const cv::Mat& probability, const BrushStrokes& strokes,
               const Cancelled& cancelled) const;

  struct Frame;  // the cached frame and its features (LibTorch types)
  std::unique_ptr<MatchingFeatures> features_;
  SmartBrushOptions options_;
  SmartBrushTimings timings_;
  std::unique_ptr<Frame> frame_;
};

}  // namespace rm
