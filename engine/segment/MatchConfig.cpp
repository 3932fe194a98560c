#include "engine/segment/MatchConfig.h"

#include <functional>
#include <map>

namespace rm {
namespace {

using Setter = std::function<void(MatchConfig&, double)>;

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"topK", [](MatchConfig& c, double v) { c.topK = static_cast<int>(v); }},
      {"outlierRemoval", [](MatchConfig& c, double v) { c.outlierRemoval = v != 0; }},
      {"updateBackground", [](MatchConfig& c, double v) { c.updateBackground = v != 0; }},
      {"updateForeground", [](MatchConfig& c, double v) { c.updateForeground = v != 0; }},
      {"erosion480", [](MatchConfig& c, double v) { c.erosion480 = v; }},
      {"softmaxScale", [](MatchConfig& c, double v) { c.softmaxScale = v; }},
      {"bias", [](MatchConfig& c, double v) { c.bias = v; }},
      {"bgSubsample", [](MatchConfig& c, double v) { c.bgSubsample = static_cast<int>(v); }},
      {"localWeight", [](MatchConfig& c, double v) { c.localWeight = v; }},
      {"localRadius", [](MatchConfig& c, double v) { c.localRadius = static_cast<int>(v); }},
      {"localFrames", [](MatchConfig& c, double v) { c.localFrames = static_cast<int>(v); }},
      {"localTopK", [](MatchConfig& c, double v) { c.localTopK = static_cast<int>(v); }},
      {"colorWeight", [](MatchConfig& c, double v) { c.colorWeight = v; }},
      {"colorPositionWeight", [](MatchConfig& c, double v) { c.colorPositionWeight = v; }},
      {"globalInsideExtrusion", [](MatchConfig& c, double v) { c.globalInsideExtrusion = v != 0; }},
      {"componentReach480", [](MatchConfig& c, double v) { c.componentReach480 = v; }},
      {"componentsToBackground",
       [](MatchConfig& c, double v) { c.componentsToBackground = v != 0; }},
      {"motionWeight", [](MatchConfig& c, double v) { c.motionWeight = v; }},
      {"motionReach480", [](MatchConfig& c, double v) { c.motionReach480 = v; }},
      {"flowShortSide", [](MatchConfig& c, double v) { c.flowShortSide = static_cast<int>(v); }},
      {"flowPreset", [](MatchConfig& c, double v) { c.flowPreset = static_cast<int>(v); }},
      {"likenessMargin", [](MatchConfig& c, double v) { c.likenessMargin = v; }},
      {"absentArea", [](MatchConfig& c, double v) { c.absentArea = v; }},
      {"sharedBackground", [](MatchConfig& c, double v) { c.sharedBackground = v != 0; }},
      {"identitySplit", [](MatchConfig& c, double v) { c.identitySplit = v != 0; }},
      {"identityAppearance480", [](MatchConfig& c, double v) { c.identityAppearance480 = v; }},
      {"identityLikeness480", [](MatchConfig& c, double v) { c.identityLikeness480 = v; }},
      {"identityMotion", [](MatchConfig& c, double v) { c.identityMotion = v; }},
      {"hiddenExtents", [](MatchConfig& c, double v) { c.hiddenExtents = v != 0; }},
      {"hiddenReach480", [](MatchConfig& c, double v) { c.hiddenReach480 = v; }},
      {"updateGate", [](MatchConfig& c, double v) { c.updateGate = v; }},
      {"refine", [](MatchConfig& c, double v) { c.refine = v != 0; }},
      {"refineRadius480", [](MatchConfig& c, double v) { c.refineRadius480 = v; }},
      {"refineEps", [](MatchConfig& c, double v) { c.refineEps = v; }},
      {"refineSubsample",
       [](MatchConfig& c, double v) { c.refineSubsample = static_cast<int>(v); }},
      {"fusionTemporalPower", [](MatchConfig& c, double v) { c.fusionTemporalPower = v; }},
      {"fusionAreaPower", [](MatchConfig& c, double v) { c.fusionAreaPower = v; }},
      {"fusionConfidence", [](MatchConfig& c, double v) { c.fusionConfidence = v; }},
  };
  return table;
}

