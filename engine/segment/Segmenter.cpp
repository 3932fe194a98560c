// The VideoMatch propagator behind createSegmenter(): plans spans between keyframes, runs
// one MatchTracker per span and direction, fuses two directions, and emits label maps and
// probabilities at source size.
#include "engine/segment/Segmenter.h"

#include <algorithm>
#include <map>

#include <torch/torch.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/Stopwatch.h"
#include "engine/segment/DirectionFusion.h"
#include "engine/segment/EdgeRefine.h"
#include "engine/segment/MaskOps.h"
#include "engine/segment/MatchConfig.h"
#include "engine/segment/MatchTracker.h"
#include "engine/segment/MatchingFeatures.h"
#include "engine/segment/SpanPlanner.h"

namespace rm {
namespace {

class VideoMatchSegmenter final : public Segmenter {
 public:
  VideoMatchSegmenter(SegmenterParams params, std::unique_ptr<MatchingFeatures> features)
      : params_(std::move(params)), config_(features->config()), matching_(std::move(features)) {}

  const SegmenterParams& params() const override { return params_; }
  SegmenterTimings timings() const override { return timings_; }

  Status propagate(FrameSource& source, const PropagationRequest& request,
                   const PropagationCallbacks& callbacks) override;

 private:
  struct Context {
    FrameSource* source = nullptr;
    cv::Size sourceSize, workingSize;
    int instances = 0;
    std::map<int64_t, cv::Mat> keyLabels;  // source size
    std::map<int64_t, KeyframeData> keyData;
    std::map<int64_t, cv::Mat> frameCache;  // source RGB of the frame being emitted
  };

  Expected<FrameFeatures> features(Context& ctx, int64_t frame, cv::Mat* sourceRgb);
  Expected<const KeyframeData*> keyframe(Context& ctx, int64_t frame);
  FrameMasks finish(Context& ctx, int64_t frame, const std::vector<cv::Mat>& workingProbs,
                    const cv::Mat& sourceRgb);

