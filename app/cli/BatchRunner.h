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

// Propagates the shot into <state>/<shot>/labels, exports every output, and writes the
// shot's record last (done, or failed with the reason). `threads` is used unless the
// manifest sets the shot's. Progress goes to stderr.
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
