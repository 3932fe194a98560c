// The TF.js model reader of rotomatch-convert-tfjs: model.json, then (after the first NUL
// byte) the weight shard it may name as "w.bin".
#include "tests/fuzz/FuzzInput.h"
#include "tools/tfjs_convert/TfjsGraph.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [json, shard] = rm::fuzz::splitAtNul(rm::fuzz::asText(data, size));
  rm::fuzz::writeInput("w.bin", shard);
  auto graph = rm::tfjs::loadGraph(rm::fuzz::writeInput("model.json", json));
  if (graph.ok())
    for (const auto& node : graph->nodes)
      (void)graph->dataInputs(node);
  return 0;
}
