#pragma once
// The workstation's main window: viewer in the centre, timeline below, Objects and
// History panels, menus, status bar with propagation progress. Owns the document,
// the background frame provider and the propagation controller.

#include <QMainWindow>
#include <QTimer>
#include <functional>
#include <memory>

#include "app/bridge/AppSettings.h"
#include "app/bridge/Autosaver.h"
#include "app/bridge/Document.h"
#include "app/bridge/EngineController.h"
#include "app/bridge/FinetuneController.h"
#include "app/bridge/FrameProvider.h"
#include "app/bridge/MatteExporter.h"
#include "app/bridge/ProjectIO.h"
#include "app/bridge/SmartBrushController.h"
#include "app/bridge/TunedModelStore.h"

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
  bridge::EngineController* engine() const { return engine_; }
  bridge::MatteExporter* exporter() const { return exporter_; }
  bridge::FrameProvider* frameProvider() const { return provider_; }
  bridge::FinetuneController* finetuner() const { return finetuner_; }
  // The fine-tuned model propagation uses; empty: the configured model.
  QString tunedModelPath() const { return tunedModel_.activePath(); }
  int currentFrame() const { return currentFrame_; }
  QString projectPath() const { return projectPath_; }

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
  // Offers to restore an autosave left by a session that did not close cleanly.
  void offerRecovery();
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
  void rebuildEngineServices();
  void stopBackgroundWork();  // cancels and waits for propagation and export
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
  bool backgroundBusy() const;
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
  QString recoveryFolder() const;
  void discardRecovery();
  bridge::ProjectExtras extras() const;

  bridge::Document* doc_ = nullptr;
  bridge::FrameProvider* provider_ = nullptr;
  bridge::EngineController* engine_ = nullptr;
  bridge::MatteExporter* exporter_ = nullptr;
  bridge::FinetuneController* finetuner_ = nullptr;
  bridge::SmartBrushController* smartBrush_ = nullptr;
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
  QTimer playTimer_;
  QTimer autosaveTimer_;
  int currentFrame_ = 0;
  QString projectPath_;
  bool relinked_ = false;  // unsaved change outside the undo stack
  bridge::ProjectSaveCache saveCache_;
  bool rebuildEngineWhenIdle_ = false;
  bridge::Autosaver* autosaver_ = nullptr;
};

}  // namespace rm::ui
