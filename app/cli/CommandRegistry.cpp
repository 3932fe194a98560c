#include "app/cli/CommandRegistry.h"

namespace rm::cli {

std::vector<Command>& commandRegistry() {
  static std::vector<Command> registry;
  return registry;
}

RegisterCommand::RegisterCommand(Command command) {
  commandRegistry().push_back(std::move(command));
}

}  // namespace rm::cli
