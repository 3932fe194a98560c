#pragma once
// Matching flags shared by `propagate`, `eval` and `bench segment` (header-only so the
// self-registering cmd_*.cpp files need no extra CMake entry).

#include <algorithm>
#include <set>
#include <string>
#include <thread>

#include "app/cli/Args.h"
#include "engine/segment/Segmenter.h"

namespace rm::cli {

inline const std::set<std::string>& segmentFlagNames() {
  static const std::set<std::string> names = {"preset",   "model",        "device", "threads",
                                              "k",        "dc",           "c1",     "c2",
                                              "bank-cap", "working-size", "set"};
  return names;
}

inline const char* segmentFlagsUsage() {
  return "[--preset default|paper] [--model PATH|colour] [--device auto|cpu|cuda] [--threads N] "
         "[--k K] [--dc PX480] [--c1 X] [--c2 X] [--bank-cap N] [--working-size SHORT] "
         "[--set knob=value ...]";
}

inline Expected<SegmenterParams> parseSegmentFlags(const Args& args) {
  SegmenterParams p;
  p.preset = args.get("preset", p.preset);
  p.model = args.get("model", p.model);
  p.device = args.get("device", p.device);
  if (p.preset != "default" && p.preset != "paper")
    return makeError("--preset must be default or paper, got '" + p.preset + "'");
  // Checked here too: colour features never resolve the device, so a typo went unnoticed.
  const bool cudaIndex = p.device.rfind("cuda:", 0) == 0 && p.device.size() > 5 &&
                         p.device.find_first_not_of("0123456789", 5) == std::string::npos;
  if (p.device != "auto" && p.device != "cpu" && p.device != "cuda" && !cudaIndex)
    return makeError("--device must be auto, cpu, cuda or cuda:N, got '" + p.device + "'");
  if (args.has("model") && p.model.empty())
    return makeError("--model needs a file or 'colour' (leave it out for the default model)");
  auto threads = args.getInt("threads", p.threads);
  auto k = args.getInt("k", p.topK);
  auto dc = args.getDouble("dc", p.outlierDistance480);
  auto c1 = args.getDouble("c1", p.c1);
  auto c2 = args.getDouble("c2", p.c2);
  auto cap = args.getInt("bank-cap", p.bankCap);
  auto working = args.getInt("working-size", p.workingShortSide);
  for (auto* e : {&threads, &k, &cap, &working})
    if (!*e) return e->error();
  for (auto* e : {&dc, &c1, &c2})
    if (!*e) return e->error();
  // More threads than cores only adds contention (--threads 100000 allocated 1.17 GB
  // and produced no frame in 120 s); 0 lets the library choose.
  const int maxThreads = 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (*threads < 0 || *threads > maxThreads)
    return makeError("--threads must be 0 (automatic) to " + std::to_string(maxThreads) +
                     " (4 per core), got " + std::to_string(*threads));
  p.threads = *threads;
  p.topK = *k;
  p.outlierDistance480 = *dc;
  p.c1 = *c1;
  p.c2 = *c2;
  p.bankCap = *cap;
  p.workingShortSide = *working;
  for (const std::string& kv : args.getAll("set")) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) return makeError("--set expects knob=value, got '" + kv + "'");
    try {
      p.tuning[kv.substr(0, eq)] = std::stod(kv.substr(eq + 1));
    } catch (const std::exception&) {
      return makeError("--set " + kv + ": value is not a number");
    }
  }
  return p;
}

inline Expected<Direction> parseDirection(const std::string& text) {
  if (text == "forward") return Direction::Forward;
  if (text == "backward") return Direction::Backward;
  if (text == "both") return Direction::Both;
  return makeError("--direction must be forward, backward or both, got '" + text + "'");
}

}  // namespace rm::cli
