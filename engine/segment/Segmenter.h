#pragma once
// Propagation API used by the CLI and the GUI controller: given keyframe label maps,
// produce a label map (and soft per-instance probabilities) for every other frame.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"

namespace rm {

enum class Direction { Forward, Backward, Both };

// The --model value (SegmenterParams::model) of the built-in colour features.
inline constexpr const char* kColourModel = "colour";
// Whether `model` names the colour features: "colour", or "color", the legacy spelling that
// saved settings (engine/model) and batch manifests written before may hold.
inline bool isColourModel(const std::string& model) {
  return model == kColourModel || model == "color";
}

struct SegmenterParams {
  std::string preset = "default";  // "default" | "paper"
  std::string model;               // TorchScript file, "colour", or "" for the default model
  std::string device = "auto";     // "auto" | "cpu" | "cuda"
  int threads = 0;                 // 0: library default
  static constexpr int kPresetTopK = -1;
  int topK = kPresetTopK;           // soft matching: mean of the top K similarities (0 = all;
                                    // kPresetTopK: the preset's K, 20 for paper, 5 for default)
  double outlierDistance480 = 100;  // d_c in pixels at 480p (scaled with resolution)
  double c1 = 0.95;                 // FG update confidence
  double c2 = 0.4;                  // instance background threshold
  int bankCap = 20000;              // max feature vectors per bank (keyframe features kept)
  int workingShortSide = 480;       // frames are matched at this short side
  // Expert knobs of the preset by name (see MatchConfig.h), e.g. {"localWeight", 0.5};
  // unknown names are an error.
  std::map<std::string, double> tuning;
};

// One propagated frame: labels CV_8UC1 (0 = background, k = instance k) at source size,
// probabilities[k-1] CV_32FC1 in [0,1] per instance at source size.
struct FrameMasks {
  int64_t frame = 0;
  cv::Mat labels;
  std::vector<cv::Mat> probabilities;
};

struct PropagationRequest {
  std::map<int64_t, cv::Mat> keyframes;  // frame index -> label map (CV_8UC1, source size)
  int64_t first = 0;                     // inclusive range to fill
  int64_t last = -1;                     // -1: last frame of the source
  Direction direction = Direction::Both;
  std::set<int64_t> onlyFrames;  // if non-empty: emit only these (stale) frames
};

struct PropagationCallbacks {
  // Called for each finished non-keyframe frame, in processing order; return false to cancel.
  std::function<bool(const FrameMasks&)> onFrame;
  // Progress in [0,1]; optional.
  std::function<void(int64_t done, int64_t total)> onProgress;
  // Polled per frame where no frame is emitted (the backward chain of a two-way span);
  // returning true cancels. Optional.
  std::function<bool()> cancelled;
};

// The error message propagate() returns when cancelled.
inline constexpr const char* kPropagationCancelled = "propagation cancelled";

// Wall-clock seconds spent per stage since the segmenter was created (for benchmarks).
struct SegmenterTimings {
  double decode = 0;       // reading and resizing frames
  double backbone = 0;     // feature extraction
  double matching = 0;     // soft matching, outlier removal, updates
  double postprocess = 0;  // upsampling to source size, refinement, label maps
  int64_t frames = 0;      // frames emitted
};

class Segmenter {
 public:
  virtual ~Segmenter() = default;
  // Keyframes are never overwritten: onFrame is never called for a keyframe index.
  virtual Status propagate(FrameSource& source, const PropagationRequest& request,
                           const PropagationCallbacks& callbacks) = 0;
  virtual const SegmenterParams& params() const = 0;
  virtual SegmenterTimings timings() const { return {}; }
};

Expected<std::unique_ptr<Segmenter>> createSegmenter(const SegmenterParams& params);

// Frames whose result changes when keyframe `edited` is added, changed or removed, for a
// propagation over [first, last] in `direction`; `keyframes` is the set after the edit.
std::set<int64_t> framesInvalidatedBy(const std::set<int64_t>& keyframes, int64_t edited,
                                      int64_t first, int64_t last, Direction direction);

}  // namespace rm
