#include "app/cli/ComputeThreads.h"

#include <algorithm>
#include <charconv>
#include <thread>

#include "app/cli/Args.h"
#include "app/cli/BatchManifest.h"
#include "app/cli/BatchRunner.h"

namespace rm::cli {

namespace {

// The first --threads value as a count from 1 to 4 per core, else 0.
int threadsOption(const std::vector<std::string>& args) {
  const std::string key = "--threads";
  for (size_t i = 0; i < args.size(); ++i) {
    std::string text;
    if (args[i] == key && i + 1 < args.size())
      text = args[i + 1];
    else if (args[i].rfind(key + "=", 0) == 0)
      text = args[i].substr(key.size() + 1);
    else
      continue;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const int most = 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const bool sane =
        ec == std::errc() && end == text.data() + text.size() && value >= 1 && value <= most;
    return sane ? value : 0;
  }
  return 0;
}

}  // namespace

int requestedThreads(const std::string& command, const std::vector<std::string>& args) {
  const int option = threadsOption(args);
  if (command != "batch") return option;
  // Only `batch run MANIFEST --shot K` does the work in this process.
  auto parsed = Args::parse(args, {"force", "slurm", "dry-run"});
  if (!parsed || parsed->positional().size() != 2 || parsed->positional()[0] != "run")
    return option;
  const auto key = parsed->get("shot");
  if (!key) return option;
  const ManifestRead read = readManifest(parsed->positional()[1]);
  const auto index = read.manifest.find(*key);
  if (!read.problems.empty() || !index) return option;
  return shotThreads(read.manifest.shots[*index], option);
}

}  // namespace rm::cli
