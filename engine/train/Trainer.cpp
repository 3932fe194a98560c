#include "engine/train/Trainer.h"

#include <ATen/Parallel.h>
#include <torch/optim/adam.h>
#include <torch/script.h>
#include <torch/serialize.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/core/AtomicFile.h"
#include "engine/segment/ColourFeatureExtractor.h"
#include "engine/segment/FeatureExtractor.h"
#include "engine/segment/FeatureFusion.h"
#include "engine/train/MatchingLoss.h"

namespace rm::train {
namespace {

constexpr const char* kMetadataFile = "rotomatch.json";

torch::Tensor toTensor(const cv::Mat& rgb, const torch::Device& device) {
  // HWC uint8 -> [1,3,H,W] float in [0,1].
  torch::Tensor t = torch::from_blob(const_cast<uchar*>(rgb.ptr()), {rgb.rows, rgb.cols, 3},
                                     {static_cast<int64_t>(rgb.step[0]), 3, 1}, torch::kUInt8);
  return t.permute({2, 0, 1}).unsqueeze(0).to(device, torch::kFloat).div_(255.0);
}

torch::Tensor maskTensor(const cv::Mat& mask, const torch::Device& device) {
  torch::Tensor t = torch::from_blob(const_cast<uchar*>(mask.ptr()), {mask.rows, mask.cols},
                                     {static_cast<int64_t>(mask.step[0]), 1}, torch::kUInt8);
  return t.to(device, torch::kFloat);
}

}  // namespace

struct Trainer::Impl {
  TrainOptions opt;
  std::vector<TrainingSequence> data;
  torch::Device device{torch::kCPU};
  torch::jit::Module module;
  std::string metadata;                // rotomatch.json of the initial model
  std::vector<torch::Tensor> params;   // all module parameters, in registration order
  std::vector<torch::Tensor> initial;  // copies of params as loaded from initModel
  torch::Tensor logScale;
  std::unique_ptr<torch::optim::Adam> optimizer;
  PairAugmenter augmenter;
  std::unique_ptr<FeatureExtractor> colour;  // only with opt.colorWeight > 0
  int iteration = 0;

  std::string checkpointPath() const {
    return opt.checkpoint.empty() ? opt.outModel + ".ckpt" : opt.checkpoint;
  }

  Expected<double> stepAt(double elapsedSeconds);

  // Features of the pair's two frames, [2,C,h,w], fused with colour as propagation does.
  Expected<torch::Tensor> pairFeatures(const FramePair& pair) {
    const torch::Tensor batch =
        torch::cat({toTensor(pair.refRgb, device), toTensor(pair.tgtRgb, device)});
    torch::Tensor features;
    try {
      features = module.forward({batch}).toTensor();
    } catch (const std::exception& e) {
      return makeError(std::string("model forward failed: ") + e.what());
    }
    if (!colour) return features;
    Expected<torch::Tensor> c = colour->extract(batch);
    if (!c) return c.error();
    return fuseColourFeatures(features, *c, opt.colorWeight);
  }

  // The matching loss of one pair; nullopt when the reference crop lacks object or background.
  Expected<std::optional<torch::Tensor>> pairLoss(const FramePair& pair) {
    Expected<torch::Tensor> features = pairFeatures(pair);
    if (!features) return features.error();
    MatchingLossOptions lossOptions;
    lossOptions.topK = opt.topK;
    lossOptions.classBalance = opt.classBalance;
    return matchingLoss((*features)[0], (*features)[1], maskTensor(pair.refMask, device),
                        maskTensor(pair.tgtMask, device), logScale, lossOptions);
  }

  FramePair samplePair() {
    auto& rng = augmenter.rng();
    const size_t index = std::uniform_int_distribution<size_t>(0, data.size() - 1)(rng);
    FramePair pair = sampleOwnPair(data[index]);
    // Checked first so runs without distractors draw the same pairs as before they existed.
    if (opt.distractorProbability > 0 && data.size() > 1 &&
        std::uniform_real_distribution<double>(0, 1)(rng) < opt.distractorProbability) {
      size_t other = std::uniform_int_distribution<size_t>(0, data.size() - 2)(rng);
      if (other >= index) ++other;
      const auto& seq = data[other];
      const size_t f = std::uniform_int_distribution<size_t>(0, seq.frames.size() - 1)(rng);
      augmenter.addDistractor(pair, seq.frames[f], seq.masks[f]);
    }
    return pair;
  }