  SegmenterParams params_;
  MatchConfig config_;
  std::unique_ptr<MatchingFeatures> matching_;
  SegmenterTimings timings_;
};

Expected<FrameFeatures> VideoMatchSegmenter::features(Context& ctx, int64_t frame,
                                                      cv::Mat* sourceRgb) {
  Stopwatch watch;
  Expected<cv::Mat> rgb = ctx.source->readRgb8(frame);
  if (!rgb) return rgb.error();
  if (rgb->type() != CV_8UC3 || rgb->size() != ctx.sourceSize)
    return makeError(ctx.source->path() + ": frame " + std::to_string(frame) +
                     " has an unexpected size or type");
  cv::Mat working;
  if (ctx.workingSize == ctx.sourceSize)
    working = *rgb;
  else
    cv::resize(*rgb, working, ctx.workingSize, 0, 0, cv::INTER_AREA);
  if (sourceRgb) *sourceRgb = *rgb;
  timings_.decode += watch.seconds();

  watch.restart();
  Expected<torch::Tensor> x = matching_->extract(working);
  if (!x) return x.error();
  timings_.backbone += watch.seconds();
  FrameFeatures out{std::move(*x), matching_->stride(), {}};
  if (usesFlow(config_, ctx.instances)) cv::cvtColor(working, out.grey, cv::COLOR_RGB2GRAY);
  return out;
}

Expected<const KeyframeData*> VideoMatchSegmenter::keyframe(Context& ctx, int64_t frame) {
  auto it = ctx.keyData.find(frame);
  if (it != ctx.keyData.end()) return &it->second;
  Expected<FrameFeatures> f = features(ctx, frame, nullptr);
  if (!f) return f.error();
  KeyframeData data;
  data.frame = frame;
  data.features = std::move(*f);
  cv::resize(ctx.keyLabels.at(frame), data.labels, ctx.workingSize, 0, 0, cv::INTER_NEAREST);
  return &ctx.keyData.emplace(frame, std::move(data)).first->second;
}

FrameMasks VideoMatchSegmenter::finish(Context& ctx, int64_t frame,
                                       const std::vector<cv::Mat>& workingProbs,
                                       const cv::Mat& sourceRgb) {
  Stopwatch watch;
  FrameMasks out;
  out.frame = frame;
  for (const cv::Mat& p : workingProbs) {
    cv::Mat full;
    if (p.size() == ctx.sourceSize)
      full = p.clone();
    else
      cv::resize(p, full, ctx.sourceSize, 0, 0, cv::INTER_LINEAR);
    if (config_.refine && !sourceRgb.empty())
      full = refineProbability(full, sourceRgb, config_.refineRadius480, config_.refineEps,
                               config_.refineSubsample);
    out.probabilities.push_back(full);
  }
  out.labels = fuseInstances(out.probabilities, ctx.instances == 1 ? 0.5 : config_.c2);
  timings_.postprocess += watch.seconds();
  ++timings_.frames;
  return out;
}

Status VideoMatchSegmenter::propagate(FrameSource& source, const PropagationRequest& request,
                                      const PropagationCallbacks& callbacks) {
  const StreamInfo& info = source.info();
  const std::string& path = source.path();
  if (request.keyframes.empty()) return makeError(path + ": no keyframe mask given");
  Context ctx;
  ctx.source = &source;
  ctx.sourceSize = cv::Size(info.width, info.height);
  for (const auto& [index, mask] : request.keyframes) {
    const std::string where = path + " keyframe " + std::to_string(index);
    if (index < 0 || index >= info.frameCount)
      return makeError(where + ": frame index out of range (the source has " +
                       std::to_string(info.frameCount) + " frames)");
    if (mask.empty() || mask.type() != CV_8UC1)
      return makeError(where + ": mask must be an 8-bit single-channel label map");
    if (mask.size() != ctx.sourceSize)
      return makeError(where + ": mask is " + std::to_string(mask.cols) + "x" +
                       std::to_string(mask.rows) + " but the frames are " +
                       std::to_string(info.width) + "x" + std::to_string(info.height));
    double maxLabel = 0;
    cv::minMaxLoc(mask, nullptr, &maxLabel);
    ctx.instances = std::max(ctx.instances, static_cast<int>(maxLabel));
    ctx.keyLabels[index] = mask;
  }
  if (ctx.instances == 0) return makeError(path + ": every keyframe mask is empty");
  const int64_t first = std::max<int64_t>(0, request.first);
  const int64_t last =
      request.last < 0 ? info.frameCount - 1 : std::min(request.last, info.frameCount - 1);
  if (first > last) return makeError(path + ": empty frame range");
  ctx.workingSize = workingSizeFor(ctx.sourceSize, config_.workingShortSide);

  std::set<int64_t> keys;
  for (const auto& [index, mask] : request.keyframes)
    keys.insert(index);
  const std::vector<Span> spans = planSpans(keys, first, last, request.direction);
  auto wanted = [&](int64_t t) {
    return request.onlyFrames.empty() || request.onlyFrames.count(t);
  };
  int64_t total = 0, done = 0;
  for (const Span& s : spans)
    for (int64_t t = s.from; t <= s.to; ++t)
      total += wanted(t) ? 1 : 0;

  auto emit = [&](const FrameMasks& masks) -> Status {
    ++done;
    if (callbacks.onFrame && !callbacks.onFrame(masks)) return makeError(kPropagationCancelled);
    if (callbacks.onProgress) callbacks.onProgress(done, total);
    return {};
  };

  const FusionParams fusion{config_.fusionTemporalPower, config_.fusionAreaPower,
                            config_.fusionConfidence};
  for (const Span& span : spans) {
    int64_t lo = -1, hi = -1;
    for (int64_t t = span.from; t <= span.to; ++t)
      if (wanted(t)) {
        if (lo < 0) lo = t;
        hi = t;
      }
    if (lo < 0) continue;
    std::vector<const KeyframeData*> bankKeys;
    for (int64_t k : span.bankKeys) {
      Expected<const KeyframeData*> key = keyframe(ctx, k);
      if (!key) return key.error();
      bankKeys.push_back(*key);
    }
    // Backward chain first; with two directions its probabilities wait (8-bit, working
    // size) for the forward chain to fuse them in frame order.
    std::map<int64_t, std::vector<cv::Mat>> backwardProbs;
    const bool both = span.forwardKey && span.backwardKey;
    std::map<int64_t, std::vector<double>> keyAreas;  // foreground fraction per instance
    if (both)
      for (int64_t key : {*span.forwardKey, *span.backwardKey})
        keyAreas[key] = instanceAreas(ctx.keyData.at(key).labels, ctx.instances);
    if (span.backwardKey) {
      MatchTracker tracker(config_, ctx.workingSize, ctx.instances);
      tracker.initialise(bankKeys, ctx.keyData.at(*span.backwardKey));
      for (int64_t t = span.to; t >= lo; --t) {
        if (callbacks.cancelled && callbacks.cancelled()) return makeError(kPropagationCancelled);
        cv::Mat rgb;
        Expected<FrameFeatures> f = features(ctx, t, both ? nullptr : &rgb);
        if (!f) return f.error();
        Stopwatch watch;
        TrackerOutput out = tracker.step(*f);
        timings_.matching += watch.seconds();
        if (!wanted(t)) continue;
        if (both) {
          std::vector<cv::Mat> stored;
          for (const cv::Mat& p : out.probabilities) {
            cv::Mat q;
            p.convertTo(q, CV_8U, 255.0);
            stored.push_back(q);
          }
          backwardProbs[t] = std::move(stored);
        } else if (Status s = emit(finish(ctx, t, out.probabilities, rgb)); !s) {
          return s;
        }
      }
    }
    if (span.forwardKey) {
      MatchTracker tracker(config_, ctx.workingSize, ctx.instances);
      tracker.initialise(bankKeys, ctx.keyData.at(*span.forwardKey));
      for (int64_t t = span.from; t <= hi; ++t) {
        cv::Mat rgb;
        Expected<FrameFeatures> f = features(ctx, t, &rgb);
        if (!f) return f.error();
        Stopwatch watch;
        TrackerOutput out = tracker.step(*f);
        if (both && wanted(t)) {
          std::vector<cv::Mat> back;
          for (const cv::Mat& q : backwardProbs.at(t)) {
            cv::Mat b;
            q.convertTo(b, CV_32F, 1.0 / 255.0);
            back.push_back(b);
          }
          out.probabilities =
              fuseDirections(out.probabilities, back, t, *span.forwardKey, *span.backwardKey,
                             keyAreas.at(*span.forwardKey), keyAreas.at(*span.backwardKey), fusion);
          backwardProbs.erase(t);
        }
        timings_.matching += watch.seconds();
        if (!wanted(t)) continue;
        if (Status s = emit(finish(ctx, t, out.probabilities, rgb)); !s) return s;
      }
    }
  }
  return {};
}

}  // namespace

Expected<std::unique_ptr<Segmenter>> createSegmenter(const SegmenterParams& params) {
  Expected<std::unique_ptr<MatchingFeatures>> features = MatchingFeatures::create(params);
  if (!features) return features.error();
  return std::unique_ptr<Segmenter>(
      std::make_unique<VideoMatchSegmenter>(params, std::move(*features)));
}

}  // namespace rm
