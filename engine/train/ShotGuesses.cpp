#include "engine/train/ShotGuesses.h"

#include <algorithm>
#include <set>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "engine/train/MatchingLoss.h"

namespace rm::train {
namespace {

// `count` frames spread evenly over the keyframes' reach, keyframes excluded.
std::set<int64_t> framesToGuess(const std::map<int64_t, cv::Mat>& keyframes, int64_t frameCount,
                                int count, int span) {
  std::set<int64_t> reach;
  for (const auto& [key, labels] : keyframes)
    for (int64_t f = std::max<int64_t>(0, key - span);
         f <= std::min<int64_t>(frameCount - 1, key + span); ++f)
      if (!keyframes.count(f)) reach.insert(f);
  const std::vector<int64_t> candidates(reach.begin(), reach.end());  // sorted, distinct
  std::set<int64_t> chosen;
  if (candidates.empty() || count <= 0) return chosen;
  const size_t n = std::min(candidates.size(), static_cast<size_t>(count));
  for (size_t i = 0; i < n; ++i)
    chosen.insert(candidates[(2 * i + 1) * candidates.size() / (2 * n)]);
  return chosen;
}

}  // namespace

cv::Mat guessFromLabels(const cv::Mat& labels, int bandPixels) {
  const cv::Mat object = labels > 0;
  cv::Mat guess(labels.size(), CV_8UC1, cv::Scalar(kUnknownLabel));
  const int r = std::max(1, bandPixels);
  const cv::Mat disc = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
  cv::Mat core, reach;
  cv::erode(object, core, disc);
  cv::dilate(object, reach, disc);
  guess.setTo(0, reach == 0);
  guess.setTo(1, core);
  return guess;
}

Expected<std::map<int64_t, cv::Mat>> guessShotMasks(Segmenter& segmenter, FrameSource& source,
                                                    const std::map<int64_t, cv::Mat>& keyframes,
                                                    const ShotGuessOptions& options) {
  std::map<int64_t, cv::Mat> guesses;
  const int64_t frameCount = source.info().frameCount;
  const std::set<int64_t> wanted =
      framesToGuess(keyframes, frameCount, options.count, options.span);
  if (wanted.empty()) return guesses;
  PropagationRequest request;
  request.keyframes = keyframes;
  request.first = *wanted.begin();
  request.last = *wanted.rbegin();
  for (const auto& [key, labels] : keyframes) {
    request.first = std::min(request.first, key);
    request.last = std::max(request.last, key);
  }
  request.onlyFrames = wanted;
  const int band = static_cast<int>(options.band480 * source.info().height / 480.0 + 0.5);
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) {
    if (options.cancelled && options.cancelled()) return false;
    if (wanted.count(m.frame) && cv::countNonZero(m.labels) > 0)
      guesses[m.frame] = guessFromLabels(m.labels, band);
    return true;
  };
  if (Status s = segmenter.propagate(source, request, callbacks); !s) return makeError(s.message());
  if (options.cancelled && options.cancelled()) return makeError("guessing cancelled");
  return guesses;
}

}  // namespace rm::train
