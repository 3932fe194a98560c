// `rotomatch-cli propagate`: keyframe masks in, one label-map PNG per frame out.
#include <filesystem>
#include <iostream>

#include "app/cli/CommandRegistry.h"
#include "app/cli/Interrupt.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/ShotPropagate.h"
#include "engine/media/writers/OutputTarget.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli propagate: " << message << "\n";
  return code;
}

int runPropagate(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"overwrite"});
  if (!args) return fail(args.message(), kExitUsage);
  std::set<std::string> known = segmentFlagNames();
  known.insert({"input", "mask", "out", "direction", "range", "overwrite"});
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

  if (const auto text = args->get("range"))
    if (auto syntax = parseFrameRange(*text); !syntax) return fail(syntax.message(), kExitUsage);

  InterruptGuard interrupt;
  OpenOptions openOptions;
  openOptions.cancelled = InterruptGuard::poll();
  auto source = openFrameSource(*input, openOptions);
  if (!source) return fail(source.message());
  auto range = resolveFrameRange(args->get("range"), (*source)->info().frameCount, *input);
  if (!range) return fail(range.message());
  ShotPropagation shot;
  shot.source = source->get();
  shot.range = *range;
  shot.direction = *direction;
  shot.params = *params;
  shot.finetune = *finetune;
  shot.outDir = *out;
  shot.cancelled = InterruptGuard::poll();
  std::vector<fs::path> inputs = sourceFiles(*input);
  for (const std::string& spec : masks) {
    auto mask = parseMaskSpec(spec);
    if (!mask) return fail(mask.message(), kExitUsage);
    auto labels = loadKeyframe(*mask, **source, shot.range);
    if (!labels) return fail(labels.message());
    shot.keyframes[mask->frame] = *labels;
    inputs.push_back(mask->file);
    shot.keyframesName += (&spec == &masks.front() ? " " : ", ") + mask->file;
  }

  // The target is checked before any work: never an input, never mixed with old masks.
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
  for (int64_t f = shot.range.first; f <= shot.range.last; ++f)
    written.push_back(fs::path(*out) / maskFileName(**source, f));
  if (Status s = refuseInputs(written, inputs); !s) return fail(s.message());
  if (Status s = clearTarget(present, replaced, "output folder " + *out, args->has("overwrite"));
      !s)
    return fail(s.message());
  shot.progress = [](int64_t done, int64_t total) {
    std::cerr << "\rpropagated " << done << "/" << total << std::flush;
  };
  const auto complete = propagateShot(shot);
  std::cerr << "\n";
  if (!complete && InterruptGuard::interrupted())
    return fail("interrupted: " + complete.message() + "; every file there is a whole label map");
  if (!complete) return fail(complete.message());
  return kExitOk;
}

const RegisterCommand kPropagate{
    {"propagate",
     std::string("--input SRC --mask FRAME=PNG [--mask FRAME=PNG ...] --out DIR [--overwrite] "
                 "[--range IN-OUT] [--direction forward|backward|both] ") +
         finetuneFlagsUsage() + " " + segmentFlagsUsage(),
     "propagate keyframe masks through a clip", runPropagate}};

}  // namespace
}  // namespace rm::cli
