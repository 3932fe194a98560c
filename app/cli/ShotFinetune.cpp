#include "app/cli/ShotFinetune.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "engine/segment/ModelLocator.h"
#include "engine/train/CycleCheck.h"
#include "engine/train/Finetune.h"

namespace rm::cli {
namespace fs = std::filesystem;

Expected<double> parseFinetuneSeconds(const Args& args) {
  auto seconds = args.getDouble("finetune", 0);
  if (!seconds) return seconds.error();
  if (*seconds < 0) return makeError("--finetune expects a time budget in seconds >= 0");
  return *seconds;
}

namespace {

// The tuned copy only lives until the segmenter has loaded it.
struct RemoveOnExit {
  fs::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

fs::path temporaryModelPath() {
  static std::atomic<int> counter{0};
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec);
  if (ec) dir = ".";
  return dir / ("rotomatch-finetune-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++) + ".pt");
}

}  // namespace

Expected<std::unique_ptr<Segmenter>> createFinetunedSegmenter(
    const SegmenterParams& params, double seconds, FrameSource& source,
    const std::map<int64_t, cv::Mat>& keyframes) {
  std::string model = params.model;
  if (model == "color" || model == "colour")
    return makeError("--finetune needs a neural model; colour features cannot be trained");
  if (model.empty()) {
    auto found = locateDefaultModel();
    if (!found) return found.error();
    model = found->string();
  }
  train::FinetuneOptions options;
  options.seconds = seconds;
  options.device = params.device;
  options.threads = params.threads;
  RemoveOnExit tuned{temporaryModelPath()};
  auto report = train::finetuneOnKeyframes(
      model, source, keyframes, tuned.path.string(), options, [&](const train::FinetuneReport& r) {
        std::fprintf(stderr, "\rfine-tuning on %zu keyframe(s): %.1f/%.0f s, %d iterations   ",
                     keyframes.size(), r.seconds, seconds, r.iterations);
      });
  std::fputc('\n', stderr);
  if (!report) return report.error();
  // The loss on augmented keyframe pairs is shown but does not decide: on DAVIS it accepted
  // every tuned copy, including ones that propagated worse. The cycle check on the shot's
  // real frames decides.
  std::fprintf(stderr, "held-out keyframe loss %.4f -> %.4f (informative only)\n",
               report->checkLossBefore, report->checkLossAfter);
  train::CycleCheckOptions cycle;
  std::unique_ptr<Segmenter> chosen;
  auto decision = train::chooseByCycleConsistency(params, model, tuned.path.string(), source,
                                                  keyframes, cycle, &chosen);
  if (!decision) return decision.error();
  if (decision->original.cycles == 0)
    std::fprintf(stderr,
                 "cycle check: no room for a cycle in the clip: keeping the original model "
                 "(check %.1f s)\n",
                 decision->seconds);
  else
    std::fprintf(stderr,
                 "cycle check (%d-frame legs, %d cycle(s)): cycle IoU %.4f -> %.4f, margin "
                 "%.3f: %s (decided by the cycle check, %.1f s)\n",
                 cycle.frames, decision->original.cycles, decision->original.iou,
                 decision->tuned.iou, cycle.margin,
                 decision->useTuned ? "using the tuned model" : "keeping the original model",
                 decision->seconds);
  return Expected<std::unique_ptr<Segmenter>>(std::move(chosen));
}

}  // namespace rm::cli
