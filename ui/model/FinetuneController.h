#pragma once
// Per-shot fine-tuning from the GUI: trains a copy of the feature network on the document's
// keyframes on a worker thread (engine/train/Finetune.h) within a time budget, then lets the
// cycle check on the shot's real frames (engine/train/CycleCheck.h) decide whether the copy
// propagates better. The tuned file survives only when it wins; the caller adopts it
// (TunedModelStore). Never blocks the GUI thread; cancel stops training at once and the
// cycle check before its next leg, and leaves no file.

#include <QElapsedTimer>
#include <QObject>

#include "engine/segment/Segmenter.h"
#include "engine/train/CycleCheck.h"
#include "engine/train/Finetune.h"
#include "engine/train/JudgedFinetune.h"
#include "ui/model/Document.h"
#include "ui/model/SourceFactory.h"
#include "ui/model/Worker.h"

namespace rm::bridge {

struct FinetuneRequest {
  SegmenterParams params;          // the configured engine; params.model is the model to tune
  train::FinetuneOptions options;  // options.seconds is the budget; device/threads from params
  train::CycleCheckOptions cycle;
  QString outModel;  // where the tuned copy is written; removed unless it wins
};

struct FinetuneProgress {
  double seconds = 0;  // spent training
  double budget = 0;
  int iterations = 0;
  bool checking = false;  // training done, the cycle check runs
};

struct FinetuneOutcome {
  bool tunedKept = false;
  QString tunedModel;  // outModel when kept
  int iterations = 0;
  double trainSeconds = 0;
  double lossBefore = 0, lossAfter = 0;  // held-out keyframe loss: informative only
  int cycles = 0;
  double cycleIouBefore = 0, cycleIouAfter = 0;  // original vs tuned
  double requiredGain = 0;                       // the cycle IoU gain the tuned copy had to exceed
};

class FinetuneController : public QObject {
  Q_OBJECT
 public:
  FinetuneController(Document* document, SourceFactory sources, QObject* parent = nullptr);

  bool isRunning() const { return worker_.isRunning(); }
  // Snapshots the keyframes and starts. Returns false (with `error`) when a run is active,
  // the model is the colour-features one, there is no keyframe or the budget is not > 0.
  bool start(FinetuneRequest request, QString* error = nullptr);
  void cancel() { worker_.cancel(); }
  // Blocks until the worker has stopped and its result is delivered (tests, shutdown).
  void waitForFinished();
  // One line for the status bar: what was kept and why.
  static QString describe(const FinetuneOutcome& outcome);

 Q_SIGNALS:
  void started(double budgetSeconds);
  void progressChanged(const rm::bridge::FinetuneProgress& progress);
  // ok: a decision was made (see outcome); else `message` says why (cancelled or error).
  void finished(bool ok, bool cancelled, const QString& message,
                const rm::bridge::FinetuneOutcome& outcome);

 private:
  Worker::Completion run(const FinetuneRequest& request, const std::string& model,
                         const std::map<int64_t, cv::Mat>& keyframes, std::stop_token token);
  void onWorkerDone(bool ok, const QString& message, const FinetuneOutcome& outcome);

  Document* doc_;
  SourceFactory sources_;
  Worker worker_{"finetune"};  // last: stopped before the state it delivers into goes
};

}  // namespace rm::bridge
