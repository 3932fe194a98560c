#pragma once
// Where an export or a propagation writes: never over one of its inputs, and never mixed
// with an earlier run's files. A target holding files is refused unless the caller may
// overwrite (the CLI's --overwrite; the GUI asks); then only the files this kind of run
// writes are removed before it starts. Shared by rotomatch-cli and the GUI.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm {

// The files a source is read from: a movie file, or every file in the folder of an
// image sequence (given as the folder or as a pattern inside it).
std::vector<std::filesystem::path> sourceFiles(const std::string& source);

// Error naming both when a file of `outputs` (to be written or removed) is one of
// `inputs` (same canonical path or same inode: hard links too).
Status refuseInputs(const std::vector<std::filesystem::path>& outputs,
                    const std::vector<std::filesystem::path>& inputs);

// `present`: what `target` already holds. None: fine. Otherwise an error naming the
// target and --overwrite, unless `overwrite`, in which case the files of `replaced`
// (those this run writes or would leave stale) are removed first; error naming the first
// one that cannot be.
Status clearTarget(const std::vector<std::filesystem::path>& present,
                   const std::vector<std::filesystem::path>& replaced, const std::string& target,
                   bool overwrite);

// The files of a matte export's target.
struct MatteTarget {
  std::vector<std::filesystem::path> present;  // what an earlier export left there
  std::vector<std::filesystem::path> written;  // what this one writes (and clears)
};

// Files of `out` for `frames` frames from `startNumber`: a sequence's numbered files (any
// earlier frame of the pattern too), or the movie file. Error: `out` is no valid pattern.
Expected<MatteTarget> matteTargetFiles(MatteFormat format, const std::string& out,
                                       int64_t startNumber, int64_t frames);

}  // namespace rm
