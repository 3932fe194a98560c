// Uses the engine so the linker keeps it; tst_engine_no_qt checks this binary has no Qt.
#include <filesystem>
#include <iostream>

#include "engine/core/AtomicFile.h"
#include "engine/core/Version.h"

int main(int argc, char** argv) {
  if (argc > 1) {
    const rm::Status status = rm::writeFileAtomically(argv[1], rm::kVersion);
    if (!status.ok()) {
      std::cerr << status.message() << "\n";
      return 1;
    }
  }
  std::cout << rm::kProjectName << " " << rm::kVersion << "\n";
  return 0;
}
