// `rotomatch-cli batch validate|run|collect|status|submit MANIFEST`: many shots from one
// manifest (format in README, "Running on a farm"), on this machine or on a Slurm cluster.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/BatchManifest.h"
#include "app/cli/BatchRecord.h"
#include "app/cli/BatchRunner.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/SlurmJobs.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli batch: " << message << "\n";
  return code;
}

const char* const kUsage =
    "validate MANIFEST | run MANIFEST [--jobs N] [--shot K] [--threads T] [--force] | "
    "collect MANIFEST | status MANIFEST | submit MANIFEST --slurm [--partition P] [--time T] "
    "[--cpus-per-task C] [--mem M] [--dry-run]";

std::string thisExecutable() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("rotomatch-cli") : self.string();
}

// The manifest, or every problem with it printed (exit code in *code).
std::optional<BatchManifest> loadOrReport(const std::string& path, int* code) {
  ManifestRead read = readManifest(path);
  if (read.problems.empty()) return std::move(read.manifest);
  for (const std::string& p : read.problems)
    std::cerr << p << "\n";
  *code =
      fail(std::to_string(read.problems.size()) + " problem(s) in " + path + "; nothing was run",
           kExitUsage);
  return std::nullopt;
}

int validate(const std::string& path) {
  ManifestRead read = readManifest(path);
  std::vector<std::string> problems = read.problems;
  for (const BatchShot& shot : read.manifest.shots)
    for (const std::string& p : checkShot(shot))
      problems.push_back(read.manifest.path + ": " + p);
  for (const std::string& p : problems)
    std::cerr << p << "\n";
  if (!problems.empty()) return fail(std::to_string(problems.size()) + " problem(s) in " + path);
  std::cout << path << ": " << read.manifest.shots.size() << " shots, all inputs check out\n";
  return kExitOk;
}

// One shot in this process (a local worker or a Slurm array task), logging to its log file.
int runOneShot(const BatchManifest& manifest, const std::string& key, int threads, bool force) {
  const auto index = manifest.find(key);
  if (!index) return fail("no shot '" + key + "' in " + manifest.path, kExitUsage);
  const BatchShot& shot = manifest.shots[*index];
  if (!force && shotUpToDate(manifest, shot)) {
    std::cout << shot.name << ": up to date, skipped\n";
    return kExitOk;
  }
  if (Status s = removeShotRecord(manifest, shot); !s) return fail(s.message());
  std::error_code ec;
  fs::create_directories(shotFolder(manifest, shot), ec);
  const std::string log = shotLogPath(manifest, shot);
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot write log " + log);
  std::cerr << shot.name << ": log in " << log << "\n";
  std::fflush(stdout);
  ::dup2(fd, STDOUT_FILENO);
  ::dup2(fd, STDERR_FILENO);
  ::close(fd);
  const ShotRecord record = runShot(manifest, shot, shotThreads(shot, threads));
  std::cerr << shot.name << ": " << record.status << " in " << record.seconds << " s\n";
  return record.status == "done" ? kExitOk : kExitFailure;
}

int status(const BatchManifest& manifest) {
  const auto scheduler = slurmStates(manifest);
  std::printf("%-24s %-10s %-10s %s\n", "shot", "record", "slurm", "detail");
  for (size_t i = 0; i < manifest.shots.size(); ++i) {
    const BatchShot& shot = manifest.shots[i];
    const auto record = readShotRecord(manifest, shot);
    std::string state = record ? record->status : "none";
    if (record && record->status == "done" && !shotUpToDate(manifest, shot)) state = "outdated";
    const auto task = scheduler.find(std::to_string(i));
    std::printf("%-24s %-10s %-10s %s\n", shot.name.c_str(), state.c_str(),
                task == scheduler.end() ? "-" : task->second.c_str(),
                record && record->status == "failed" ? record->reason.c_str() : "");
  }
  if (const auto collect = scheduler.find("collect"); collect != scheduler.end())
    std::printf("collect job: %s\n", collect->second.c_str());
  return kExitOk;
}

int submit(const BatchManifest& manifest, const Args& args) {
  if (!args.has("slurm")) return fail("submit needs --slurm (the only scheduler)", kExitUsage);
  SlurmOptions options;
  options.partition = args.get("partition", "");
  options.time = args.get("time", "");
  options.mem = args.get("mem", "");
  auto cpus = args.getInt("cpus-per-task", 1);
  if (!cpus || *cpus < 1) return fail("--cpus-per-task expects a whole number >= 1", kExitUsage);
  options.cpusPerTask = *cpus;
  options.executable = thisExecutable();
  for (const BatchShot& shot : manifest.shots)
    for (const std::string& p : checkShot(shot))
      std::cerr << "warning: " << p << " (its task will fail)\n";
  const SlurmScripts scripts = slurmScripts(manifest, options);
  if (args.has("dry-run")) {
    std::cout << "# " << scripts.arrayPath << "\n"
              << scripts.array << "\n# " << scripts.collectPath
              << " (sbatch --dependency=afterany:<array job>)\n"
              << scripts.collect;
    return kExitOk;
  }
  auto jobs = submitToSlurm(manifest, scripts);
  if (!jobs) return fail(jobs.message());
  std::cout << "array job " << jobs->arrayJob << " (" << manifest.shots.size()
            << " tasks), collect job " << jobs->collectJob << "\n";
  return kExitOk;
}

int runBatch(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"force", "slurm", "dry-run"});
  if (!args) return fail(args.message(), kExitUsage);
  const auto& words = args->positional();
  if (words.size() != 2)
    return fail(std::string("usage: rotomatch-cli batch ") + kUsage, kExitUsage);
  const std::string& action = words[0];
  const std::string& path = words[1];
  std::set<std::string> known;
  if (action == "run") known = {"jobs", "shot", "threads", "force"};
  if (action == "submit") known = {"slurm", "partition", "time", "cpus-per-task", "mem", "dry-run"};
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  if (action == "validate") return validate(path);
  if (action != "run" && action != "collect" && action != "status" && action != "submit")
    return fail("unknown action '" + action + "' (validate, run, collect, status, submit)",
                kExitUsage);
  int code = kExitOk;
  auto manifest = loadOrReport(path, &code);
  if (!manifest) return code;
  if (action == "status") return status(*manifest);
  if (action == "submit") return submit(*manifest, *args);
  if (action == "collect") {
    auto allDone = writeBatchReport(*manifest, {});
    if (!allDone) return fail(allDone.message());
    return *allDone ? kExitOk : kExitFailure;
  }
  auto threads = args->getInt("threads", 0);
  auto jobs = args->getInt("jobs", 1);
  if (!threads || !jobs || *jobs < 1 || *threads < 0)
    return fail("--jobs and --threads expect whole numbers (jobs >= 1)", kExitUsage);
  if (const auto shot = args->get("shot"))
    return runOneShot(*manifest, *shot, *threads, args->has("force"));
  LocalBatchOptions options;
  options.jobs = *jobs;
  options.force = args->has("force");
  options.executable = thisExecutable();
  std::set<size_t> skipped;
  if (Status s = runLocalBatch(*manifest, options, &skipped); !s) return fail(s.message());
  auto allDone = writeBatchReport(*manifest, skipped);
  if (!allDone) return fail(allDone.message());
  return *allDone ? kExitOk : kExitFailure;
}

const RegisterCommand kBatch{
    {"batch", kUsage, "many shots from a manifest: check, run here, or submit to Slurm", runBatch}};

}  // namespace
}  // namespace rm::cli
