#include "ui/widgets/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QVBoxLayout>
#include <cmath>
#include <cstdio>
#include <memory>

#include "engine/Engine.h"
#include "engine/media/FrameSource.h"
#include "ui/model/DeviceInfo.h"
#include "ui/model/ExportTarget.h"
#include "ui/widgets/ExportDialog.h"
#include "ui/widgets/InstancesPanel.h"
#include "ui/widgets/OverwriteQuestion.h"
#include "ui/widgets/PreferencesDialog.h"
#include "ui/widgets/PropagationStatus.h"
#include "ui/widgets/SpaceKeyHandTool.h"
#include "ui/widgets/TimelineWidget.h"
#include "ui/widgets/ViewerWidget.h"

namespace rm::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  settings_ = bridge::AppSettings::load();
  sourceMaker_ = [](const QString& path) -> bridge::SourceFactory {
    return [p = path.toStdString()](const OpenOptions& options) {
      return openFrameSource(p, options);
    };
  };

  doc_ = new bridge::Document(this);
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  viewer_ = new ViewerWidget(central);
  timeline_ = new TimelineWidget(central);
  layout->addWidget(viewer_, 1);
  layout->addWidget(timeline_);
  setCentralWidget(central);
  viewer_->setDocument(doc_);
  timeline_->setDocument(doc_);

  createDocks();
  createMenus();
  createStatusBar();
  createToolBar();
  rebuildEngineServices();

  connect(timeline_, &TimelineWidget::frameRequested, this, &MainWindow::showFrame);
  connect(new SpaceKeyHandTool(this, viewer_), &SpaceKeyHandTool::tapped, this,
          &MainWindow::togglePlayback);
  connect(viewer_, &ViewerWidget::message, this,
          [this](const QString& text) { statusBar()->showMessage(text, 4000); });
  connect(viewer_, &ViewerWidget::smartStroke, this,
          [this](int frame, int instance, const cv::Mat& stroke, bool background) {
            QString error;
            if (!session_->smartBrush()->addStroke(frame, instance, stroke, background, &error))
              statusBar()->showMessage(error, 4000);
          });
  // Picking the smart brush extracts the frame's features ahead of the first stroke.
  connect(viewer_, &ViewerWidget::toolChanged, this, [this](Tool tool) {
    if (tool == Tool::SmartBrush && doc_->isOpen()) session_->smartBrush()->prepare(currentFrame_);
    viewChanged();
  });
  connect(viewer_, &ViewerWidget::viewChanged, this, [this] {
    zoomLabel_->setText(tr("%1%").arg(std::lround(viewer_->scale() * devicePixelRatioF() * 100)));
  });
  connect(viewer_, &ViewerWidget::brushRadiusChanged, this, [this](double r) {
    // Size is the diameter, as in every paint package.
    statusBar()->showMessage(tr("Brush size %1 px").arg(2 * r, 0, 'f', 1), 1500);
    viewChanged();
  });
  connect(viewer_, &ViewerWidget::brushHardnessChanged, this, [this](double h) {
    statusBar()->showMessage(tr("Brush hardness %1%").arg(std::lround(h * 100)), 1500);
    viewChanged();
  });
  // Written half a second after scrubbing or sizing pauses (and on close or open), not on
  // every frame of playback.
  viewStateTimer_.setSingleShot(true);
  viewStateTimer_.setInterval(500);
  connect(&viewStateTimer_, &QTimer::timeout, this, &MainWindow::storeViewState);
  connect(instances_, &InstancesPanel::currentInstanceChanged, viewer_,
          &ViewerWidget::setCurrentInstance);
  connect(doc_->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
  connect(doc_, &bridge::Document::frameStatesChanged, this, &MainWindow::updateFrameLabel);

  connect(&playback_, &Playback::frameDue, this, [this] {
    if (viewer_->frameIndex() != currentFrame_) return;  // still decoding: do not pile up
    showFrame(Playback::nextFrame(currentFrame_, timeline_->rangeFirst(), timeline_->rangeLast()));
  });
  autosaveScheduler_.watch(doc_);
  connect(&autosaveScheduler_, &bridge::AutosaveScheduler::due, this, &MainWindow::autosave);

  updateTitle();
  resize(1440, 900);
}

