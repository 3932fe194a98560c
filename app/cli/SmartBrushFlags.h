#pragma once
// Smart brush flags shared by `eval --scribbles` and `bench smartbrush` (header-only, like
// SegmentFlags.h): --snap and --brush-set knob=value.

#include <functional>
#include <map>
#include <set>
#include <string>

#include "app/cli/Args.h"
#include "engine/segment/SmartBrush.h"

namespace rm::cli {

inline const std::set<std::string>& smartBrushFlagNames() {
  static const std::set<std::string> names = {"snap", "brush-set"};
  return names;
}

inline const char* smartBrushFlagsUsage() {
  return "[--snap guided|grabcut|none] [--brush-set knob=value ...] (knobs: topK, softmaxScale, "
         "borderCells, borderClearance480, expandRounds, confidentBelow, expandSubsample, "
         "colourModel, "
         "refineRadius480, refineEps, grabCutIterations)";
}

inline Expected<SmartBrushOptions> parseSmartBrushFlags(const Args& args) {
  SmartBrushOptions o;
  const std::string snap = args.get("snap", "guided");
  if (snap == "guided")
    o.snap = EdgeSnap::GuidedFilter;
  else if (snap == "grabcut")
    o.snap = EdgeSnap::GrabCut;
  else if (snap == "none")
    o.snap = EdgeSnap::None;
  else
    return makeError("--snap must be guided, grabcut or none, got '" + snap + "'");
  using Setter = std::function<void(SmartBrushOptions&, double)>;
  const std::map<std::string, Setter> knobs = {
      {"topK", [](SmartBrushOptions& b, double v) { b.topK = int(v); }},
      {"softmaxScale", [](SmartBrushOptions& b, double v) { b.softmaxScale = v; }},
      {"borderCells", [](SmartBrushOptions& b, double v) { b.borderCells = int(v); }},
      {"borderClearance480", [](SmartBrushOptions& b, double v) { b.borderClearance480 = v; }},
      {"refineRadius480", [](SmartBrushOptions& b, double v) { b.refineRadius480 = v; }},
      {"refineEps", [](SmartBrushOptions& b, double v) { b.refineEps = v; }},
      {"expandRounds", [](SmartBrushOptions& b, double v) { b.expandRounds = int(v); }},
      {"confidentBelow", [](SmartBrushOptions& b, double v) { b.confidentBelow = v; }},
      {"expandSubsample", [](SmartBrushOptions& b, double v) { b.expandSubsample = int(v); }},
      {"colourModel", [](SmartBrushOptions& b, double v) { b.colourModel = v; }},
      {"grabCutIterations", [](SmartBrushOptions& b, double v) { b.grabCutIterations = int(v); }},
  };
  for (const std::string& kv : args.getAll("brush-set")) {
    const auto eq = kv.find('=');
    const auto it = eq == std::string::npos ? knobs.end() : knobs.find(kv.substr(0, eq));
    if (it == knobs.end())
      return makeError("--brush-set expects knob=value with a knob of " +
                       std::string(smartBrushFlagsUsage()) + ", got '" + kv + "'");
    try {
      it->second(o, std::stod(kv.substr(eq + 1)));
    } catch (const std::exception&) {
      return makeError("--brush-set " + kv + ": value is not a number");
    }
  }
  return o;
}

}  // namespace rm::cli
