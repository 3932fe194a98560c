#include "app/cli/BatchRunner.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "app/cli/ShotExport.h"
#include "app/cli/ShotPropagate.h"
#include "engine/core/Stopwatch.h"

extern char** environ;

namespace rm::cli {

namespace fs = std::filesystem;

namespace {

// The work of runShot; the first error is the shot's failure reason.
Status runShotSteps(const BatchManifest& manifest, const BatchShot& shot, int threads,
                    ShotRecord* record) {
  const std::vector<std::string> problems = checkShot(shot);
  if (!problems.empty()) {
    std::string all;
    for (const std::string& p : problems)
      all += (all.empty() ? "" : "; ") + p;
    return makeError(all);
  }
  auto source = openFrameSource(shot.source);
  if (!source) return source.error();
  auto range = resolveFrameRange(shot.range, (*source)->info().frameCount, shot.source, "range");
  if (!range) return range.error();

  ShotPropagation propagation;
  propagation.source = source->get();
  propagation.range = *range;
  propagation.direction = shot.direction;
  propagation.params = shot.params;
  propagation.params.threads = threads;
  for (const MaskSpec& mask : shot.masks) {
    auto labels = loadKeyframe(mask, **source, *range);
    if (!labels) return labels.error();
    propagation.keyframes[mask.frame] = *labels;
  }
  const std::string labelsDir = (fs::path(shotFolder(manifest, shot)) / "labels").string();
  std::error_code ec;
  fs::remove_all(labelsDir, ec);  // a previous run's frames may lie outside today's range
  propagation.outDir = labelsDir;
  std::cerr << "propagating " << shot.name << ": frames " << range->str() << " of " << shot.source
            << ", " << propagation.params.threads << " threads\n";
  auto frames = propagateShot(propagation);
  if (!frames) return frames.error();
  record->frames = *frames;

  auto all = listMasks(labelsDir);
  if (!all) return all.error();
  auto masks = masksForRange(*all, labelsDir, **source, *range);
  if (!masks) return masks.error();
  for (const BatchOutput& output : shot.outputs) {
    ShotExport job;
    job.source = source->get();
    job.maskFiles = *masks;
    job.firstFrame = range->first;
    job.options.format = output.format;
    job.options.outPath = output.pathFor(shot.name);
    job.options.instance = output.instance;
    job.options.startNumber =
        output.startNumber.value_or((*source)->info().firstFrameNumber + range->first);
    const fs::path folder = fs::path(job.options.outPath).parent_path();
    if (!folder.empty()) fs::create_directories(folder, ec);
    if (ec)
      return makeError("cannot create output folder " + folder.string() + ": " + ec.message());
    std::cerr << "exporting " << matteFormatName(output.format) << " to " << job.options.outPath
              << "\n";
    std::vector<std::string> written;
    if (Status s = exportShot(job, &written); !s) return s;
    record->patterns.push_back(job.options.outPath);
    for (const std::string& file : written)
      record->files.push_back({file, static_cast<uint64_t>(fs::file_size(file, ec))});
  }
  return {};
}

std::string describeExit(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exit code " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

int shotThreads(const BatchShot& shot, int requested) {
  if (shot.params.threads > 0) return shot.params.threads;
  if (requested > 0) return requested;
  if (const char* cpus = std::getenv("SLURM_CPUS_PER_TASK"); cpus && std::atoi(cpus) > 0)
    return std::atoi(cpus);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

ShotRecord runShot(const BatchManifest& manifest, const BatchShot& shot, int threads) {
  Stopwatch watch;
  ShotRecord record;
  record.hash = shotInputHash(shot);  // before the run: a change meanwhile forces a redo
  const Status status = runShotSteps(manifest, shot, threads, &record);
  record.seconds = watch.seconds();
  record.status = status ? "done" : "failed";
  record.reason = status.message();
  if (!status) std::cerr << "shot " << shot.name << " failed: " << status.message() << "\n";
  if (Status s = writeShotRecord(manifest, shot, record); !s) {
    std::cerr << "shot " << shot.name << ": " << s.message() << "\n";
    record.status = "failed";
    record.reason = s.message();
  }
  return record;
}

Status runLocalBatch(const BatchManifest& manifest, const LocalBatchOptions& options,
                     std::set<size_t>* skipped) {
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  const int jobs = std::max(1, options.jobs);
  const int threads = std::max(1, cores / jobs);
  std::deque<size_t> pending;
  for (size_t i = 0; i < manifest.shots.size(); ++i) {
    if (!options.force && shotUpToDate(manifest, manifest.shots[i])) {
      skipped->insert(i);
      std::cerr << "skipping " << manifest.shots[i].name << ": up to date\n";
    } else {
      pending.push_back(i);
    }
  }
  std::cerr << pending.size() << " shots to run, " << jobs << " at a time, " << threads
            << " threads each\n";
  std::map<pid_t, size_t> running;
  size_t finished = 0;
  const size_t total = pending.size();
  Status startFailure;
  while (!pending.empty() || !running.empty()) {
    while (!pending.empty() && static_cast<int>(running.size()) < jobs) {
      const BatchShot& shot = manifest.shots[pending.front()];
      std::vector<std::string> args = {
          options.executable,      "batch",  "run", manifest.path, "--shot", shot.name, "--threads",
          std::to_string(threads), "--force"};
      std::vector<char*> argv;
      for (std::string& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      pid_t pid = 0;
      if (const int error =
              posix_spawn(&pid, options.executable.c_str(), nullptr, nullptr, argv.data(), environ);
          error != 0) {
        startFailure = makeError("cannot start " + options.executable + ": " + strerror(error));
        pending.clear();
        break;
      }
      running[pid] = pending.front();
      pending.pop_front();
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      return makeError(std::string("waiting for workers: ") + strerror(errno));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const BatchShot& shot = manifest.shots[it->second];
    running.erase(it);
    auto record = readShotRecord(manifest, shot);
    if (!record) {  // the worker died before writing its record
      ShotRecord failed;
      failed.status = "failed";
      failed.reason = "worker " + describeExit(status) + " before finishing; see " +
                      shotLogPath(manifest, shot);
      if (Status s = writeShotRecord(manifest, shot, failed); !s) return s;
      record = failed;
    }
    std::fprintf(stderr, "[%zu/%zu] %s %s (%.1f s)\n", ++finished, total, shot.name.c_str(),
                 record->status.c_str(), record->seconds);
  }
  return startFailure;
}

}  // namespace rm::cli