  FramePair sampleOwnPair(const TrainingSequence& seq) {
    auto& rng = augmenter.rng();
    const size_t n = seq.frames.size();
    const size_t a = std::uniform_int_distribution<size_t>(0, n - 1)(rng);
    if (!seq.guessFrames.empty() &&
        std::uniform_real_distribution<double>(0, 1)(rng) < opt.guessProbability) {
      const size_t g = std::uniform_int_distribution<size_t>(0, seq.guessFrames.size() - 1)(rng);
      return augmenter.augment(
          {seq.frames[a], seq.masks[a], seq.guessFrames[g], seq.guessMasks[g]});
    }
    if (std::uniform_real_distribution<double>(0, 1)(rng) < opt.synthProbability) {
      // Half of the synthetic pairs put the object on another video's background.
      cv::Mat background;
      if (data.size() > 1 && std::uniform_real_distribution<double>(0, 1)(rng) < 0.5) {
        const auto& other = data[std::uniform_int_distribution<size_t>(0, data.size() - 1)(rng)];
        background =
            other.frames[std::uniform_int_distribution<size_t>(0, other.frames.size() - 1)(rng)];
      }
      return augmenter.synthesize(seq.frames[a], seq.masks[a] * 255, background);
    }
    const size_t b = std::uniform_int_distribution<size_t>(0, n - 1)(rng);
    return augmenter.augment({seq.frames[a], seq.masks[a], seq.frames[b], seq.masks[b]});
  }

