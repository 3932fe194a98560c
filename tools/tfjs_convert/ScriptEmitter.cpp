#include "tools/tfjs_convert/ScriptEmitter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include <torch/csrc/jit/api/module.h>
#include <torch/torch.h>

namespace rm::tfjs {
namespace {

// Helpers compiled into the module next to forward(); each reproduces a TF / TF.js CPU
// kernel convention that has no direct aten equivalent.
const char* const kHelperSamePad = R"(
def _same_pad(self, x: Tensor, kh: int, kw: int, sh: int, sw: int, dh: int, dw: int, value: float) -> Tensor:
    # TF 'SAME': out = ceil(in / s); the odd pixel of padding goes after (bottom/right).
    ih = x.size(2)
    iw = x.size(3)
    oh = (ih + sh - 1) // sh
    ow = (iw + sw - 1) // sw
    ph = max((oh - 1) * sh + (kh - 1) * dh + 1 - ih, 0)
    pw = max((ow - 1) * sw + (kw - 1) * dw + 1 - iw, 0)
    return torch.constant_pad_nd(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2], value)
)";

const char* const kHelperResizeSource = R"(
def _resize_source(self, size_in: int, size_out: int, align_corners: bool, half_pixel: bool, device: Device) -> Tensor:
    # Source coordinate of each output row/column, as TF.js's CPU resize kernels compute it.
    num = size_in
    den = size_out
    if align_corners and size_out > 1:
        num = size_in - 1
        den = size_out - 1
    ratio = float(num) / float(den)
    pos = torch.arange(size_out, device=device).double()
    if half_pixel:
        pos = (pos + 0.5) * ratio - 0.5
    else:
        pos = pos * ratio
    return pos
)";

const char* const kHelperResizeBilinear = R"(
def _resize_bilinear(self, x: Tensor, oh: int, ow: int, align_corners: bool, half_pixel: bool) -> Tensor:
    ih = x.size(2)
    iw = x.size(3)
    ys = self._resize_source(ih, oh, align_corners, half_pixel, x.device)
    xs = self._resize_source(iw, ow, align_corners, half_pixel, x.device)
    y0 = torch.clamp(torch.floor(ys), min=0.0)
    y1 = torch.clamp(torch.ceil(ys), max=float(ih - 1))
    x0 = torch.clamp(torch.floor(xs), min=0.0)
    x1 = torch.clamp(torch.ceil(xs), max=float(iw - 1))
    fy = (ys - y0).to(x.dtype).view(1, 1, oh, 1)
    fx = (xs - x0).to(x.dtype).view(1, 1, 1, ow)
    top = x.index_select(2, y0.long())
    bottom = x.index_select(2, y1.long())
    x0i = x0.long()
    x1i = x1.long()
    tl = top.index_select(3, x0i)
    t = tl + (top.index_select(3, x1i) - tl) * fx
    bl = bottom.index_select(3, x0i)
    b = bl + (bottom.index_select(3, x1i) - bl) * fx
    return t + (b - t) * fy
)";

const char* const kHelperResizeNearest = R"(
def _resize_nearest(self, x: Tensor, oh: int, ow: int, align_corners: bool, half_pixel: bool) -> Tensor:
    ih = x.size(2)
    iw = x.size(3)
    ys = self._resize_source(ih, oh, align_corners, False, x.device)
    xs = self._resize_source(iw, ow, align_corners, False, x.device)
    if half_pixel:
        ys = ys + 0.5 * float(ih) / float(oh)
        xs = xs + 0.5 * float(iw) / float(ow)
    if align_corners:
        ys = torch.floor(ys + 0.5)
        xs = torch.floor(xs + 0.5)
    else:
        ys = torch.floor(ys)
        xs = torch.floor(xs)
    ys = torch.clamp(ys, 0.0, float(ih - 1))
    xs = torch.clamp(xs, 0.0, float(iw - 1))
    return x.index_select(2, ys.long()).index_select(3, xs.long())
)";

const char* const kHelperAvgPoolSame = R"(
def _avg_pool_same(self, x: Tensor, kh: int, kw: int, sh: int, sw: int) -> Tensor:
    # TF 'SAME' average pooling divides by the number of real (unpadded) pixels.
    total = torch.avg_pool2d(self._same_pad(x, kh, kw, sh, sw, 1, 1, 0.0), [kh, kw], [sh, sw])
    ones = torch.ones_like(x[:, :1])
    count = torch.avg_pool2d(self._same_pad(ones, kh, kw, sh, sw, 1, 1, 0.0), [kh, kw], [sh, sw])
    return total / count
)";

// Geometry of a spatial activation: input pixel index = stride * cell index + offset.
struct Geometry {
  double strideY = 1, strideX = 1, offsetY = 0, offsetX = 0;
};

struct Value {
  bool isConst = false;
  torch::Tensor constant;      // isConst
  std::string var;             // TorchScript variable holding the activation
  std::vector<int64_t> shape;  // TF shape at the probe size (NHWC for rank 4)
  Geometry geo;
};

