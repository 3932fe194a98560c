#include "ui/model/MaskPainter.h"

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

double brushCoverage(double distance, double radius, double hardness) {
  if (distance >= radius) return 0.0;
  const double core = std::clamp(hardness, 0.0, 1.0) * radius;
  if (distance <= core) return 1.0;
  const double t = (radius - distance) / (radius - core);  // 0 at the rim, 1 at the core
  return t * t * (3.0 - 2.0 * t);
}

cv::Rect paintSoftCapsule(cv::Mat& labels, SoftLayers& layers, cv::Point2d a, cv::Point2d b,
                          double radius, double hardness, const PaintTarget& target) {
  if (radius <= 0) return {};
  hardness = std::clamp(hardness, 0.0, 1.0);
  if (hardness >= 1.0 && layers.empty()) return paintCapsule(labels, a, b, radius, target);
  const int k = target.id;
  if (hardness < 1.0 && layers.count(k) == 0) layers[k] = (labels == k);  // 255 on k, else 0
  uint8_t* const noLayer = nullptr;
  const int x0 = static_cast<int>(std::floor(std::min(a.x, b.x) - radius - 0.5));
  const int y0 = static_cast<int>(std::floor(std::min(a.y, b.y) - radius - 0.5));
  const int x1 = static_cast<int>(std::ceil(std::max(a.x, b.x) + radius - 0.5)) + 1;
  const int y1 = static_cast<int>(std::ceil(std::max(a.y, b.y) + radius - 0.5)) + 1;
  const cv::Rect box = clipped(labels, x0, y0, x1, y1);
  auto layerK = layers.find(k);
  for (int y = box.y; y < box.y + box.height; ++y) {
    uint8_t* row = labels.ptr<uint8_t>(y);
    uint8_t* alphaK = layerK != layers.end() ? layerK->second.ptr<uint8_t>(y) : noLayer;
    for (int x = box.x; x < box.x + box.width; ++x) {
      const double c = brushCoverage(distanceToSegment({x + 0.5, y + 0.5}, a, b), radius, hardness);
      if (c <= 0.0) continue;
      const uint8_t label = row[x];
      const int before = alphaK ? alphaK[x] : (label == k ? 255 : 0);
      if (!target.erase) {
        if (label != k && target.locked[label]) continue;
        const int after = std::max(before, static_cast<int>(std::lround(255.0 * c)));
        if (alphaK) alphaK[x] = static_cast<uint8_t>(after);
        if (after >= 128 && label != k) {
          if (auto other = layers.find(label); label != 0 && other != layers.end()) {
            uint8_t& ja = other->second.at<uint8_t>(y, x);
            ja = static_cast<uint8_t>(std::min<int>(ja, 255 - after));
          }
          row[x] = static_cast<uint8_t>(k);
        }
      } else {
        if (before == 0) continue;  // nothing of k here
        const int after = std::min(before, static_cast<int>(std::lround(255.0 * (1.0 - c))));
        if (alphaK) alphaK[x] = static_cast<uint8_t>(after);
        if (label == k && after < 128) row[x] = 0;
      }
    }
  }
  return box;
}

void syncLayersToLabels(const cv::Mat& labels, const cv::Mat& before, const cv::Rect& region,
                        SoftLayers& layers) {
  if (layers.empty() || region.empty()) return;
  for (int y = 0; y < region.height; ++y) {
    const uint8_t* now = labels.ptr<uint8_t>(region.y + y) + region.x;
    const uint8_t* was = before.ptr<uint8_t>(y);
    for (int x = 0; x < region.width; ++x) {
      if (now[x] == was[x]) continue;
      for (auto& [id, layer] : layers) {
        uint8_t& alpha = layer.at<uint8_t>(region.y + y, region.x + x);
        if (now[x] == id)
          alpha = 255;
        else if (was[x] == id)
          alpha = 0;
      }
    }
  }
}

bool hasSoftValues(const cv::Mat& layer) {
  for (int y = 0; y < layer.rows; ++y) {
    const uint8_t* row = layer.ptr<uint8_t>(y);
    for (int x = 0; x < layer.cols; ++x)
      if (row[x] != 0 && row[x] != 255) return true;
  }
  return false;
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