  void setLearningRate(double elapsedSeconds) {
    double t = std::min(1.0, static_cast<double>(iteration) / std::max(1, opt.iterations));
    if (opt.timeBudgetSeconds > 0)
      t = std::max(t, std::min(1.0, elapsedSeconds / opt.timeBudgetSeconds));
    const double lr = opt.learningRate * std::pow(1.0 - t, opt.lrPower);
    for (auto& group : optimizer->param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  }
};

Trainer::Trainer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Trainer::~Trainer() = default;

Expected<std::unique_ptr<Trainer>> Trainer::create(const TrainOptions& options,
                                                   std::vector<TrainingSequence> data,
                                                   bool resume) {
  if (data.empty()) return makeError("no training sequences");
  for (const auto& seq : data)
    if (seq.frames.empty()) return makeError("training sequence " + seq.name + " has no frames");
  if (options.iterations <= 0) return makeError("--iterations must be positive");
  if (options.outModel.empty()) return makeError("no output model path given");
  if (options.colorWeight < 0) return makeError("the colour weight must not be negative");
  if (options.guessProbability < 0 || options.guessProbability > 1)
    return makeError("the guessed-frame share must lie in [0, 1]");
  for (const auto& seq : data)
    if (seq.guessFrames.size() != seq.guessMasks.size())
      return makeError("training sequence " + seq.name +
                       ": guessed frames and masks differ in count");
  if (options.distractorProbability < 0 || options.distractorProbability > 1)
    return makeError("the distractor share must lie in [0, 1]");
  auto device = resolveDevice(options.device);
  if (!device) return device.error();

  auto impl = std::make_unique<Impl>();
  impl->opt = options;
  impl->data = std::move(data);
  impl->device = *device;
  AugmentParams augment;
  augment.size = options.size;
  impl->augmenter = PairAugmenter(augment, options.seed);
  if (options.colorWeight > 0) impl->colour = makeColourFeatureExtractor({}, impl->device);
  try {
    torch::jit::ExtraFilesMap extra{{kMetadataFile, ""}};
    impl->module = torch::jit::load(options.initModel, impl->device, extra);
    impl->metadata = extra[kMetadataFile];
  } catch (const std::exception& e) {
    return makeError("cannot load model " + options.initModel + ": " + e.what());
  }
  if (impl->metadata.empty())
    return makeError("model " + options.initModel + " has no " + kMetadataFile + " metadata");
  for (const auto& p : impl->module.parameters()) {
    impl->params.push_back(p);
    if (options.wiseAlpha != 1.0) impl->initial.push_back(p.detach().clone());
  }
  if (impl->params.empty())
    return makeError("model " + options.initModel +
                     " has no trainable parameters (weights stored as buffers?)");
  const auto frozen = static_cast<size_t>(options.freezeFraction * impl->params.size());
  std::vector<torch::Tensor> trainable;
  for (size_t i = 0; i < impl->params.size(); ++i) {
    impl->params[i].set_requires_grad(i >= frozen);
    if (i >= frozen) trainable.push_back(impl->params[i]);
  }
  const auto meta = nlohmann::json::parse(impl->metadata, nullptr, false);
  double initialScale = options.initialScale;
  if (initialScale <= 0) {
    initialScale = 5.0;
    if (meta.is_object() && meta.contains("softmaxScale") && meta["softmaxScale"].is_number() &&
        meta["softmaxScale"].get<double>() > 0)
      initialScale = meta["softmaxScale"].get<double>();
  }
  if (impl->opt.classBalance < 0) {
    impl->opt.classBalance = 1.0;
    if (meta.is_object() && meta.contains("training") && meta["training"].is_object()) {
      const auto& trained = meta["training"];
      if (trained.contains("classBalance") && trained["classBalance"].is_number())
        impl->opt.classBalance = std::clamp(trained["classBalance"].get<double>(), 0.0, 1.0);
    }
  }
  impl->logScale = torch::full({}, std::log(initialScale),
                               torch::TensorOptions().device(impl->device).requires_grad(true));
  trainable.push_back(impl->logScale);
  impl->optimizer = std::make_unique<torch::optim::Adam>(
      trainable, torch::optim::AdamOptions(options.learningRate).weight_decay(options.weightDecay));
  impl->module.train();

  auto trainer = std::unique_ptr<Trainer>(new Trainer(std::move(impl)));
  const std::string ckpt = trainer->impl_->checkpointPath();
  if (resume) {
    if (!std::filesystem::exists(ckpt)) return makeError("checkpoint " + ckpt + " does not exist");
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(ckpt, trainer->impl_->device);
      auto& im = *trainer->impl_;
      torch::NoGradGuard noGrad;
      for (size_t i = 0; i < im.params.size(); ++i) {
        torch::Tensor saved;
        archive.read("param." + std::to_string(i), saved);
        if (!saved.sizes().equals(im.params[i].sizes()))
          return makeError("checkpoint " + ckpt + " does not match model " + options.initModel);
        im.params[i].copy_(saved);
      }
      // Fresh tensors: read() into a defined tensor re-points it instead of assigning.
      torch::Tensor savedScale, savedIteration;
      archive.read("logScale", savedScale);
      im.logScale.copy_(savedScale);
      archive.read("iteration", savedIteration);
      im.iteration = static_cast<int>(savedIteration.item<int64_t>());
      c10::IValue rng;
      if (!archive.try_read("rng", rng) || !rng.isString() ||
          !im.augmenter.restoreState(rng.toStringRef()))
        return makeError("checkpoint " + ckpt + " has no valid random state");
      torch::serialize::InputArchive optimizerArchive;
      archive.read("optimizer", optimizerArchive);
      im.optimizer->load(optimizerArchive);
    } catch (const std::exception& e) {
      return makeError("cannot resume from checkpoint " + ckpt +
                       " (corrupt or not a checkpoint): " + e.what());
    }
  }
  return trainer;
}

int Trainer::iteration() const {
  return impl_->iteration;
}
double Trainer::scale() const {
  return std::exp(impl_->logScale.item<double>());
}

Expected<double> Trainer::step() {
  return impl_->stepAt(0);
}

Expected<double> Trainer::Impl::stepAt(double elapsedSeconds) {
  auto& im = *this;
  im.setLearningRate(elapsedSeconds);
  // A crop can lose the object or the whole background; draw again (bounded).
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto loss = im.pairLoss(im.samplePair());
    if (!loss) return loss.error();
    if (!*loss) continue;
    im.optimizer->zero_grad();
    (*loss)->backward();
    im.optimizer->step();
    ++im.iteration;
    return (*loss)->item<double>();
  }
  return makeError("could not draw a training pair with both object and background");
}

Expected<double> Trainer::evaluateLoss(const std::vector<FramePair>& pairs) {
  auto& im = *impl_;
  torch::NoGradGuard noGrad;
  double sum = 0;
  int counted = 0;
  for (const auto& pair : pairs) {
    auto loss = im.pairLoss(pair);
    if (!loss) return loss.error();
    if (!*loss) continue;
    sum += (*loss)->item<double>();
    ++counted;
  }
  if (counted == 0) return makeError("no evaluation pair has both object and background");
  return sum / counted;
}

