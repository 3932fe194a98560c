// `rotomatch-cli propagate`: keyframe masks in, one label-map PNG per frame out.
#include <iostream>

#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/ShotPropagate.h"

namespace rm::cli {
namespace {

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli propagate: " << message << "\n";
  return code;
}

int runPropagate(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message(), kExitUsage);
  std::set<std::string> known = segmentFlagNames();
  known.insert({"input", "mask", "out", "direction", "range"});
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

  auto source = openFrameSource(*input);
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
  for (const std::string& spec : masks) {
    auto mask = parseMaskSpec(spec);
    if (!mask) return fail(mask.message(), kExitUsage);
    auto labels = loadKeyframe(*mask, **source, shot.range);
    if (!labels) return fail(labels.message());
    shot.keyframes[mask->frame] = *labels;
  }
  shot.progress = [](int64_t done, int64_t total) {
    std::cerr << "\rpropagated " << done << "/" << total << std::flush;
  };
  const auto written = propagateShot(shot);
  std::cerr << "\n";
  if (!written) return fail(written.message());
  return kExitOk;
}

const RegisterCommand kPropagate{
    {"propagate",
     std::string("--input SRC --mask FRAME=PNG [--mask FRAME=PNG ...] --out DIR "
                 "[--range IN-OUT] [--direction forward|backward|both] ") +
         finetuneFlagsUsage() + " " + segmentFlagsUsage(),
     "propagate keyframe masks through a clip", runPropagate}};

}  // namespace
}  // namespace rm::cli
