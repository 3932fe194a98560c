#pragma once
// What `batch` keeps per shot in the manifest's state folder (<state>/<shot>/): a record
// written last when the shot ends (done, with its outputs and the hash of what it was made
// from, or failed, with the reason) and the shot's log; and the summary of all records,
// batch-report.json plus a readable table.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/cli/BatchManifest.h"

namespace rm::cli {

struct ShotOutputFile {
  std::string path;
  uint64_t size = 0;
};

struct ShotRecord {
  std::string status;  // "done" or "failed"
  std::string reason;  // failed: why
  std::string hash;    // of the shot's inputs (size + mtime) and settings
  int64_t frames = 0;  // label maps propagated (keyframes included)
  double seconds = 0;
  std::vector<std::string> patterns;  // the outputs as configured (sequences: %0Nd patterns)
  std::vector<ShotOutputFile> files;  // every file written
};

std::string shotFolder(const BatchManifest& manifest, const BatchShot& shot);
std::string shotLogPath(const BatchManifest& manifest, const BatchShot& shot);

// Hash of the shot's settings and the size and modification time of its inputs (source
// frames, masks, project file, model file) and the program version.
std::string shotInputHash(const BatchShot& shot);

std::optional<ShotRecord> readShotRecord(const BatchManifest& manifest, const BatchShot& shot);
Status writeShotRecord(const BatchManifest& manifest, const BatchShot& shot,
                       const ShotRecord& record);
Status removeShotRecord(const BatchManifest& manifest, const BatchShot& shot);

// Done with the same input hash, and every output file still there at its recorded size.
bool shotUpToDate(const BatchManifest& manifest, const BatchShot& shot);

// Writes <state>/batch-report.json and batch-report.txt from the records and prints the
// table to stdout; `skipped` shots (up to date, not rerun) are reported as such. Returns
// whether every shot is done.
Expected<bool> writeBatchReport(const BatchManifest& manifest, const std::set<size_t>& skipped);

}  // namespace rm::cli
