// MainWindow: per-shot fine-tuning of the model on the keyframes, and the choice of the
// model propagation uses (see ui/model/TunedModelStore.h for where the tuned file lives).
#include <QAction>
#include <QInputDialog>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <cmath>

#include "ui/widgets/MainWindow.h"
#include "ui/widgets/TimelineWidget.h"

namespace rm::ui {

namespace {
const QString kSecondsKey = QStringLiteral("finetune/seconds");
constexpr double kDefaultSeconds = 30;
}  // namespace

bridge::SegmenterFactory MainWindow::segmenterFactory() const {
  if (segmenterFactory_) return segmenterFactory_;  // injected by tests
  return bridge::tunedSegmenterFactory(settings_.workerParams(), tunedModel_.activePath());
}

bridge::SmartBrushFactory MainWindow::smartBrushFactory() const {
  SegmenterParams params = settings_.workerParams();
  if (tunedModel_.inUse()) params.model = tunedModel_.activePath().toStdString();
  return [params] { return SmartBrush::create(params); };
}

void MainWindow::applyModelChoice() {
  session_->propagation()->setSegmenterFactory(segmenterFactory());  // the next propagation uses it
  session_->smartBrush()->setBrushFactory(smartBrushFactory());  // and the next smart-brush stroke
  modelLabel_->setVisible(tunedModel_.inUse());
  modelLabel_->setToolTip(tunedModel_.activePath());
  revertModelAction_->setEnabled(tunedModel_.inUse());
}

void MainWindow::promptFinetune() {
  if (!doc_->isOpen()) return;
  bool ok = false;
  const double last = QSettings().value(kSecondsKey, kDefaultSeconds).toDouble();
  const double seconds = QInputDialog::getDouble(
      this, tr("Fine-tune Model on Keyframes"),
      tr("Train the model on this shot's keyframes for (seconds):"), last, 1, 3600, 0, &ok);
  if (!ok) return;
  QSettings().setValue(kSecondsKey, seconds);
  startFinetune(seconds);
}

bool MainWindow::startFinetune(double seconds,
                               const std::function<void(bridge::FinetuneRequest&)>& adjust) {
  if (!doc_->isOpen()) return false;
  if (session_->propagation()->isRunning()) {
    statusBar()->showMessage(tr("Wait for the propagation to finish before fine-tuning."), 6000);
    return false;
  }
  bridge::FinetuneRequest request;
  request.params = settings_.workerParams();  // always tuned from the configured model
  request.options.seconds = seconds;
  request.outModel = tunedModel_.candidatePath();
  if (adjust) adjust(request);
  QString error;
  if (!session_->finetuner()->start(std::move(request), &error)) {
    statusBar()->showMessage(error, 8000);
    return false;
  }
  progressBar_->setRange(0, std::max(1, int(std::lround(seconds))));
  progressBar_->setValue(0);
  progressBar_->setFormat(tr("Fine-tuning"));
  progressBar_->setVisible(true);
  cancelButton_->setVisible(true);
  statusBar()->showMessage(
      tr("Fine-tuning on %n keyframe(s)…", nullptr, int(doc_->keyframes().size())));
  return true;
}

void MainWindow::onFinetuneProgress(const bridge::FinetuneProgress& p) {
  QString text;
  if (p.checking) {
    progressBar_->setRange(0, 0);  // busy: the check has no known length
    text = tr("Checking the tuned model on the shot (cycle consistency)…");
  } else {
    progressBar_->setRange(0, std::max(1, int(std::lround(p.budget))));
    progressBar_->setValue(int(std::lround(std::min(p.seconds, p.budget))));
    progressBar_->setFormat(QStringLiteral("%1/%2 s").arg(p.seconds, 0, 'f', 0).arg(p.budget));
    text = tr("Fine-tuning %1/%2 s · %n iteration(s)", nullptr, p.iterations)
               .arg(p.seconds, 0, 'f', 1)
               .arg(p.budget);
  }
  statusBar()->showMessage(text);
  timeline_->setProgressText(text);
}

void MainWindow::onFinetuneFinished(bool ok, bool cancelled, const QString& message,
                                    const bridge::FinetuneOutcome& outcome) {
  progressBar_->setVisible(session_->busy());
  cancelButton_->setVisible(session_->busy());
  timeline_->setProgressText({});
  QString text = message;
  if (ok && outcome.tunedKept) {
    const Status status = tunedModel_.adopt(outcome.tunedModel);
    if (!status)
      text =
          tr("Cannot keep the fine-tuned model: %1").arg(QString::fromStdString(status.message()));
    applyModelChoice();
  }
  if (!ok && !cancelled) {
    showError(tr("Fine-tuning failed"), text);  // like a failed propagation; nothing changed
  } else {
    // The decision with both cycle IoUs (or the cancellation) stays readable for a while.
    statusBar()->showMessage(text, ok ? 15000 : 8000);
  }
}

void MainWindow::revertToDefaultModel() {
  if (!tunedModel_.inUse()) return;
  const Status status = tunedModel_.revert();
  applyModelChoice();
  statusBar()->showMessage(
      status
          ? tr("Propagation uses the default model again.")
          : tr("Reverted to the default model; %1").arg(QString::fromStdString(status.message())),
      6000);
}

}  // namespace rm::ui
