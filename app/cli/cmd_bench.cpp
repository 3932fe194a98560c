// `rotomatch-cli bench <name> [options]`: dispatches to registered benchmarks. Benchmarks
// print figures (and ratios against reference tools); they never pass or fail on timing.
#include <iostream>

#include "app/cli/BenchRegistry.h"
#include "app/cli/CommandRegistry.h"

namespace rm::cli {

std::vector<Bench>& benchRegistry() {
  static std::vector<Bench> registry;
  return registry;
}

RegisterBench::RegisterBench(Bench bench) {
  benchRegistry().push_back(std::move(bench));
}

namespace {

int runBench(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "usage: rotomatch-cli bench <name> [options]\nbenchmarks:\n";
    for (const auto& b : benchRegistry())
      std::cerr << "  " << b.name << " " << b.usage << "\n      " << b.summary << "\n";
    return kExitUsage;
  }
  for (const auto& b : benchRegistry())
    if (b.name == args[0]) return b.run({args.begin() + 1, args.end()});
  std::cerr << "rotomatch-cli bench: unknown benchmark '" << args[0] << "'\n";
  return kExitUsage;
}

const RegisterCommand kBench{
    {"bench", "<name> [options]", "print timing benchmarks (media, segment, ...)", runBench}};

}  // namespace
}  // namespace rm::cli
