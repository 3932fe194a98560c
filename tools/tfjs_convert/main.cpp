// rotomatch-convert-tfjs: converts a TF.js graph model, up to one tapped node, into a
// Rotomatch TorchScript feature extractor (forward(x): RGB [N,3,H,W] in [0,1] -> features),
// with its metadata stored inside the file as the extra file rotomatch.json. No Python.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <torch/script.h>
#include <nlohmann/json.hpp>

#include "engine/core/AtomicFile.h"
#include "tools/tfjs_convert/ScriptEmitter.h"
#include "tools/tfjs_convert/TfjsGraph.h"

namespace {

const char* const kUsage =
    "usage: rotomatch-convert-tfjs --model MODEL.json --tap NODE --output OUT.pt\n"
    "         [--input NODE] [--name NAME] [--source TEXT] [--licence TEXT]\n"
    "         [--scale 255] [--offset 0] [--pad-multiple N] [--pad-extra N] [--pad-mode "
    "replicate|zero]\n"
    "         [--probe-size N] [--print-source]\n"
    "Converts the TF.js graph model's ops between its input and NODE into a TorchScript\n"
    "module whose forward(x) takes float RGB [N,3,H,W] in [0,1] (scaled by --scale inside).\n";

struct Options {
  std::map<std::string, std::string> values;
  bool printSource = false;
  std::string get(const std::string& k, const std::string& fallback = {}) const {
    const auto it = values.find(k);
    return it == values.end() ? fallback : it->second;
  }
};

int fail(const std::string& message) {
  std::cerr << "rotomatch-convert-tfjs: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  const std::vector<std::string> known = {
      "model", "tap",    "output",       "input",    "name",       "source",   "licence",
      "scale", "offset", "pad-multiple", "pad-mode", "probe-size", "pad-extra"};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (a == "--print-source") {
      opt.printSource = true;
      continue;
    }
    if (a.rfind("--", 0) != 0 || i + 1 >= argc ||
        std::find(known.begin(), known.end(), a.substr(2)) == known.end()) {
      std::cerr << "rotomatch-convert-tfjs: bad argument '" << a << "'\n" << kUsage;
      return 2;
    }
    opt.values[a.substr(2)] = argv[++i];
  }
  for (const char* required : {"model", "tap", "output"})
    if (!opt.values.count(required)) {
      std::cerr << "rotomatch-convert-tfjs: missing --" << required << "\n" << kUsage;
      return 2;
    }

  rm::tfjs::ConvertOptions co;
  co.tapNode = opt.get("tap");
  co.inputNode = opt.get("input");
  co.padMode = opt.get("pad-mode", "replicate");
  try {
    co.inputScale = std::stod(opt.get("scale", "255"));
    co.inputOffset = std::stod(opt.get("offset", "0"));
    co.padMultiple = std::stoi(opt.get("pad-multiple", "0"));
    co.padExtra = std::stoi(opt.get("pad-extra", "0"));
    co.probeHeight = co.probeWidth = std::stoi(opt.get("probe-size", "0"));
  } catch (const std::exception&) {
    return fail("--scale, --offset, --pad-multiple and --probe-size take numbers");
  }

  const std::filesystem::path modelPath = opt.get("model");
  auto graph = rm::tfjs::loadGraph(modelPath);
  if (!graph) return fail(graph.message());
  auto converted = rm::tfjs::convertToTorchScript(*graph, co);
  if (!converted) return fail(converted.message());
  for (const auto& w : converted->warnings)
    std::cerr << "warning: " << w << "\n";
  for (const auto& n : converted->notes)
    std::cout << "note: " << n << "\n";
  if (opt.printSource) std::cout << converted->source;

  // Run on awkward sizes: catches runtime shape errors before anything is written.
  torch::jit::Module& module = converted->module;
  module.eval();
  const int64_t m = converted->padMultiple;
  for (const auto& [probeH, probeW] :
       {std::pair{2 * m + 7, 3 * m - 5}, std::pair{m, 2 * m}, std::pair{5 * m + 3, 4 * m + 1}}) {
    try {
      torch::InferenceMode guard;
      const torch::Tensor out = module.forward({torch::rand({1, 3, probeH, probeW})}).toTensor();
      const int64_t s = converted->stride;
      const std::vector<int64_t> expected = {1, converted->channels, (probeH + s - 1) / s,
                                             (probeW + s - 1) / s};
      if (out.sizes().vec() != expected)
        return fail("converted module returned shape " + c10::str(out.sizes()) + " for " +
                    std::to_string(probeH) + "x" + std::to_string(probeW) + ", expected " +
                    c10::str(c10::IntArrayRef(expected)) +
                    " (a 'VALID'-padded network may need --pad-extra)");
    } catch (const std::exception& e) {
      return fail(std::string("converted module fails on a test input: ") + e.what());
    }
  }

  nlohmann::json meta = {
      {"format", "rotomatch-features"},
      {"version", 1},
      {"name", opt.get("name", modelPath.stem().string())},
      {"stride", converted->stride},
      {"channels", converted->channels},
      {"cellOffset", converted->cellOffset},
      {"licence", opt.get("licence", "unknown")},
      {"source", opt.get("source", modelPath.filename().string())},
      {"input",
       {{"layout", "NCHW"},
        {"channels", "RGB"},
        {"dtype", "float32"},
        {"range", {0, 1}},
        {"internalScale", co.inputScale},
        {"internalOffset", co.inputOffset},
        {"padMultiple", converted->padMultiple},
        {"padExtra", co.padExtra},
        {"padMode", co.padMode}}},
      {"output", {{"layout", "NCHW"}, {"size", "ceil(H/stride) x ceil(W/stride)"}}},
      {"converter", {{"tool", "rotomatch-convert-tfjs"}, {"tap", co.tapNode}}},
  };
  torch::jit::ExtraFilesMap extra{{"rotomatch.json", meta.dump(2)}};
  const std::filesystem::path output = opt.get("output");
  std::error_code ec;
  if (output.has_parent_path()) std::filesystem::create_directories(output.parent_path(), ec);
  const rm::Status saved = rm::writeAtomically(output, [&](const std::filesystem::path& temp) {
    try {
      module.save(temp.string(), extra);
    } catch (const std::exception& e) {
      return rm::Status(rm::makeError("cannot write " + output.string() + ": " + e.what()));
    }
    return rm::Status::success();
  });
  if (!saved) return fail(saved.message());

  int ops = 0;
  for (const auto& [op, n] : converted->opCounts)
    ops += n;
  std::cout << "wrote " << output.string() << ": " << ops << " ops, " << converted->parameterCount
            << " parameters, stride " << converted->stride << ", " << converted->channels
            << " channels, cell offset " << converted->cellOffset << ", pad multiple "
            << converted->padMultiple << " (" << co.padMode << ")\n";
  return 0;
}
