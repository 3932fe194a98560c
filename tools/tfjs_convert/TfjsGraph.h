#pragma once
// A TensorFlow.js graph model (model.json + weight shards) read into memory: the GraphDef
// nodes with their attributes, and every weight dequantised to float32 (or int32).

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "engine/core/Expected.h"

namespace rm::tfjs {

struct NodeInput {
  std::string node;      // producing node
  int index = 0;         // output slot ("name:1")
  bool control = false;  // "^name": ordering only, no data
};

struct Node {
  std::string name;
  std::string op;
  std::vector<NodeInput> inputs;  // data inputs first, as in the GraphDef
  nlohmann::json attr;            // GraphDef attr map, JSON-encoded (strings are base64)
};

struct Graph {
  std::filesystem::path file;  // model.json, for messages
  std::vector<Node> nodes;
  std::map<std::string, size_t> byName;
  // Weights by name (Const nodes). float32 weights stored quantised (float16, uint8, uint16)
  // are dequantised exactly as TF.js does; int32 weights keep dtype int32.
  std::map<std::string, torch::Tensor> weights;
  nlohmann::json signature;

  const Node* find(const std::string& name) const;
  std::vector<const Node*> dataInputs(const Node& node) const;
};

Expected<Graph> loadGraph(const std::filesystem::path& modelJson);

// Attribute accessors (TF's JSON encoding: "s" base64, "i" int64 as string, "f", "b", "list").
std::string attrString(const Node& node, const std::string& key, const std::string& fallback = {});
int64_t attrInt(const Node& node, const std::string& key, int64_t fallback);
double attrFloat(const Node& node, const std::string& key, double fallback);
bool attrBool(const Node& node, const std::string& key, bool fallback);
std::vector<int64_t> attrInts(const Node& node, const std::string& key);
std::vector<std::string> attrStrings(const Node& node, const std::string& key);

}  // namespace rm::tfjs
