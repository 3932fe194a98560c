// The batch manifest (BatchManifest::readManifest): structure, keys, patterns, ranges.
#include "app/cli/BatchManifest.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = rm::fuzz::writeInput("shots.json", rm::fuzz::asText(data, size));
  const rm::cli::ManifestRead read = rm::cli::readManifest(path);
  for (const auto& shot : read.manifest.shots)
    for (const auto& output : shot.outputs)
      (void)output.pathFor(shot.name);
  return 0;
}
