// `rotomatch-cli propagate`: keyframe masks in, one label-map PNG per frame out.
#include <filesystem>
#include <iostream>

#include <opencv2/core.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/ShotFinetune.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli propagate: " << message << "\n";
  return code;
}

int runPropagate(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message(), kExitUsage);
  std::set<std::string> known = segmentFlagNames();
  known.insert({"input", "mask", "out", "direction"});
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

  auto source = openFrameSource(*input);
  if (!source) return fail(source.message());
  const StreamInfo& info = (*source)->info();
  PropagationRequest request;
  request.direction = *direction;
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
  }
  auto segmenter = finetune->seconds > 0
                       ? createFinetunedSegmenter(*params, *finetune, **source, request.keyframes)
                       : createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());

  std::error_code ec;
  fs::create_directories(*out, ec);
  if (ec) return fail("cannot create output folder " + *out + ": " + ec.message());
  auto pathFor = [&](int64_t frame) {
    return (fs::path(*out) / ((*source)->frameName(frame) + ".png")).string();
  };
  for (const auto& [frame, labels] : request.keyframes)
    if (Status s = writeLabelMap(pathFor(frame), labels); !s) return fail(s.message());
  Status writeStatus;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    writeStatus = writeLabelMap(pathFor(m.frame), m.labels);
    return writeStatus.ok();
  };
  callbacks.onProgress = [](int64_t done, int64_t total) {
    std::cerr << "\rpropagated " << done << "/" << total << std::flush;
  };
  const Status status = (*segmenter)->propagate(**source, request, callbacks);
  std::cerr << "\n";
  if (!writeStatus) return fail(writeStatus.message());
  if (!status) return fail(status.message());
  return kExitOk;
}

const RegisterCommand kPropagate{
    {"propagate",
     std::string("--input SRC --mask FRAME=PNG [--mask FRAME=PNG ...] --out DIR "
                 "[--direction forward|backward|both] ") +
         finetuneFlagsUsage() + " " + segmentFlagsUsage(),
     "propagate keyframe masks through a clip", runPropagate}};

}  // namespace
}  // namespace rm::cli
