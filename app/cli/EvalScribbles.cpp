#include "app/cli/EvalScribbles.h"

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/SmartBrushFlags.h"
#include "engine/core/AtomicFile.h"
#include "engine/segment/DavisEval.h"
#include "engine/segment/ScribbleEval.h"

namespace rm::cli {
namespace {

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli eval --scribbles: " << message << "\n";
  return code;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v)
    sum += x;
  return v.empty() ? 0 : sum / double(v.size());
}

}  // namespace

int runScribbleEval(const Args& args) {
  std::set<std::string> known = segmentFlagNames();
  known.insert(smartBrushFlagNames().begin(), smartBrushFlagNames().end());
  known.insert({"dataset", "sequences", "json", "scribbles", "frame", "scribble-width"});
  if (Status s = args.rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  const auto dataset = args.get("dataset");
  if (!dataset) return fail("--dataset ROOT is required", kExitUsage);
  auto params = parseSegmentFlags(args);
  if (!params) return fail(params.message(), kExitUsage);
  auto brushOptions = parseSmartBrushFlags(args);
  if (!brushOptions) return fail(brushOptions.message(), kExitUsage);
  ScribbleEvalOptions options;
  auto scribbles = args.getInt("scribbles", options.scribbles);
  auto frame = args.getInt("frame", options.frame);
  auto width = args.getInt("scribble-width", options.width);
  for (auto* e : {&scribbles, &frame, &width})
    if (!*e) return fail(e->message(), kExitUsage);
  if (*scribbles < 1) return fail("--scribbles must be at least 1", kExitUsage);
  if (*width < 1) return fail("--scribble-width must be at least 1", kExitUsage);
  options.scribbles = *scribbles;
  options.frame = *frame;
  options.width = *width;
  std::vector<std::string> sequences = args.getList("sequences");
  if (sequences.empty()) {
    auto all = listDavisSequences(*dataset);
    if (!all) return fail(all.message());
    sequences = std::move(*all);
  }
  auto brush = SmartBrush::create(*params, *brushOptions);
  if (!brush) return fail(brush.message());

  nlohmann::json report;
  report["preset"] = params->preset;
  report["model"] = params->model;
  report["scribbles"] = options.scribbles;
  report["frame"] = options.frame;
  std::vector<std::vector<double>> perRound(size_t(options.scribbles));
  std::vector<double> featureSeconds, strokeSeconds;
  for (const std::string& name : sequences) {
    auto score = evaluateScribbles(**brush, *dataset, name, options);
    if (!score) return fail(score.message());
    std::string kinds;
    std::printf("%-16s IoU", name.c_str());
    for (size_t i = 0; i < score->iou.size(); ++i) {
      std::printf(" %.3f", score->iou[i]);
      perRound[i].push_back(score->iou[i]);
      kinds += score->foreground[i] ? '+' : '-';
    }
    std::printf("  scribbles %s  features %.3f s, per stroke %.3f s\n", kinds.c_str(),
                score->featureSeconds, mean(score->strokeSeconds));
    std::fflush(stdout);
    featureSeconds.push_back(score->featureSeconds);
    strokeSeconds.insert(strokeSeconds.end(), score->strokeSeconds.begin(),
                         score->strokeSeconds.end());
    report["sequences"][name] = {{"iou", score->iou},
                                 {"foreground", score->foreground},
                                 {"featureSeconds", score->featureSeconds},
                                 {"strokeSeconds", score->strokeSeconds}};
  }
  std::vector<double> means;
  std::printf("mean IoU after 1..%d scribbles:", options.scribbles);
  for (const auto& round : perRound) {
    means.push_back(mean(round));
    std::printf(" %.3f", means.back());
  }
  std::printf("\nmean seconds: features %.3f, per stroke %.3f\n", mean(featureSeconds),
              mean(strokeSeconds));
  report["meanIou"] = means;
  report["meanFeatureSeconds"] = mean(featureSeconds);
  report["meanStrokeSeconds"] = mean(strokeSeconds);
  if (const auto json = args.get("json")) {
    if (Status s = writeFileAtomically(*json, report.dump(2) + "\n"); !s) return fail(s.message());
  }
  return kExitOk;
}

}  // namespace rm::cli
