#include "app/cli/EvalArtistLoop.h"

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "app/cli/SmartBrushFlags.h"
#include "engine/core/AtomicFile.h"
#include "engine/segment/CorrectionEval.h"
#include "engine/segment/DavisEval.h"
#include "engine/segment/ScribbleEval.h"

namespace rm::cli {
namespace {

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli eval: " << message << "\n";
  return code;
}

Expected<std::vector<std::string>> sequencesOf(const Args& args, const std::string& dataset) {
  std::vector<std::string> sequences = args.getList("sequences");
  if (!sequences.empty()) return sequences;
  return listDavisSequences(dataset);
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
  auto sequences = sequencesOf(args, *dataset);
  if (!sequences) return fail(sequences.message());
  auto brush = SmartBrush::create(*params, *brushOptions);
  if (!brush) return fail(brush.message());

  nlohmann::json report;
  report["preset"] = params->preset;
  report["model"] = params->model;
  report["scribbles"] = options.scribbles;
  report["frame"] = options.frame;
  std::vector<std::vector<double>> perRound(size_t(options.scribbles));
  std::vector<double> featureSeconds, strokeSeconds;
  for (const std::string& name : *sequences) {
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

int runCorrectionEval(const Args& args) {
  std::set<std::string> known = segmentFlagNames();
  known.insert({"dataset", "sequences", "json", "corrections", "max-frames"});
  if (Status s = args.rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  const auto dataset = args.get("dataset");
  if (!dataset) return fail("--dataset ROOT is required", kExitUsage);
  auto params = parseSegmentFlags(args);
  if (!params) return fail(params.message(), kExitUsage);
  CorrectionEvalOptions options;
  auto corrections = args.getInt("corrections", options.corrections);
  auto maxFrames = args.getInt("max-frames", 0);
  for (auto* e : {&corrections, &maxFrames})
    if (!*e) return fail(e->message(), kExitUsage);
  if (*corrections < 0) return fail("--corrections must not be negative", kExitUsage);
  options.corrections = *corrections;
  options.maxFrames = *maxFrames;
  auto sequences = sequencesOf(args, *dataset);
  if (!sequences) return fail(sequences.message());
  auto segmenter = createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());

  nlohmann::json report;
  report["preset"] = params->preset;
  report["model"] = params->model;
  report["corrections"] = options.corrections;
  std::vector<std::vector<double>> roundJ(size_t(options.corrections + 1)),
      roundF(size_t(options.corrections + 1));
  for (const std::string& name : *sequences) {
    auto score = evaluateCorrections(**segmenter, *dataset, name, options);
    if (!score) return fail(score.message());
    std::printf("%-16s J", name.c_str());
    for (size_t i = 0; i < score->j.size(); ++i) {
      std::printf(" %.3f", score->j[i]);
      roundJ[i].push_back(score->j[i]);
      roundF[i].push_back(score->f[i]);
    }
    std::printf("  F");
    for (double f : score->f)
      std::printf(" %.3f", f);
    std::printf("  corrected");
    for (int64_t t : score->corrected)
      std::printf(" %lld", static_cast<long long>(t));
    std::printf("  objects %d\n", score->objects);
    std::fflush(stdout);
    report["sequences"][name] = {{"J", score->j},
                                 {"F", score->f},
                                 {"corrected", score->corrected},
                                 {"recomputed", score->recomputed},
                                 {"objects", score->objects}};
  }
  std::vector<double> meanJ, meanF;
  std::printf("mean after 0..%d corrections: J", options.corrections);
  for (size_t i = 0; i < roundJ.size(); ++i) {
    meanJ.push_back(mean(roundJ[i]));
    meanF.push_back(mean(roundF[i]));
    std::printf(" %.3f", meanJ.back());
  }
  std::printf("  F");
  for (double f : meanF)
    std::printf(" %.3f", f);
  std::printf("\n");
  report["meanJ"] = meanJ;
  report["meanF"] = meanF;
  if (const auto json = args.get("json")) {
    if (Status s = writeFileAtomically(*json, report.dump(2) + "\n"); !s) return fail(s.message());
  }
  return kExitOk;
}

}  // namespace rm::cli
