#pragma once
// Where a command writes: never over one of its inputs, and never mixed with an
// earlier run's files. A target holding files is refused unless --overwrite; then
// only the files this kind of run writes are removed before it starts.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/Expected.h"

namespace rm::cli {

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

}  // namespace rm::cli
