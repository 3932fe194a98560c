#include "tools/tfjs_convert/KerasLayers.h"

#include <torch/types.h>

namespace rm::tfjs {
namespace {

std::string base64Encode(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = -6;
  for (unsigned char c : in) {
    value = (value << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(kAlphabet[(value >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(kAlphabet[((value << 8) >> (bits + 8)) & 0x3F]);
  while (out.size() % 4)
    out.push_back('=');
  return out;
}

nlohmann::json strAttr(const std::string& s) {
  return {{"s", base64Encode(s)}};
}
nlohmann::json intsAttr(const std::vector<int64_t>& v) {
  nlohmann::json list = nlohmann::json::array();
  for (auto x : v)
    list.push_back(std::to_string(x));
  return {{"list", {{"i", list}}}};
}

class Builder {
 public:
  explicit Builder(Graph& graph) : g_(graph) {}

  void node(const std::string& name, const std::string& op, std::vector<std::string> inputs,
            nlohmann::json attr = nlohmann::json::object()) {
    Node n;
    n.name = name;
    n.op = op;
    for (auto& in : inputs)
      n.inputs.push_back(NodeInput{in, 0, false});
    n.attr = std::move(attr);
    g_.byName[n.name] = g_.nodes.size();
    g_.nodes.push_back(std::move(n));
  }
  // A Const node for an existing weight, or a new one.
  std::string constant(const std::string& name, const torch::Tensor* value = nullptr) {
    if (value) g_.weights[name] = *value;
    if (!g_.find(name)) node(name, "Const", {});
    return name;
  }
  bool hasWeight(const std::string& name) const { return g_.weights.count(name) > 0; }
  Graph& graph() { return g_; }

 private:
  Graph& g_;
};

std::string upper(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Status appendKerasLayers(const nlohmann::json& topology, Graph& graph) {
  const std::string file = graph.file.string();
  Builder b(graph);
  try {
    const auto& config = topology.at("model_config").at("config");
    for (const auto& layer : config.at("layers")) {
      const std::string name = layer.at("name").get<std::string>();
      const std::string cls = layer.at("class_name").get<std::string>();
      const auto& c = layer.at("config");
      std::vector<std::string> inputs;
      const auto& inbound = layer.at("inbound_nodes");
      if (inbound.size() > 1)
        return makeError(file + ": layer '" + name + "' is shared (called twice); unsupported");
      if (!inbound.empty())
        for (const auto& in : inbound[0])
          inputs.push_back(in.at(0).get<std::string>());
      const auto fail = [&](const std::string& why) {
        return Status(makeError(file + ": layer '" + name + "' (" + cls + "): " + why));
      };
      if (c.value("data_format", std::string("channels_last")) != "channels_last")
        return fail("only channels_last is supported");

      // Keras activations map onto GraphDef ops.
      auto activation = [&](const std::string& act, const std::string& in) -> Status {
        if (act == "linear") {
          b.node(name, "Identity", {in});
        } else if (act == "relu" || act == "relu6" || act == "sigmoid" || act == "tanh" ||
                   act == "elu") {
          const std::string op = act == "relu"    ? "Relu"
                                 : act == "relu6" ? "Relu6"
                                 : act == "elu"
                                     ? "Elu"
                                     : std::string(1, char(std::toupper(act[0]))) + act.substr(1);
          b.node(name, op, {in});
        } else {
          return fail("unsupported activation '" + act + "'");
        }
        return Status::success();
      };

      if (cls == "InputLayer") {
        const auto shape = c.at("batch_input_shape");
        nlohmann::json dims = nlohmann::json::array();
        for (const auto& d : shape)
          dims.push_back({{"size", d.is_null() ? "-1" : d.dump()}});
        b.node(name, "Placeholder", {}, {{"shape", {{"shape", {{"dim", dims}}}}}});
      } else if (cls == "Conv2D" || cls == "DepthwiseConv2D") {
        const bool depthwise = cls == "DepthwiseConv2D";
        const auto strides = c.at("strides").get<std::vector<int64_t>>();
        const auto dil = c.value("dilation_rate", std::vector<int64_t>{1, 1});
        const std::string kernel = name + (depthwise ? "/depthwise_kernel" : "/kernel");
        if (!b.hasWeight(kernel)) return fail("weight " + kernel + " missing");
        b.constant(kernel);
        std::string out = name + "/conv";
        b.node(out, depthwise ? "DepthwiseConv2dNative" : "Conv2D", {inputs.at(0), kernel},
               {{"strides", intsAttr({1, strides[0], strides[1], 1})},
                {"dilations", intsAttr({1, dil[0], dil[1], 1})},
                {"padding", strAttr(upper(c.at("padding").get<std::string>()))}});
        if (c.value("use_bias", true)) {
          b.constant(name + "/bias");
          b.node(name + "/bias_add", "BiasAdd", {out, name + "/bias"});
          out = name + "/bias_add";
        }
        Status s = activation(c.value("activation", std::string("linear")), out);
        if (!s) return s;
      } else if (cls == "BatchNormalization") {
        if (c.value("axis", -1) != 3 && c.value("axis", -1) != -1)
          return fail("only channel-axis batch norm is supported");
        const torch::Tensor mean = graph.weights.at(name + "/moving_mean");
        torch::Tensor ones = torch::ones_like(mean), zeros = torch::zeros_like(mean);
        const std::string gamma = c.value("scale", true) ? b.constant(name + "/gamma")
                                                         : b.constant(name + "/gamma_one", &ones);
        const std::string beta = c.value("center", true) ? b.constant(name + "/beta")
                                                         : b.constant(name + "/beta_zero", &zeros);
        b.node(name, "FusedBatchNorm",
               {inputs.at(0), gamma, beta, b.constant(name + "/moving_mean"),
                b.constant(name + "/moving_variance")},
               {{"epsilon", {{"f", c.value("epsilon", 1e-3)}}}});
      } else if (cls == "Activation") {
        Status s = activation(c.at("activation").get<std::string>(), inputs.at(0));
        if (!s) return s;
      } else if (cls == "MaxPooling2D" || cls == "AveragePooling2D") {
        const auto pool = c.at("pool_size").get<std::vector<int64_t>>();
        const auto strides =
            c.at("strides").is_null() ? pool : c.at("strides").get<std::vector<int64_t>>();
        b.node(name, cls == "MaxPooling2D" ? "MaxPool" : "AvgPool", {inputs.at(0)},
               {{"ksize", intsAttr({1, pool[0], pool[1], 1})},
                {"strides", intsAttr({1, strides[0], strides[1], 1})},
                {"padding", strAttr(upper(c.at("padding").get<std::string>()))}});
      } else if (cls == "Concatenate" || cls == "Add" || cls == "Multiply") {
        if (cls == "Concatenate") {
          torch::Tensor axis = torch::tensor({c.value("axis", -1)}, torch::kInt32).reshape({});
          inputs.push_back(b.constant(name + "/axis", &axis));
          b.node(name, "ConcatV2", inputs);
        } else {
          if (inputs.size() != 2) return fail("only two inputs are supported");
          b.node(name, cls == "Add" ? "AddV2" : "Mul", inputs);
        }
      } else {
        // Not convertible; an error only if the tapped node needs it.
        b.node(name, "Keras" + cls, inputs);
      }
    }
  } catch (const std::exception& e) {
    return makeError(file + ": malformed Keras model_config: " + e.what());
  }
  return Status::success();
}

}  // namespace rm::tfjs
