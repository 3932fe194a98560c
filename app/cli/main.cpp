// rotomatch-cli: dispatches to self-registered subcommands.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/CommandRegistry.h"
#include "app/cli/ComputeThreads.h"
#include "engine/Engine.h"
#include "engine/core/Version.h"

namespace {

void printHelp() {
  auto commands = rm::cli::commandRegistry();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::cout << "rotomatch-cli " << rm::kVersion
            << " - headless rotoscoping: propagate masks through clips, export mattes\n\n"
            << "Usage: rotomatch-cli <command> [options]\n"
            << "       rotomatch-cli help <command>\n\nCommands:\n";
  for (const auto& c : commands) {
    std::cout << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ')
              << c.summary << "\n";
  }
  std::cout << "\nOptions:\n  --help       this text\n  --version    print the version\n";
}

const rm::cli::Command* findCommand(const std::string& name) {
  for (const auto& c : rm::cli::commandRegistry())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    printHelp();
    return args.empty() ? rm::cli::kExitUsage : rm::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "rotomatch-cli " << rm::kVersion << "\n";
    return rm::cli::kExitOk;
  }
  if (args[0] == "help") {
    if (args.size() < 2) {
      printHelp();
      return rm::cli::kExitOk;
    }
    const auto* c = findCommand(args[1]);
    if (!c) {
      std::cerr << "rotomatch-cli: unknown command '" << args[1] << "'\n";
      return rm::cli::kExitUsage;
    }
    std::cout << "Usage: rotomatch-cli " << c->name << " " << c->usage << "\n\n"
              << c->summary << "\n";
    return rm::cli::kExitOk;
  }
  const auto* command = findCommand(args[0]);
  if (!command) {
    std::cerr << "rotomatch-cli: unknown command '" << args[0] << "' (see rotomatch-cli --help)\n";
    return rm::cli::kExitUsage;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
    std::cout << "Usage: rotomatch-cli " << command->name << " " << command->usage << "\n\n"
              << command->summary << "\n";
    return rm::cli::kExitOk;
  }
  try {
    // Once, on this thread, before the command starts any work.
    rm::setComputeThreads(rm::cli::requestedThreads(command->name, rest));
    return command->run(rest);
  } catch (const std::exception& e) {
    // Last line of defence: a library exception becomes a clear message, not a crash.
    std::cerr << "rotomatch-cli " << command->name << ": " << e.what() << "\n";
    return rm::cli::kExitFailure;
  }
}
