#pragma once
// Elapsed wall-clock seconds for timings and progress reports. Steady clock: a system clock
// change mid-run must not make a stage look negative or hours long.

#include <chrono>

namespace rm {

class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  void restart() { start_ = Clock::now(); }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
};

}  // namespace rm
