#include "engine/core/PolygonKeyframe.h"

#include "engine/core/JsonInteger.h"

#include <filesystem>
#include <fstream>
#include <limits>
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
    const auto frame =
        jsonInteger(doc.value("frame", nlohmann::json(0)), 0, std::numeric_limits<int64_t>::max());
    const auto width = jsonInteger(doc.at("width"), 1, 16384);
    const auto height = jsonInteger(doc.at("height"), 1, 16384);
    if (!frame) return makeError(jsonPath + ": frame must be a frame index (0 or more)");
    if (!width || !height) return makeError(jsonPath + ": width/height out of range");
    key.frame = *frame;
    key.width = static_cast<int>(*width);
    key.height = static_cast<int>(*height);
    for (const auto& item : doc.at("instances")) {
      PolygonInstance instance;
      const auto id = jsonInteger(item.at("id"), 1, 255);
      if (!id) return makeError(jsonPath + ": instance id must be 1..255");
      instance.id = static_cast<int>(*id);
      instance.name = item.value("name", "Object " + std::to_string(instance.id));
      instance.colour = item.value("color", "");
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
