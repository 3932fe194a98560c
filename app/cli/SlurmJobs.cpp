#include "app/cli/SlurmJobs.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/ShellQuote.h"
#include "engine/core/AtomicFile.h"

namespace rm::cli {

namespace fs = std::filesystem;

namespace {

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr
};

CommandResult runCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string slurmDir(const BatchManifest& manifest) {
  return (fs::path(manifest.stateDir) / "slurm").string();
}

std::string header(const std::string& name, const SlurmOptions& options) {
  std::string text = "#!/bin/bash\n#SBATCH --job-name=" + name + "\n";
  if (!options.partition.empty()) text += "#SBATCH --partition=" + options.partition + "\n";
  if (!options.time.empty()) text += "#SBATCH --time=" + options.time + "\n";
  if (!options.mem.empty()) text += "#SBATCH --mem=" + options.mem + "\n";
  return text;
}

// "3" or "2-9" or "2-9%4" (pending tasks are listed as a range) -> the task numbers.
std::vector<std::string> expandTasks(const std::string& field) {
  const std::string ids = field.substr(0, field.find('%'));
  std::vector<std::string> tasks;
  std::stringstream parts(ids);
  std::string part;
  while (std::getline(parts, part, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      tasks.push_back(part);
      continue;
    }
    try {
      for (long i = std::stol(part.substr(0, dash)); i <= std::stol(part.substr(dash + 1)); ++i)
        tasks.push_back(std::to_string(i));
    } catch (const std::exception&) {
    }
  }
  return tasks;
}

std::string fieldOf(const std::string& line, const std::string& key) {
  const auto at = line.find(" " + key + "=");
  const auto start = at == std::string::npos ? (line.rfind(key + "=", 0) == 0 ? 0 : at) : at + 1;
  if (start == std::string::npos) return {};
  const auto value = start + key.size() + 1;
  return line.substr(value, line.find(' ', value) - value);
}

}  // namespace

SlurmScripts slurmScripts(const BatchManifest& manifest, const SlurmOptions& options) {
  SlurmScripts s;
  const std::string dir = slurmDir(manifest);
  const std::string stem = fs::path(manifest.path).stem().string();
  const std::string cli = shellQuote(options.executable);
  s.arrayPath = dir + "/array.sh";
  s.array = header("rotomatch-" + stem, options) + "#SBATCH --array=0-" +
            std::to_string(manifest.shots.size() - 1) +
            "\n#SBATCH --cpus-per-task=" + std::to_string(options.cpusPerTask) +
            "\n#SBATCH --requeue\n#SBATCH --output=" + dir +
            "/task-%a.out\n# One task per shot; the shot's own log is in its state folder.\n" +
            "exec " + cli + " batch run " + shellQuote(manifest.path) +
            " --shot \"$SLURM_ARRAY_TASK_ID\"\n";
  s.collectPath = dir + "/collect.sh";
  s.collect = header("rotomatch-" + stem + "-collect", options) +
              "#SBATCH --cpus-per-task=1\n#SBATCH --output=" + dir +
              "/collect.out\n# Runs after every task ended (afterany): the summary report.\n" +
              "exec " + cli + " batch collect " + shellQuote(manifest.path) + "\n";
  return s;
}

Expected<SlurmSubmission> submitToSlurm(const BatchManifest& manifest,
                                        const SlurmScripts& scripts) {
  std::error_code ec;
  fs::create_directories(slurmDir(manifest), ec);
  if (ec) return makeError("cannot create " + slurmDir(manifest) + ": " + ec.message());
  for (const auto& [path, text] : {std::pair{scripts.arrayPath, scripts.array},
                                   std::pair{scripts.collectPath, scripts.collect}})
    if (Status s = writeFileAtomically(path, text); !s) return makeError(s.message());
  auto submit = [](const std::string& args) -> Expected<std::string> {
    const CommandResult r = runCommand("sbatch --parsable " + args);
    std::string id = r.output.substr(0, r.output.find_first_of(";\n"));
    if (r.exitCode != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
      return makeError("sbatch " + args + " failed (exit code " + std::to_string(r.exitCode) +
                       "): " + r.output);
    return id;
  };
  auto array = submit(shellQuote(scripts.arrayPath));
  if (!array) return array.error();
  auto collect = submit("--dependency=afterany:" + *array + " " + shellQuote(scripts.collectPath));
  if (!collect) return collect.error();
  const nlohmann::json jobs = {{"array", *array}, {"collect", *collect}};
  if (Status s = writeFileAtomically(slurmDir(manifest) + "/jobs.json", jobs.dump() + "\n"); !s)
    return makeError(s.message());
  return SlurmSubmission{*array, *collect};
}

std::map<std::string, std::string> slurmStates(const BatchManifest& manifest) {
  std::map<std::string, std::string> states;
  std::ifstream in(slurmDir(manifest) + "/jobs.json");
  nlohmann::json jobs;
  try {
    jobs = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    return states;
  }
  for (const char* which : {"array", "collect"}) {
    const std::string id = jobs.value(which, std::string());
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) continue;
    const CommandResult r = runCommand("scontrol -o show job " + id);
    if (r.exitCode != 0) continue;
    std::stringstream lines(r.output);
    std::string line;
    while (std::getline(lines, line)) {
      const std::string state = fieldOf(line, "JobState");
      if (state.empty()) continue;
      if (std::string(which) == "collect") {
        states["collect"] = state;
        continue;
      }
      for (const std::string& task : expandTasks(fieldOf(line, "ArrayTaskId")))
        states[task] = state;
    }
  }
  return states;
}

}  // namespace rm::cli
