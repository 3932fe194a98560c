#pragma once
// SIGINT / SIGTERM for long commands: the first signal raises a flag the work loops
// poll (and libav's interrupt callback, through OpenOptions::cancelled), so the command
// stops cleanly, removes its temporary files and says what is complete; a second
// signal exits at once.

#include <functional>

namespace rm::cli {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers (and clears the flag)
  ~InterruptGuard();  // restores the previous handlers
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  static bool interrupted();
  // interrupted() as a callback for cancellation hooks.
  static std::function<bool()> poll() {
    return [] { return interrupted(); };
  }
};

}  // namespace rm::cli
