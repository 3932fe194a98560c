#include "engine/segment/CorrectionEval.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <opencv2/core.hpp>

#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisMeasures.h"
#include "engine/segment/Repropagation.h"

namespace rm {
namespace fs = std::filesystem;
namespace {

struct FrameScore {
  double j = 0, f = 0;
};

FrameScore scoreFrame(const cv::Mat& prediction, const cv::Mat& truth,
                      const std::vector<int>& objects) {
  FrameScore s;
  for (int k : objects) {
    s.j += jaccard(prediction == k, truth == k);
    s.f += boundaryF(prediction == k, truth == k);
  }
  s.j /= double(objects.size());
  s.f /= double(objects.size());
  return s;
}

}  // namespace

Expected<CorrectionSequenceScore> evaluateCorrections(Segmenter& segmenter, const std::string& root,
                                                      const std::string& name,
                                                      const CorrectionEvalOptions& options) {
  if (options.corrections < 0) return makeError("the number of corrections must not be negative");
  const fs::path images = fs::path(root) / "JPEGImages" / "480p" / name;
  const fs::path annotations = fs::path(root) / "Annotations" / "480p" / name;
  auto source = openFrameSource(images.string());
  if (!source) return source.error();
  const StreamInfo& info = (*source)->info();
  const int64_t n = options.maxFrames > 0 ? std::min<int64_t>(options.maxFrames, info.frameCount)
                                          : info.frameCount;
  if (n < 2) return makeError(images.string() + ": needs at least two frames");
  std::vector<cv::Mat> truth;
  for (int64_t t = 0; t < n; ++t) {
    auto labels = readLabelMap((annotations / ((*source)->frameName(t) + ".png")).string(),
                               cv::Size(info.width, info.height));
    if (!labels) return labels.error();
    truth.push_back(*labels);
  }
  std::vector<int> objects;
  for (int k = 1; k < 256; ++k)
    if (cv::countNonZero(truth[0] == k) > 0) objects.push_back(k);
  if (objects.empty()) return makeError(annotations.string() + ": frame 0 has no object");

  CorrectionSequenceScore score;
  score.name = name;
  score.objects = int(objects.size());
  std::map<int64_t, cv::Mat> keyframes{{0, truth[0]}};
  std::vector<FrameScore> perFrame(static_cast<size_t>(n));
  auto run = [&](const PropagationRequest& request) -> Status {
    Status truthStatus;
    int64_t count = 0;
    PropagationCallbacks callbacks;
    callbacks.onFrame = [&](const FrameMasks& m) {
      perFrame[size_t(m.frame)] = scoreFrame(m.labels, truth[size_t(m.frame)], objects);
      ++count;
      return true;
    };
    if (Status s = segmenter.propagate(**source, request, callbacks); !s) return s;
    score.recomputed.push_back(count);
    return {};
  };
  auto record = [&] {
    double j = 0, f = 0;
    int64_t frames = 0;
    for (int64_t t = 0; t < n; ++t)
      if (!keyframes.count(t)) {
        j += perFrame[size_t(t)].j;
        f += perFrame[size_t(t)].f;
        ++frames;
      }
    score.j.push_back(frames ? j / double(frames) : 1.0);
    score.f.push_back(frames ? f / double(frames) : 1.0);
  };

  PropagationRequest first;
  first.keyframes = keyframes;
  first.first = 0;
  first.last = n - 1;
  first.direction = Direction::Forward;
  if (Status s = run(first); !s) return makeError(s.message());
  record();
  for (int round = 1; round <= options.corrections; ++round) {
    int64_t worst = -1;
    for (int64_t t = 0; t < n; ++t)
      if (!keyframes.count(t) && (worst < 0 || perFrame[size_t(t)].j < perFrame[size_t(worst)].j))
        worst = t;
    if (worst < 0) break;  // every frame is a keyframe
    keyframes[worst] = truth[size_t(worst)];
    score.corrected.push_back(worst);
    std::set<int64_t> keys;
    for (const auto& [k, mask] : keyframes)
      keys.insert(k);
    std::set<int64_t> stale = framesInvalidatedBy(keys, worst, 0, n - 1, Direction::Both);
    for (int64_t k : keys)
      stale.erase(k);
    if (!stale.empty()) {
      PropagationRequest request = repropagationRequest(keyframes, stale);
      if (Status s = run(request); !s) return makeError(s.message());
    }
    record();
  }
  return score;
}

}  // namespace rm
