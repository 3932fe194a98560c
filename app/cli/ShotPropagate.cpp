#include "app/cli/ShotPropagate.h"

#include <filesystem>

#include <opencv2/core.hpp>

#include "engine/media/FramePattern.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/ObjectIds.h"

namespace rm::cli {

namespace fs = std::filesystem;

Expected<MaskSpec> parseMaskSpec(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq + 1 == spec.size())
    return makeError("--mask expects FRAME=PNG, got '" + spec + "'");
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

std::string maskFileName(const FrameSource& source, int64_t frame) {
  const std::string name = source.frameName(frame) + ".png";
  const std::string firstName = source.frameName(0) + ".png";
  const auto numbered = numberedNameOf(name);
  const auto first = numberedNameOf(firstName);
  if (!numbered || !first) return name;
  const bool padded = first->width > 1 && firstName[first->prefix.size()] == '0';
  const auto number = numbered->match(name);
  if (padded || !number) return name;
  FramePattern pattern = *numbered;
  const auto last = numberedNameOf(source.frameName(source.info().frameCount - 1) + ".png");
  pattern.width = std::max(5, last ? last->width : 0);
  return pattern.name(*number);
}

std::vector<fs::path> previousMasks(const fs::path& out, const FrameSource& source) {
  std::vector<fs::path> files;
  auto pattern = numberedNameOf(maskFileName(source, 0));
  if (pattern) pattern->width = 1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) &&
        ((pattern && pattern->match(name)) || (!pattern && name == maskFileName(source, 0))))
      files.push_back(entry.path());
  }
  return files;
}

Expected<int64_t> propagateShot(const ShotPropagation& shot) {
  FrameSource& source = *shot.source;
  // Dense object ids: the same object labelled 2 or 200 costs and scores the same.
  auto ids = ObjectIds::of(shot.keyframes, shot.keyframesName);
  if (!ids) return ids.error();
  PropagationRequest request;
  request.keyframes = ids->toDense(shot.keyframes);
  request.first = shot.range.first;
  request.last = shot.range.last;
  request.direction = shot.direction;
  auto segmenter = shot.finetune.seconds > 0
                       ? createFinetunedSegmenter(shot.params, shot.finetune, source,
                                                  request.keyframes, shot.cancelled)
                       : createSegmenter(shot.params);
  if (!segmenter) return segmenter.error();
  if (shot.cancelled && shot.cancelled())
    return makeError("cancelled: nothing written to " + shot.outDir);

  std::error_code ec;
  const bool folderExisted = fs::is_directory(shot.outDir, ec);
  fs::create_directories(shot.outDir, ec);
  if (ec) return makeError("cannot create output folder " + shot.outDir + ": " + ec.message());
  auto pathFor = [&](int64_t frame) {
    return (fs::path(shot.outDir) / maskFileName(source, frame)).string();
  };
  int64_t written = 0;
  auto failure = [&](const std::string& message) {
    // A run that wrote nothing (a model failing on its first frame) leaves no folder behind.
    if (written == 0 && !folderExisted) fs::remove(shot.outDir, ec);
    return makeError(message + " (" + std::to_string(written) + " of " +
                     std::to_string(shot.range.count()) + " label maps complete in " + shot.outDir +
                     ")");
  };
  // The keyframes' copies are written with the first propagated frame, so that a model
  // failing on that frame leaves no output at all.
  bool keyframesWritten = false;
  auto writeKeyframes = [&]() -> Status {
    if (keyframesWritten) return {};
    keyframesWritten = true;
    for (const auto& [frame, labels] : shot.keyframes) {
      if (Status s = writeLabelMap(pathFor(frame), labels); !s) return s;
      ++written;
    }
    return {};
  };
  Status writeStatus;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    if (shot.cancelled && shot.cancelled()) return false;
    writeStatus = writeKeyframes();
    if (writeStatus) writeStatus = writeLabelMap(pathFor(m.frame), ids->toOriginal(m.labels));
    written += writeStatus.ok() ? 1 : 0;
    return writeStatus.ok();
  };
  callbacks.onProgress = shot.progress;
  const Status status = (*segmenter)->propagate(source, request, callbacks);
  if (!writeStatus) return failure(writeStatus.message());
  if (!status) return failure(status.message());
  if (Status s = writeKeyframes(); !s) return failure(s.message());  // a range of keyframes only
  return written;
}

}  // namespace rm::cli
