// MainWindow: opening clips and projects, saving, autosave and crash recovery.
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

#include "ui/model/DemoLoader.h"
#include "ui/model/DocumentLoader.h"
#include "ui/model/RecoveryFolders.h"
#include "ui/widgets/InstancesPanel.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ProjectViewStates.h"
#include "ui/widgets/TimelineWidget.h"
#include "ui/widgets/ViewerWidget.h"

namespace rm::ui {

namespace {
constexpr int kMaxRecent = 10;

// The tools by their name in ShotSettings.
const std::pair<Tool, const char*> kToolNames[] = {{Tool::Brush, "brush"},
                                                   {Tool::Eraser, "eraser"},
                                                   {Tool::Polygon, "polygon"},
                                                   {Tool::Lasso, "lasso"},
                                                   {Tool::SmartBrush, "smart"}};

bool looksLikeProject(const QString& path) {
  const QFileInfo info(path);
  return info.fileName() == QLatin1String("project.json") ||
         path.endsWith(QLatin1String(".rotomatch")) ||
         (info.isDir() && QFileInfo::exists(path + QStringLiteral("/project.json")));
}
}  // namespace

bool MainWindow::openPath(const QString& path) {
  if (looksLikeProject(path)) return openProject(path);
  if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) return openDemo(path);
  return openClip(path);
}

bool MainWindow::openClip(const QString& path) {
  if (!maybeSave()) return false;
  storeViewState();  // of the project being left
  stopBackgroundWork();
  StreamInfo info;
  const Status status = bridge::openClip(path, doc_, &info);
  if (!status) {
    showError(tr("Cannot open clip"), QString::fromStdString(status.message()));
    return false;
  }
  projectPath_.clear();
  changedOutsideUndo_ = false;
  exportSettings_ = {};
  startShot(path, doc_->frameSize(), doc_->frameCount(), doc_->fps());
  // A first object so the artist can paint right away; part of the clean state.
  bridge::Instance first;
  first.id = 1;
  first.name = tr("Object 1");
  first.colour = bridge::Document::defaultColour(0);
  bridge::DocumentLoader(doc_).insertInstance(0, first);
  addRecentFile(path);
  updateTitle();
  statusBar()->showMessage(tr("Opened %1 (%2 frames)").arg(path).arg(doc_->frameCount()), 5000);
  return true;
}

bool MainWindow::openDemo(const QString& keyframeJson) {
  auto key = loadPolygonKeyframe(keyframeJson.toStdString());
  if (!key) {
    showError(tr("Cannot open demo"), QString::fromStdString(key.message()));
    return false;
  }
  if (!openClip(QString::fromStdString(key->clip))) return false;
  bridge::DocumentLoader(doc_).removeInstance(1);  // the demo brings its own objects
  const Status status = bridge::applyPolygonKeyframe(key.value(), doc_);
  if (!status) {
    showError(tr("Cannot open demo"), QString::fromStdString(status.message()));
    return false;
  }
  if (!doc_->instances().isEmpty()) instances_->setCurrentInstance(doc_->instances().front().id);
  showFrame(static_cast<int>(key->frame));
  statusBar()->showMessage(tr("Demo: %1 objects painted on frame %2. Press F5 to propagate.")
                               .arg(doc_->instances().size())
                               .arg(key->frame),
                           10000);
  return true;
}

bool MainWindow::openProject(const QString& path) {
  if (!maybeSave()) return false;
  storeViewState();  // of the project being left
  stopBackgroundWork();
  bridge::ProjectExtras extra;
  playback_.stop();
  const Status status = bridge::loadProject(path, doc_, &extra);
  if (!status) {
    showError(tr("Cannot open project"), QString::fromStdString(status.message()));
    return false;
  }
  projectPath_ = bridge::projectFolder(path);
  saveCache_ = {};
  changedOutsideUndo_ = false;
  relinkIfMissing();
  timeline_->setFps(doc_->fps());
  timeline_->setInOut(extra.inPoint, extra.outPoint);
  tunedModel_.openProject(projectPath_);  // its finetuned.pt, when there is one
  rebuildEngineServices();
  applyModelChoice();
  // Where the artist last was, even when they only navigated since saving; a project moved
  // or renamed since has no such record and opens as it was saved.
  ShotSettings shot = ShotSettings::read(extra.settings);
  shot.takeViewFrom(ShotSettings::read(ProjectViewStates::read(projectPath_)));
  const std::vector<int> keys = doc_->keyframes();
  restoreShotView(shot, keys.empty() ? 0 : keys.front());
  addRecentFile(projectPath_);
  updateTitle();
  return true;
}

