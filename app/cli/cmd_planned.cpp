// Subcommands whose engine parts have not landed yet. Each entry moves to its own
// cmd_<name>.cpp when implemented; until then it says so and exits with a failure code.
#include <iostream>

#include "app/cli/CommandRegistry.h"

namespace rm::cli {
namespace {

// Unused once every command has landed; kept for the next planned one.
[[maybe_unused]] Command planned(const std::string& name, const std::string& usage,
                                 const std::string& summary) {
  return Command{name, usage, summary, [name](const std::vector<std::string>&) {
                   std::cerr << "rotomatch-cli " << name << ": not available in this build yet\n";
                   return kExitFailure;
                 }};
}

}  // namespace
}  // namespace rm::cli
