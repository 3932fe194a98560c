// A .rotomatch project's project.json as the CLI reads it (batch shots from GUI projects).
#include "app/cli/ProjectKeyframes.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = rm::fuzz::writeInput("project.json", rm::fuzz::asText(data, size));
  (void)rm::cli::readProjectKeyframes(path);
  return 0;
}
