// `rotomatch-cli propagate`: keyframe masks in, one label-map PNG per frame out.
#include <filesystem>
#include <iostream>

#include <opencv2/core.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/Interrupt.h"
#include "app/cli/OutputTarget.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/ShotFinetune.h"
#include "engine/media/FramePattern.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/ObjectIds.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli propagate: " << message << "\n";
  return code;
}

// Mask file name of `frame`: the source frame's name, its number zero-padded when the
// source's is not (1.png ... 12.png give 00001.png ... 00012.png, so every tool lists
// the masks in frame order).
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

// Files of the output folder a new run replaces: every numbered PNG named like its
// masks (stale frames of an earlier, longer run included).
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

int runPropagate(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"overwrite"});
  if (!args) return fail(args.message(), kExitUsage);
  std::set<std::string> known = segmentFlagNames();
  known.insert({"input", "mask", "out", "direction", "overwrite"});
  known.insert(finetuneFlagNames().begin(), finetuneFlagNames().end());
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  const auto input = args->get("input");
  const auto out = args->get("out");
  const auto masks = args->getAll("mask");
  if (!input || !out || masks.empty())
    return fail("--input, --out and at least one --mask FRAME=PNG are required", kExitUsage);
  auto direction = parseDirection(args->get("direction", "both"));
  if (!direction) return fail(direction.message(), kExitUsage);
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message(), kExitUsage);
  auto finetune = parseFinetuneFlags(*args);
  if (!finetune) return fail(finetune.message(), kExitUsage);

  InterruptGuard interrupt;
  OpenOptions openOptions;
  openOptions.cancelled = InterruptGuard::poll();
  auto source = openFrameSource(*input, openOptions);
  if (!source) return fail(source.message());
  const StreamInfo& info = (*source)->info();
  PropagationRequest request;
  request.direction = *direction;
  std::vector<fs::path> inputs = sourceFiles(*input);
  for (const std::string& spec : masks) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos)
      return fail("--mask expects FRAME=PNG, got '" + spec + "'", kExitUsage);
    const std::string file = spec.substr(eq + 1);
    int64_t frame = -1;
    bool parsed = false;
    try {
      size_t used = 0;
      frame = std::stoll(spec.substr(0, eq), &used);
      parsed = used == eq;
    } catch (const std::exception&) {
    }
    if (!parsed)
      return fail("mask " + file + ": '" + spec.substr(0, eq) +
                      "' is not a frame index (expected --mask FRAME=PNG, FRAME 0-based)",
                  kExitUsage);
    if (frame < 0 || frame >= info.frameCount)
      return fail("mask " + file + ": frame index '" + spec.substr(0, eq) + "' is out of range (" +
                  *input + " has " + std::to_string(info.frameCount) + " frames, 0-based)");
    auto labels = readLabelMap(file, cv::Size(info.width, info.height));
    if (!labels) return fail(labels.message());
    if (cv::countNonZero(*labels) == 0)
      return fail("mask " + file + " is empty (no pixel has an instance label)");
    request.keyframes[frame] = *labels;
    inputs.push_back(file);
  }
  // Dense object ids: the same object labelled 2 or 200 costs and scores the same.
  auto ids = ObjectIds::of(request.keyframes, "the keyframe masks");
  if (!ids) return fail(ids.message());
  const std::map<int64_t, cv::Mat> keyLabels = request.keyframes;
  request.keyframes = ids->toDense(keyLabels);

  // The target is checked before any work: never an input, never mixed with old masks.
  auto pathFor = [&](int64_t frame) { return fs::path(*out) / maskFileName(**source, frame); };
  std::error_code ec;
  if (fs::exists(*out, ec) && !fs::is_directory(*out, ec))
    return fail("output folder " + *out + " is a file");
  std::vector<fs::path> present, replaced;
  if (fs::is_directory(*out, ec)) {
    for (const auto& entry : fs::directory_iterator(*out, ec))
      present.push_back(entry.path());
    replaced = previousMasks(*out, **source);
  }
  std::vector<fs::path> written = replaced;
  for (int64_t f = 0; f < info.frameCount; ++f)
    written.push_back(pathFor(f));
  if (Status s = refuseInputs(written, inputs); !s) return fail(s.message());
  if (Status s = clearTarget(present, replaced, "output folder " + *out, args->has("overwrite"));
      !s)
    return fail(s.message());

  auto segmenter = finetune->seconds > 0
                       ? createFinetunedSegmenter(*params, *finetune, **source, request.keyframes)
                       : createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());

  if (InterruptGuard::interrupted()) return fail("interrupted: nothing written to " + *out);
  fs::create_directories(*out, ec);
  if (ec) return fail("cannot create output folder " + *out + ": " + ec.message());
  int64_t complete = 0;
  auto completeNote = [&] {
    return " (" + std::to_string(complete) + " of " + std::to_string(info.frameCount) +
           " label maps complete in " + *out + ")";
  };
  for (const auto& [frame, labels] : keyLabels) {
    if (Status s = writeLabelMap(pathFor(frame).string(), labels); !s)
      return fail(s.message() + completeNote());
    ++complete;
  }
  Status writeStatus;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    if (InterruptGuard::interrupted()) return false;
    writeStatus = writeLabelMap(pathFor(m.frame).string(), ids->toOriginal(m.labels));
    complete += writeStatus.ok() ? 1 : 0;
    return writeStatus.ok();
  };
  callbacks.onProgress = [](int64_t done, int64_t total) {
    std::cerr << "\rpropagated " << done << "/" << total << std::flush;
  };
  const Status status = (*segmenter)->propagate(**source, request, callbacks);
  std::cerr << "\n";
  if (InterruptGuard::interrupted())
    return fail("interrupted" + completeNote() + "; every file there is a whole label map");
  if (!writeStatus) return fail(writeStatus.message() + completeNote());
  if (!status) return fail(status.message() + completeNote());
  return kExitOk;
}

const RegisterCommand kPropagate{
    {"propagate",
     std::string("--input SRC --mask FRAME=PNG [--mask FRAME=PNG ...] --out DIR [--overwrite] "
                 "[--direction forward|backward|both] ") +
         finetuneFlagsUsage() + " " + segmentFlagsUsage(),
     "propagate keyframe masks through a clip", runPropagate}};

}  // namespace
}  // namespace rm::cli