// The default preset: the combination measured best on davis2016-val-dev with the untrained
// CenterNet features within the time available (frames 1-24 of blackswan, bmx-trees,
// car-shadow, soapbox, drift-chicane: mean J 0.658 vs 0.434 for the paper preset):
//  - colour features fused with the deep features (weight 0.5; +0.075 J on that subset:
//    their failures differ);
//  - background cells of keyframes subsampled 2x2, so the large background set does not
//    outvote small objects;
//  - no foreground update (with a sharp softmax it fires and the banks drift), background
//    update gated by the mask area changing less than 1.5x;
//  - global matching only inside the extruded previous mask (nothing outside survives
//    outlier removal anyway);
//  - a sharper softmax (x10) so c1/c2 and the two-direction fusion see real confidences.
// Local matching to previous frames (localWeight) is implemented but off: on this 2-core
// machine it cost several seconds per frame.
void applyDefaultPreset(MatchConfig& c) {
  // Untrained features: few, very close matches beat the paper's K = 20 (dev set, mean J:
  // K=1 0.541, K=5 0.552, K=20 0.524).
  c.topK = 5;
  c.colorWeight = 0.5;
  c.softmaxScale = 10;
  c.bgSubsample = 2;
  c.updateForeground = false;
  c.globalInsideExtrusion = true;
  c.updateGate = 1.5;
  c.localWeight = 0;
  c.localRadius = 8;
  c.localFrames = 2;
  c.localTopK = 1;
  // Edge-aware refinement at source size, a wide and smooth guided filter (dev set, the first
  // shipped model: off J 0.682 F 0.651; radius 8 px at 480p, eps 1e-2: J 0.699 F 0.657; radius 4,
  // eps 1e-3: 0.686 / 0.647; eps 1e-4 follows texture and lowers F to 0.629-0.650).
  c.refine = true;
  c.refineRadius480 = 8;
  c.refineEps = 1e-2;
  // Identity and presence (issue #15; measured 2026-12-03, shipped model, --threads 2, see
  // MatchConfig.h): the likeness floor at margin 0.3 (margin 0.2 emptied the occluded swan
  // better but cut soapbox to J 0.536 on davis2016-val-dev), one shared background bank and
  // the flow-nearest identity split for several objects.
  c.likenessMargin = 0.3;
  c.sharedBackground = true;
  c.identitySplit = true;
  // Only the parts of a prediction that touch the previous mask: on the dev sets J 0.706 ->
  // 0.707, identity-dev J&F 0.420 -> 0.424; on the vtest.avi demo it keeps a walker's label
  // from jumping to the passers-by who come near (the extruded region reaches them).
  c.componentReach480 = 0;
}

}  // namespace

bool usesFlow(const MatchConfig& config, int instances) {
  return config.motionWeight > 0 || config.motionReach480 > 0 ||
         (config.identitySplit && instances > 1);
}

std::vector<std::string> matchTuningNames() {
  std::vector<std::string> names;
  for (const auto& [name, setter] : setters())
    names.push_back(name);
  return names;
}

namespace {

Status applyTuning(MatchConfig& c, const std::map<std::string, double>& tuning,
                   const std::string& origin) {
  for (const auto& [name, value] : tuning) {
    const auto it = setters().find(name);
    if (it == setters().end()) {
      std::string known;
      for (const auto& n : matchTuningNames())
        known += (known.empty() ? "" : ", ") + n;
      return makeError("unknown tuning knob '" + name + "'" + origin + " (known: " + known + ")");
    }
    it->second(c, value);
  }
  return {};
}

}  // namespace

Expected<MatchConfig> resolveMatchConfig(const SegmenterParams& params,
                                         const std::map<std::string, double>& modelTuning,
                                         const std::string& modelName) {
  MatchConfig c;
  c.preset = params.preset.empty() ? "default" : params.preset;
  if (c.preset == "default")
    applyDefaultPreset(c);
  else if (c.preset != "paper")
    return makeError("unknown preset '" + c.preset + "' (expected default or paper)");
  // A trained model's learned softmax scale belongs to its features in every preset; its
  // other knobs were tuned for the default pipeline.
  std::map<std::string, double> fromModel;
  for (const auto& [name, value] : modelTuning)
    if (c.preset == "default" || name == "softmaxScale") fromModel[name] = value;
  if (Status s = applyTuning(c, fromModel, " in model " + modelName); !s)
    return makeError(s.message());
  if (params.topK < SegmenterParams::kPresetTopK)
    return makeError("K must be >= 0 (0 = all vectors), got " + std::to_string(params.topK));
  if (params.c1 < 0 || params.c1 > 1 || params.c2 < 0 || params.c2 > 1)
    return makeError("c1 and c2 must lie in [0, 1]");
  if (params.outlierDistance480 <= 0) return makeError("d_c must be positive");
  if (params.bankCap < 1) return makeError("bank cap must be at least 1");
  if (params.workingShortSide < 16) return makeError("working size must be at least 16 pixels");
  if (params.topK != SegmenterParams::kPresetTopK) c.topK = params.topK;
  c.outlierDistance480 = params.outlierDistance480;
  c.c1 = params.c1;
  c.c2 = params.c2;
  c.bankCap = params.bankCap;
  c.workingShortSide = params.workingShortSide;
  if (Status s = applyTuning(c, params.tuning, ""); !s) return makeError(s.message());
  if (c.topK < 0) return makeError("K must be >= 0 (0 = all vectors)");
  if (c.softmaxScale <= 0) return makeError("softmaxScale must be positive");
  if (c.colorWeight < 0 || c.colorPositionWeight < 0)
    return makeError("colorWeight and colorPositionWeight must not be negative");
  if (c.motionWeight < 0 || c.motionWeight >= 1)
    return makeError("motionWeight must lie in [0, 1)");
  if (c.likenessMargin < 0 || c.absentArea < 0 || c.absentArea >= 1)
    return makeError("likenessMargin must be >= 0 and absentArea in [0, 1)");
  if (c.identityMotion < 0) return makeError("identityMotion must not be negative");
  if (c.flowShortSide < 16) return makeError("flowShortSide must be at least 16 pixels");
  if (c.flowPreset < 0 || c.flowPreset > 2)
    return makeError("flowPreset must be 0 (ultrafast), 1 (fast) or 2 (medium)");
  if (c.bgSubsample < 1 || c.localFrames < 1 || c.localRadius < 0 || c.localTopK < 1)
    return makeError("bgSubsample, localFrames, localTopK must be >= 1 and localRadius >= 0");
  return c;
}

}  // namespace rm
