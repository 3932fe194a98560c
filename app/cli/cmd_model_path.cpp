// `rotomatch-cli model-path`: prints the default feature model's file (see ModelLocator.h).
#include <iostream>

#include "app/cli/CommandRegistry.h"
#include "engine/segment/ModelLocator.h"

namespace rm::cli {
namespace {

int runModelPath(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::cerr << "rotomatch-cli model-path: takes no arguments\n";
    return kExitUsage;
  }
  const auto path = locateDefaultModel();
  if (!path) {
    std::cerr << "rotomatch-cli model-path: " << path.message() << "\n";
    return kExitFailure;
  }
  std::cout << path->string() << "\n";
  return kExitOk;
}

const RegisterCommand kModelPath{
    {"model-path", "", "print the default model's path", runModelPath}};

}  // namespace
}  // namespace rm::cli
