// `rotomatch-cli train`: end-to-end training of the matching network on a DAVIS-layout folder.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/Args.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/Interrupt.h"
#include "engine/segment/DavisEval.h"
#include "engine/train/Trainer.h"

namespace rm::cli {
namespace {

Expected<cv::Size> parseSize(const std::string& text) {
  int w = 0, h = 0;
  char x = 0;
  std::istringstream in(text);
  if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || w < 16 || h < 16 || w > 4096 || h > 4096)
    return makeError("--size expects WxH (e.g. 432x240), got '" + text + "'");
  return cv::Size(w, h);
}

int fail(const std::string& message) {
  std::cerr << "rotomatch-cli train: " << message << "\n";
  return kExitFailure;
}

// The held-out pass: the trained model through the default propagation pipeline, as
// `rotomatch-cli eval` would run it.
bool validate(const std::string& dataset, const std::vector<std::string>& sequences,
              const train::TrainOptions& options) {
  SegmenterParams params;
  params.model = options.outModel;
  params.device = options.device;
  params.threads = options.threads;
  auto segmenter = createSegmenter(params);
  if (!segmenter) return fail(segmenter.message()), false;
  std::cerr << "validating on " << sequences.size() << " held-out sequences...\n";
  auto scores = evaluateDavis(**segmenter, dataset, sequences, {}, [](const DavisSequenceScore& s) {
    std::printf("validation %-16s J=%.3f F=%.3f\n", s.name.c_str(), s.j, s.f);
    std::fflush(stdout);
  });
  if (!scores) return fail(scores.message()), false;
  double j = 0, f = 0;
  for (const auto& s : *scores) {
    j += s.j;
    f += s.f;
  }
  std::printf("validation mean J=%.3f F=%.3f\n", j / double(scores->size()),
              f / double(scores->size()));
  return true;
}

int runTrain(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message()), kExitUsage;
  const std::set<std::string> known = {
      "dataset", "sequences",     "init",   "out",          "iterations",
      "size",    "threads",       "device", "resume",       "checkpoint-every",
      "lr",      "weight-decay",  "synth",  "freeze",       "seed",
      "k",       "val-sequences", "wise",   "color-weight", "distract",
      "balance"};
  if (auto s = args->rejectUnknown(known); !s.ok()) return fail(s.message()), kExitUsage;
  const auto dataset = args->get("dataset");
  const auto out = args->get("out");
  const auto init = args->get("init");
  if (!dataset || !out || !init) {
    std::cerr << "rotomatch-cli train: --dataset, --init and --out are required\n";
    return kExitUsage;
  }

  train::TrainOptions options;
  options.initModel = *init;
  options.outModel = *out;
  options.device = args->get("device", "auto");
  if (auto resume = args->get("resume")) options.checkpoint = *resume;
  auto size = parseSize(args->get("size", "432x240"));
  auto iterations = args->getInt("iterations", options.iterations);
  auto threads = args->getInt("threads", options.threads);
  auto every = args->getInt("checkpoint-every", options.checkpointEvery);
  auto seed = args->getInt("seed", static_cast<int>(options.seed));
  auto k = args->getInt("k", options.topK);
  auto lr = args->getDouble("lr", options.learningRate);
  auto wd = args->getDouble("weight-decay", options.weightDecay);
  auto synth = args->getDouble("synth", options.synthProbability);
  auto freeze = args->getDouble("freeze", options.freezeFraction);
  auto wise = args->getDouble("wise", options.wiseAlpha);
  auto colorWeight = args->getDouble("color-weight", options.colorWeight);
  auto distract = args->getDouble("distract", options.distractorProbability);
  auto balance = args->getDouble("balance", options.classBalance);
  if (!size) return fail(size.message()), kExitUsage;
  for (auto* e : {&iterations, &threads, &every, &seed, &k})
    if (!*e) return fail(e->message()), kExitUsage;
  for (auto* e : {&lr, &wd, &synth, &freeze, &wise, &colorWeight, &distract, &balance})
    if (!*e) return fail(e->message()), kExitUsage;
  options.size = *size;
  options.iterations = *iterations;
  options.threads = *threads;
  options.checkpointEvery = *every;
  options.seed = static_cast<uint64_t>(*seed);
  options.topK = *k;
  options.learningRate = *lr;
  options.weightDecay = *wd;
  options.synthProbability = *synth;
  options.freezeFraction = *freeze;
  if (*wise <= 0 || *wise > 1) return fail("--wise must be in (0, 1]"), kExitUsage;
  options.wiseAlpha = *wise;
  if (*colorWeight < 0) return fail("--color-weight must not be negative"), kExitUsage;
  options.colorWeight = *colorWeight;
  if (*distract < 0 || *distract > 1) return fail("--distract must be in [0, 1]"), kExitUsage;
  options.distractorProbability = *distract;
  if (*balance < 0 || *balance > 1) return fail("--balance must be in [0, 1]"), kExitUsage;
  options.classBalance = *balance;

  // Frames are kept at 1.5x the crop height so upscaling augmentation keeps detail.
  std::cerr << "loading " << *dataset << "...\n";
  auto data =
      train::loadDavisSequences(*dataset, args->getList("sequences"), options.size.height * 3 / 2);
  if (!data) return fail(data.message());
  size_t frames = 0;
  for (const auto& s : *data)
    frames += s.frames.size();
  std::cerr << "training on " << data->size() << " sequences, " << frames << " frames\n";

  auto trainer = train::Trainer::create(options, std::move(*data), args->has("resume"));
  if (!trainer) return fail(trainer.message());
  // SIGINT/SIGTERM: the iteration running finishes, a checkpoint is written (resume with
  // --resume), no model is written to --out.
  InterruptGuard interrupt;
  const Status status = (*trainer)->run(
      [](const train::TrainProgress& p) {
        std::fprintf(stderr, "\riteration %d/%d  loss %.4f (mean %.4f)  %.2f it/s  ETA %.0f s   ",
                     p.iteration, p.total, p.loss, p.meanLoss, p.itPerSecond, p.etaSeconds);
        if (p.iteration == p.total) std::fputc('\n', stderr);
      },
      InterruptGuard::poll());
  if (!status.ok() && InterruptGuard::interrupted())
    return fail("\ninterrupted: " + status.message() + "; nothing written to " + options.outModel);
  if (!status.ok()) return fail(status.message());
  std::cout << "trained model written to " << options.outModel << " (softmax scale "
            << (*trainer)->scale() << ")\n";
  const auto validation = args->getList("val-sequences");
  if (validation.empty()) return kExitOk;
  return validate(*dataset, validation, options) ? kExitOk : kExitFailure;
}

const RegisterCommand kTrain{
    {"train",
     "--dataset ROOT --init MODEL --out MODEL [--sequences a,b,...] [--iterations N] [--size WxH] "
     "[--threads N] [--device auto|cpu|cuda] [--resume CKPT] [--checkpoint-every N] [--lr X] "
     "[--weight-decay X] [--synth P] [--freeze F] [--seed N] [--k K] [--wise ALPHA] "
     "[--color-weight W] [--distract P] [--balance B] "
     "[--val-sequences a,b,...]",
     "train the matching network end to end on a DAVIS-layout folder", runTrain}};

}  // namespace
}  // namespace rm::cli
