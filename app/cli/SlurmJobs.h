#pragma once
// `batch submit --slurm` and `batch status`: a job array with one task per shot (each runs
// `batch run MANIFEST --shot $SLURM_ARRAY_TASK_ID`) and a collect job after it
// (--dependency=afterany, so it runs whether tasks failed or not) that writes the report.
// Slurm does the queueing, requeueing (--requeue) and accounting; we only write the
// scripts, call sbatch, and read squeue/scontrol for status.

#include <map>
#include <string>

#include "app/cli/BatchManifest.h"

namespace rm::cli {

struct SlurmOptions {
  std::string partition;   // empty: the cluster's default
  std::string time;        // --time, e.g. "1:00:00"; empty: the partition's default
  int cpusPerTask = 1;     // each task propagates with this many threads
  std::string mem;         // --mem, e.g. "4G"; empty: the default
  std::string executable;  // rotomatch-cli, absolute (the nodes run the same path)
};

struct SlurmScripts {
  std::string arrayPath, array;      // <state>/slurm/array.sh and its text
  std::string collectPath, collect;  // <state>/slurm/collect.sh
};

SlurmScripts slurmScripts(const BatchManifest& manifest, const SlurmOptions& options);

struct SlurmSubmission {
  std::string arrayJob;
  std::string collectJob;
};

// Writes the scripts and submits them with sbatch (found on PATH); the job ids are also
// saved to <state>/slurm/jobs.json for `batch status`.
Expected<SlurmSubmission> submitToSlurm(const BatchManifest& manifest, const SlurmScripts& scripts);

// The scheduler's view of the last submission: array task index (or "collect") -> state
// (PENDING, RUNNING, COMPLETED, FAILED, ...). Empty when nothing was submitted or Slurm's
// tools are absent; finished tasks may have left squeue.
std::map<std::string, std::string> slurmStates(const BatchManifest& manifest);

}  // namespace rm::cli