std::string literal(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string intList(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

std::string sanitize(const std::string& name) {
  std::string s;
  for (char c : name)
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "w_" + s;
  return s;
}

int64_t ceilDiv(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// NHWC axis -> NCHW axis for rank-4 activations.
int64_t toNchwAxis(int64_t axis, size_t rank) {
  if (axis < 0) axis += static_cast<int64_t>(rank);
  if (rank != 4) return axis;
  static const int64_t kMap[4] = {0, 2, 3, 1};
  return kMap[axis];
}

class Emitter {
 public:
  Emitter(const Graph& graph, const ConvertOptions& options)
      : graph_(graph),
        opts_(options),
        module_(c10::QualifiedName("__torch__.RotomatchTfjsGraph")) {}

  Expected<ConvertedModel> run();

 private:
  Error fail(const Node& node, const std::string& why) const {
    return makeError(graph_.file.string() + ": node '" + node.name + "' (op " + node.op +
                     "): " + why);
  }

  Expected<std::vector<const Node*>> topologicalOrder(const Node& input, const Node& tap);
  Status emit(const Node& node);
  Expected<const Value*> input(const Node& node, size_t i);
  Expected<std::vector<int64_t>> constInts(const Node& node, size_t i);
  std::string addParameter(const std::string& base, const torch::Tensor& t);
  std::string nextVar() { return "t" + std::to_string(varCount_++); }
  void assign(const Node& node, Value v, const std::string& expr);

  Status emitConv(const Node& node, bool depthwise, bool fused);
  Status emitActivation(const Node& node);
  Status emitBinary(const Node& node);
  Status emitBiasAdd(const Node& node);
  Status emitBatchNorm(const Node& node);
  Status emitMean(const Node& node);
  Status emitConcat(const Node& node);
  Status emitPad(const Node& node);
  Status emitPool(const Node& node, bool isMax);
  Status emitResize(const Node& node, bool bilinear);
  Expected<std::string> applyFusedActivation(const Node& node, const std::string& act,
                                             const std::string& expr, const Value* alpha);

  struct SamePad {
    std::string expr;              // padded input expression
    std::vector<int64_t> convPad;  // symmetric padding passed to the op itself
    int64_t beforeY = 0, beforeX = 0;
    int64_t outH = 0, outW = 0;
  };
  Expected<SamePad> spatialPadding(const Node& node, const Value& x, int64_t kh, int64_t kw,
                                   int64_t sh, int64_t sw, int64_t dh, int64_t dw, double padValue);

  const Graph& graph_;
  ConvertOptions opts_;
  torch::jit::Module module_;
  std::map<std::string, Value> values_;
  std::vector<std::string> lines_;
  std::set<std::string> helpers_;
  std::set<std::string> paramNames_;
  std::map<std::string, int> opCounts_;
  std::vector<std::string> warnings_;
  std::vector<std::string> notes_;
  int varCount_ = 0;
  int64_t parameterCount_ = 0;
  double maxStride_ = 1;
};

Expected<std::vector<const Node*>> Emitter::topologicalOrder(const Node& input, const Node& tap) {
  // Iterative post-order DFS from the tap back to the input: exactly the ops the tap needs.
  std::vector<const Node*> order;
  std::set<std::string> done, onStack;
  std::vector<std::pair<const Node*, size_t>> stack{{&tap, 0}};
  onStack.insert(tap.name);
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (node != &input && next < node->inputs.size()) {
      const NodeInput& in = node->inputs[next++];
      if (in.control || done.count(in.node)) continue;
      const Node* child = graph_.find(in.node);
      if (!child) return fail(*node, "input '" + in.node + "' is not in the graph");
      if (onStack.count(child->name)) return fail(*node, "graph has a cycle");
      if (child->op == "Placeholder" && child != &input)
        return fail(*child, "the tapped node depends on a second graph input");
      stack.push_back({child, 0});
      onStack.insert(child->name);
      continue;
    }
    order.push_back(node);
    done.insert(node->name);
    onStack.erase(node->name);
    stack.pop_back();
  }
  if (!done.count(input.name))
    return makeError(graph_.file.string() + ": node '" + tap.name + "' does not depend on input '" +
                     input.name + "'");
  return order;
}

Expected<const Value*> Emitter::input(const Node& node, size_t i) {
  size_t seen = 0;
  for (const auto& in : node.inputs) {
    if (in.control) continue;
    if (seen++ != i) continue;
    const std::string key = in.node + ":" + std::to_string(in.index);
    const auto it = values_.find(key);
    if (it == values_.end())
      return fail(node, "input '" + in.node + "' output " + std::to_string(in.index) +
                            " is not available (multi-output ops are not supported)");
    return &it->second;
  }
  return fail(node, "expects at least " + std::to_string(i + 1) + " inputs");
}

Expected<std::vector<int64_t>> Emitter::constInts(const Node& node, size_t i) {
  auto v = input(node, i);
  if (!v) return v.error();
  if (!(*v)->isConst) return fail(node, "input " + std::to_string(i) + " must be a constant");
  const torch::Tensor t = (*v)->constant.to(torch::kInt64).contiguous().reshape({-1});
  return std::vector<int64_t>(t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + t.numel());
}

std::string Emitter::addParameter(const std::string& base, const torch::Tensor& t) {
  std::string name = sanitize(base);
  for (int k = 1; paramNames_.count(name); ++k)
    name = sanitize(base) + "_" + std::to_string(k);
  paramNames_.insert(name);
  // Trainable: later fine-tuning adapts these weights (requires_grad is saved with them).
  torch::Tensor value = t.to(torch::kFloat32).contiguous().clone();
  value.set_requires_grad(true);
  module_.register_parameter(name, value, /*is_buffer=*/false);
  parameterCount_ += t.numel();
  return "self." + name;
}

void Emitter::assign(const Node& node, Value v, const std::string& expr) {
  v.var = nextVar();
  lines_.push_back("    " + v.var + " = " + expr + "  # " + node.op + " " + node.name);
  if (v.shape.size() == 4) maxStride_ = std::max({maxStride_, v.geo.strideY, v.geo.strideX});
  values_[node.name + ":0"] = std::move(v);
}

Expected<Emitter::SamePad> Emitter::spatialPadding(const Node& node, const Value& x, int64_t kh,
                                                   int64_t kw, int64_t sh, int64_t sw, int64_t dh,
                                                   int64_t dw, double padValue) {
  SamePad p;
  const std::string padding = attrString(node, "padding", "VALID");
  const int64_t ih = x.shape[1], iw = x.shape[2];
  const int64_t ekh = (kh - 1) * dh + 1, ekw = (kw - 1) * dw + 1;
  p.expr = x.var;
  p.convPad = {0, 0};
  if (padding == "VALID") {
    p.outH = ceilDiv(ih - ekh + 1, sh);
    p.outW = ceilDiv(iw - ekw + 1, sw);
  } else if (padding == "SAME") {
    p.outH = ceilDiv(ih, sh);
    p.outW = ceilDiv(iw, sw);
    const int64_t totalY = std::max<int64_t>((p.outH - 1) * sh + ekh - ih, 0);
    const int64_t totalX = std::max<int64_t>((p.outW - 1) * sw + ekw - iw, 0);
    p.beforeY = totalY / 2;
    p.beforeX = totalX / 2;
    if (sh == 1 && sw == 1 && ekh % 2 == 1 && ekw % 2 == 1 && padValue == 0.0) {
      // Symmetric at any size: let the op pad.
      p.convPad = {(ekh - 1) / 2, (ekw - 1) / 2};
    } else {
      // Strided or even kernels: the split depends on the runtime size.
      helpers_.insert(kHelperSamePad);
      p.expr = "self._same_pad(" + x.var + ", " + std::to_string(kh) + ", " + std::to_string(kw) +
               ", " + std::to_string(sh) + ", " + std::to_string(sw) + ", " + std::to_string(dh) +
               ", " + std::to_string(dw) + ", " + literal(padValue) + ")";
    }
  } else if (padding == "EXPLICIT") {
    const auto pads = attrInts(node, "explicit_paddings");  // NHWC pairs
    if (pads.size() != 8) return fail(node, "explicit_paddings must hold 8 values");
    p.beforeY = pads[2];
    p.beforeX = pads[4];
    p.outH = ceilDiv(ih + pads[2] + pads[3] - ekh + 1, sh);
    p.outW = ceilDiv(iw + pads[4] + pads[5] - ekw + 1, sw);
    p.expr = "torch.constant_pad_nd(" + x.var + ", " +
             intList({pads[4], pads[5], pads[2], pads[3]}) + ", " + literal(padValue) + ")";
  } else {
    return fail(node, "unsupported padding '" + padding + "'");
  }
  if (p.outH <= 0 || p.outW <= 0) return fail(node, "output would be empty at the probe size");
  return p;
}

Expected<std::string> Emitter::applyFusedActivation(const Node& node, const std::string& act,
                                                    const std::string& expr, const Value* alpha) {
  if (act.empty() || act == "Linear") return expr;
  if (act == "Relu") return "torch.relu(" + expr + ")";
  if (act == "Relu6") return "torch.clamp(" + expr + ", 0.0, 6.0)";
  if (act == "Sigmoid") return "torch.sigmoid(" + expr + ")";
  if (act == "Tanh") return "torch.tanh(" + expr + ")";
  if (act == "Elu") return "torch.elu(" + expr + ")";
  if (act == "LeakyRelu")
    return "torch.leaky_relu(" + expr + ", " + literal(attrFloat(node, "leakyrelu_alpha", 0.2)) +
           ")";
  if (act == "Prelu") {
    if (!alpha || !alpha->isConst) return fail(node, "Prelu needs a constant alpha");
    const std::string a = addParameter(node.name + "/prelu_alpha", alpha->constant.reshape({-1}));
    return "torch.prelu(" + expr + ", " + a + ")";
  }
  return fail(node, "unsupported fused activation '" + act + "'");
}

Status Emitter::emitConv(const Node& node, bool depthwise, bool fused) {
  auto x = input(node, 0);
  if (!x) return x.error();
  auto w = input(node, 1);
  if (!w) return w.error();
  if ((*x)->isConst || (*x)->shape.size() != 4) return fail(node, "input must be a 4-D activation");
  if (!(*w)->isConst || (*w)->constant.dim() != 4)
    return fail(node, "filter must be a 4-D constant");
  if (attrString(node, "data_format", "NHWC") != "NHWC")
    return fail(node, "only NHWC data_format is supported");
  auto strides = attrInts(node, "strides");
  auto dilations = attrInts(node, "dilations");
  if (strides.empty()) strides = {1, 1, 1, 1};
  if (dilations.empty()) dilations = {1, 1, 1, 1};
  if (strides.size() != 4 || dilations.size() != 4 || strides[0] != 1 || strides[3] != 1)
    return fail(node, "unsupported strides/dilations");

  const torch::Tensor filter = (*w)->constant;  // TF: [kh, kw, in, out] or [kh, kw, in, mult]
  const int64_t kh = filter.size(0), kw = filter.size(1), cin = filter.size(2);
  if ((*x)->shape[3] != cin)
    return fail(node, "filter expects " + std::to_string(cin) + " input channels, input has " +
                          std::to_string((*x)->shape[3]));
  torch::Tensor weight;
  int64_t groups = 1, cout = 0;
  if (depthwise) {
    // out channel c * mult + m, as TF.
    weight = filter.reshape({kh, kw, cin * filter.size(3)}).permute({2, 0, 1}).unsqueeze(1);
    groups = cin;
    cout = cin * filter.size(3);
  } else {
    weight = filter.permute({3, 2, 0, 1});
    cout = filter.size(3);
  }
  const std::string wName = addParameter(node.inputs[1].node, weight);

  std::string bias = "None";
  std::string act;
  const Value* alpha = nullptr;
  if (fused) {
    const auto ops = attrStrings(node, "fused_ops");
    size_t k = 0;
    if (k < ops.size() && ops[k] == "BiasAdd") {
      auto b = input(node, 2);
      if (!b) return b.error();
      if (!(*b)->isConst || (*b)->constant.numel() != cout)
        return fail(node, "BiasAdd needs a constant of " + std::to_string(cout) + " values");
      bias = addParameter(node.inputs[2].node, (*b)->constant.reshape({cout}));
      ++k;
    } else if (k < ops.size()) {
      return fail(node, "unsupported fused op '" + ops[k] + "' (TF.js supports only BiasAdd)");
    }
    if (k < ops.size()) {
      act = ops[k++];
      if (act == "Prelu") {
        auto a = input(node, 3);
        if (!a) return a.error();
        alpha = *a;
      }
    }
    if (k < ops.size()) return fail(node, "too many fused ops");
  }

  auto pad =
      spatialPadding(node, **x, kh, kw, strides[1], strides[2], dilations[1], dilations[2], 0.0);
  if (!pad) return pad.error();
  std::string expr = "torch.conv2d(" + pad->expr + ", " + wName + ", " + bias + ", " +
                     intList({strides[1], strides[2]}) + ", " + intList(pad->convPad) + ", " +
                     intList({dilations[1], dilations[2]}) + ", " + std::to_string(groups) + ")";
  auto full = applyFusedActivation(node, act, expr, alpha);
  if (!full) return full.error();

  Value v;
  v.shape = {(*x)->shape[0], pad->outH, pad->outW, cout};
  const Geometry& g = (*x)->geo;
  v.geo.strideY = g.strideY * static_cast<double>(strides[1]);
  v.geo.strideX = g.strideX * static_cast<double>(strides[2]);
  v.geo.offsetY = g.offsetY + g.strideY * (static_cast<double>(dilations[1] * (kh - 1)) / 2.0 -
                                           static_cast<double>(pad->beforeY));
  v.geo.offsetX = g.offsetX + g.strideX * (static_cast<double>(dilations[2] * (kw - 1)) / 2.0 -
                                           static_cast<double>(pad->beforeX));
  assign(node, std::move(v), *full);
  return Status::success();
}

Status Emitter::emitActivation(const Node& node) {
  auto x = input(node, 0);
  if (!x) return x.error();
  if ((*x)->isConst) return fail(node, "constant input (constant folding is not supported)");
  const Value* alpha = nullptr;
  if (node.op == "Prelu") {
    auto a = input(node, 1);
    if (!a) return a.error();
    alpha = *a;
  }
  std::string expr;
  if (node.op == "LeakyRelu") {
    expr = "torch.leaky_relu(" + (*x)->var + ", " + literal(attrFloat(node, "alpha", 0.2)) + ")";
  } else {
    auto e = applyFusedActivation(node, node.op, (*x)->var, alpha);
    if (!e) return e.error();
    expr = *e;
  }
  Value v = **x;
  assign(node, std::move(v), expr);
  return Status::success();
}

// Static broadcast of two TF shapes.
std::vector<int64_t> broadcastShape(std::vector<int64_t> a, std::vector<int64_t> b) {
  if (a.size() < b.size()) std::swap(a, b);
  b.insert(b.begin(), a.size() - b.size(), 1);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = std::max(a[i], b[i]);
  return a;
}

Status Emitter::emitBinary(const Node& node) {
  auto a = input(node, 0);
  if (!a) return a.error();
  auto b = input(node, 1);
  if (!b) return b.error();
  const Value& va = **a;
  const Value& vb = **b;
  if (va.isConst && vb.isConst) return fail(node, "two constant inputs (fold them first)");
  const Value& act = va.isConst ? vb : va;
  const size_t rank =
      std::max(va.isConst ? size_t(0) : va.shape.size(), vb.isConst ? size_t(0) : vb.shape.size());

  // Operand text: activations by variable, scalars as literals, other constants as parameters
  // laid out to broadcast against NCHW activations.
  auto operand = [&](const Value& v, size_t index) -> Expected<std::string> {
    if (!v.isConst) return v.var;
    if (v.constant.numel() == 1) return literal(v.constant.to(torch::kFloat64).item<double>());
    if (v.constant.dim() > static_cast<int64_t>(rank))
      return fail(node, "constant operand has a higher rank than the activation");
    torch::Tensor t = v.constant.to(torch::kFloat32);
    if (rank == 4) {
      std::vector<int64_t> s(4 - static_cast<size_t>(t.dim()), 1);
      for (int64_t d = 0; d < t.dim(); ++d)
        s.push_back(t.size(d));
      t = t.reshape(s).permute({0, 3, 1, 2});
    }
    return addParameter(node.inputs[index].node, t);
  };
  auto ea = operand(va, 0);
  if (!ea) return ea.error();
  auto eb = operand(vb, 1);
  if (!eb) return eb.error();
  const bool aScalar = va.isConst && va.constant.numel() == 1;
  const bool bScalar = vb.isConst && vb.constant.numel() == 1;

  std::string expr;
  const std::string& op = node.op;
  if (op == "Add" || op == "AddV2" || op == "Mul" || op == "Maximum" || op == "Minimum") {
    // Commutative: keep the tensor first so a scalar literal is always the second argument.
    const std::string& first = aScalar ? *eb : *ea;
    const std::string& second = aScalar ? *ea : *eb;
    const bool scalar = aScalar || bScalar;
    if (op == "Add" || op == "AddV2") expr = "torch.add(" + first + ", " + second + ")";
    if (op == "Mul") expr = "torch.mul(" + first + ", " + second + ")";
    if (op == "Maximum")
      expr = scalar ? "torch.clamp_min(" + first + ", " + second + ")"
                    : "torch.maximum(" + first + ", " + second + ")";
    if (op == "Minimum")
      expr = scalar ? "torch.clamp_max(" + first + ", " + second + ")"
                    : "torch.minimum(" + first + ", " + second + ")";
  } else if (op == "Sub") {
    expr = aScalar ? "torch.rsub(" + *eb + ", " + *ea + ")" : "torch.sub(" + *ea + ", " + *eb + ")";
  } else if (op == "RealDiv" || op == "Div") {
    expr = aScalar ? "torch.mul(torch.reciprocal(" + *eb + "), " + *ea + ")"
                   : "torch.div(" + *ea + ", " + *eb + ")";
  } else if (op == "SquaredDifference") {
    expr = aScalar ? "torch.square(torch.rsub(" + *eb + ", " + *ea + "))"
                   : "torch.square(torch.sub(" + *ea + ", " + *eb + "))";
  } else {
    return fail(node, "unsupported binary op");
  }

  Value v;
  v.shape = va.isConst ? vb.shape : vb.isConst ? va.shape : broadcastShape(va.shape, vb.shape);
  v.geo = act.geo;
  if (!va.isConst && !vb.isConst && va.shape.size() == 4 && vb.shape.size() == 4 &&
      va.shape[1] > 1 && vb.shape[1] > 1 &&
      (va.geo.strideY != vb.geo.strideY || va.geo.offsetY != vb.geo.offsetY))
    warnings_.push_back("node '" + node.name + "' combines activations of different geometry");
  if (va.isConst) v.geo = vb.geo;
  assign(node, std::move(v), expr);
  return Status::success();
}

Status Emitter::emitBiasAdd(const Node& node) {
  auto x = input(node, 0);
  if (!x) return x.error();
  auto b = input(node, 1);
  if (!b) return b.error();
  if ((*x)->isConst || !(*b)->isConst) return fail(node, "expects an activation and a constant");
  const int64_t c = (*x)->shape.back();
  if ((*b)->constant.numel() != c) return fail(node, "bias size does not match the channels");
  const std::vector<int64_t> view =
      (*x)->shape.size() == 4 ? std::vector<int64_t>{c, 1, 1} : std::vector<int64_t>{c};
  const std::string p = addParameter(node.inputs[1].node, (*b)->constant.reshape(view));
  Value v = **x;
  assign(node, std::move(v), "torch.add(" + (*x)->var + ", " + p + ")");
  return Status::success();
}

Status Emitter::emitBatchNorm(const Node& node) {
  auto x = input(node, 0);
  if (!x) return x.error();
  if ((*x)->isConst || (*x)->shape.size() != 4) return fail(node, "input must be a 4-D activation");
  if (attrBool(node, "is_training", false)) return fail(node, "training-mode batch norm");
  std::string args[4];
  const char* names[4] = {"scale", "offset", "mean", "variance"};
  for (size_t i = 0; i < 4; ++i) {
    auto p = input(node, i + 1);
    if (!p) return p.error();
    if (!(*p)->isConst) return fail(node, std::string(names[i]) + " must be a constant");
    args[i] = addParameter(node.inputs[i + 1].node, (*p)->constant.reshape({-1}));
  }
  const double eps = attrFloat(node, "epsilon", 1e-3);
  Value v = **x;
  assign(node, std::move(v),
         "torch.batch_norm(" + (*x)->var + ", " + args[0] + ", " + args[1] + ", " + args[2] + ", " +
             args[3] + ", False, 0.0, " + literal(eps) + ", False)");
  return Status::success();
}

Status Emitter::emitMean(const Node& node) {
  auto x = input(node, 0);
  if (!x) return x.error();
  auto axes = constInts(node, 1);
  if (!axes) return axes.error();
  if ((*x)->isConst) return fail(node, "constant input");
  const size_t rank = (*x)->shape.size();
  const bool keep = attrBool(node, "keep_dims", false);
  std::vector<int64_t> dims;
  std::set<int64_t> tfAxes;
  for (int64_t a : *axes) {
    const int64_t norm = a < 0 ? a + static_cast<int64_t>(rank) : a;
    tfAxes.insert(norm);
    dims.push_back(toNchwAxis(norm, rank));
  }
  if (rank == 4 && !keep && tfAxes != std::set<int64_t>{1, 2})
    return fail(node, "without keep_dims only the spatial mean (axes 1, 2) is supported");
  Value v;
  for (size_t d = 0; d < rank; ++d) {
    if (!tfAxes.count(static_cast<int64_t>(d)))
      v.shape.push_back((*x)->shape[d]);
    else if (keep)
      v.shape.push_back(1);
  }
  v.geo = (*x)->geo;
  assign(node, std::move(v),
         "torch.mean(" + (*x)->var + ", " + intList(dims) + ", " + (keep ? "True" : "False") + ")");
  return Status::success();
}

Status Emitter::emitConcat(const Node& node) {
  size_t count = 0;
  for (const auto& in : node.inputs)
    count += in.control ? 0 : 1;
  if (count < 2) return fail(node, "needs tensors and an axis");
  auto axis = constInts(node, count - 1);
  if (!axis || axis->size() != 1) return fail(node, "axis must be a scalar constant");
  std::string list = "[";
  Value v;
  for (size_t i = 0; i + 1 < count; ++i) {
    auto t = input(node, i);
    if (!t) return t.error();
    if ((*t)->isConst) return fail(node, "constant inputs are not supported");
    if (i == 0) {
      v.shape = (*t)->shape;
      v.geo = (*t)->geo;
    }
    const size_t rank = v.shape.size();
    const int64_t a = (*axis)[0] < 0 ? (*axis)[0] + static_cast<int64_t>(rank) : (*axis)[0];
    if ((*t)->shape.size() != rank) return fail(node, "inputs of different rank");
    for (size_t d = 0; d < rank; ++d)
      if (static_cast<int64_t>(d) != a && (*t)->shape[d] != v.shape[d])
        return fail(node, "input " + std::to_string(i) + " has a different shape");
    if (i > 0) {
      v.shape[static_cast<size_t>(a)] += (*t)->shape[static_cast<size_t>(a)];
      if (rank == 4 && ((*t)->geo.strideY != v.geo.strideY || (*t)->geo.offsetY != v.geo.offsetY ||
                        (*t)->geo.offsetX != v.geo.offsetX))
        notes_.push_back("node '" + node.name +
                         "' concatenates inputs whose cell centres differ (" +
                         literal(v.geo.offsetY) + " vs " + literal((*t)->geo.offsetY) +
                         " px, e.g. after TF's legacy resize); the cell offset follows input 0");
    }
    list += (i ? ", " : "") + (*t)->var;
  }
  list += "]";
  const int64_t dim = toNchwAxis((*axis)[0], v.shape.size());
  assign(node, std::move(v), "torch.cat(" + list + ", " + std::to_string(dim) + ")");
  return Status::success();
}

Status Emitter::emitPad(const Node& node) {
  auto x = input(node, 0);
  if (!x) return x.error();
  auto pads = constInts(node, 1);
  if (!pads) return pads.error();
  if ((*x)->isConst || (*x)->shape.size() != 4 || pads->size() != 8)
    return fail(node, "only 4-D activations are supported");
  const auto& p = *pads;
  if (p[0] || p[1] || p[6] || p[7]) return fail(node, "padding of batch or channels");
  double value = 0.0;
  if (node.op == "PadV2") {
    auto c = input(node, 2);
    if (!c) return c.error();
    value = (*c)->constant.to(torch::kFloat64).item<double>();
  }
  const std::string list = intList({p[4], p[5], p[2], p[3]});
  std::string expr;
  if (node.op == "MirrorPad") {
    const std::string mode = attrString(node, "mode", "REFLECT");
    if (mode != "REFLECT") return fail(node, "MirrorPad mode " + mode + " is not supported");
    expr = "torch.reflection_pad2d(" + (*x)->var + ", " + list + ")";
  } else {
    expr = "torch.constant_pad_nd(" + (*x)->var + ", " + list + ", " + literal(value) + ")";
  }
  Value v = **x;
  v.shape[1] += p[2] + p[3];
  v.shape[2] += p[4] + p[5];
  v.geo.offsetY -= v.geo.strideY * static_cast<double>(p[2]);
  v.geo.offsetX -= v.geo.strideX * static_cast<double>(p[4]);
  assign(node, std::move(v), expr);
  return Status::success();
}

Status Emitter::emitPool(const Node& node, bool isMax) {
  auto x = input(node, 0);
  if (!x) return x.error();
  if ((*x)->isConst || (*x)->shape.size() != 4) return fail(node, "input must be a 4-D activation");
  if (attrString(node, "data_format", "NHWC") != "NHWC")
    return fail(node, "only NHWC data_format is supported");
  const auto k = attrInts(node, "ksize");
  const auto s = attrInts(node, "strides");
  if (k.size() != 4 || s.size() != 4 || k[0] != 1 || k[3] != 1 || s[0] != 1 || s[3] != 1)
    return fail(node, "unsupported ksize/strides");
  const std::string padding = attrString(node, "padding", "VALID");
  const double lowest = -3.4028234663852886e38;  // padding never wins a max
  auto pad = spatialPadding(node, **x, k[1], k[2], s[1], s[2], 1, 1, isMax ? lowest : 0.0);
  if (!pad) return pad.error();
  const std::string ks = intList({k[1], k[2]}), ss = intList({s[1], s[2]});
  std::string expr;
  if (isMax) {
    expr = "torch.max_pool2d(" + pad->expr + ", " + ks + ", " + ss + ")";
  } else if (padding == "VALID") {
    expr = "torch.avg_pool2d(" + (*x)->var + ", " + ks + ", " + ss + ")";
  } else if (padding == "SAME") {
    helpers_.insert(kHelperSamePad);
    helpers_.insert(kHelperAvgPoolSame);
    expr = "self._avg_pool_same(" + (*x)->var + ", " + std::to_string(k[1]) + ", " +
           std::to_string(k[2]) + ", " + std::to_string(s[1]) + ", " + std::to_string(s[2]) + ")";
  } else {
    return fail(node, "unsupported padding for AvgPool");
  }
  Value v;
  v.shape = {(*x)->shape[0], pad->outH, pad->outW, (*x)->shape[3]};
  const Geometry& g = (*x)->geo;
  v.geo.strideY = g.strideY * static_cast<double>(s[1]);
  v.geo.strideX = g.strideX * static_cast<double>(s[2]);
  v.geo.offsetY = g.offsetY + g.strideY * (static_cast<double>(k[1] - 1) / 2.0 -
                                           static_cast<double>(pad->beforeY));
  v.geo.offsetX = g.offsetX + g.strideX * (static_cast<double>(k[2] - 1) / 2.0 -
                                           static_cast<double>(pad->beforeX));
  assign(node, std::move(v), expr);
  return Status::success();
}

Status Emitter::emitResize(const Node& node, bool bilinear) {
  auto x = input(node, 0);
  if (!x) return x.error();
  auto size = constInts(node, 1);
  if (!size) return size.error();
  if ((*x)->isConst || (*x)->shape.size() != 4 || size->size() != 2)
    return fail(node, "expects a 4-D activation and a constant [height, width]");
  const bool align = attrBool(node, "align_corners", false);
  const bool half = attrBool(node, "half_pixel_centers", false);
  // The size was folded at the probe size; rebuild it as a function of the runtime size.
  std::string dims[2];
  double factor[2];
  for (int d = 0; d < 2; ++d) {
    const int64_t in = (*x)->shape[static_cast<size_t>(d + 1)],
                  out = (*size)[static_cast<size_t>(d)];
    const std::string var = (*x)->var + ".size(" + std::to_string(d + 2) + ")";
    if (out % in == 0) {
      dims[d] = out == in ? var : var + " * " + std::to_string(out / in);
      factor[d] = static_cast<double>(out) / static_cast<double>(in);
    } else if (align && in > 1 && (out - 1) % (in - 1) == 0) {
      dims[d] = "(" + var + " - 1) * " + std::to_string((out - 1) / (in - 1)) + " + 1";
      factor[d] = static_cast<double>(out - 1) / static_cast<double>(in - 1);
    } else {
      return fail(node, "resize to a fixed size " + std::to_string(out) + " from " +
                            std::to_string(in) + " is not a whole scale factor");
    }
  }
  const std::string flags =
      std::string(align ? "True" : "False") + ", " + (half ? "True" : "False");
  helpers_.insert(kHelperResizeSource);
  helpers_.insert(bilinear ? kHelperResizeBilinear : kHelperResizeNearest);
  const std::string expr =
      std::string(bilinear ? "self._resize_bilinear(" : "self._resize_nearest(") + (*x)->var +
      ", " + dims[0] + ", " + dims[1] + ", " + flags + ")";
  Value v;
  v.shape = {(*x)->shape[0], (*size)[0], (*size)[1], (*x)->shape[3]};
  const Geometry& g = (*x)->geo;
  v.geo.strideY = g.strideY / factor[0];
  v.geo.strideX = g.strideX / factor[1];
  // Output j samples input j / f (+ a half-pixel shift for half_pixel_centers).
  v.geo.offsetY = g.offsetY + (half ? g.strideY * (0.5 / factor[0] - 0.5) : 0.0);
  v.geo.offsetX = g.offsetX + (half ? g.strideX * (0.5 / factor[1] - 0.5) : 0.0);
  assign(node, std::move(v), expr);
  return Status::success();
}

Status Emitter::emit(const Node& node) {
  const std::string& op = node.op;
  if (op == "Const") {
    const auto it = graph_.weights.find(node.name);
    if (it == graph_.weights.end()) return fail(node, "constant has no weight in the manifest");
    Value v;
    v.isConst = true;
    v.constant = it->second;
    v.shape = it->second.sizes().vec();
    values_[node.name + ":0"] = std::move(v);
    return Status::success();
  }
  ++opCounts_[op];
  if (op == "Identity" || op == "StopGradient" || op == "Snapshot") {
    auto x = input(node, 0);
    if (!x) return x.error();
    values_[node.name + ":0"] = **x;
    return Status::success();
  }
  if (op == "Conv2D") return emitConv(node, false, false);
  if (op == "_FusedConv2D") return emitConv(node, false, true);
  if (op == "DepthwiseConv2dNative") return emitConv(node, true, false);
  if (op == "FusedDepthwiseConv2dNative") return emitConv(node, true, true);
  if (op == "Relu" || op == "Relu6" || op == "Sigmoid" || op == "Tanh" || op == "Elu" ||
      op == "LeakyRelu" || op == "Prelu")
    return emitActivation(node);
  if (op == "Add" || op == "AddV2" || op == "Sub" || op == "Mul" || op == "RealDiv" ||
      op == "Div" || op == "Maximum" || op == "Minimum" || op == "SquaredDifference")
    return emitBinary(node);
  if (op == "BiasAdd") return emitBiasAdd(node);
  if (op == "FusedBatchNorm" || op == "FusedBatchNormV2" || op == "FusedBatchNormV3")
    return emitBatchNorm(node);
  if (op == "Mean") return emitMean(node);
  if (op == "ConcatV2") return emitConcat(node);
  if (op == "Pad" || op == "PadV2" || op == "MirrorPad") return emitPad(node);
  if (op == "MaxPool") return emitPool(node, true);
  if (op == "AvgPool") return emitPool(node, false);
  if (op == "ResizeBilinear") return emitResize(node, true);
  if (op == "ResizeNearestNeighbor") return emitResize(node, false);
  return fail(node,
              "unsupported op (the converter handles convolutions, activations, "
              "element-wise arithmetic, BiasAdd, FusedBatchNorm, Mean, ConcatV2, Pad, "
              "pooling and resizes)");
}

Expected<ConvertedModel> Emitter::run() {
  const Node* tap = graph_.find(opts_.tapNode);
  if (!tap)
    return makeError(graph_.file.string() + ": no node named '" + opts_.tapNode + "' to tap");
  const Node* in = nullptr;
  if (!opts_.inputNode.empty()) {
    in = graph_.find(opts_.inputNode);
    if (!in) return makeError(graph_.file.string() + ": no input node '" + opts_.inputNode + "'");
  } else {
    for (const auto& n : graph_.nodes) {
      if (n.op != "Placeholder") continue;
      if (in) return makeError(graph_.file.string() + ": several inputs; choose one with --input");
      in = &n;
    }
    if (!in) return makeError(graph_.file.string() + ": the graph has no Placeholder input");
  }

  // Probe size: the placeholder's static shape unless given.
  std::vector<int64_t> probe = {1, 512, 512, 3};
  if (in->attr.contains("shape") && in->attr["shape"].contains("shape") &&
      in->attr["shape"]["shape"].contains("dim")) {
    const auto& dims = in->attr["shape"]["shape"]["dim"];
    if (dims.size() == 4)
      for (size_t d = 1; d < 3; ++d) {
        const int64_t s = std::stoll(dims[d].value("size", std::string("-1")));
        if (s > 0) probe[d] = s;
      }
  }
  if (opts_.probeHeight > 0) probe[1] = opts_.probeHeight;
  if (opts_.probeWidth > 0) probe[2] = opts_.probeWidth;

  auto order = topologicalOrder(*in, *tap);
  if (!order) return order.error();
  Value x;
  x.var = "x";
  x.shape = probe;
  values_[in->name + ":0"] = x;
  for (const Node* node : *order) {
    if (node == in) continue;
    if (node->op == "Placeholder") return fail(*node, "unexpected second input");
    Status s = emit(*node);
    if (!s) return makeError(s.message());
  }
  const Value& out = values_[tap->name + ":0"];
  if (out.isConst || out.shape.size() != 4)
    return fail(*tap, "the tapped node must be a 4-D activation");
  if (out.geo.strideY != out.geo.strideX || out.geo.strideY < 1 ||
      out.geo.strideY != std::floor(out.geo.strideY))
    return fail(*tap, "the tapped node has no whole, square stride");

  ConvertedModel result;
  result.stride = static_cast<int>(out.geo.strideY);
  result.channels = static_cast<int>(out.shape[3]);
  result.cellOffset = out.geo.offsetY;
  if (out.geo.offsetX != out.geo.offsetY)
    result.warnings.push_back("cell offsets differ in y and x; reporting y");
  const int maxStride = static_cast<int>(maxStride_);
  result.padMultiple = opts_.padMultiple > 0 ? opts_.padMultiple : maxStride;
  if (result.padMultiple % maxStride != 0)
    return makeError("pad multiple " + std::to_string(result.padMultiple) +
                     " is not a multiple of the graph's largest stride " +
                     std::to_string(maxStride));
  if (opts_.padMode != "replicate" && opts_.padMode != "zero")
    return makeError("pad mode must be replicate or zero, not " + opts_.padMode);

  const std::string m = std::to_string(result.padMultiple);
  const std::string s = std::to_string(result.stride);
  std::ostringstream src;
  src << "def forward(self, x: Tensor) -> Tensor:\n"
      << "    # x: float [N,3,H,W] RGB in [0,1] -> features [N," << result.channels << ",ceil(H/"
      << s << "),ceil(W/" << s << ")]\n"
      << "    assert x.dim() == 4 and x.size(1) == 3, \"expected float RGB [N,3,H,W] in [0,1]\"\n"
      << "    in_h = x.size(2)\n"
      << "    in_w = x.size(3)\n"
      << "    pad_h = (" << m << " - in_h % " << m << ") % " << m << " + " << opts_.padExtra << "\n"
      << "    pad_w = (" << m << " - in_w % " << m << ") % " << m << " + " << opts_.padExtra << "\n"
      << "    x = torch.mul(x, " << literal(opts_.inputScale) << ")\n";
  if (opts_.inputOffset != 0.0)
    src << "    x = torch.add(x, " << literal(opts_.inputOffset) << ")\n";
  src << "    if pad_h > 0 or pad_w > 0:\n";
  if (opts_.padMode == "replicate")
    src << "        x = torch.replication_pad2d(x, [0, pad_w, 0, pad_h])\n";
  else
    src << "        x = torch.constant_pad_nd(x, [0, pad_w, 0, pad_h], 0.0)\n";
  for (const auto& line : lines_)
    src << line << "\n";
  src << "    return " << out.var << "[:, :, :(in_h + " << s << " - 1) // " << s << ", :(in_w + "
      << s << " - 1) // " << s << "].contiguous()\n";
  for (const auto& h : helpers_)
    src << h;

  result.source = src.str();
  try {
    module_.define(result.source);
  } catch (const std::exception& e) {
    return makeError("generated TorchScript does not compile: " + std::string(e.what()));
  }
  result.module = module_;
  result.parameterCount = parameterCount_;
  result.opCounts = opCounts_;
  result.warnings.insert(result.warnings.end(), warnings_.begin(), warnings_.end());
  result.notes = notes_;
  return result;
}

}  // namespace

Expected<ConvertedModel> convertToTorchScript(const Graph& graph, const ConvertOptions& options) {
  Emitter emitter(graph, options);
  return emitter.run();
}

}  // namespace rm::tfjs
