#pragma once
// Keyframes stored as polygons (JSON), e.g. the bundled demo's resources/demo/*.json:
// {"clip": PATH, "frame": N, "width": W, "height": H,
//  "instances": [{"id": 1, "name": "...", "color": "#rrggbb", "polygon": [[x,y], ...]}, ...]}

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

namespace rm {

struct PolygonInstance {
  int id = 0;
  std::string name;
  std::string colour;  // "#rrggbb" (the file's "color")
  std::vector<cv::Point2f> polygon;
};

struct PolygonKeyframe {
  std::string clip;  // absolute, or relative to the JSON file's folder (resolved on load)
  int64_t frame = 0;
  int width = 0;
  int height = 0;
  std::vector<PolygonInstance> instances;

  // Label map CV_8UC1 of width x height: 0 = background, id = instance (later ones on top).
  cv::Mat rasterize() const;
};

Expected<PolygonKeyframe> loadPolygonKeyframe(const std::string& jsonPath);

}  // namespace rm
