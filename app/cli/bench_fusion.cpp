// `rotomatch-cli bench fusion`: how to fuse the two propagation directions between two
// keyframes. On each DAVIS-layout sequence, frames 0 and N-1 are keyframes; the forward and
// the backward chains run once (they do not depend on the fusion) and every fusion variant
// is scored on frames 1..N-2 against forward and backward alone (mean J and F). The chains
// and the 8-bit storage of the backward half are those of `propagate --direction both`.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include <opencv2/core.hpp>

#include "app/cli/BenchRegistry.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisEval.h"
#include "engine/segment/DavisMeasures.h"
#include "engine/segment/DirectionFusion.h"
#include "engine/segment/MaskOps.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message) {
  std::cerr << "rotomatch-cli bench fusion: " << message << "\n";
  return kExitFailure;
}

struct Variant {
  std::string name;
  FusionParams params;
};

std::vector<Variant> variants() {
  std::vector<Variant> out;
  for (double area : {0.0, 1.0, 2.0})
    for (double p : {1.0, 2.0})
      for (double c : {0.0, 1.0}) {
        char name[64];
        std::snprintf(name, sizeof name, "both a=%g p=%g c=%g", area, p, c);
        FusionParams params;
        params.temporalPower = p;
        params.areaPower = area;
        params.confidence = c;
        out.push_back({name, params});
      }
  return out;
}

struct Score {
  double j = 0, f = 0;
  int64_t frames = 0;
  void add(const cv::Mat& labels, const cv::Mat& truth) {
    j += jaccard(labels, truth);
    f += boundaryF(labels, truth);
    ++frames;
  }
};

using Probabilities = std::map<int64_t, std::vector<cv::Mat>>;

Expected<Probabilities> chain(Segmenter& segmenter, FrameSource& source,
                              const PropagationRequest& base, Direction direction) {
  PropagationRequest request = base;
  request.direction = direction;
  Probabilities probs;
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    std::vector<cv::Mat> kept;
    for (const cv::Mat& p : m.probabilities) {
      if (direction == Direction::Backward) {
        // As the propagator stores the backward half while the forward chain runs.
        cv::Mat q;
        p.convertTo(q, CV_8U, 255.0);
        q.convertTo(q, CV_32F, 1.0 / 255.0);
        kept.push_back(q);
      } else {
        kept.push_back(p.clone());
      }
    }
    probs[m.frame] = std::move(kept);
    return true;
  };
  if (Status s = segmenter.propagate(source, request, callbacks); !s) return makeError(s.message());
  return probs;
}

int runBenchFusion(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message());
  std::set<std::string> known = segmentFlagNames();
  known.insert({"dataset", "sequences", "max-frames"});
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message());
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message());
  auto maxFrames = args->getInt("max-frames", 0);
  if (!maxFrames) return fail(maxFrames.message());
  const fs::path root(args->get("dataset", "../shared/datasets/davis2016-val-dev"));
  std::vector<std::string> sequences = args->getList("sequences");
  if (sequences.empty()) {
    auto all = listDavisSequences(root.string());
    if (!all) return fail(all.message());
    sequences = std::move(*all);
  }
  auto segmenter = createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());
  const std::vector<Variant> fused = variants();
  std::map<std::string, double> sumJ, sumF;
  for (const std::string& name : sequences) {
    const fs::path annotations = root / "Annotations" / "480p" / name;
    auto source = openFrameSource((root / "JPEGImages" / "480p" / name).string());
    if (!source) return fail(source.message());
    const StreamInfo& info = (*source)->info();
    const int64_t n =
        *maxFrames > 0 ? std::min<int64_t>(*maxFrames, info.frameCount) : info.frameCount;
    if (n < 3) return fail(name + ": needs at least 3 frames");
    auto truthOf = [&](int64_t t) {
      return readLabelMap((annotations / ((*source)->frameName(t) + ".png")).string(),
                          cv::Size(info.width, info.height));
    };
    PropagationRequest request;
    request.last = n - 1;
    int instances = 0;
    for (int64_t k : {int64_t(0), n - 1}) {
      auto mask = truthOf(k);
      if (!mask) return fail(mask.message());
      double top = 0;
      cv::minMaxLoc(*mask, nullptr, &top);
      instances = std::max(instances, int(top));
      request.keyframes[k] = *mask;
    }
    const std::vector<double> areaFirst = instanceAreas(request.keyframes.at(0), instances);
    const std::vector<double> areaLast = instanceAreas(request.keyframes.at(n - 1), instances);
    auto forward = chain(**segmenter, **source, request, Direction::Forward);
    if (!forward) return fail(forward.message());
    auto backward = chain(**segmenter, **source, request, Direction::Backward);
    if (!backward) return fail(backward.message());
    const double threshold = instances == 1 ? 0.5 : params->c2;
    std::map<std::string, Score> scores;
    for (int64_t t = 1; t < n - 1; ++t) {
      auto truth = truthOf(t);
      if (!truth) return fail(truth.message());
      const auto& pf = forward->at(t);
      const auto& pb = backward->at(t);
      scores["forward"].add(fuseInstances(pf, threshold), *truth);
      scores["backward"].add(fuseInstances(pb, threshold), *truth);
      for (const Variant& v : fused)
        scores[v.name].add(
            fuseInstances(fuseDirections(pf, pb, t, 0, n - 1, areaFirst, areaLast, v.params),
                          threshold),
            *truth);
    }
    std::printf("%-14s", name.c_str());
    for (const auto& [label, s] : scores) {
      const double j = s.j / double(s.frames), f = s.f / double(s.frames);
      sumJ[label] += j;
      sumF[label] += f;
      if (label == "forward" || label == "backward" || label == "both a=0 p=1 c=0" ||
          label == "both a=1 p=1 c=0")
        std::printf("  %s J=%.3f F=%.3f", label.c_str(), j, f);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  const double count = double(sequences.size());
  std::printf("mean over %zu sequences:\n", sequences.size());
  for (const auto& [label, j] : sumJ)
    std::printf("  %-20s J=%.4f F=%.4f\n", label.c_str(), j / count, sumF[label] / count);
  return kExitOk;
}

const RegisterBench kFusion{
    {"fusion",
     std::string("[--dataset ROOT] [--sequences a,b,...] [--max-frames N] ") + segmentFlagsUsage(),
     "two-direction fusion variants vs forward and backward alone (keyframes 0 and N-1; J, F)",
     runBenchFusion}};

}  // namespace
}  // namespace rm::cli
