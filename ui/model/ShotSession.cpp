#include "ui/model/ShotSession.h"

namespace rm::bridge {

ShotSession::ShotSession(Document* document, const Engines& engines, qint64 frameCacheBytes,
                         QObject* parent)
    : QObject(parent),
      frames_(std::make_unique<FrameProvider>(engines.sources, frameCacheBytes)),
      propagation_(
          std::make_unique<EngineController>(document, engines.sources, engines.segmenters)),
      exporter_(std::make_unique<MatteExporter>(engines.sources)),
      finetuner_(std::make_unique<FinetuneController>(document, engines.sources)),
      smartBrush_(
          std::make_unique<SmartBrushController>(document, engines.sources, engines.brushes)),
      autosaver_(std::make_unique<Autosaver>()) {
  // Queued: the run's own finished() handlers see the session busy until they return.
  auto idleCheck = [this] {
    if (!busy()) emit becameIdle();
  };
  connect(propagation_.get(), &EngineController::finished, this, idleCheck, Qt::QueuedConnection);
  connect(exporter_.get(), &MatteExporter::finished, this, idleCheck, Qt::QueuedConnection);
  connect(finetuner_.get(), &FinetuneController::finished, this, idleCheck, Qt::QueuedConnection);
}

ShotSession::~ShotSession() {
  stop();
}

bool ShotSession::busy() const {
  return propagation_->isRunning() || exporter_->isRunning() || finetuner_->isRunning();
}

void ShotSession::cancel() {
  propagation_->cancel();
  exporter_->cancel();
  finetuner_->cancel();
}

void ShotSession::stop() {
  frames_->setReadAhead(0);
  cancel();
  finetuner_->waitForFinished();
  propagation_->waitForFinished();
  exporter_->waitForFinished();
  smartBrush_->waitForFinished();
  autosaver_->waitForFinished();
}

}  // namespace rm::bridge
