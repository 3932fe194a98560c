#pragma once
// Turns the part of a TF.js graph between its input and one tapped node into a TorchScript
// module: every float weight becomes a trainable parameter, and `forward` is generated
// TorchScript source with one statement per graph op, in topological order. Tensors are
// NCHW inside the module; TF's NHWC axes, 'SAME' padding (asymmetric for strided ops) and
// resize conventions are reproduced exactly.

#include <map>
#include <string>
#include <vector>

#include <torch/csrc/jit/api/module.h>

#include "engine/core/Expected.h"
#include "tools/tfjs_convert/TfjsGraph.h"

namespace rm::tfjs {

struct ConvertOptions {
  std::string inputNode;  // empty: the graph's only Placeholder
  std::string tapNode;
  // Static input size used for shape inference (resize constants are folded at this size);
  // 0: from the placeholder's shape.
  int probeHeight = 0;
  int probeWidth = 0;
  // forward(x): x in [0,1] -> x * inputScale + inputOffset before the graph.
  double inputScale = 255.0;
  double inputOffset = 0.0;
  // H and W are padded up to a multiple of this (0: the graph's largest stride).
  int padMultiple = 0;
  // Extra bottom/right padding, for 'VALID'-padded networks whose output would otherwise be
  // smaller than ceil(H/stride) x ceil(W/stride).
  int padExtra = 0;
  std::string padMode = "replicate";  // "replicate" | "zero"
};

struct ConvertedModel {
  torch::jit::Module module;
  std::string source;  // the generated TorchScript
  int stride = 0;      // input pixels per output cell
  int channels = 0;
  double cellOffset = 0.0;  // input pixel (0-based index) at the centre of output cell 0
  int padMultiple = 0;
  int64_t parameterCount = 0;           // scalars in all parameters
  std::map<std::string, int> opCounts;  // graph ops converted
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // facts about the graph worth knowing, not problems
};

Expected<ConvertedModel> convertToTorchScript(const Graph& graph, const ConvertOptions& options);

}  // namespace rm::tfjs
