#include "app/cli/ShotPropagate.h"

#include <filesystem>

#include <opencv2/core.hpp>

#include "engine/media/MaskIO.h"

namespace rm::cli {

namespace fs = std::filesystem;

Expected<MaskSpec> parseMaskSpec(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos) return makeError("--mask expects FRAME=PNG, got '" + spec + "'");
  MaskSpec mask;
  mask.file = spec.substr(eq + 1);
  bool parsed = false;
  try {
    size_t used = 0;
    mask.frame = std::stoll(spec.substr(0, eq), &used);
    parsed = used == eq;
  } catch (const std::exception&) {
  }
  if (!parsed)
    return makeError("mask " + mask.file + ": '" + spec.substr(0, eq) +
                     "' is not a frame index (expected --mask FRAME=PNG, FRAME 0-based)");
  return mask;
}

Expected<cv::Mat> loadKeyframe(const MaskSpec& mask, FrameSource& source, const FrameRange& range) {
  const StreamInfo& info = source.info();
  const std::string frame = std::to_string(mask.frame);
  if (mask.frame < 0 || mask.frame >= info.frameCount)
    return makeError("mask " + mask.file + ": frame index '" + frame + "' is out of range (" +
                     source.path() + " has " + std::to_string(info.frameCount) +
                     " frames, 0-based)");
  if (!range.contains(mask.frame))
    return makeError("mask " + mask.file + ": keyframe " + frame + " is outside the range " +
                     range.str());
  auto labels = readLabelMap(mask.file, cv::Size(info.width, info.height));
  if (!labels) return labels;
  if (cv::countNonZero(*labels) == 0)
    return makeError("mask " + mask.file + " is empty (no pixel has an instance label)");
  return labels;
}

Expected<int64_t> propagateShot(const ShotPropagation& shot) {
  FrameSource& source = *shot.source;
  PropagationRequest request;
  request.keyframes = shot.keyframes;
  request.first = shot.range.first;
  request.last = shot.range.last;
  request.direction = shot.direction;
  auto segmenter = shot.finetune.seconds > 0 ? createFinetunedSegmenter(shot.params, shot.finetune,
                                                                        source, request.keyframes)
                                             : createSegmenter(shot.params);
  if (!segmenter) return segmenter.error();

  std::error_code ec;
  fs::create_directories(shot.outDir, ec);
  if (ec) return makeError("cannot create output folder " + shot.outDir + ": " + ec.message());
  auto pathFor = [&](int64_t frame) {
    return (fs::path(shot.outDir) / (source.frameName(frame) + ".png")).string();
  };
  int64_t written = 0;
  for (const auto& [frame, labels] : request.keyframes) {
    if (Status s = writeLabelMap(pathFor(frame), labels); !s) return makeError(s.message());
    ++written;
  }
  Status writeStatus;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    writeStatus = writeLabelMap(pathFor(m.frame), m.labels);
    written += writeStatus.ok() ? 1 : 0;
    return writeStatus.ok();
  };
  callbacks.onProgress = shot.progress;
  const Status status = (*segmenter)->propagate(source, request, callbacks);
  if (!writeStatus) return makeError(writeStatus.message());
  if (!status) return makeError(status.message());
  return written;
}

}  // namespace rm::cli
