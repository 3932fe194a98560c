#pragma once
// `rotomatch-cli bench <name>`: each benchmark registers itself from its own bench_*.cpp.

#include <functional>
#include <string>
#include <vector>

namespace rm::cli {

struct Bench {
  std::string name;   // "media", "segment", ...
  std::string usage;  // options after `bench <name>`
  std::string summary;
  std::function<int(const std::vector<std::string>&)> run;
};

std::vector<Bench>& benchRegistry();

struct RegisterBench {
  explicit RegisterBench(Bench bench);
};

}  // namespace rm::cli
