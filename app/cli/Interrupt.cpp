#include "app/cli/Interrupt.h"

#include <unistd.h>

#include <csignal>

namespace rm::cli {
namespace {

volatile std::sig_atomic_t gInterrupted = 0;
struct sigaction gPreviousInt, gPreviousTerm;

void onSignal(int signal) {
  if (gInterrupted) _exit(128 + signal);  // a second signal: the user means now
  gInterrupted = 1;
  static const char kNote[] = "\nstopping (signal again to quit at once)...\n";
  [[maybe_unused]] const ssize_t n = write(STDERR_FILENO, kNote, sizeof(kNote) - 1);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  gInterrupted = 0;
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &gPreviousInt);
  sigaction(SIGTERM, &action, &gPreviousTerm);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &gPreviousInt, nullptr);
  sigaction(SIGTERM, &gPreviousTerm, nullptr);
}

bool InterruptGuard::interrupted() {
  return gInterrupted != 0;
}

}  // namespace rm::cli
