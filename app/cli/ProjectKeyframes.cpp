#include "app/cli/ProjectKeyframes.h"

#include <filesystem>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "engine/core/JsonInteger.h"

namespace rm::cli {

namespace fs = std::filesystem;

Expected<ProjectKeyframes> readProjectKeyframes(const std::string& path) {
  const fs::path folder =
      fs::path(path).filename() == "project.json" ? fs::path(path).parent_path() : fs::path(path);
  const std::string jsonPath = (folder / "project.json").string();
  std::ifstream in(jsonPath);
  if (!in) return makeError("cannot read project " + jsonPath);
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(in);
    if (root.value("format", std::string()) != "rotomatch-project")
      return makeError(jsonPath + " is not a Rotomatch project file");
    ProjectKeyframes project;
    project.source = root.at("source").at("path").get<std::string>();
    constexpr int64_t kLast = std::numeric_limits<int64_t>::max();
    const auto inPoint = jsonInteger(root.value("inPoint", nlohmann::json(-1)), -1, kLast);
    const auto outPoint = jsonInteger(root.value("outPoint", nlohmann::json(-1)), -1, kLast);
    if (!inPoint || !outPoint)
      return makeError(jsonPath + ": inPoint/outPoint must be frame indices (or -1)");
    project.inPoint = *inPoint;
    project.outPoint = *outPoint;
    const fs::path base = fs::absolute(folder).lexically_normal();
    for (const auto& frame : root.value("frames", nlohmann::json::array())) {
      if (frame.value("state", std::string()) != "keyframe") continue;
      const auto index = jsonInteger(frame.at("frame"), 0, kLast);
      const auto mask = frame.at("mask").get<std::string>();
      if (!index)
        return makeError(jsonPath + ": keyframe " + frame.at("frame").dump() +
                         " is not a frame index");
      // Masks live inside the project folder, as the GUI saves them: a hostile '../' or
      // absolute path must not make a render node read files from elsewhere.
      const fs::path resolved = (base / mask).lexically_normal();
      const fs::path inside = resolved.lexically_relative(base);
      if (fs::path(mask).is_absolute() || inside.empty() || *inside.begin() == "..")
        return makeError(jsonPath + ": keyframe mask '" + mask + "' is outside the project folder");
      project.masks.push_back({*index, resolved.string()});
    }
    if (project.masks.empty()) return makeError(jsonPath + " has no keyframe");
    return project;
  } catch (const nlohmann::json::exception& e) {
    return makeError(jsonPath + ": " + e.what());
  }
}

}  // namespace rm::cli
