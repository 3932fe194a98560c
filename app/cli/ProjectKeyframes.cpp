#include "app/cli/ProjectKeyframes.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

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
    project.inPoint = root.value("inPoint", int64_t(-1));
    project.outPoint = root.value("outPoint", int64_t(-1));
    const fs::path base = fs::absolute(folder).lexically_normal();
    for (const auto& frame : root.value("frames", nlohmann::json::array())) {
      if (frame.value("state", std::string()) != "keyframe") continue;
      const auto index = frame.at("frame").get<int64_t>();
      const auto mask = frame.at("mask").get<std::string>();
      if (index < 0)
        return makeError(jsonPath + ": keyframe " + std::to_string(index) + " is negative");
      // Masks live inside the project folder, as the GUI saves them: a hostile '../' or
      // absolute path must not make a render node read files from elsewhere.
      const fs::path resolved = (base / mask).lexically_normal();
      const fs::path inside = resolved.lexically_relative(base);
      if (fs::path(mask).is_absolute() || inside.empty() || *inside.begin() == "..")
        return makeError(jsonPath + ": keyframe mask '" + mask + "' is outside the project folder");
      project.masks.push_back({index, resolved.string()});
    }
    if (project.masks.empty()) return makeError(jsonPath + " has no keyframe");
    return project;
  } catch (const nlohmann::json::exception& e) {
    return makeError(jsonPath + ": " + e.what());
  }
}

}  // namespace rm::cli
