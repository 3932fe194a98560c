// `rotomatch-cli eval`: propagate frame 0's mask (the range's first frame's with --range)
// through each sequence of a DAVIS-layout dataset and score J (IoU) and F (boundary
// measure) on the other frames, per object and per shot (DAVIS-2017 style), with the
// predicted/ground-truth area ratio (halos).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/EvalArtistLoop.h"
#include "app/cli/FrameRange.h"
#include "app/cli/Interrupt.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/ShotFinetune.h"
#include "engine/core/AtomicFile.h"
#include "engine/segment/DavisEval.h"

namespace rm::cli {
namespace {

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli eval: " << message << "\n";
  return code;
}

int runEval(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"last-keyframe"});
  if (!args) return fail(args.message(), kExitUsage);
  if (args->has("scribbles")) return runScribbleEval(*args);
  if (args->has("corrections")) return runCorrectionEval(*args);
  std::set<std::string> known = segmentFlagNames();
  known.insert(
      {"dataset", "sequences", "json", "last-keyframe", "direction", "max-frames", "range"});
  known.insert(finetuneFlagNames().begin(), finetuneFlagNames().end());
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  const auto dataset = args->get("dataset");
  if (!dataset) return fail("--dataset ROOT is required", kExitUsage);
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message(), kExitUsage);
  auto direction = parseDirection(args->get("direction", "both"));
  if (!direction) return fail(direction.message(), kExitUsage);
  auto maxFrames = args->getInt("max-frames", 0);
  if (!maxFrames) return fail(maxFrames.message(), kExitUsage);
  auto finetune = parseFinetuneFlags(*args);
  if (!finetune) return fail(finetune.message(), kExitUsage);
  FrameRange range;  // last -1: each sequence to its end
  if (const auto text = args->get("range")) {
    auto parsed = parseFrameRange(*text);
    if (!parsed) return fail(parsed.message(), kExitUsage);
    range = *parsed;
  }
  std::vector<std::string> sequences = args->getList("sequences");
  if (sequences.empty()) {
    auto all = listDavisSequences(*dataset);
    if (!all) return fail(all.message());
    sequences = std::move(*all);
  }
  auto segmenter = createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());

  nlohmann::json report;
  report["preset"] = params->preset;
  report["model"] = params->model;
  report["lastKeyframe"] = args->has("last-keyframe");
  report["finetuneSeconds"] = finetune->seconds;
  double sumJ = 0, sumF = 0, sumSeconds = 0, sumArea = 0;
  DavisEvalOptions options;
  options.lastKeyframe = args->has("last-keyframe");
  options.direction = *direction;
  options.maxFrames = *maxFrames;
  options.first = range.first;
  options.last = range.last;
  // SIGINT/SIGTERM: the shot being scored finishes (fine-tuning stops at once), then eval
  // stops with the shots scored so far printed, and writes no --json.
  InterruptGuard interrupt;
  if (finetune->seconds > 0)
    options.segmenterFor = [&](FrameSource& source, const PropagationRequest& request) {
      return createFinetunedSegmenter(*params, *finetune, source, request.keyframes,
                                      InterruptGuard::poll());
    };
  const auto printScore = [&](const DavisSequenceScore& s) {
    double area = 0;
    nlohmann::json objects = nlohmann::json::array();
    for (const ObjectScore& o : s.objects) {
      std::printf("  %-14s object %d: J=%.3f F=%.3f J&F=%.3f area/gt=%.2f (halves %.2f %.2f)\n",
                  s.name.c_str(), o.id, o.j, o.f, (o.j + o.f) / 2, o.areaRatio,
                  o.areaRatioFirstHalf, o.areaRatioSecondHalf);
      objects.push_back({{"id", o.id},
                         {"J", o.j},
                         {"F", o.f},
                         {"JF", (o.j + o.f) / 2},
                         {"areaRatio", o.areaRatio},
                         {"areaRatioFirstHalf", o.areaRatioFirstHalf},
                         {"areaRatioSecondHalf", o.areaRatioSecondHalf}});
      area += o.areaRatio / double(s.objects.size());
    }
    std::printf("%-16s J=%.3f F=%.3f J&F=%.3f area/gt=%.2f s/frame=%.3f frames=%lld\n",
                s.name.c_str(), s.j, s.f, (s.j + s.f) / 2, area, s.secondsPerFrame,
                static_cast<long long>(s.frames));
    std::fflush(stdout);
    report["sequences"][s.name] = {
        {"J", s.j},          {"F", s.f},           {"JF", (s.j + s.f) / 2},
        {"areaRatio", area}, {"objects", objects}, {"secondsPerFrame", s.secondsPerFrame},
        {"frames", s.frames}};
    sumJ += s.j;
    sumF += s.f;
    sumArea += area;
    sumSeconds += s.secondsPerFrame;
  };
  size_t scored = 0;
  for (const std::string& sequence : sequences) {
    if (InterruptGuard::interrupted()) break;
    auto scores = evaluateDavis(**segmenter, *dataset, {sequence}, options, printScore);
    if (!scores && !InterruptGuard::interrupted()) return fail(scores.message());
    if (scores) ++scored;
  }
  if (InterruptGuard::interrupted())
    return fail("interrupted: " + std::to_string(scored) + " of " +
                std::to_string(sequences.size()) +
                " sequence(s) scored and printed above; no mean, no --json written");
  const double n = double(sequences.size());
  report["meanJ"] = sumJ / n;
  report["meanF"] = sumF / n;
  report["meanJF"] = (sumJ + sumF) / (2 * n);
  report["meanAreaRatio"] = sumArea / n;
  report["meanSecondsPerFrame"] = sumSeconds / n;
  if (const auto json = args->get("json")) {
    if (Status s = writeFileAtomically(*json, report.dump(2) + "\n"); !s) return fail(s.message());
  }
  std::printf("mean J=%.3f F=%.3f J&F=%.3f area/gt=%.2f s/frame=%.3f\n", sumJ / n, sumF / n,
              (sumJ + sumF) / (2 * n), sumArea / n, sumSeconds / n);
  return kExitOk;
}

const RegisterCommand kEval{
    {"eval",
     std::string("--dataset ROOT [--sequences a,b,...] [--json FILE] [--last-keyframe] "
                 "[--range IN-OUT] [--max-frames N] " +
                 std::string(finetuneFlagsUsage()) +
                 " "
                 "[--direction forward|backward|both] ") +
         segmentFlagsUsage(),
     "score propagation on a DAVIS-layout dataset (J, F and J&F per object and shot); with "
     "--scribbles N [--frame F] [--scribble-width PX] [--snap ...] [--brush-set ...], the smart "
     "brush under simulated scribbles (IoU after 1..N); with --corrections N [--max-frames N], "
     "propagation then N simulated corrections of the worst frame (J and F after 0..N)",
     runEval}};

}  // namespace
}  // namespace rm::cli
