#pragma once
// End-to-end training of a TorchScript feature network with the paper's pair loss:
// Adam (weight decay), polynomially decaying learning rate, pairs from videos and
// synthesised pairs, checkpoints that resume exactly, the result saved in the engine's
// model format (TorchScript + rotomatch.json metadata).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "engine/core/Expected.h"
#include "engine/train/DavisDataset.h"
#include "engine/train/PairAugmenter.h"

namespace rm::train {

struct TrainOptions {
  std::string initModel;      // TorchScript feature network to start from
  std::string outModel;       // where the trained model goes (atomically)
  std::string checkpoint;     // checkpoint file; "" = outModel + ".ckpt"
  int checkpointEvery = 100;  // iterations
  bool checkpoints = true;    // false: never write a checkpoint (per-shot fine-tuning)
  int iterations = 1000;
  double timeBudgetSeconds = 0;  // > 0: also stop when this much time has passed; the
                                 // learning-rate decay then follows the elapsed share
  cv::Size size{432, 240};       // training crop (W x H)
  int threads = 0;               // 0: LibTorch default
  std::string device = "auto";
  double learningRate = 1e-5;  // the paper's
  double weightDecay = 5e-4;
  double lrPower = 0.9;              // lr * (1 - t/T)^power
  double synthProbability = 0.5;     // share of pairs synthesised from one frame
  double guessProbability = 0.5;     // share of pairs aimed at a guessed frame, in sequences
                                     // that have some (TrainingSequence::guessFrames)
  double distractorProbability = 0;  // share of pairs given another video's object as a
                                     // distractor (PairAugmenter::addDistractor)
  double freezeFraction = 0.0;       // freeze this leading fraction of the parameter tensors
  double initialScale = 0;           // softmax scale init (learned, stored in the model); 0: the
                                     // model's own softmaxScale if it has one, else 5
  int topK = 20;
  // MatchingLossOptions::classBalance; < 0: the one that trained the initial model (its
  // metadata), 1 when it records none, so fine-tuning keeps the loss the model was made with.
  double classBalance = 1.0;
  // Colour features fused with the network's as propagation fuses them (the default preset's
  // colorWeight); 0 = the network's features alone. Training on the fused vectors teaches the
  // network what colour and position do not already tell apart.
  double colorWeight = 0;
  uint64_t seed = 1;
  // Weight-space ensembling (WiSE-FT, Wortsman et al. 2022): the saved model's weights are
  // init + wiseAlpha * (trained - init). 1 = the trained weights. Interpolating toward the
  // initial network trades fit to the training videos for robustness on unseen ones.
  // Checkpoints keep the trained weights, so resuming is unaffected.
  double wiseAlpha = 1.0;
};

struct TrainProgress {
  int iteration = 0;  // completed
  int total = 0;
  double loss = 0;      // this iteration
  double meanLoss = 0;  // running mean since start/resume
  double itPerSecond = 0;
  double etaSeconds = 0;
  double seconds = 0;               // since start/resume
  double lastIterationSeconds = 0;  // duration of the latest iteration
};

class Trainer {
 public:
  // Loads the model (and the checkpoint when `resume` is true and it exists).
  static Expected<std::unique_ptr<Trainer>> create(const TrainOptions& options,
                                                   std::vector<TrainingSequence> data, bool resume);
  ~Trainer();

  // One iteration; returns the loss of the pair it trained on.
  Expected<double> step();
  // Mean loss over fixed pairs without training (for validation and tests).
  Expected<double> evaluateLoss(const std::vector<FramePair>& pairs);
  // Runs until options.iterations (checkpointing on the way); `cancelled` is polled between
  // iterations; a cancelled run writes a checkpoint and returns an error saying so.
  // With a time budget the run ends at the first iteration boundary after the budget, so it
  // overruns by at most one iteration.
  Status run(const std::function<void(const TrainProgress&)>& onProgress,
             const std::function<bool()>& cancelled = {});

  Status saveCheckpoint() const;
  Status saveModel() const;       // the model file, weights interpolated by wiseAlpha
  Status writeModelFile() const;  // the module as it is now, with metadata, atomically
  int iteration() const;
  double scale() const;

 private:
  struct Impl;
  explicit Trainer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rm::train
