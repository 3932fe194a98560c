#pragma once
// Propagating one shot into a folder of label maps: the work of `rotomatch-cli propagate`,
// shared with `batch run` so both check keyframes and write frames the same way.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "app/cli/FrameRange.h"
#include "app/cli/ShotFinetune.h"
#include "engine/media/FrameSource.h"
#include "engine/segment/Segmenter.h"

namespace rm::cli {

struct MaskSpec {
  int64_t frame = 0;  // 0-based index into the clip
  std::string file;
};

// "FRAME=PNG" as given to --mask.
Expected<MaskSpec> parseMaskSpec(const std::string& spec);

// The keyframe `mask` of `source` read and checked: its frame inside the clip and inside
// `range`, the file a label map of the clip's size, not empty. Errors name the file.
Expected<cv::Mat> loadKeyframe(const MaskSpec& mask, FrameSource& source, const FrameRange& range);

struct ShotPropagation {
  FrameSource* source = nullptr;
  std::map<int64_t, cv::Mat> keyframes;              // all inside `range`
  std::string keyframesName = "the keyframe masks";  // for messages: which files they are
  FrameRange range;                                  // resolved (first..last inside the clip)
  Direction direction = Direction::Both;
  SegmenterParams params;
  ShotFinetuneSettings finetune;
  std::string outDir;  // created if needed; one label map per frame (maskFileName)
  std::function<void(int64_t done, int64_t total)> progress;
  std::function<bool()> cancelled;  // polled between frames; optional
};

// Mask file name of `frame`: the source frame's name, its number zero-padded when the
// source's is not (1.png ... 12.png give 00001.png ... 00012.png, so every tool lists
// the masks in frame order).
std::string maskFileName(const FrameSource& source, int64_t frame);

// Files of the output folder a new run replaces: every numbered PNG named like its
// masks (stale frames of an earlier, longer run included).
std::vector<std::filesystem::path> previousMasks(const std::filesystem::path& out,
                                                 const FrameSource& source);

// Writes the keyframes unchanged and every propagated frame of the range to outDir (each file
// atomically); returns the number of label maps written. Object ids are made dense for the
// segmenter (labels 2 or 200 cost and score as 1) and written back as given. A failure or
// cancel says how many label maps are complete.
Expected<int64_t> propagateShot(const ShotPropagation& shot);

}  // namespace rm::cli
