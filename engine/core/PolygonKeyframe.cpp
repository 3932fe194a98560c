#include "engine/core/PolygonKeyframe.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

namespace rm {

cv::Mat PolygonKeyframe::rasterize() const {
  cv::Mat labels(height, width, CV_8UC1, cv::Scalar(0));
  for (const auto& instance : instances) {
    // Sub-pixel vertices: fillPoly with 4 fractional bits, pixel centres at integers.
    constexpr int kShift = 4;
    std::vector<cv::Point> points;
    points.reserve(instance.polygon.size());
    for (const auto& p : instance.polygon)
      points.emplace_back(cvRound(p.x * (1 << kShift)), cvRound(p.y * (1 << kShift)));
    const std::vector<std::vector<cv::Point>> polys{points};
    cv::fillPoly(labels, polys, cv::Scalar(instance.id), cv::LINE_8, kShift);
  }
  return labels;
}

Expected<PolygonKeyframe> loadPolygonKeyframe(const std::string& jsonPath) {
  std::ifstream in(jsonPath);
  if (!in) return makeError("cannot open keyframe file " + jsonPath);
  nlohmann::json doc;
  try {
    in >> doc;
    PolygonKeyframe key;
    key.clip = doc.at("clip").get<std::string>();
    if (!key.clip.empty() && std::filesystem::path(key.clip).is_relative())
      key.clip = (std::filesystem::path(jsonPath).parent_path() / key.clip).lexically_normal();
    key.frame = doc.value("frame", int64_t{0});
    key.width = doc.at("width").get<int>();
    key.height = doc.at("height").get<int>();
    if (key.width <= 0 || key.height <= 0 || key.width > 16384 || key.height > 16384)
      return makeError(jsonPath + ": width/height out of range");
    for (const auto& item : doc.at("instances")) {
      PolygonInstance instance;
      instance.id = item.at("id").get<int>();
      if (instance.id < 1 || instance.id > 255)
        return makeError(jsonPath + ": instance id must be 1..255");
      instance.name = item.value("name", "Object " + std::to_string(instance.id));
      instance.color = item.value("color", "");
      for (const auto& pt : item.at("polygon"))
        instance.polygon.emplace_back(pt.at(0).get<float>(), pt.at(1).get<float>());
      if (instance.polygon.size() < 3)
        return makeError(jsonPath + ": polygon of instance " + std::to_string(instance.id) +
                         " needs at least 3 points");
      key.instances.push_back(std::move(instance));
    }
    return key;
  } catch (const nlohmann::json::exception& e) {
    return makeError(jsonPath + ": not a valid keyframe file (" + e.what() + ")");
  }
}

}  // namespace rm
