#include "app/cli/ShotFinetune.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <utility>

#include "engine/segment/ModelLocator.h"
#include "engine/train/CycleCheck.h"
#include "engine/train/JudgedFinetune.h"

namespace rm::cli {
namespace fs = std::filesystem;

const std::set<std::string>& finetuneFlagNames() {
  static const std::set<std::string> names = {"finetune", "finetune-set"};
  return names;
}

const char* finetuneFlagsUsage() {
  return "[--finetune SECONDS] [--finetune-set key=value ...]";
}

namespace {

constexpr double kMaxFinetuneSeconds = 24 * 3600;

Status applyFinetuneSetting(ShotFinetuneSettings& s, const std::string& key,
                            const std::string& value) {
  auto number = [&](double& out) -> Status {
    try {
      size_t used = 0;
      out = std::stod(value, &used);
      if (used == value.size()) return {};
    } catch (const std::exception&) {
    }
    return makeError("--finetune-set " + key + "=" + value + ": value is not a number");
  };
  auto fraction = [&](double& out) -> Status {
    if (Status st = number(out); !st) return st;
    if (out < 0 || out > 1)
      return makeError("--finetune-set " + key + "=" + value + ": must lie in [0, 1]");
    return {};
  };
  double x = 0;
  if (key == "lr") return number(s.options.learningRate);
  if (key == "freeze") return number(s.options.freezeFraction);
  if (key == "synth") return number(s.options.synthProbability);
  if (key == "color") return number(s.options.colorWeight);
  if (key == "balance") {
    if (Status st = number(s.options.classBalance); !st) return st;
    if (s.options.classBalance > 1)
      return makeError("--finetune-set balance=" + value + ": must be at most 1");
    return {};
  }
  if (key == "guess-share") return fraction(s.options.guessProbability);
  if (key == "guess-band") return number(s.options.guess.band480);
  if (key == "wise") return fraction(s.options.wiseAlpha);
  if (key == "guesses" || key == "guess-span") {
    if (Status st = number(x); !st) return st;
    if (x < 0) return makeError("--finetune-set " + key + "=" + value + ": must not be negative");
    (key == "guesses" ? s.options.guess.count : s.options.guess.span) = static_cast<int>(x);
    return {};
  }
  if (key == "margin") return number(s.cycle.margin);
  if (key == "error-reduction") return number(s.cycle.errorReduction);
  if (key == "iterations" || key == "seed") {
    if (Status st = number(x); !st) return st;
    if (key == "iterations") s.options.maxIterations = static_cast<int>(x);
    if (key == "seed") s.options.seed = static_cast<uint64_t>(x);
    return {};
  }
  if (key == "report") {
    if (Status st = number(x); !st) return st;
    s.judgeReport = x != 0;
    return {};
  }
  if (key == "size") {
    int w = 0, h = 0;
    if (std::sscanf(value.c_str(), "%dx%d", &w, &h) != 2 || w < 32 || h < 32)
      return makeError("--finetune-set size expects WxH (each >= 32), got '" + value + "'");
    s.options.size = cv::Size(w, h);
    return {};
  }
  if (key == "legs") {
    s.cycle.legs.clear();
    std::stringstream list(value);
    for (std::string item; std::getline(list, item, ',');) {
      int leg = 0;
      if (std::sscanf(item.c_str(), "%d", &leg) != 1 || leg < 1)
        return makeError("--finetune-set legs expects frame counts >= 1, got '" + value + "'");
      s.cycle.legs.push_back(leg);
    }
    if (s.cycle.legs.empty()) return makeError("--finetune-set legs is empty");
    return {};
  }
  if (key == "return") {
    if (value != "original" && value != "tuned")
      return makeError("--finetune-set return expects original or tuned, got '" + value + "'");
    s.cycle.returnWithOriginal = value == "original";
    return {};
  }
  if (key == "accept") {
    if (value != "judge" && value != "always" && value != "never")
      return makeError("--finetune-set accept expects judge, always or never, got '" + value + "'");
    s.accept = value;
    return {};
  }
  return makeError("--finetune-set: unknown setting '" + key + "'");
}

}  // namespace

Expected<ShotFinetuneSettings> parseFinetuneFlags(const Args& args) {
  ShotFinetuneSettings settings;
  auto seconds = args.getDouble("finetune", 0);
  if (!seconds) return seconds.error();
  // A day is far beyond any useful budget (nan and inf are refused by getDouble).
  if (*seconds < 0 || *seconds > kMaxFinetuneSeconds)
    return makeError("--finetune expects a time budget in seconds from 0 to " +
                     std::to_string(static_cast<int>(kMaxFinetuneSeconds)) + ", got " +
                     *args.get("finetune"));
  settings.seconds = *seconds;
  for (const std::string& kv : args.getAll("finetune-set")) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos)
      return makeError("--finetune-set expects key=value, got '" + kv + "'");
    if (Status s = applyFinetuneSetting(settings, kv.substr(0, eq), kv.substr(eq + 1)); !s)
      return makeError(s.message());
  }
  return settings;
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

