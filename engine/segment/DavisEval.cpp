#include "engine/segment/DavisEval.h"

#include <algorithm>
#include <filesystem>

#include "engine/core/Stopwatch.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/ObjectIds.h"

namespace rm {
namespace fs = std::filesystem;

Expected<std::vector<std::string>> listDavisSequences(const std::string& root) {
  const fs::path images = fs::path(root) / "JPEGImages" / "480p";
  std::error_code ec;
  if (!fs::is_directory(images, ec))
    return makeError("dataset " + root + " has no JPEGImages/480p folder");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(images, ec))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  if (ec) return makeError("cannot list " + images.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  if (names.empty()) return makeError("dataset " + root + " has no sequences");
  return names;
}

Expected<DavisSequenceScore> evaluateDavisSequence(Segmenter& segmenter, const std::string& root,
                                                   const std::string& name,
                                                   const DavisEvalOptions& options) {
  const fs::path images = fs::path(root) / "JPEGImages" / "480p" / name;
  const fs::path annotations = fs::path(root) / "Annotations" / "480p" / name;
  auto source = openFrameSource(images.string());
  if (!source) return source.error();
  const StreamInfo& info = (*source)->info();
  const cv::Size size(info.width, info.height);
  auto truthOf = [&](int64_t frame) {
    return readLabelMap((annotations / ((*source)->frameName(frame) + ".png")).string(), size);
  };
  PropagationRequest request;
  request.direction = options.direction;
  if (options.last >= info.frameCount)
    return makeError("range " + std::to_string(options.first) + "-" + std::to_string(options.last) +
                     " is outside " + images.string() + ", which has " +
                     std::to_string(info.frameCount) + " frames");
  int64_t last = options.last >= 0 ? options.last : info.frameCount - 1;
  if (options.maxFrames > 0) last = std::min<int64_t>(last, options.first + options.maxFrames - 1);
  request.first = options.first;
  request.last = last;
  // The objects are the ids of the range's first frame (DAVIS-2017: those of frame 0).
  auto firstTruth = truthOf(options.first);
  if (!firstTruth) return firstTruth.error();
  const std::vector<int> objects = objectIds(*firstTruth);
  if (objects.empty())
    return makeError((annotations / ((*source)->frameName(options.first) + ".png")).string() +
                     ": the first frame's ground truth has no object");
  ObjectScorer scorer(objects);
  request.keyframes[options.first] = *firstTruth;
  if (options.lastKeyframe && last > options.first) {
    auto mask = truthOf(last);
    if (!mask) return mask.error();
    request.keyframes[last] = *mask;
  }
  auto ids = ObjectIds::of(request.keyframes, annotations.string() + " keyframes");
  if (!ids) return ids.error();
  request.keyframes = ids->toDense(request.keyframes);  // scored with the original labels
  DavisSequenceScore score;
  score.name = name;
  Status truthStatus;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    auto truth = truthOf(m.frame);
    if (!truth) {
      truthStatus = truth.error();
      return false;
    }
    scorer.add(ids->toOriginal(m.labels), *truth,
               2 * (m.frame - options.first) > last - options.first);
    return true;
  };
  Stopwatch watch;
  Segmenter* chosen = &segmenter;
  std::unique_ptr<Segmenter> own;
  if (options.segmenterFor) {
    auto made = options.segmenterFor(**source, request);
    if (!made) return made.error();
    own = std::move(*made);
    chosen = own.get();
  }
  const Status status = chosen->propagate(**source, request, callbacks);
  const double seconds = watch.seconds();
  if (!truthStatus) return makeError(truthStatus.message());
  if (!status) return makeError(status.message());
  score.frames = scorer.frames();
  if (score.frames == 0) return makeError(images.string() + ": no frame to score");
  score.objects = scorer.scores();
  for (const ObjectScore& o : score.objects) {
    score.j += o.j / double(score.objects.size());
    score.f += o.f / double(score.objects.size());
  }
  score.secondsPerFrame = seconds / double(score.frames);
  return score;
}

Expected<std::vector<DavisSequenceScore>> evaluateDavis(
    Segmenter& segmenter, const std::string& root, std::vector<std::string> sequences,
    const DavisEvalOptions& options,
    const std::function<void(const DavisSequenceScore&)>& onSequence) {
  if (sequences.empty()) {
    auto all = listDavisSequences(root);
    if (!all) return all.error();
    sequences = std::move(*all);
  }
  std::vector<DavisSequenceScore> scores;
  for (const std::string& name : sequences) {
    auto score = evaluateDavisSequence(segmenter, root, name, options);
    if (!score) return score.error();
    if (onSequence) onSequence(*score);
    scores.push_back(std::move(*score));
  }
  return scores;
}

}  // namespace rm
