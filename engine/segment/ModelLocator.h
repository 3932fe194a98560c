#pragma once
// Finds the default feature model, in this order:
//   1. $ROTOMATCH_MODEL (must exist when set);
//   2. a trained model, rotomatch-default.pt: <exe>/../../../resources/models/ (build tree)
//      or <prefix>/share/rotomatch/models/ (installed);
//   3. the converted npm backbone, centernet-s8.pt: <exe>/../models/ (build tree) or
//      <prefix>/share/rotomatch/models/ (installed).
// Build-tree executables live in build/<preset>/bin; installed ones in <prefix>/bin.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/Expected.h"

namespace rm {

inline constexpr const char* kModelEnvVar = "ROTOMATCH_MODEL";
inline constexpr const char* kTrainedModelFile = "rotomatch-default.pt";
inline constexpr const char* kBackboneModelFile = "centernet-s8.pt";

// Files searched after $ROTOMATCH_MODEL, best first, for an executable in `exeDir`.
std::vector<std::filesystem::path> defaultModelCandidates(const std::filesystem::path& exeDir);

// The default model for an executable in `exeDir`, or an error listing where it looked and
// how to create the model.
Expected<std::filesystem::path> locateDefaultModel(const std::filesystem::path& exeDir);

// Same, for the running executable.
Expected<std::filesystem::path> locateDefaultModel();

// Folder of the running executable (from /proc/self/exe).
std::filesystem::path executableDir();

}  // namespace rm