// Every pairing of outbound and return model, one leg length at a time.
Status printJudgeReport(const SegmenterParams& params, const std::string& originalModel,
                        const std::string& tunedModel, FrameSource& source,
                        const std::map<int64_t, cv::Mat>& keyframes,
                        const train::CycleCheckOptions& cycle) {
  SegmenterParams p = params;
  p.model = originalModel;
  auto original = createSegmenter(p);
  if (!original) return makeError(original.message());
  p.model = tunedModel;
  auto tuned = createSegmenter(p);
  if (!tuned) return makeError(tuned.message());
  for (int leg : cycle.legs) {
    train::CycleCheckOptions one = cycle;
    one.legs = {leg};
    auto oo = train::cycleConsistency(**original, **original, source, keyframes, one);
    auto tt = train::cycleConsistency(**tuned, **tuned, source, keyframes, one);
    auto to = train::cycleConsistency(**tuned, **original, source, keyframes, one);
    for (auto* e : {&oo, &tt, &to})
      if (!*e) return makeError(e->message());
    std::fprintf(stderr,
                 "judge report %s leg %d: original %.4f tuned %.4f tuned+original-return %.4f\n",
                 source.path().c_str(), leg, oo->iou, tt->iou, to->iou);
  }
  return {};
}

}  // namespace

Expected<std::unique_ptr<Segmenter>> createFinetunedSegmenter(
    const SegmenterParams& params, const ShotFinetuneSettings& settings, FrameSource& source,
    const std::map<int64_t, cv::Mat>& keyframes, const std::function<bool()>& cancelled) {
  std::string model = params.model;
  if (isColourModel(model))
    return makeError("--finetune needs a neural model; colour features cannot be trained");
  if (model.empty()) {
    auto found = locateDefaultModel();
    if (!found) return found.error();
    model = found->string();
  }
  RemoveOnExit tuned{temporaryModelPath()};
  train::JudgedFinetuneCallbacks callbacks;
  callbacks.onGuessing = [&](int frames) {
    std::fprintf(stderr, "guessing the object on up to %d frame(s) near the keyframes\n", frames);
  };
  callbacks.onTraining = [&](const train::FinetuneReport& r) {
    std::fprintf(stderr, "\rfine-tuning on %zu keyframe(s): %.1f/%.0f s, %d iterations   ",
                 keyframes.size(), r.seconds, settings.seconds, r.iterations);
  };
  callbacks.onJudging = [&](const train::FinetuneReport& r) {
    std::fprintf(stderr, "\nheld-out keyframe loss %.4f -> %.4f (informative only)\n",
                 r.checkLossBefore, r.checkLossAfter);
  };
  train::FinetuneOptions options = settings.options;
  options.seconds = settings.seconds;
  const train::CycleCheckOptions& cycle = settings.cycle;
  std::unique_ptr<Segmenter> chosen;
  callbacks.cancelled = cancelled;
  auto result = train::finetuneAndJudge(params, model, source, keyframes, tuned.path.string(),
                                        options, cycle, callbacks, &chosen);
  if (cancelled && cancelled())
    return makeError("fine-tuning interrupted after " +
                     (result ? std::to_string(result->training.iterations) + " iterations"
                             : std::string("an error")) +
                     "; the tuned copy was discarded");
  if (!result) return result.error();
  if (settings.judgeReport) {
    if (Status s = printJudgeReport(params, model, tuned.path.string(), source, keyframes, cycle);
        !s)
      return makeError(s.message());
  }
  const train::CycleDecision& decision = result->decision;
  if (decision.original.cycles == 0)
    std::fprintf(stderr,
                 "cycle check: no room for a cycle in the clip: keeping the original model "
                 "(check %.1f s)\n",
                 decision.seconds);
  else
    std::fprintf(stderr,
                 "cycle check (%d cycle(s), return leg by the %s model): cycle IoU %.4f -> "
                 "%.4f, needed a gain above %.4f: %s (decided by the cycle check, %.1f s)\n",
                 decision.original.cycles, cycle.returnWithOriginal ? "original" : "tuned",
                 decision.original.iou, decision.tuned.iou,
                 train::requiredCycleGain(decision.original, cycle),
                 decision.useTuned ? "tuned model wins" : "original model wins", decision.seconds);
  const bool useTuned = settings.accept == "always"  ? true
                        : settings.accept == "never" ? false
                                                     : decision.useTuned;
  if (useTuned != decision.useTuned) {
    std::fprintf(stderr, "--finetune-set accept=%s: using the %s model\n", settings.accept.c_str(),
                 useTuned ? "tuned" : "original");
    SegmenterParams p = params;
    p.model = useTuned ? tuned.path.string() : model;
    auto forced = createSegmenter(p);
    if (!forced) return forced.error();
    chosen = std::move(*forced);
  }
  return Expected<std::unique_ptr<Segmenter>>(std::move(chosen));
}

}  // namespace rm::cli
