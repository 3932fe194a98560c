#pragma once
// The LibTorch thread count an invocation asks for, read before the command runs so that main
// sets the process's thread counts once (rm::setComputeThreads), never a command's worker.

#include <string>
#include <vector>

namespace rm::cli {

// `--threads N` (or `--threads=N`), and for `batch run MANIFEST --shot K` the shot's
// (shotThreads). 0 (the library's default) when absent or not a sane count: the command
// itself then reports a bad value before any work.
int requestedThreads(const std::string& command, const std::vector<std::string>& args);

}  // namespace rm::cli
