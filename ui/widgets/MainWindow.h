#pragma once
// The workstation's main window: viewer in the centre, timeline below, Objects and
// History panels, menus, status bar with propagation progress. Owns the document and
// the clip's ShotSession (frames, propagation, export, fine-tuning, smart brush, autosave),
// and wires menus and widgets to them.

#include <QMainWindow>
#include <QTimer>
#include <functional>
#include <memory>

#include "ui/model/AppSettings.h"
#include "ui/model/AutosaveScheduler.h"
#include "ui/model/Document.h"
#include "ui/model/ProjectIO.h"
#include "ui/model/RecoveryFolders.h"
#include "ui/model/ShotSession.h"
#include "ui/model/TunedModelStore.h"
#include "ui/widgets/Playback.h"
#include "ui/widgets/ShotSettings.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QMenu;

namespace rm::ui {

class ViewerWidget;
class TimelineWidget;
class InstancesPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // Makes a per-thread FrameSource opener for a clip path (tests inject generated clips).
  using SourceFactoryMaker = std::function<bridge::SourceFactory(const QString& path)>;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  ViewerWidget* viewer() const { return viewer_; }
  TimelineWidget* timeline() const { return timeline_; }
  InstancesPanel* instancesPanel() const { return instances_; }
  bridge::Document* document() const { return doc_; }
  bridge::ShotSession* session() const { return session_.get(); }
  bridge::EngineController* engine() const { return session_->propagation(); }
  bridge::MatteExporter* exporter() const { return session_->exporter(); }
  bridge::FrameProvider* frameProvider() const { return session_->frames(); }
  bridge::FinetuneController* finetuner() const { return session_->finetuner(); }
  // The fine-tuned model propagation uses; empty: the configured model.
  QString tunedModelPath() const { return tunedModel_.activePath(); }
  int currentFrame() const { return currentFrame_; }
  QString projectPath() const { return projectPath_; }
  // This window's crash-recovery folder (its lock taken on first use).
  QString recoveryFolder();

  // Test seams: where frames and segmenters come from (defaults: the real engine).
  void setSourceFactoryMaker(SourceFactoryMaker maker);
  void setSegmenterFactory(bridge::SegmenterFactory factory);
  // Starts a shot on an already opened clip (used with injected sources).
  void startShot(const QString& path, QSize size, int frameCount, double fps);
  // Fine-tunes the model on the keyframes for `seconds` (the menu command prompts for it);
  // `request` adjusts the engine's training options (tests use a tiny crop).
  bool startFinetune(double seconds,
                     const std::function<void(bridge::FinetuneRequest&)>& adjust = {});
  // Propagation goes back to the configured model; the tuned file is removed.
  void revertToDefaultModel();

 public slots:
  // Opens a clip, image sequence, project folder or polygon keyframe (.json).
  bool openPath(const QString& path);
  bool openClip(const QString& path);
  bool openProject(const QString& path);
  bool openDemo(const QString& keyframeJson);
  bool saveProjectTo(const QString& path);
  bool save();
  bool saveAs();
  void showFrame(int frame);
  void togglePlayback();
  bool isPlaying() const { return playback_.isPlaying(); }
  // Offers to restore an autosave left by a session that did not close cleanly.
  void offerRecovery();
  // Writes the unsaved shot to the recovery folder (on a worker); AutosaveScheduler calls it
  // shortly after every change.
  void autosave();
  // Renders the window to `png` once the current frame is shown (after propagating up to
  // `propagateUntil` when > 0), then quits the application; for scripts/screenshot.sh.
  void screenshotWhenReady(const QString& png, int propagateUntil);

 signals:
  void frameDisplayed(int frame);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createDocks();
  void createMenus();
  void createStatusBar();
  void createToolBar();
  QAction* addAction(QMenu* menu, const QString& text, const QKeySequence& shortcut,
                     const std::function<void()>& slot);
  // A new session for the open clip and the current settings (deferred while one runs).
  void rebuildEngineServices();
  void connectSession();
  void stopBackgroundWork();  // cancels and waits for the session's workers
  void onFrameReady(int frame, const QImage& image);
  void onPropagationProgress(const bridge::PropagationProgress& progress);
  void onPropagationFinished(bool ok, bool cancelled, const QString& message);
  void runPropagation(Direction direction, int first, int last);
  void promptFinetune();
  void onFinetuneProgress(const bridge::FinetuneProgress& progress);
  void onFinetuneFinished(bool ok, bool cancelled, const QString& message,
                          const bridge::FinetuneOutcome& outcome);
  bridge::SegmenterFactory segmenterFactory() const;    // the injected one or the real engine
  bridge::SmartBrushFactory smartBrushFactory() const;  // the configured (or tuned) model
  void applyModelChoice();  // the engine and the status bar follow tunedModel_
  void repropagate();
  void jumpToKeyframe(int direction);
  void updateFrameLabel();
  void updateTitle();
  bool maybeSave();
  bool relinkIfMissing();
  void addRecentFile(const QString& path);
  void rebuildRecentMenu();
  void showPreferences();
  void showExport();
  void showShortcuts();
  void showAbout();
  void showError(const QString& title, const QString& text);
  void discardRecovery();
  bool recoverFrom(bridge::RecoveryFolders::Abandoned&& abandoned);
  bridge::ProjectExtras extras() const;
  ShotSettings shotSettings() const;  // the frame, brush and export choices on screen
  // After a project or a recovery loaded: the frame (clamped to the clip), brush and export
  // choices `shot` holds (`fallbackFrame` when it holds no frame).
  void restoreShotView(const ShotSettings& shot, int fallbackFrame);
  // The frame, brush or tool changed: remembered for the project soon (ProjectViewStates).
  void viewChanged();
  void storeViewState();

  bridge::Document* doc_ = nullptr;
  bridge::TunedModelStore tunedModel_;
  ViewerWidget* viewer_ = nullptr;
  TimelineWidget* timeline_ = nullptr;
  InstancesPanel* instances_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QList<QAction*> toolActions_;
  QList<QAction*> propagateActions_;
  QLabel* frameLabel_ = nullptr;
  QLabel* zoomLabel_ = nullptr;
  QLabel* modelLabel_ = nullptr;  // "Fine-tuned model" while one is in use
  QAction* revertModelAction_ = nullptr;
  QProgressBar* progressBar_ = nullptr;
  QPushButton* cancelButton_ = nullptr;

  SourceFactoryMaker sourceMaker_;
  bridge::SegmenterFactory segmenterFactory_;  // empty: real engine from settings_
  bridge::AppSettings settings_;
  Playback playback_;
  // Autosave shortly after each change (recovery after a crash); see AutosaveScheduler.
  bridge::AutosaveScheduler autosaveScheduler_;
  bridge::RecoveryFolders recovery_;  // this window's recovery folder and its lock
  bool recoveryWritten_ = false;      // this session wrote the recovery folder
  int currentFrame_ = 0;
  QString projectPath_;
  bool changedOutsideUndo_ = false;  // unsaved change outside the undo stack
  bridge::ProjectSaveCache saveCache_;
  ExportSettings exportSettings_;  // the Export dialog's last choices for this shot
  QTimer viewStateTimer_;          // debounces storeViewState() while scrubbing or sizing
  bool rebuildEngineWhenIdle_ = false;
  std::unique_ptr<bridge::ShotSession> session_;  // the open clip's services
};

}  // namespace rm::ui
