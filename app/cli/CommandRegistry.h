#pragma once
// Subcommands register themselves (one cmd_*.cpp per command) so adding a command
// never touches a central table.

#include <functional>
#include <string>
#include <vector>

namespace rm::cli {

struct Command {
  std::string name;
  std::string usage;    // one line: arguments after the command name
  std::string summary;  // one line: what it does
  std::function<int(const std::vector<std::string>&)> run;  // returns the exit code
};

std::vector<Command>& commandRegistry();

struct RegisterCommand {
  explicit RegisterCommand(Command command);
};

// Exit codes shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

}  // namespace rm::cli