bool MainWindow::relinkIfMissing() {
  if (QFileInfo::exists(doc_->sourcePath())) return true;
  const auto answer = QMessageBox::question(
      this, tr("Source clip missing"),
      tr("The project's clip %1 was not found. Locate it?").arg(doc_->sourcePath()));
  if (answer != QMessageBox::Yes) return false;
  const QString path = QFileDialog::getOpenFileName(this, tr("Locate clip"),
                                                    QFileInfo(doc_->sourcePath()).absolutePath());
  if (path.isEmpty()) return false;
  auto source = openFrameSource(path.toStdString());
  if (!source || source.value()->info().width != doc_->frameSize().width() ||
      source.value()->info().height != doc_->frameSize().height() ||
      source.value()->info().frameCount != doc_->frameCount()) {
    showError(tr("Cannot relink"),
              source ? tr("%1 has a different frame size or length than the project.").arg(path)
                     : QString::fromStdString(source.message()));
    return false;
  }
  doc_->setSourcePath(path);
  changedOutsideUndo_ = true;
  return true;
}

bridge::ProjectExtras MainWindow::extras() const {
  bridge::ProjectExtras e;
  e.inPoint = timeline_->inPoint();
  e.outPoint = timeline_->outPoint();
  shotSettings().write(&e.settings);
  return e;
}

ShotSettings MainWindow::shotSettings() const {
  ShotSettings shot;
  shot.currentFrame = currentFrame_;
  shot.brushDiameter = 2 * viewer_->brushRadius();
  shot.brushHardness = viewer_->brushHardness();
  for (const auto& [tool, name] : kToolNames)
    if (tool == viewer_->tool()) shot.tool = QLatin1String(name);
  shot.exports = exportSettings_;
  return shot;
}

void MainWindow::restoreShotView(const ShotSettings& shot, int fallbackFrame) {
  if (shot.brushDiameter > 0) viewer_->setBrushRadius(shot.brushDiameter / 2);
  if (shot.brushHardness >= 0) viewer_->setBrushHardness(shot.brushHardness);
  for (const auto& [tool, name] : kToolNames)
    if (shot.tool == QLatin1String(name)) viewer_->setTool(tool);
  exportSettings_ = shot.exports;
  currentFrame_ = -1;
  showFrame(shot.currentFrame >= 0 ? shot.currentFrame : fallbackFrame);  // clamped there
}

void MainWindow::viewChanged() {
  if (!projectPath_.isEmpty()) viewStateTimer_.start();
}

void MainWindow::storeViewState() {
  viewStateTimer_.stop();
  if (projectPath_.isEmpty() || !doc_->isOpen()) return;
  QJsonObject view;
  shotSettings().writeView(&view);
  ProjectViewStates::write(projectPath_, view);
}

bool MainWindow::saveProjectTo(const QString& path) {
  if (!doc_->isOpen()) return false;
  QString folder = bridge::projectFolder(path);
  if (!folder.endsWith(QLatin1String(".rotomatch"))) folder += QStringLiteral(".rotomatch");
  const Status status = bridge::saveProject(*doc_, folder, extras(), &saveCache_);
  if (!status) {
    showError(tr("Cannot save project"), QString::fromStdString(status.message()));
    return false;
  }
  projectPath_ = folder;
  changedOutsideUndo_ = false;
  // The tuned model goes with the project (moved out of the temp folder on a first save).
  const Status model = tunedModel_.saveTo(folder);
  if (!model)
    showError(tr("Cannot save the fine-tuned model"), QString::fromStdString(model.message()));
  applyModelChoice();
  doc_->undoStack()->setClean();
  discardRecovery();
  addRecentFile(folder);
  updateTitle();
  statusBar()->showMessage(tr("Saved %1").arg(folder), 4000);
  return true;
}

bool MainWindow::save() {
  return projectPath_.isEmpty() ? saveAs() : saveProjectTo(projectPath_);
}

bool MainWindow::saveAs() {
  if (!doc_->isOpen()) return false;
  const QString suggested =
      QFileInfo(doc_->sourcePath()).completeBaseName() + QStringLiteral(".rotomatch");
  const QString path = QFileDialog::getSaveFileName(this, tr("Save project"), suggested,
                                                    tr("Rotomatch projects (*.rotomatch)"));
  return !path.isEmpty() && saveProjectTo(path);
}

