#include "tools/tfjs_convert/TfjsGraph.h"

#include "tools/tfjs_convert/KerasLayers.h"

#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace rm::tfjs {
namespace {

std::string base64Decode(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (char c : in) {
    const auto pos = kAlphabet.find(c);
    if (pos == std::string::npos) continue;  // '=' padding, whitespace
    value = (value << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xFF));
    }
  }
  return out;
}

Expected<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError("cannot open " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return makeError("cannot read " + path.string());
  return ss.str();
}

NodeInput parseInput(const std::string& text) {
  NodeInput in;
  std::string name = text;
  if (!name.empty() && name[0] == '^') {
    in.control = true;
    name.erase(0, 1);
  }
  const auto colon = name.rfind(':');
  if (colon != std::string::npos && colon + 1 < name.size() &&
      name.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    in.index = std::stoi(name.substr(colon + 1));
    name.resize(colon);
  }
  in.node = name;
  return in;
}

// Elements of a weight's shape; nullopt for a negative dimension or more than `limit`
// elements (a shape no shard could hold, checked before its size is computed).
std::optional<size_t> elementCount(const std::vector<int64_t>& shape, size_t limit) {
  size_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) return std::nullopt;
    if (d != 0 && count > limit / static_cast<size_t>(d)) return std::nullopt;
    count *= static_cast<size_t>(d);
  }
  return count;
}

size_t storedElementBytes(const std::string& dtype) {
  if (dtype == "float32" || dtype == "int32") return 4;
  if (dtype == "float16" || dtype == "uint16") return 2;
  if (dtype == "uint8" || dtype == "bool") return 1;
  return 0;
}

// One weight from its stored bytes, dequantised the way TF.js io.decodeWeights does.
Expected<torch::Tensor> decodeWeight(const nlohmann::json& spec, const char* data,
                                     const std::filesystem::path& file) {
  const std::string name = spec.at("name").get<std::string>();
  const std::string dtype = spec.at("dtype").get<std::string>();
  std::vector<int64_t> shape = spec.at("shape").get<std::vector<int64_t>>();
  const int64_t count = c10::multiply_integers(shape);
  const auto fail = [&](const std::string& why) {
    return makeError(file.string() + ": weight '" + name + "': " + why);
  };
  if (!spec.contains("quantization")) {
    if (dtype == "float32")
      return torch::from_blob(const_cast<char*>(data), shape, torch::kFloat32).clone();
    if (dtype == "int32")
      return torch::from_blob(const_cast<char*>(data), shape, torch::kInt32).clone();
    if (dtype == "bool")
      return torch::from_blob(const_cast<char*>(data), shape, torch::kUInt8).to(torch::kBool);
    return fail("unsupported dtype " + dtype);
  }
  const auto& q = spec.at("quantization");
  const std::string qtype = q.at("dtype").get<std::string>();
  if (qtype == "float16") {
    if (dtype != "float32") return fail("float16 quantisation of " + dtype);
    // IEEE half -> float is exact, as TF.js's float16 decoder.
    return torch::from_blob(const_cast<char*>(data), {count}, torch::kHalf)
        .to(torch::kFloat32)
        .reshape(shape);
  }
  if (qtype == "uint8" || qtype == "uint16") {
    if (!q.contains("scale") || !q.contains("min")) return fail("quantisation without scale/min");
    const double scale = q.at("scale").get<double>();
    const double min = q.at("min").get<double>();
    torch::Tensor raw =
        qtype == "uint8"
            ? torch::from_blob(const_cast<char*>(data), {count}, torch::kUInt8).to(torch::kFloat64)
            : torch::from_blob(const_cast<char*>(data), {count}, torch::kInt16)
                  .to(torch::kInt32)
                  .bitwise_and(0xFFFF)
                  .to(torch::kFloat64);
    torch::Tensor values = raw * scale + min;
    if (dtype == "int32") return values.round().to(torch::kInt32).reshape(shape);
    if (dtype == "float32") return values.to(torch::kFloat32).reshape(shape);
    return fail("quantised weight of dtype " + dtype);
  }
  return fail("unsupported quantisation " + qtype);
}

}  // namespace

const Node* Graph::find(const std::string& name) const {
  const auto it = byName.find(name);
  return it == byName.end() ? nullptr : &nodes[it->second];
}

std::vector<const Node*> Graph::dataInputs(const Node& node) const {
  std::vector<const Node*> out;
  for (const auto& in : node.inputs)
    if (!in.control) out.push_back(find(in.node));
  return out;
}

