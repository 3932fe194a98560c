// `rotomatch-cli bench backbone`: the feature network's forward pass as loaded and after the
// load-time inference optimisation (freeze, batch norm folded, oneDNN convolutions), timed in
// alternation so that load from other processes hits both alike; prints the median of each,
// their ratio and the largest feature difference between the two.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include <torch/torch.h>

#include "app/cli/Args.h"
#include "app/cli/BenchRegistry.h"
#include "app/cli/CommandRegistry.h"
#include "engine/core/Stopwatch.h"
#include "engine/segment/FeatureExtractor.h"
#include "engine/segment/ModelLocator.h"

namespace rm::cli {
namespace {

int fail(const std::string& message) {
  std::cerr << "rotomatch-cli bench backbone: " << message << "\n";
  return kExitFailure;
}

double medianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int runBenchBackbone(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {});
  if (!args) return fail(args.message());
  if (Status s = args->rejectUnknown({"model", "threads", "repeat", "size"}); !s)
    return fail(s.message());
  // --threads is the process's thread count, set by main (checked here, printed as in effect).
  auto threads = args->getInt("threads", 1);
  auto repeat = args->getInt("repeat", 15);
  if (!threads) return fail(threads.message());
  if (!repeat) return fail(repeat.message());
  if (*threads < 1 || *threads > 256) return fail("--threads must be 1..256");
  if (*repeat < 1 || *repeat > 1000) return fail("--repeat must be 1..1000");
  std::string model = args->get("model", "");
  if (model.empty()) {
    auto found = locateDefaultModel();
    if (!found) return fail(found.message());
    model = found->string();
  }
  int width = 864, height = 480;
  const std::string size = args->get("size", "864x480");
  if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 8 || height < 8 ||
      width > 8192 || height > 8192)
    return fail("--size must be WxH between 8 and 8192, got " + size);

  DeviceOptions plain{"cpu", false};
  DeviceOptions optimised{"cpu", true};
  auto asLoaded = createFeatureExtractor(model, plain);
  if (!asLoaded) return fail(asLoaded.message());
  auto fast = createFeatureExtractor(model, optimised);
  if (!fast) return fail(fast.message());

  torch::manual_seed(1);
  const torch::Tensor input = torch::rand({1, 3, height, width});
  // One untimed pass each: the first call compiles and prepacks.
  auto a = (*asLoaded)->extract(input);
  auto b = (*fast)->extract(input);
  if (!a) return fail(a.message());
  if (!b) return fail(b.message());
  const double maxDiff = (*a - *b).abs().max().item<double>();

  std::vector<double> plainMs, fastMs;
  for (int i = 0; i < *repeat; ++i) {
    Stopwatch w1;
    if (auto r = (*asLoaded)->extract(input); !r) return fail(r.message());
    plainMs.push_back(1000 * w1.seconds());
    Stopwatch w2;
    if (auto r = (*fast)->extract(input); !r) return fail(r.message());
    fastMs.push_back(1000 * w2.seconds());
  }
  const double p = medianOf(plainMs), f = medianOf(fastMs);
  std::printf(
      "bench backbone: %s %dx%d threads=%d repeat=%d\n  as loaded: %.1f ms  optimised: %.1f ms  "
      "speed-up %.2fx  max |feature difference| %.2e\n",
      model.c_str(), width, height, at::get_num_threads(), *repeat, p, f, p / f, maxDiff);
  return kExitOk;
}

const RegisterBench kBackbone{{"backbone", "[--model PATH] [--threads N] [--repeat N] [--size WxH]",
                               "feature network forward: as loaded vs optimised for inference",
                               runBenchBackbone}};

}  // namespace
}  // namespace rm::cli