Status Trainer::run(const std::function<void(const TrainProgress&)>& onProgress,
                    const std::function<bool()>& cancelled) {
  auto& im = *impl_;
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const int first = im.iteration;
  double sum = 0;
  while (im.iteration < im.opt.iterations &&
         (im.opt.timeBudgetSeconds <= 0 || elapsed() < im.opt.timeBudgetSeconds)) {
    if (cancelled && cancelled()) {
      if (!im.opt.checkpoints)
        return makeError("training cancelled at iteration " + std::to_string(im.iteration));
      Status saved = saveCheckpoint();
      return makeError(
          "training cancelled at iteration " + std::to_string(im.iteration) +
          (saved.ok() ? "; checkpoint written to " + im.checkpointPath() : "; " + saved.message()));
    }
    const double before = elapsed();
    auto loss = im.stepAt(before);
    if (!loss) return loss.error();
    sum += *loss;
    const int done = im.iteration - first;
    TrainProgress progress;
    progress.seconds = elapsed();
    progress.lastIterationSeconds = progress.seconds - before;
    progress.iteration = im.iteration;
    progress.total = im.opt.iterations;
    progress.loss = *loss;
    progress.meanLoss = sum / done;
    progress.itPerSecond = done / std::max(1e-9, progress.seconds);
    progress.etaSeconds = (im.opt.iterations - im.iteration) / std::max(1e-9, progress.itPerSecond);
    if (im.opt.timeBudgetSeconds > 0)
      progress.etaSeconds =
          std::min(progress.etaSeconds, std::max(0.0, im.opt.timeBudgetSeconds - progress.seconds));
    if (onProgress) onProgress(progress);
    if (im.opt.checkpoints && im.opt.checkpointEvery > 0 &&
        im.iteration % im.opt.checkpointEvery == 0) {
      Status saved = saveCheckpoint();
      if (!saved.ok()) return saved;
    }
  }
  if (im.opt.checkpoints) {
    Status saved = saveCheckpoint();
    if (!saved.ok()) return saved;
  }
  return saveModel();
}

Status Trainer::saveCheckpoint() const {
  const auto& im = *impl_;
  return writeAtomically(im.checkpointPath(), [&](const std::filesystem::path& temp) -> Status {
    try {
      torch::serialize::OutputArchive archive;
      for (size_t i = 0; i < im.params.size(); ++i)
        archive.write("param." + std::to_string(i), im.params[i].detach().cpu());
      archive.write("logScale", im.logScale.detach().cpu());
      archive.write("iteration", torch::tensor(static_cast<int64_t>(im.iteration)));
      archive.write("rng", c10::IValue(im.augmenter.saveState()));
      torch::serialize::OutputArchive optimizerArchive;
      im.optimizer->save(optimizerArchive);
      archive.write("optimizer", optimizerArchive);
      archive.save_to(temp.string());
    } catch (const std::exception& e) {
      return makeError("cannot write checkpoint " + im.checkpointPath() + ": " + e.what());
    }
    return {};
  });
}

Status Trainer::saveModel() const {
  const auto& im = *impl_;
  // The interpolated weights go to the saved file only; the module keeps the trained ones.
  std::vector<torch::Tensor> trained;
  if (!im.initial.empty()) {
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < im.params.size(); ++i) {
      trained.push_back(im.params[i].detach().clone());
      im.params[i].copy_(im.initial[i] + im.opt.wiseAlpha * (trained[i] - im.initial[i]));
    }
  }
  Status status = writeModelFile();
  if (!trained.empty()) {
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < im.params.size(); ++i)
      im.params[i].copy_(trained[i]);
  }
  return status;
}

Status Trainer::writeModelFile() const {
  const auto& im = *impl_;
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(im.metadata);
  } catch (const std::exception&) {
    meta = nlohmann::json::object();
  }
  meta["softmaxScale"] = std::exp(im.logScale.item<double>());
  meta["training"] = {
      {"initModel", std::filesystem::path(im.opt.initModel).filename().string()},
      {"iterations", im.iteration},
      {"size", std::to_string(im.opt.size.width) + "x" + std::to_string(im.opt.size.height)},
      {"learningRate", im.opt.learningRate},
      {"weightDecay", im.opt.weightDecay},
      {"synthProbability", im.opt.synthProbability},
      {"freezeFraction", im.opt.freezeFraction},
      {"wiseAlpha", im.opt.wiseAlpha},
      {"colorWeight", im.opt.colorWeight},
      {"distractorProbability", im.opt.distractorProbability},
      {"classBalance", im.opt.classBalance},
      {"seed", im.opt.seed}};
  std::vector<std::string> names;
  for (const auto& seq : im.data)
    names.push_back(seq.name);
  meta["training"]["sequences"] = names;
  return writeAtomically(im.opt.outModel, [&](const std::filesystem::path& temp) -> Status {
    try {
      torch::jit::ExtraFilesMap extra{{kMetadataFile, meta.dump(2)}};
      im.module.save(temp.string(), extra);
    } catch (const std::exception& e) {
      return makeError("cannot write model " + im.opt.outModel + ": " + e.what());
    }
    return {};
  });
}

}  // namespace rm::train
