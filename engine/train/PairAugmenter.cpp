#include "engine/train/PairAugmenter.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>
#include <sstream>

namespace rm::train {

PairAugmenter::PairAugmenter(AugmentParams params, uint64_t seed) : params_(params), rng_(seed) {}

double PairAugmenter::uniform(double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng_);
}

std::string PairAugmenter::saveState() const {
  std::ostringstream out;
  out << rng_;
  return out.str();
}

bool PairAugmenter::restoreState(const std::string& state) {
  std::istringstream in(state);
  std::mt19937_64 restored;
  in >> restored;
  if (in.fail()) return false;
  rng_ = restored;
  return true;
}

cv::Mat PairAugmenter::randomCrop(const cv::Mat& rgb, const cv::Mat& mask, bool flip,
                                  cv::Mat* maskOut) {
  const cv::Size out = params_.size;
  // Scale 1 maps the frame's height onto the output height.
  const double f = uniform(params_.minScale, params_.maxScale) * out.height / rgb.rows;
  cv::Mat img, msk;
  cv::resize(rgb, img, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::resize(mask, msk, img.size(), 0, 0, cv::INTER_NEAREST);
  if (flip) {
    cv::flip(img, img, 1);
    cv::flip(msk, msk, 1);
  }
  // Frames smaller than the output are padded with black, unlabelled.
  const int padX = std::max(0, out.width - img.cols), padY = std::max(0, out.height - img.rows);
  if (padX || padY) {
    const int left = static_cast<int>(uniform(0, padX + 1)),
              top = static_cast<int>(uniform(0, padY + 1));
    cv::copyMakeBorder(img, img, top, padY - top, left, padX - left, cv::BORDER_CONSTANT,
                       cv::Scalar::all(0));
    cv::copyMakeBorder(msk, msk, top, padY - top, left, padX - left, cv::BORDER_CONSTANT,
                       cv::Scalar::all(0));
  }
  // Keep the object's centre inside the crop when there is an object.
  int x0Lo = 0, x0Hi = img.cols - out.width, y0Lo = 0, y0Hi = img.rows - out.height;
  const cv::Moments m = cv::moments(msk, true);
  if (m.m00 > 0) {
    const int cx = static_cast<int>(m.m10 / m.m00), cy = static_cast<int>(m.m01 / m.m00);
    x0Lo = std::clamp(cx - out.width + 1, 0, x0Hi);
    x0Hi = std::clamp(cx, x0Lo, x0Hi);
    y0Lo = std::clamp(cy - out.height + 1, 0, y0Hi);
    y0Hi = std::clamp(cy, y0Lo, y0Hi);
  }
  const int x0 = std::uniform_int_distribution<int>(x0Lo, x0Hi)(rng_);
  const int y0 = std::uniform_int_distribution<int>(y0Lo, y0Hi)(rng_);
  const cv::Rect roi(x0, y0, out.width, out.height);
  *maskOut = msk(roi).clone();
  return img(roi).clone();
}

void PairAugmenter::jitterColour(cv::Mat& rgb) {
  const double j = params_.colourJitter;
  const double contrast = 1.0 + uniform(-j, j);
  const double brightness = 255.0 * uniform(-j, j);
  rgb.convertTo(rgb, -1, contrast, brightness);
  // Saturation: blend with the grey image.
  const double saturation = 1.0 + uniform(-j, j);
  cv::Mat grey, grey3;
  cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
  cv::cvtColor(grey, grey3, cv::COLOR_GRAY2RGB);
  cv::addWeighted(rgb, saturation, grey3, 1.0 - saturation, 0.0, rgb);
}

FramePair PairAugmenter::augment(const FramePair& pair) {
  const bool flip = params_.flip && uniform(0, 1) < 0.5;
  FramePair out;
  out.refRgb = randomCrop(pair.refRgb, pair.refMask, flip, &out.refMask);
  out.tgtRgb = randomCrop(pair.tgtRgb, pair.tgtMask, flip, &out.tgtMask);
  jitterColour(out.tgtRgb);
  return out;
}

namespace {

// Alpha-blends `cut` (with 0/1 `cutMask`, softened by `alpha`) into `rgb` at `at` (clipped
// to the frame) and clears the covered pixels of `mask`. Returns the covered object pixels.
int pasteCutout(cv::Mat& rgb, cv::Mat& mask, const cv::Mat& cut, const cv::Mat& alpha,
                cv::Point at) {
  const cv::Rect dst = cv::Rect(at, cut.size()) & cv::Rect(0, 0, rgb.cols, rgb.rows);
  if (dst.empty()) return 0;
  const cv::Rect src(dst.tl() - at, dst.size());
  int hidden = 0;
  for (int y = 0; y < dst.height; ++y) {
    const auto* a = alpha.ptr<float>(src.y + y) + src.x;
    const auto* c = cut.ptr<cv::Vec3b>(src.y + y) + src.x;
    auto* o = rgb.ptr<cv::Vec3b>(dst.y + y) + dst.x;
    auto* m = mask.ptr<uchar>(dst.y + y) + dst.x;
    for (int x = 0; x < dst.width; ++x) {
      if (a[x] <= 0.f) continue;
      for (int ch = 0; ch < 3; ++ch)
        o[x][ch] = cv::saturate_cast<uchar>(a[x] * c[x][ch] + (1.f - a[x]) * o[x][ch]);
      if (a[x] >= 0.5f && m[x]) {
        m[x] = 0;
        ++hidden;
      }
    }
  }
  return hidden;
}

}  // namespace

bool PairAugmenter::addDistractor(FramePair& pair, const cv::Mat& rgb, const cv::Mat& mask) {
  const cv::Rect box = cv::boundingRect(mask > 0);
  if (box.area() < 16) return false;
  const cv::Size out = pair.refRgb.size();
  const double f = uniform(0.2, 0.6) * out.height / box.height;
  cv::Mat cut, cutMask;
  cv::resize(rgb(box), cut, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::resize(mask(box), cutMask, cut.size(), 0, 0, cv::INTER_NEAREST);
  if (cut.empty() || cv::countNonZero(cutMask) == 0) return false;
  if (params_.flip && uniform(0, 1) < 0.5) {
    cv::flip(cut, cut, 1);
    cv::flip(cutMask, cutMask, 1);
  }
  cv::Mat alpha;
  cv::Mat(cutMask > 0).convertTo(alpha, CV_32F, 1.0 / 255.0);
  cv::GaussianBlur(alpha, alpha, {3, 3}, 0);
  cv::Mat tgtCut = cut.clone();
  jitterColour(tgtCut);

  // At least half of the cut-out stays in view in both frames.
  const auto inView = [&](cv::Point p) {
    return cv::Point(std::clamp(p.x, -cut.cols / 2, out.width - cut.cols / 2),
                     std::clamp(p.y, -cut.rows / 2, out.height - cut.rows / 2));
  };
  const cv::Point ref =
      inView({static_cast<int>(uniform(-cut.cols / 2.0, out.width - cut.cols / 2.0)),
              static_cast<int>(uniform(-cut.rows / 2.0, out.height - cut.rows / 2.0))});
  const cv::Point tgt =
      inView({ref.x + static_cast<int>(uniform(-params_.maxShift, params_.maxShift) * out.width),
              ref.y + static_cast<int>(uniform(-params_.maxShift, params_.maxShift) * out.height)});
  FramePair pasted{pair.refRgb.clone(), pair.refMask.clone(), pair.tgtRgb.clone(),
                   pair.tgtMask.clone()};
  const int refObject = cv::countNonZero(pair.refMask), tgtObject = cv::countNonZero(pair.tgtMask);
  const int refHidden = pasteCutout(pasted.refRgb, pasted.refMask, cut, alpha, ref);
  const int tgtHidden = pasteCutout(pasted.tgtRgb, pasted.tgtMask, tgtCut, alpha, tgt);
  if (2 * refHidden > refObject || 2 * tgtHidden > tgtObject) return false;
  pair = std::move(pasted);
  return true;
}

FramePair PairAugmenter::synthesize(const cv::Mat& rgb, const cv::Mat& mask,
                                    const cv::Mat& background) {
  cv::Mat binary = mask > 0;
  cv::Mat bg;
  if (!background.empty()) {
    cv::resize(background, bg, rgb.size(), 0, 0, cv::INTER_AREA);
  } else {
    // Fill the object's hole so the target's background does not show its outline.
    cv::Mat hole;
    cv::dilate(binary, hole, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
    cv::Mat small, smallHole;
    cv::resize(rgb, small, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    cv::resize(hole, smallHole, small.size(), 0, 0, cv::INTER_NEAREST);
    cv::inpaint(small, smallHole, small, 5, cv::INPAINT_TELEA);
    cv::resize(small, bg, rgb.size(), 0, 0, cv::INTER_LINEAR);
    rgb.copyTo(bg, ~hole);
  }

  const cv::Moments m = cv::moments(binary, true);
  const cv::Point2f centre = m.m00 > 0 ? cv::Point2f(float(m.m10 / m.m00), float(m.m01 / m.m00))
                                       : cv::Point2f(rgb.cols / 2.f, rgb.rows / 2.f);
  cv::Mat affine = cv::getRotationMatrix2D(
      centre, uniform(-params_.maxRotationDeg, params_.maxRotationDeg), uniform(0.85, 1.15));
  affine.at<double>(0, 2) += uniform(-params_.maxShift, params_.maxShift) * rgb.cols;
  affine.at<double>(1, 2) += uniform(-params_.maxShift, params_.maxShift) * rgb.rows;

  cv::Mat movedRgb, movedMask;
  cv::warpAffine(rgb, movedRgb, affine, rgb.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT_101);
  cv::warpAffine(binary, movedMask, affine, rgb.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
  jitterColour(movedRgb);

  // Soft 1-2 px edge so the paste does not leave a hard seam the network could key on.
  cv::Mat alpha;
  movedMask.convertTo(alpha, CV_32F, 1.0 / 255.0);
  cv::GaussianBlur(alpha, alpha, {3, 3}, 0);
  cv::Mat tgt(rgb.size(), CV_8UC3);
  for (int y = 0; y < rgb.rows; ++y) {
    const auto* a = alpha.ptr<float>(y);
    const auto* fg = movedRgb.ptr<cv::Vec3b>(y);
    const auto* b = bg.ptr<cv::Vec3b>(y);
    auto* o = tgt.ptr<cv::Vec3b>(y);
    for (int x = 0; x < rgb.cols; ++x)
      for (int c = 0; c < 3; ++c)
        o[x][c] = cv::saturate_cast<uchar>(a[x] * fg[x][c] + (1.f - a[x]) * b[x][c]);
  }
  cv::Mat tgtMask = movedMask > 0;

  // Occluder: a patch of background laid over part of the object.
  const cv::Rect box = cv::boundingRect(tgtMask);
  if (box.area() > 16 && uniform(0, 1) < params_.occluderProbability) {
    const int w = std::max(2, static_cast<int>(box.width * uniform(0.2, 0.5)));
    const int h = std::max(2, static_cast<int>(box.height * uniform(0.2, 0.5)));
    const int x = box.x + static_cast<int>(uniform(0, std::max(1, box.width - w)));
    const int y = box.y + static_cast<int>(uniform(0, std::max(1, box.height - h)));
    const cv::Rect dst(x, y, w, h);
    const int sx = static_cast<int>(uniform(0, rgb.cols - w)),
              sy = static_cast<int>(uniform(0, rgb.rows - h));
    bg(cv::Rect(sx, sy, w, h)).copyTo(tgt(dst));
    tgtMask(dst).setTo(0);
  }

  FramePair pair;
  pair.refRgb = rgb;
  pair.refMask = binary / 255;
  pair.tgtRgb = tgt;
  pair.tgtMask = tgtMask / 255;
  return augment(pair);
}

}  // namespace rm::train
