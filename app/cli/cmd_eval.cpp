// `rotomatch-cli eval`: propagate frame 0's mask through each sequence of a DAVIS-layout
// dataset and score J (IoU) and F (boundary measure) on the other frames.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/EvalArtistLoop.h"
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
  known.insert({"dataset", "sequences", "json", "last-keyframe", "direction", "max-frames"});
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
  double sumJ = 0, sumF = 0, sumSeconds = 0;
  DavisEvalOptions options;
  options.lastKeyframe = args->has("last-keyframe");
  options.direction = *direction;
  options.maxFrames = *maxFrames;
  if (finetune->seconds > 0)
    options.segmenterFor = [&](FrameSource& source, const PropagationRequest& request) {
      return createFinetunedSegmenter(*params, *finetune, source, request.keyframes);
    };
  auto scores =
      evaluateDavis(**segmenter, *dataset, sequences, options, [&](const DavisSequenceScore& s) {
        std::printf("%-16s J=%.3f F=%.3f s/frame=%.3f frames=%lld\n", s.name.c_str(), s.j, s.f,
                    s.secondsPerFrame, static_cast<long long>(s.frames));
        std::fflush(stdout);
        report["sequences"][s.name] = {
            {"J", s.j}, {"F", s.f}, {"secondsPerFrame", s.secondsPerFrame}, {"frames", s.frames}};
        sumJ += s.j;
        sumF += s.f;
        sumSeconds += s.secondsPerFrame;
      });
  if (!scores) return fail(scores.message());
  const double n = double(sequences.size());
  report["meanJ"] = sumJ / n;
  report["meanF"] = sumF / n;
  report["meanSecondsPerFrame"] = sumSeconds / n;
  if (const auto json = args->get("json")) {
    if (Status s = writeFileAtomically(*json, report.dump(2) + "\n"); !s) return fail(s.message());
  }
  std::printf("mean J=%.3f F=%.3f\n", sumJ / n, sumF / n);
  return kExitOk;
}

const RegisterCommand kEval{
    {"eval",
     std::string("--dataset ROOT [--sequences a,b,...] [--json FILE] [--last-keyframe] "
                 "[--max-frames N] " +
                 std::string(finetuneFlagsUsage()) +
                 " "
                 "[--direction forward|backward|both] ") +
         segmentFlagsUsage(),
     "score propagation on a DAVIS-layout dataset (J and F); with --scribbles N "
     "[--frame F] [--scribble-width PX] [--snap ...] [--brush-set ...], the smart brush under "
     "simulated scribbles (IoU after 1..N); with --corrections N [--max-frames N], "
     "propagation then N simulated corrections of the worst frame (J and F after 0..N)",
     runEval}};

}  // namespace
}  // namespace rm::cli