Expected<Graph> loadGraph(const std::filesystem::path& modelJson) {
  auto text = readFile(modelJson);
  if (!text) return text.error();
  Graph graph;
  graph.file = modelJson;
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(*text);
  } catch (const std::exception& e) {
    return makeError(modelJson.string() + ": not valid JSON: " + e.what());
  }
  try {
    const std::string format = json.value("format", std::string("graph-model"));
    if (format != "graph-model" && format != "layers-model")
      return makeError(modelJson.string() + ": format '" + format + "' is not a TF.js model");
    if (!json.contains("modelTopology") || (!json["modelTopology"].contains("node") &&
                                            !json["modelTopology"].contains("model_config")))
      return makeError(modelJson.string() +
                       ": no modelTopology.node or model_config (not a TF.js model)");
    for (const auto& n : json["modelTopology"].value("node", nlohmann::json::array())) {
      Node node;
      node.name = n.at("name").get<std::string>();
      node.op = n.at("op").get<std::string>();
      if (n.contains("input"))
        for (const auto& in : n["input"])
          node.inputs.push_back(parseInput(in.get<std::string>()));
      node.attr = n.value("attr", nlohmann::json::object());
      graph.byName[node.name] = graph.nodes.size();
      graph.nodes.push_back(std::move(node));
    }
    graph.signature = json.value("signature", nlohmann::json::object());

    // Weight groups: each group's shards are one contiguous byte stream.
    const auto dir = modelJson.parent_path();
    for (const auto& group : json.value("weightsManifest", nlohmann::json::array())) {
      std::string bytes;
      for (const auto& p : group.at("paths")) {
        auto shard = readFile(dir / p.get<std::string>());
        if (!shard) return makeError(modelJson.string() + ": weight shard: " + shard.message());
        bytes += *shard;
      }
      size_t offset = 0;
      for (const auto& spec : group.at("weights")) {
        const std::string stored = spec.contains("quantization")
                                       ? spec["quantization"].at("dtype").get<std::string>()
                                       : spec.at("dtype").get<std::string>();
        const size_t elementBytes = storedElementBytes(stored);
        const std::string name = spec.at("name").get<std::string>();
        if (elementBytes == 0)
          return makeError(modelJson.string() + ": weight '" + name + "' has unsupported dtype " +
                           stored);
        const auto shape = spec.at("shape").get<std::vector<int64_t>>();
        const std::optional<size_t> count = elementCount(shape, bytes.size());
        if (!count)
          return makeError(modelJson.string() + ": weight '" + name +
                           "' has a negative or oversized shape");
        const size_t size = *count * elementBytes;
        if (offset + size > bytes.size())
          return makeError(modelJson.string() + ": weight shards end before weight '" + name + "'");
        // Copy to an aligned buffer: shard offsets need not be aligned for the element type.
        std::vector<char> aligned(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                                  bytes.begin() + static_cast<std::ptrdiff_t>(offset + size));
        aligned.resize(std::max<size_t>(aligned.size(), 8));
        auto weight = decodeWeight(spec, aligned.data(), modelJson);
        if (!weight) return weight.error();
        graph.weights[name] = *weight;
        offset += size;
      }
      if (offset != bytes.size())
        return makeError(modelJson.string() + ": weight shards hold " +
                         std::to_string(bytes.size()) + " bytes, the manifest describes " +
                         std::to_string(offset));
    }
    if (json["modelTopology"].contains("model_config")) {
      Status s = appendKerasLayers(json["modelTopology"], graph);
      if (!s) return makeError(s.message());
    }
  } catch (const std::exception& e) {
    return makeError(modelJson.string() + ": malformed model: " + e.what());
  }
  return graph;
}

std::string attrString(const Node& node, const std::string& key, const std::string& fallback) {
  if (!node.attr.contains(key) || !node.attr[key].contains("s")) return fallback;
  return base64Decode(node.attr[key]["s"].get<std::string>());
}

int64_t attrInt(const Node& node, const std::string& key, int64_t fallback) {
  if (!node.attr.contains(key) || !node.attr[key].contains("i")) return fallback;
  const auto& v = node.attr[key]["i"];
  return v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>();
}

double attrFloat(const Node& node, const std::string& key, double fallback) {
  if (!node.attr.contains(key) || !node.attr[key].contains("f")) return fallback;
  const auto& v = node.attr[key]["f"];
  return v.is_string() ? std::stod(v.get<std::string>()) : v.get<double>();
}

bool attrBool(const Node& node, const std::string& key, bool fallback) {
  if (!node.attr.contains(key) || !node.attr[key].contains("b")) return fallback;
  return node.attr[key]["b"].get<bool>();
}

std::vector<int64_t> attrInts(const Node& node, const std::string& key) {
  std::vector<int64_t> out;
  if (!node.attr.contains(key) || !node.attr[key].contains("list")) return out;
  const auto& list = node.attr[key]["list"];
  if (!list.contains("i")) return out;
  for (const auto& v : list["i"])
    out.push_back(v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>());
  return out;
}

std::vector<std::string> attrStrings(const Node& node, const std::string& key) {
  std::vector<std::string> out;
  if (!node.attr.contains(key) || !node.attr[key].contains("list")) return out;
  const auto& list = node.attr[key]["list"];
  if (!list.contains("s")) return out;
  for (const auto& v : list["s"])
    out.push_back(base64Decode(v.get<std::string>()));
  return out;
}

}  // namespace rm::tfjs
