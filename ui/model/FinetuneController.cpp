#include "ui/model/FinetuneController.h"

#include <filesystem>

#include "engine/segment/ModelLocator.h"

namespace rm::bridge {

namespace {
// Progress after every iteration would flood the event loop with a small model.
constexpr qint64 kProgressIntervalMs = 100;

void removeFile(const QString& path) {
  std::error_code ec;
  std::filesystem::remove(path.toStdString(), ec);
}
}  // namespace

FinetuneController::FinetuneController(Document* document, SourceFactory sources, QObject* parent)
    : QObject(parent), doc_(document), sources_(std::move(sources)) {}

bool FinetuneController::start(FinetuneRequest request, QString* error) {
  auto fail = [error](const QString& text) {
    if (error) *error = text;
    return false;
  };
  if (isRunning()) return fail(tr("Fine-tuning is already running."));
  std::string model = request.params.model;
  if (isColourModel(model))
    return fail(
        tr("Fine-tuning needs a neural model: colour features cannot be trained. "
           "Choose a model in the preferences."));
  if (request.options.seconds <= 0) return fail(tr("The time budget must be above 0 seconds."));
  const std::vector<int> keys = doc_->keyframes();
  if (keys.empty()) return fail(tr("Paint a keyframe first: fine-tuning learns from keyframes."));
  if (model.empty()) {
    auto found = locateDefaultModel();
    if (!found) return fail(QString::fromStdString(found.message()));
    model = found->string();
  }
  std::map<int64_t, cv::Mat> keyframes;
  for (int k : keys)
    keyframes.emplace(k, doc_->mask(k)->clone());
  request.options.device = request.params.device;
  request.options.threads = request.params.threads;

  const double budget = request.options.seconds;
  worker_.start([this, request = std::move(request), model = std::move(model),
                 keyframes = std::move(keyframes)](std::stop_token token) {
    return run(request, model, keyframes, std::move(token));
  });
  emit started(budget);
  return true;
}

Worker::Completion FinetuneController::run(const FinetuneRequest& request, const std::string& model,
                                           const std::map<int64_t, cv::Mat>& keyframes,
                                           std::stop_token token) {
  FinetuneOutcome outcome;
  auto done = [&](bool ok, const QString& message) -> Worker::Completion {
    if (!ok || !outcome.tunedKept) removeFile(request.outModel);
    return [this, ok, message, outcome] { onWorkerDone(ok, message, outcome); };
  };
  auto source = sources_(Worker::openOptions(token));
  if (!source) return done(false, QString::fromStdString(source.message()));

  auto postProgress = [this](const FinetuneProgress& progress) {
    worker_.post([this, progress] { emit progressChanged(progress); });
  };
  QElapsedTimer sincePost;
  sincePost.start();
  const double budget = request.options.seconds;
  train::JudgedFinetuneCallbacks callbacks;
  callbacks.onTraining = [&](const train::FinetuneReport& r) {
    if (sincePost.elapsed() < kProgressIntervalMs) return;
    sincePost.restart();
    postProgress({r.seconds, budget, r.iterations, false});
  };
  callbacks.onJudging = [&](const train::FinetuneReport& r) {
    postProgress({r.seconds, budget, r.iterations, true});
  };
  callbacks.cancelled = Worker::cancelledFn(token);
  auto result = train::finetuneAndJudge(request.params, model, *source.value(), keyframes,
                                        request.outModel.toStdString(), request.options,
                                        request.cycle, callbacks);
  if (token.stop_requested()) return done(false, {});
  if (!result) return done(false, QString::fromStdString(result.message()));
  const train::FinetuneReport& report = result->training;
  const train::CycleDecision& decision = result->decision;
  outcome.iterations = report.iterations;
  outcome.trainSeconds = report.seconds;
  outcome.lossBefore = report.checkLossBefore;
  outcome.lossAfter = report.checkLossAfter;
  outcome.cycles = decision.original.cycles;
  outcome.cycleIouBefore = decision.original.iou;
  outcome.cycleIouAfter = decision.tuned.iou;
  outcome.requiredGain = train::requiredCycleGain(decision.original, request.cycle);
  outcome.tunedKept = decision.useTuned;
  if (outcome.tunedKept) outcome.tunedModel = request.outModel;
  return done(true, {});
}

void FinetuneController::waitForFinished() {
  worker_.waitForFinished();
}

void FinetuneController::onWorkerDone(bool ok, const QString& message,
                                      const FinetuneOutcome& outcome) {
  const bool cancelled = worker_.cancelRequested();
  if (cancelled) {
    emit finished(false, true, tr("Fine-tuning cancelled: the model in use is unchanged."),
                  FinetuneOutcome{});
    return;
  }
  emit finished(ok, false, ok ? describe(outcome) : tr("Fine-tuning failed: %1").arg(message),
                outcome);
}

QString FinetuneController::describe(const FinetuneOutcome& o) {
  const QString trained = tr("%n iteration(s)", nullptr, o.iterations);
  if (o.tunedKept)
    return tr("Using the fine-tuned model: cycle IoU %1 → %2 (%3 in %4 s).")
        .arg(o.cycleIouBefore, 0, 'f', 3)
        .arg(o.cycleIouAfter, 0, 'f', 3)
        .arg(trained)
        .arg(o.trainSeconds, 0, 'f', 1);
  if (o.cycles == 0)
    return tr("Kept the original model: the clip has no room for a cycle check (%1).").arg(trained);
  return tr("Kept the original model: cycle IoU %1 → %2 did not improve by more than %3 (%4).")
      .arg(o.cycleIouBefore, 0, 'f', 3)
      .arg(o.cycleIouAfter, 0, 'f', 3)
      .arg(o.requiredGain, 0, 'f', 3)
      .arg(trained);
}

}  // namespace rm::bridge
