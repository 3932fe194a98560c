#include "app/bridge/MaskPainter.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace rm::bridge {

namespace {
inline void applyPixel(uint8_t& label, const PaintTarget& target) {
  if (target.erase) {
    if (label == target.id) label = 0;
  } else if (!target.locked[label]) {
    label = static_cast<uint8_t>(target.id);
  }
}

double distanceToSegment(cv::Point2d p, cv::Point2d a, cv::Point2d b) {
  const cv::Point2d ab = b - a;
  const double len2 = ab.dot(ab);
  double t = len2 > 0 ? (p - a).dot(ab) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const cv::Point2d d = p - (a + t * ab);
  return std::sqrt(d.dot(d));
}

cv::Rect clipped(const cv::Mat& mask, int x0, int y0, int x1, int y1) {
  return cv::Rect(cv::Point(x0, y0), cv::Point(x1, y1)) & cv::Rect(0, 0, mask.cols, mask.rows);
}
}  // namespace

cv::Rect paintCapsule(cv::Mat& mask, cv::Point2d a, cv::Point2d b, double radius,
                      const PaintTarget& target) {
  if (radius <= 0) return {};
  // Pixels whose centre can be within radius: centre c = x + 0.5 in [min - r, max + r].
  const int x0 = static_cast<int>(std::floor(std::min(a.x, b.x) - radius - 0.5));
  const int y0 = static_cast<int>(std::floor(std::min(a.y, b.y) - radius - 0.5));
  const int x1 = static_cast<int>(std::ceil(std::max(a.x, b.x) + radius - 0.5)) + 1;
  const int y1 = static_cast<int>(std::ceil(std::max(a.y, b.y) + radius - 0.5)) + 1;
  const cv::Rect box = clipped(mask, x0, y0, x1, y1);
  for (int y = box.y; y < box.y + box.height; ++y) {
    uint8_t* row = mask.ptr<uint8_t>(y);
    for (int x = box.x; x < box.x + box.width; ++x)
      if (distanceToSegment({x + 0.5, y + 0.5}, a, b) <= radius) applyPixel(row[x], target);
  }
  return box;
}

cv::Rect paintPolygon(cv::Mat& mask, const std::vector<cv::Point2d>& polygon,
                      const PaintTarget& target) {
  if (polygon.size() < 3) return {};
  // fillPoly puts pixel centres at integer coordinates: shift by half a pixel, keep
  // 4 fractional bits so sub-pixel vertices stay accurate.
  constexpr int kShift = 4;
  std::vector<cv::Point> points;
  double minX = 1e18, minY = 1e18, maxX = -1e18, maxY = -1e18;
  for (const auto& p : polygon) {
    points.emplace_back(cvRound((p.x - 0.5) * (1 << kShift)), cvRound((p.y - 0.5) * (1 << kShift)));
    minX = std::min(minX, p.x);
    minY = std::min(minY, p.y);
    maxX = std::max(maxX, p.x);
    maxY = std::max(maxY, p.y);
  }
  const cv::Rect box =
      clipped(mask, static_cast<int>(std::floor(minX)) - 1, static_cast<int>(std::floor(minY)) - 1,
              static_cast<int>(std::ceil(maxX)) + 1, static_cast<int>(std::ceil(maxY)) + 1);
  if (box.empty()) return {};
  cv::Mat inside(box.size(), CV_8UC1, cv::Scalar(0));
  const std::vector<std::vector<cv::Point>> polys{points};
  cv::fillPoly(inside, polys, cv::Scalar(255), cv::LINE_8, kShift,
               cv::Point(-box.x * (1 << kShift), -box.y * (1 << kShift)));
  for (int y = 0; y < box.height; ++y) {
    const uint8_t* in = inside.ptr<uint8_t>(y);
    uint8_t* row = mask.ptr<uint8_t>(y + box.y) + box.x;
    for (int x = 0; x < box.width; ++x)
      if (in[x]) applyPixel(row[x], target);
  }
  return box;
}

cv::Rect fillHoles(cv::Mat& mask, const PaintTarget& target) {
  // Flood the complement of `id` from a one-pixel frame around the image; whatever the
  // flood cannot reach is enclosed by `id`.
  cv::Mat outside(mask.rows + 2, mask.cols + 2, CV_8UC1, cv::Scalar(255));
  cv::Mat inner = outside(cv::Rect(1, 1, mask.cols, mask.rows));
  cv::compare(mask, cv::Scalar(target.id), inner, cv::CMP_NE);  // 255 where not id
  cv::floodFill(outside, cv::Point(0, 0), cv::Scalar(128), nullptr, cv::Scalar(), cv::Scalar(), 4);
  PaintTarget paint = target;
  paint.erase = false;
  int x0 = mask.cols, y0 = mask.rows, x1 = 0, y1 = 0;
  for (int y = 0; y < mask.rows; ++y) {
    const uint8_t* o = inner.ptr<uint8_t>(y);
    uint8_t* row = mask.ptr<uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x) {
      if (o[x] == 255) {  // not id, not reached: a hole
        applyPixel(row[x], paint);
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x + 1);
        y1 = std::max(y1, y + 1);
      }
    }
  }
  return x1 > x0 ? cv::Rect(x0, y0, x1 - x0, y1 - y0) : cv::Rect();
}

cv::Rect clearUnlocked(cv::Mat& mask, const PaintTarget& target) {
  for (int y = 0; y < mask.rows; ++y) {
    uint8_t* row = mask.ptr<uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x)
      if (!target.locked[row[x]]) row[x] = 0;
  }
  return {0, 0, mask.cols, mask.rows};
}

}  // namespace rm::bridge