bool MainWindow::maybeSave() {
  if (!doc_->isOpen() || (!doc_->isDirty() && !changedOutsideUndo_)) return true;
  const auto answer = QMessageBox::warning(
      this, tr("Unsaved changes"), tr("The shot has unsaved changes. Save them?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) return save();
  return true;
}

void MainWindow::updateTitle() {
  const QString name = projectPath_.isEmpty()
                           ? (doc_->isOpen() ? QFileInfo(doc_->sourcePath()).fileName() : QString())
                           : QFileInfo(projectPath_).fileName();
  setWindowTitle(name.isEmpty() ? tr("Rotomatch") : tr("%1[*] — Rotomatch").arg(name));
  setWindowModified(doc_->isDirty() || changedOutsideUndo_);
}

// ------------------------------------------------------------------ autosave & recovery

QString MainWindow::recoveryFolder() {
  return recovery_.ownFolder();
}

void MainWindow::autosave() {
  if (!doc_->isOpen()) return;
  // A propagation's results stay out of the undo stack until it ends: unsaved all the same.
  const bool unsaved =
      doc_->isDirty() || changedOutsideUndo_ || session_->propagation()->isRunning();
  if (!unsaved) {
    if (recoveryWritten_) discardRecovery();  // undone back to the saved state
    return;
  }
  // The open stroke paints into the mask in place: save once it is committed.
  if (doc_->strokeActive() || session_->autosaver()->isRunning()) {
    autosaveScheduler_.retry();
    return;
  }
  QString error;
  const QString folder = recovery_.ownFolder(&error);
  if (folder.isEmpty()) {
    statusBar()->showMessage(tr("Autosave failed: %1").arg(error), 6000);
    autosaveScheduler_.retry();
    return;
  }
  bridge::ProjectExtras e = extras();
  bridge::RecoveryFolders::stamp(
      &e, projectPath_,
      QFileInfo(projectPath_.isEmpty() ? doc_->sourcePath() : projectPath_).fileName());
  if (session_->autosaver()->save(*doc_, folder, e))
    recoveryWritten_ = true;
  else
    autosaveScheduler_.retry();
}

void MainWindow::discardRecovery() {
  autosaveScheduler_.clear();
  if (recoveryWritten_) session_->autosaver()->discard(recovery_.ownFolder());
  recoveryWritten_ = false;
}

void MainWindow::offerRecovery() {
  // Newest first, one prompt each; folders of running instances are not among them.
  std::vector<bridge::RecoveryFolders::Abandoned> abandoned = recovery_.claimAbandoned();
  for (auto& a : abandoned) {
    QString text = tr("Rotomatch did not close cleanly last time. Recover the autosaved shot?");
    if (!a.shot.isEmpty() && a.savedAt.isValid())
      text = tr("Rotomatch did not close cleanly last time.\n\nRecover the unsaved work on "
                "\"%1\"? Its last edit was saved at %2.")
                 .arg(a.shot, QLocale().toString(a.savedAt.toLocalTime(), QLocale::LongFormat));
    const auto answer = QMessageBox::question(this, tr("Recover unsaved work"), text,
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
      bridge::RecoveryFolders::discard(std::move(a));
      continue;
    }
    if (recoverFrom(std::move(a))) break;  // one shot per window: the rest wait for a next start
  }
}

bool MainWindow::recoverFrom(bridge::RecoveryFolders::Abandoned&& abandoned) {
  stopBackgroundWork();
  bridge::ProjectExtras extra;
  const Status status = bridge::loadProject(abandoned.folder, doc_, &extra);
  if (!status) {
    showError(tr("Cannot recover"), QString::fromStdString(status.message()));
    return false;
  }
  discardRecovery();  // this window's own autosave (none at start-up) gives way to it
  projectPath_ = abandoned.recoveredFrom;
  recovery_.adopt(std::move(abandoned));  // autosaved into, and removed once saved
  changedOutsideUndo_ = true;             // recovered work is unsaved until the artist saves it
  recoveryWritten_ = true;                // the recovery folder holds it until then
  relinkIfMissing();
  timeline_->setFps(doc_->fps());
  timeline_->setInOut(extra.inPoint, extra.outPoint);
  tunedModel_.openProject(projectPath_);
  rebuildEngineServices();
  applyModelChoice();
  restoreShotView(ShotSettings::read(extra.settings), 0);
  updateTitle();
  return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeSave()) {
    event->ignore();
    return;
  }
  playback_.stop();
  storeViewState();
  stopBackgroundWork();
  discardRecovery();  // a clean exit leaves nothing to recover
  event->accept();
}

// ------------------------------------------------------------------ recent files, drops

void MainWindow::addRecentFile(const QString& path) {
  QSettings s;
  QStringList recent = s.value(QStringLiteral("recentFiles")).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent)
    recent.removeLast();
  s.setValue(QStringLiteral("recentFiles"), recent);
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
  recentMenu_->setToolTipsVisible(true);
  const QFontMetrics metrics(recentMenu_->font());
  for (const QString& path : recent) {
    // The whole path (shots of different folders often share a name), elided in the middle.
    QString text = metrics.elidedText(QDir::toNativeSeparators(path), Qt::ElideMiddle, 560);
    text.replace(QLatin1Char('&'), QStringLiteral("&&"));
    QAction* a = recentMenu_->addAction(text);
    a->setToolTip(path);
    a->setStatusTip(path);
    connect(a, &QAction::triggered, this, [this, path] { openPath(path); });
  }
  if (recent.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.front().isLocalFile()) {
    event->acceptProposedAction();
    QTimer::singleShot(0, this, [this, path = urls.front().toLocalFile()] { openPath(path); });
  }
}

}  // namespace rm::ui