MainWindow::~MainWindow() {
  // Stop the workers before the document they read and write goes away.
  session_.reset();
}

void MainWindow::setSourceFactoryMaker(SourceFactoryMaker maker) {
  sourceMaker_ = std::move(maker);
  rebuildEngineServices();
}

void MainWindow::setSegmenterFactory(bridge::SegmenterFactory factory) {
  segmenterFactory_ = std::move(factory);
  rebuildEngineServices();
}

void MainWindow::rebuildEngineServices() {
  if (session_ && session_->busy()) {
    rebuildEngineWhenIdle_ = true;
    return;
  }
  rebuildEngineWhenIdle_ = false;
  session_.reset();  // waits for the smart brush and an autosave in progress
  session_ = std::make_unique<bridge::ShotSession>(
      doc_,
      bridge::ShotSession::Engines{sourceMaker_(doc_->sourcePath()), segmenterFactory(),
                                   smartBrushFactory()},
      qint64(settings_.cacheMegabytes) * 1024 * 1024);
  connectSession();
}

void MainWindow::connectSession() {
  bridge::ShotSession* session = session_.get();
  connect(session, &bridge::ShotSession::becameIdle, this, [this] {
    // Settings changed during a run: a new session now, but not from inside this one's signal.
    if (rebuildEngineWhenIdle_) QTimer::singleShot(0, this, [this] { rebuildEngineServices(); });
  });
  bridge::FrameProvider* frames = session->frames();
  connect(frames, &bridge::FrameProvider::frameReady, this, &MainWindow::onFrameReady);
  connect(frames, &bridge::FrameProvider::frameFailed, this,
          [this](int frame, const QString& message) {
            statusBar()->showMessage(tr("Frame %1: %2").arg(frame).arg(message), 6000);
          });
  playback_.setFrameProvider(frames);
  connect(session->propagation(), &bridge::EngineController::progressChanged, this,
          &MainWindow::onPropagationProgress);
  connect(session->propagation(), &bridge::EngineController::finished, this,
          &MainWindow::onPropagationFinished);
  connect(session->smartBrush(), &bridge::SmartBrushController::strokeFinished, this,
          [this](bool ok, const QString& message) {
            if (!ok) statusBar()->showMessage(message, 6000);
          });
  connect(session->finetuner(), &bridge::FinetuneController::progressChanged, this,
          &MainWindow::onFinetuneProgress);
  connect(session->finetuner(), &bridge::FinetuneController::finished, this,
          &MainWindow::onFinetuneFinished);
  connect(session->exporter(), &bridge::MatteExporter::progressChanged, this,
          [this](int done, int total) {
            progressBar_->setRange(0, std::max(1, total));
            progressBar_->setValue(done);
            progressBar_->setFormat(QStringLiteral("%1/%2").arg(done).arg(total));
            statusBar()->showMessage(tr("Exporting %1/%2 frames").arg(done).arg(total));
          });
  connect(
      session->exporter(), &bridge::MatteExporter::finished, this,
      [this](bool ok, bool cancelled, const QString& message, const QStringList& outputs) {
        progressBar_->setVisible(session_->busy());
        cancelButton_->setVisible(session_->busy());
        if (cancelled)
          statusBar()->showMessage(tr("Export cancelled"), 6000);
        else if (ok)
          statusBar()->showMessage(
              tr("Exported %1 file(s) to %2")
                  .arg(outputs.size())
                  .arg(outputs.isEmpty() ? QString() : QFileInfo(outputs.front()).absolutePath()),
              8000);
        else
          showError(tr("Export failed"), message);
      });
  connect(session->autosaver(), &bridge::Autosaver::saved, this,
          [this](bool ok, const QString& message) {
            // Success is silent: it happens after every edit.
            if (!ok) statusBar()->showMessage(tr("Autosave failed: %1").arg(message), 6000);
          });
}

