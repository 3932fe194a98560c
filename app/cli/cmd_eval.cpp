// `rotomatch-cli eval`: propagate frame 0's mask through each sequence of a DAVIS-layout
// dataset and score J (IoU) and F (boundary measure) on the other frames.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "engine/core/AtomicFile.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisMeasures.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli eval: " << message << "\n";
  return code;
}

struct SequenceScore {
  std::string name;
  double j = 0, f = 0, secondsPerFrame = 0;
  int64_t frames = 0;
};

Expected<SequenceScore> evalSequence(Segmenter& segmenter, const fs::path& root,
                                     const std::string& name, bool lastKeyframe,
                                     Direction direction, int maxFrames) {
  const fs::path images = root / "JPEGImages" / "480p" / name;
  const fs::path annotations = root / "Annotations" / "480p" / name;
  auto source = openFrameSource(images.string());
  if (!source) return source.error();
  const StreamInfo& info = (*source)->info();
  const cv::Size size(info.width, info.height);
  auto truthOf = [&](int64_t frame) {
    return readLabelMap((annotations / ((*source)->frameName(frame) + ".png")).string(), size);
  };
  PropagationRequest request;
  request.direction = direction;
  const int64_t frameCount =
      maxFrames > 0 ? std::min<int64_t>(maxFrames, info.frameCount) : info.frameCount;
  request.last = frameCount - 1;
  std::vector<int64_t> keys{0};
  if (lastKeyframe && frameCount > 1) keys.push_back(frameCount - 1);
  for (int64_t k : keys) {
    auto mask = truthOf(k);
    if (!mask) return mask.error();
    request.keyframes[k] = *mask;
  }
  SequenceScore score;
  score.name = name;
  Status truthStatus;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    auto truth = truthOf(m.frame);
    if (!truth) {
      truthStatus = truth.error();
      return false;
    }
    score.j += jaccard(m.labels, *truth);
    score.f += boundaryF(m.labels, *truth);
    ++score.frames;
    return true;
  };
  const auto start = std::chrono::steady_clock::now();
  const Status status = segmenter.propagate(**source, request, callbacks);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!truthStatus) return makeError(truthStatus.message());
  if (!status) return makeError(status.message());
  if (score.frames == 0) return makeError(images.string() + ": no frame to score");
  score.j /= double(score.frames);
  score.f /= double(score.frames);
  score.secondsPerFrame = seconds / double(score.frames);
  return score;
}

int runEval(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"last-keyframe"});
  if (!args) return fail(args.message(), kExitUsage);
  std::set<std::string> known = segmentFlagNames();
  known.insert({"dataset", "sequences", "json", "last-keyframe", "direction", "max-frames"});
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  const auto dataset = args->get("dataset");
  if (!dataset) return fail("--dataset ROOT is required", kExitUsage);
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message(), kExitUsage);
  auto direction = parseDirection(args->get("direction", "both"));
  if (!direction) return fail(direction.message(), kExitUsage);
  auto maxFrames = args->getInt("max-frames", 0);
  if (!maxFrames) return fail(maxFrames.message(), kExitUsage);
  const fs::path root(*dataset);
  std::vector<std::string> sequences = args->getList("sequences");
  if (sequences.empty()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root / "JPEGImages" / "480p", ec))
      if (e.is_directory()) sequences.push_back(e.path().filename().string());
    if (ec)
      return fail("cannot list " + (root / "JPEGImages" / "480p").string() + ": " + ec.message());
    std::sort(sequences.begin(), sequences.end());
  }
  auto segmenter = createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());

  nlohmann::json report;
  report["preset"] = params->preset;
  report["model"] = params->model;
  report["lastKeyframe"] = args->has("last-keyframe");
  double sumJ = 0, sumF = 0, sumSeconds = 0;
  for (const std::string& name : sequences) {
    auto score =
        evalSequence(**segmenter, root, name, args->has("last-keyframe"), *direction, *maxFrames);
    if (!score) return fail(score.message());
    std::printf("%-16s J=%.3f F=%.3f s/frame=%.3f frames=%lld\n", name.c_str(), score->j, score->f,
                score->secondsPerFrame, static_cast<long long>(score->frames));
    std::fflush(stdout);
    report["sequences"][name] = {{"J", score->j},
                                 {"F", score->f},
                                 {"secondsPerFrame", score->secondsPerFrame},
                                 {"frames", score->frames}};
    sumJ += score->j;
    sumF += score->f;
    sumSeconds += score->secondsPerFrame;
  }
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
                 "[--max-frames N] "
                 "[--direction forward|backward|both] ") +
         segmentFlagsUsage(),
     "score propagation on a DAVIS-layout dataset (J and F)", runEval}};

}  // namespace
}  // namespace rm::cli
