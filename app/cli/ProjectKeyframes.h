#pragma once
// The keyframes of a `.rotomatch` project folder saved by the GUI (ui/model/ProjectIO.h),
// read without Qt so render nodes can run batch shots from projects: project.json's source,
// its frames whose state is "keyframe" (masks/NNNNNN.png, grey value = instance id) and the
// in/out points. Soft alpha layers (feathered brush edges) are not read: batch mattes of a
// project's keyframes are hard-edged.

#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/ShotPropagate.h"

namespace rm::cli {

struct ProjectKeyframes {
  std::string source;           // the clip the project was painted on
  std::vector<MaskSpec> masks;  // keyframe masks, absolute paths
  int64_t inPoint = -1;         // -1: not set
  int64_t outPoint = -1;
};

// `path` is the project folder or its project.json; errors name the file.
Expected<ProjectKeyframes> readProjectKeyframes(const std::string& path);

}  // namespace rm::cli