void MainWindow::showExport() {
  if (!doc_->isOpen()) return;
  // Exported files keep the source's frame numbers by default (as `rotomatch-cli export`).
  auto source = openFrameSource(doc_->sourcePath().toStdString());
  ExportDialog dialog(*doc_, timeline_->inPoint(), timeline_->outPoint(),
                      source ? source.value()->info().firstFrameNumber : 0, exportSettings_, this);
  if (dialog.exec() != QDialog::Accepted) return;
  if (dialog.settings() != exportSettings_) {
    // Part of the project: unsaved until the artist saves (the close prompt asks).
    exportSettings_ = dialog.settings();
    changedOutsideUndo_ = true;
    updateTitle();
  }
  const MatteWriterOptions options = dialog.options();
  if (session_->exporter()->isRunning()) {  // before the target is cleared for this one
    showError(tr("Cannot export"), tr("An export is already running."));
    return;
  }
  // The CLI's rules: never onto an input; files of an earlier export only after asking.
  const auto ready =
      bridge::prepareExportTarget(options, dialog.lastFrame() - dialog.firstFrame() + 1,
                                  bridge::exportInputs(*doc_, projectPath_),
                                  [this](const QString& target, const QStringList& present) {
                                    return askOverwrite(this, target, present);
                                  });
  if (!ready) {
    showError(tr("Cannot export"), QString::fromStdString(ready.message()));
    return;
  }
  if (!*ready) return;
  QDir().mkpath(QFileInfo(QString::fromStdString(options.outPath)).absolutePath());
  QString error;
  if (!session_->exporter()->start(*doc_, options, dialog.firstFrame(), dialog.lastFrame(),
                                   &error)) {
    showError(tr("Cannot export"), error);
    return;
  }
  progressBar_->setVisible(true);
  cancelButton_->setVisible(true);
}

void MainWindow::stopBackgroundWork() {
  playback_.stop();
  session_->stop();
}

void MainWindow::startShot(const QString& path, QSize size, int frameCount, double fps) {
  stopBackgroundWork();
  doc_->reset(path, size, frameCount, fps);
  timeline_->setFps(fps);
  tunedModel_.reset();  // a new clip starts with the configured model
  rebuildEngineServices();
  applyModelChoice();
  currentFrame_ = -1;
  showFrame(0);
}

// ------------------------------------------------------------------ frames

void MainWindow::showFrame(int frame) {
  if (!doc_->isOpen()) return;
  frame = std::clamp(frame, 0, doc_->frameCount() - 1);
  currentFrame_ = frame;
  timeline_->setCurrentFrame(frame);
  updateFrameLabel();
  viewChanged();
  session_->frames()->request(frame);  // emits frameReady now if cached
}

void MainWindow::onFrameReady(int frame, const QImage& image) {
  if (frame != currentFrame_) return;
  viewer_->setFrame(frame, image);
  if (viewer_->tool() == Tool::SmartBrush && !playback_.isPlaying())
    session_->smartBrush()->prepare(frame);
  emit frameDisplayed(frame);
}

void MainWindow::togglePlayback() {
  if (!doc_->isOpen()) return;
  if (playback_.isPlaying()) {
    playback_.stop();
    statusBar()->showMessage(tr("Paused"), 1500);
  } else {
    playback_.play(session_->frames(), doc_->fps(), timeline_->rangeFirst(),
                   timeline_->rangeLast());
  }
}

void MainWindow::jumpToKeyframe(int direction) {
  const int k =
      direction > 0 ? doc_->nextKeyframe(currentFrame_) : doc_->previousKeyframe(currentFrame_);
  if (k >= 0) showFrame(k);
}

void MainWindow::updateFrameLabel() {
  if (!doc_->isOpen()) {
    frameLabel_->clear();
    return;
  }
  static const char* const kStateNames[] = {QT_TR_NOOP("no mask"), QT_TR_NOOP("keyframe"),
                                            QT_TR_NOOP("propagated"), QT_TR_NOOP("stale")};
  QString state = tr(kStateNames[static_cast<int>(doc_->state(currentFrame_))]);
  if (doc_->activity(currentFrame_) == bridge::FrameActivity::InProgress) state = tr("in progress");
  if (doc_->activity(currentFrame_) == bridge::FrameActivity::Failed) state = tr("failed");
  frameLabel_->setText(tr("Frame %1 / %2  ·  %3  ·  %4×%5  ·  %6")
                           .arg(currentFrame_)
                           .arg(doc_->frameCount() - 1)
                           .arg(TimelineWidget::timecode(currentFrame_, doc_->fps()))
                           .arg(doc_->frameSize().width())
                           .arg(doc_->frameSize().height())
                           .arg(state));
}

