#pragma once
// Running a manifest's shots: one shot in this process (`batch run MANIFEST --shot K`, what
// each Slurm array task does), or all of them on this machine with N worker processes, each
// running one shot as `batch run --shot` (separate processes: LibTorch's thread count is
// per process, and a shot that crashes cannot take the others down).

#include <cstddef>
#include <set>
#include <string>

#include "app/cli/BatchManifest.h"
#include "app/cli/BatchRecord.h"

namespace rm::cli {

// The threads `batch run MANIFEST --shot K [--threads T]` runs the shot with: the manifest's
// for the shot, else T (> 0), else Slurm's CPUs per task, else every core.
int shotThreads(const BatchShot& shot, int requested);

// Propagates the shot into <state>/<shot>/labels, exports every output, and writes the
// shot's record last (done, or failed with the reason). `threads`: shotThreads's, recorded
// in the log (the process's thread count is set by main). Progress goes to stderr.
ShotRecord runShot(const BatchManifest& manifest, const BatchShot& shot, int threads);

struct LocalBatchOptions {
  int jobs = 1;  // worker processes
  bool force = false;
  std::string executable;  // this program, to start the workers
};

// Runs every shot of `manifest` not up to date (all with force) with options.jobs workers of
// max(1, cores / jobs) threads each; fills `skipped` with the shots left as they were.
// An error when a worker could not be started or waited for.
Status runLocalBatch(const BatchManifest& manifest, const LocalBatchOptions& options,
                     std::set<size_t>* skipped);

}  // namespace rm::cli