// ------------------------------------------------------------------ propagation

void MainWindow::runPropagation(Direction direction, int first, int last) {
  if (!doc_->isOpen()) return;
  QString error;
  if (!session_->propagation()->propagate(direction, first, last, &error)) {
    statusBar()->showMessage(error, 6000);
    return;
  }
  progressBar_->setVisible(true);
  cancelButton_->setVisible(true);
}

void MainWindow::repropagate() {
  if (!doc_->isOpen()) return;
  QString error;
  if (!session_->propagation()->repropagateStale(&error)) {
    statusBar()->showMessage(error, 6000);
    return;
  }
  progressBar_->setVisible(true);
  cancelButton_->setVisible(true);
}

void MainWindow::onPropagationProgress(const bridge::PropagationProgress& p) {
  const PropagationStatus status = PropagationStatus::of(p);
  progressBar_->setRange(0, status.maximum);
  progressBar_->setValue(status.value);
  progressBar_->setFormat(status.barFormat);
  statusBar()->showMessage(status.text);
  timeline_->setProgressText(status.text);
}

void MainWindow::onPropagationFinished(bool ok, bool cancelled, const QString& message) {
  progressBar_->setVisible(session_->busy());
  cancelButton_->setVisible(session_->busy());
  timeline_->setProgressText({});
  if (cancelled)
    statusBar()->showMessage(tr("Propagation cancelled"), 5000);
  else if (ok)
    statusBar()->showMessage(tr("Propagation finished"), 5000);
  else
    showError(tr("Propagation failed"), message);
}

// ------------------------------------------------------------------ dialogs

void MainWindow::showPreferences() {
  PreferencesDialog dialog(settings_, bridge::cudaAvailable(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  settings_ = dialog.settings();
  settings_.save();
  setComputeThreads(settings_.engine.threads);  // here, on the GUI thread, never from a worker
  session_->frames()->setCacheBytes(qint64(settings_.cacheMegabytes) * 1024 * 1024);
  rebuildEngineServices();  // new engine parameters take effect on the next run
  showFrame(currentFrame_);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Rotomatch"),
                     tr("<b>Rotomatch %1</b><p>Rotoscoping workstation with deep feature "
                        "matching.</p>")
                         .arg(QApplication::applicationVersion()));
}

void MainWindow::showError(const QString& title, const QString& text) {
  // Window-modal but non-blocking, so background work and tests keep running.
  auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorDialog"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  statusBar()->showMessage(title, 6000);
}

void MainWindow::screenshotWhenReady(const QString& png, int propagateUntil) {
  auto grabAndQuit = [this, png] {
    QTimer::singleShot(400, this, [this, png] {
      const bool ok = grab().save(png, "PNG");
      std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot:" : "cannot write",
                   qPrintable(png));
      QCoreApplication::exit(ok ? 0 : 1);
    });
  };
  auto showAndGrab = [this, grabAndQuit](int frame) {
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn =
        connect(this, &MainWindow::frameDisplayed, this, [this, conn, frame, grabAndQuit](int f) {
          if (f != frame) return;
          disconnect(*conn);
          grabAndQuit();
        });
    currentFrame_ = -1;
    showFrame(frame);
  };
  if (!doc_->isOpen()) {
    grabAndQuit();
    return;
  }
  if (propagateUntil <= 0) {
    showAndGrab(currentFrame_);
    return;
  }
  const int last = std::min(propagateUntil, doc_->frameCount() - 1);
  timeline_->setInOut(0, last);
  connect(session_->propagation(), &bridge::EngineController::finished, this,
          [this, last, showAndGrab](bool ok, bool, const QString& message) {
            if (!ok) std::fprintf(stderr, "propagation failed: %s\n", qPrintable(message));
            showAndGrab(last * 2 / 3);
          });
  runPropagation(Direction::Forward, currentFrame_, last);
  if (!session_->propagation()->isRunning()) showAndGrab(currentFrame_);
}

}  // namespace rm::ui
