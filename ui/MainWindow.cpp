#include "ui/MainWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QToolBar>
#include <QUndoView>
#include <QVBoxLayout>
#include <cmath>
#include <cstdio>
#include <memory>

#include "app/bridge/ClearObject.h"
#include "app/bridge/DeviceInfo.h"
#include "app/bridge/ExportTarget.h"
#include "engine/Engine.h"
#include "engine/media/FrameSource.h"
#include "ui/ExportDialog.h"
#include "ui/InstancesPanel.h"
#include "ui/OverwriteQuestion.h"
#include "ui/PreferencesDialog.h"
#include "ui/PropagationStatus.h"
#include "ui/SpaceKeyHandTool.h"
#include "ui/TimelineWidget.h"
#include "ui/ViewerWidget.h"

namespace rm::ui {

namespace {
// Frames decoded ahead of the playhead: enough to ride out a slow GOP at 1080p.
constexpr int kPlaybackReadAhead = 12;
}  // namespace

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

  connect(&playTimer_, &QTimer::timeout, this, [this] {
    if (viewer_->frameIndex() != currentFrame_) return;  // still decoding: do not pile up
    int next = currentFrame_ + 1;
    if (next > timeline_->rangeLast() || next < timeline_->rangeFirst())
      next = timeline_->rangeFirst();
    showFrame(next);
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

void MainWindow::createDocks() {
  auto* objects = new QDockWidget(tr("Objects"), this);
  objects->setObjectName(QStringLiteral("objectsDock"));
  instances_ = new InstancesPanel(objects);
  instances_->setDocument(doc_);
  objects->setWidget(instances_);
  addDockWidget(Qt::RightDockWidgetArea, objects);

  auto* history = new QDockWidget(tr("History"), this);
  history->setObjectName(QStringLiteral("historyDock"));
  auto* view = new QUndoView(doc_->undoStack(), history);
  view->setEmptyLabel(tr("<original>"));
  history->setWidget(view);
  addDockWidget(Qt::RightDockWidgetArea, history);
}

QAction* MainWindow::addAction(QMenu* menu, const QString& text, const QKeySequence& shortcut,
                               const std::function<void()>& slot) {
  QAction* action = menu->addAction(text);
  if (!shortcut.isEmpty()) action->setShortcut(shortcut);
  connect(action, &QAction::triggered, this, slot);
  return action;
}

void MainWindow::createMenus() {
  // ---- File ----
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->setObjectName(QStringLiteral("fileMenu"));
  addAction(file, tr("&Open Clip or Project..."), QKeySequence::Open, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open clip or project"), {},
        tr("Clips and projects (*.mov *.mp4 *.mkv *.avi *.mxf *.webm *.png *.jpg *.jpeg *.tif "
           "*.tiff *.exr *.dpx project.json);;All files (*)"));
    if (!path.isEmpty()) openPath(path);
  });
  addAction(file, tr("Open Image &Sequence Folder..."), {}, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open image sequence"));
    if (!dir.isEmpty()) openPath(dir);
  });
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  file->addSeparator();
  addAction(file, tr("&Save Project"), QKeySequence::Save, [this] { save(); });
  addAction(file, tr("Save Project &As..."), QKeySequence::SaveAs, [this] { saveAs(); });
  file->addSeparator();
  addAction(file, tr("&Export Mattes..."), QKeySequence(tr("Ctrl+E")), [this] { showExport(); });
  file->addSeparator();
  addAction(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

  // ---- Edit ----
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->setObjectName(QStringLiteral("editMenu"));
  QAction* undo = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  addAction(edit, tr("&Fill Holes"), QKeySequence(tr("H")), [this] { viewer_->fillHoles(); });
  addAction(edit, tr("&Clear Frame"), QKeySequence(tr("Shift+Del")),
            [this] { viewer_->clearFrame(); });
  addAction(edit, tr("Clear Selected &Object on Frame"), QKeySequence(tr("Alt+Del")), [this] {
    bridge::clearObject(doc_, viewer_->currentInstance(), currentFrame_, currentFrame_,
                        tr("Clear object on frame"));
  });
  addAction(edit, tr("Clear Selected Object on In/Out &Range"), QKeySequence(tr("Alt+Shift+Del")),
            [this] {
              const int n =
                  bridge::clearObject(doc_, viewer_->currentInstance(), timeline_->rangeFirst(),
                                      timeline_->rangeLast(), tr("Clear object on range"));
              statusBar()->showMessage(tr("Object cleared on %n frame(s)", nullptr, n), 4000);
            });
  edit->addSeparator();
  addAction(edit, tr("&New Object"), QKeySequence(tr("N")), [this] { instances_->addInstance(); });
  addAction(edit, tr("&Delete Object"), {}, [this] { instances_->removeCurrent(); });
  edit->addSeparator();
  QAction* prefs = addAction(edit, tr("&Preferences..."), QKeySequence::Preferences,
                             [this] { showPreferences(); });
  prefs->setMenuRole(QAction::PreferencesRole);

  // ---- Tools ----
  QMenu* tools = menuBar()->addMenu(tr("&Tools"));
  tools->setObjectName(QStringLiteral("toolsMenu"));
  auto* toolGroup = new QActionGroup(this);
  const std::pair<Tool, std::pair<QString, QString>> toolDefs[] = {
      {Tool::Brush, {tr("&Brush"), tr("B")}},
      {Tool::Eraser, {tr("&Eraser"), tr("E")}},
      {Tool::Polygon, {tr("&Polygon Fill"), tr("P")}},
      {Tool::Lasso, {tr("&Lasso Fill"), tr("L")}},
      {Tool::SmartBrush, {tr("S&mart Brush"), tr("W")}}};
  for (const auto& [tool, def] : toolDefs) {
    QAction* a = addAction(tools, def.first, QKeySequence(def.second),
                           [this, t = tool] { viewer_->setTool(t); });
    a->setCheckable(true);
    a->setChecked(tool == viewer_->tool());
    toolGroup->addAction(a);
    toolActions_.append(a);
    connect(viewer_, &ViewerWidget::toolChanged, a,
            [a, t = tool](Tool now) { a->setChecked(now == t); });
  }
  tools->addSeparator();
  addAction(tools, tr("Smaller Brush"), QKeySequence(Qt::Key_BracketLeft),
            [this] { viewer_->setBrushRadius(viewer_->brushRadius() / 1.2); });
  addAction(tools, tr("Larger Brush"), QKeySequence(Qt::Key_BracketRight),
            [this] { viewer_->setBrushRadius(viewer_->brushRadius() * 1.2); });
  // Shift+[ / Shift+] as in other paint packages; `{`/`}` for layouts that report those.
  addAction(
      tools, tr("Softer Brush"), QKeySequence(Qt::SHIFT | Qt::Key_BracketLeft),
      [this] { viewer_->setBrushHardness(std::round(viewer_->brushHardness() * 10 - 1) / 10); })
      ->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_BracketLeft),
                      QKeySequence(Qt::SHIFT | Qt::Key_BraceLeft),
                      QKeySequence(Qt::Key_BraceLeft)});
  addAction(
      tools, tr("Harder Brush"), QKeySequence(Qt::SHIFT | Qt::Key_BracketRight),
      [this] { viewer_->setBrushHardness(std::round(viewer_->brushHardness() * 10 + 1) / 10); })
      ->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_BracketRight),
                      QKeySequence(Qt::SHIFT | Qt::Key_BraceRight),
                      QKeySequence(Qt::Key_BraceRight)});

  // ---- View ----
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->setObjectName(QStringLiteral("viewMenu"));
  addAction(view, tr("&Fit to Window"), QKeySequence(tr("F")), [this] { viewer_->fitToWindow(); });
  addAction(view, tr("&Actual Pixels (100%)"), QKeySequence(tr("Ctrl+1")),
            [this] { viewer_->setActualPixels(); });
  addAction(view, tr("Zoom &In"), QKeySequence::ZoomIn, [this] {
    viewer_->zoomBy(1.25, QPointF(viewer_->width() / 2.0, viewer_->height() / 2.0));
  });
  addAction(view, tr("Zoom &Out"), QKeySequence::ZoomOut, [this] {
    viewer_->zoomBy(0.8, QPointF(viewer_->width() / 2.0, viewer_->height() / 2.0));
  });
  view->addSeparator();
  auto* overlayGroup = new QActionGroup(this);
  const std::pair<OverlayMode, std::pair<QString, QString>> overlayDefs[] = {
      {OverlayMode::Fill, {tr("Overlay: Colour &Fill"), tr("1")}},
      {OverlayMode::Outline, {tr("Overlay: &Outline"), tr("2")}},
      {OverlayMode::Matte, {tr("Overlay: &Matte"), tr("3")}},
      {OverlayMode::CutoutChecker, {tr("Overlay: Cut-out over &Checkerboard"), tr("4")}},
      {OverlayMode::CutoutBlack, {tr("Overlay: Cut-out over &Black"), tr("5")}},
      {OverlayMode::SideBySideOverlay, {tr("Side by Side: Source | &Overlay"), tr("6")}},
      {OverlayMode::SideBySideMatte, {tr("Side by Side: Source | Ma&tte"), tr("7")}},
      {OverlayMode::Off, {tr("Overlay: O&ff"), tr("0")}}};
  for (const auto& [mode, def] : overlayDefs) {
    QAction* a = addAction(view, def.first, QKeySequence(def.second),
                           [this, m = mode] { viewer_->setOverlayMode(m); });
    a->setCheckable(true);
    a->setChecked(mode == viewer_->overlayMode());
    overlayGroup->addAction(a);
    connect(viewer_, &ViewerWidget::overlayModeChanged, a,
            [a, m = mode](OverlayMode now) { a->setChecked(now == m); });
  }
  QAction* solo = addAction(view, tr("Matte and Cut-out: &Selected Object Only"), {}, [] {});
  solo->setCheckable(true);
  solo->setChecked(viewer_->matteSelectedOnly());
  connect(solo, &QAction::toggled, viewer_, &ViewerWidget::setMatteSelectedOnly);
  QAction* onion = addAction(view, tr("O&nion Skin (Previous/Next Frame Outline)"),
                             QKeySequence(tr("Shift+O")), [] {});
  onion->setObjectName(QStringLiteral("onionSkinAction"));
  onion->setCheckable(true);
  connect(onion, &QAction::toggled, viewer_, &ViewerWidget::setOnionSkin);
  addAction(view, tr("Overlay Opacity Down"), QKeySequence(Qt::Key_Minus),
            [this] { viewer_->setOverlayOpacity(viewer_->overlayOpacity() - 0.1); });
  addAction(view, tr("Overlay Opacity Up"), QKeySequence(Qt::Key_Equal),
            [this] { viewer_->setOverlayOpacity(viewer_->overlayOpacity() + 0.1); });

  // ---- Playback ----
  QMenu* play = menuBar()->addMenu(tr("&Playback"));
  play->setObjectName(QStringLiteral("playbackMenu"));
  // Space is handled by the viewer/timeline (tap plays, hold-drag pans); shown here.
  addAction(play, tr("Play / Pause\tSpace"), {}, [this] { togglePlayback(); });
  addAction(play, tr("Next Frame"), QKeySequence(Qt::Key_Right),
            [this] { showFrame(currentFrame_ + 1); });
  addAction(play, tr("Previous Frame"), QKeySequence(Qt::Key_Left),
            [this] { showFrame(currentFrame_ - 1); });
  addAction(play, tr("Next Keyframe"), QKeySequence(tr("Ctrl+Right")),
            [this] { jumpToKeyframe(1); });
  addAction(play, tr("Previous Keyframe"), QKeySequence(tr("Ctrl+Left")),
            [this] { jumpToKeyframe(-1); });
  addAction(play, tr("First Frame"), QKeySequence(Qt::Key_Home),
            [this] { showFrame(timeline_->rangeFirst()); });
  addAction(play, tr("Last Frame"), QKeySequence(Qt::Key_End),
            [this] { showFrame(timeline_->rangeLast()); });
  play->addSeparator();
  addAction(play, tr("Set In Point"), QKeySequence(tr("I")),
            [this] { timeline_->setInOut(currentFrame_, timeline_->outPoint()); });
  addAction(play, tr("Set Out Point"), QKeySequence(tr("O")),
            [this] { timeline_->setInOut(timeline_->inPoint(), currentFrame_); });
  addAction(play, tr("Clear In/Out"), QKeySequence(tr("Alt+X")),
            [this] { timeline_->setInOut(-1, -1); });

  // ---- Propagate ----
  QMenu* prop = menuBar()->addMenu(tr("P&ropagate"));
  prop->setObjectName(QStringLiteral("propagateMenu"));
  propagateActions_.append(addAction(
      prop, tr("Propagate &In/Out Range (Both Directions)"), QKeySequence(tr("F5")), [this] {
        runPropagation(Direction::Both, timeline_->rangeFirst(), timeline_->rangeLast());
      }));
  addAction(prop, tr("Propagate &Forward from Current Frame"), QKeySequence(tr("F6")),
            [this] { runPropagation(Direction::Forward, currentFrame_, timeline_->rangeLast()); });
  addAction(
      prop, tr("Propagate &Backward from Current Frame"), QKeySequence(tr("Shift+F6")),
      [this] { runPropagation(Direction::Backward, timeline_->rangeFirst(), currentFrame_); });
  propagateActions_.append(addAction(prop, tr("&Re-propagate Stale Frames"), QKeySequence(tr("F7")),
                                     [this] { repropagate(); }));
  prop->addSeparator();
  addAction(prop, tr("&Cancel Propagation"), QKeySequence(tr("Shift+F5")), [this] {
    session_->propagation()->cancel();
    session_->finetuner()->cancel();
  });
  prop->addSeparator();
  addAction(prop, tr("Fine-&tune Model on Keyframes…"), {}, [this] { promptFinetune(); });
  revertModelAction_ =
      addAction(prop, tr("Revert to &Default Model"), {}, [this] { revertToDefaultModel(); });
  revertModelAction_->setEnabled(false);

  // ---- Help ----
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->setObjectName(QStringLiteral("helpMenu"));
  addAction(help, tr("&Keyboard Shortcuts"), QKeySequence(tr("F1")), [this] { showShortcuts(); });
  addAction(help, tr("&About Rotomatch"), {}, [this] { showAbout(); });
}

void MainWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("Tools"));
  bar->setObjectName(QStringLiteral("toolBar"));
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  for (QAction* a : toolActions_)
    bar->addAction(a);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Size "), bar));
  // The diameter, as every paint package gives a brush's size; the viewer keeps a radius.
  auto* size = new QDoubleSpinBox(bar);
  size->setObjectName(QStringLiteral("brushSize"));
  size->setRange(1, 1000);
  size->setDecimals(1);
  size->setSuffix(tr(" px"));
  size->setValue(2 * viewer_->brushRadius());
  size->setFocusPolicy(Qt::ClickFocus);
  size->setToolTip(tr("Brush diameter ([ / ], or Ctrl + drag in the viewer)"));
  connect(size, &QDoubleSpinBox::valueChanged, viewer_,
          [this](double d) { viewer_->setBrushRadius(d / 2); });
  connect(viewer_, &ViewerWidget::brushRadiusChanged, size, [size](double r) {
    const QSignalBlocker block(size);
    size->setValue(2 * r);
  });
  bar->addWidget(size);
  bar->addWidget(new QLabel(tr(" Hardness "), bar));
  auto* hardness = new QSpinBox(bar);
  hardness->setObjectName(QStringLiteral("brushHardness"));
  hardness->setRange(0, 100);
  hardness->setSuffix(tr(" %"));
  hardness->setValue(int(std::lround(viewer_->brushHardness() * 100)));
  hardness->setFocusPolicy(Qt::ClickFocus);
  hardness->setToolTip(
      tr("Brush hardness (Shift+[ / Shift+]). Below 100% the edge is feathered: the matte "
         "gets the soft edge, the object's outline sits where it is 50% opaque."));
  connect(hardness, &QSpinBox::valueChanged, viewer_,
          [this](int v) { viewer_->setBrushHardness(v / 100.0); });
  connect(viewer_, &ViewerWidget::brushHardnessChanged, hardness, [hardness](double h) {
    const QSignalBlocker block(hardness);
    hardness->setValue(int(std::lround(h * 100)));
  });
  bar->addWidget(hardness);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Overlay "), bar));
  auto* overlay = new QComboBox(bar);
  overlay->setObjectName(QStringLiteral("overlayMode"));
  overlay->setFocusPolicy(Qt::ClickFocus);
  overlay->addItem(tr("Colour fill"), int(OverlayMode::Fill));
  overlay->addItem(tr("Outline"), int(OverlayMode::Outline));
  overlay->addItem(tr("Matte"), int(OverlayMode::Matte));
  overlay->addItem(tr("Cut-out / checkerboard"), int(OverlayMode::CutoutChecker));
  overlay->addItem(tr("Cut-out / black"), int(OverlayMode::CutoutBlack));
  overlay->addItem(tr("Side by side / overlay"), int(OverlayMode::SideBySideOverlay));
  overlay->addItem(tr("Side by side / matte"), int(OverlayMode::SideBySideMatte));
  overlay->addItem(tr("Off"), int(OverlayMode::Off));
  connect(overlay, &QComboBox::activated, this, [this, overlay](int index) {
    viewer_->setOverlayMode(OverlayMode(overlay->itemData(index).toInt()));
  });
  connect(viewer_, &ViewerWidget::overlayModeChanged, overlay,
          [overlay](OverlayMode mode) { overlay->setCurrentIndex(overlay->findData(int(mode))); });
  bar->addWidget(overlay);
  auto* opacity = new QSlider(Qt::Horizontal, bar);
  opacity->setObjectName(QStringLiteral("overlayOpacity"));
  opacity->setFocusPolicy(Qt::ClickFocus);
  opacity->setRange(0, 100);
  opacity->setValue(int(viewer_->overlayOpacity() * 100));
  opacity->setMaximumWidth(120);
  opacity->setToolTip(tr("Overlay opacity (- / =)"));
  connect(opacity, &QSlider::valueChanged, this,
          [this](int v) { viewer_->setOverlayOpacity(v / 100.0); });
  connect(viewer_, &ViewerWidget::overlayOpacityChanged, opacity, [opacity](double o) {
    const QSignalBlocker block(opacity);
    opacity->setValue(int(std::lround(o * 100)));
  });
  bar->addWidget(opacity);
  bar->addSeparator();
  // Short labels on the bar; the menu keeps the full names.
  const QStringList shortNames = {tr("Propagate"), tr("Re-propagate")};
  for (int i = 0; i < propagateActions_.size(); ++i) {
    propagateActions_[i]->setIconText(shortNames.value(i));
    bar->addAction(propagateActions_[i]);
  }
}

void MainWindow::createStatusBar() {
  frameLabel_ = new QLabel(this);
  frameLabel_->setObjectName(QStringLiteral("frameLabel"));
  zoomLabel_ = new QLabel(this);
  progressBar_ = new QProgressBar(this);
  progressBar_->setObjectName(QStringLiteral("propagationProgress"));
  progressBar_->setMaximumWidth(220);
  progressBar_->setVisible(false);
  cancelButton_ = new QPushButton(tr("Cancel"), this);
  cancelButton_->setVisible(false);
  connect(cancelButton_, &QPushButton::clicked, this, [this] { session_->cancel(); });
  modelLabel_ = new QLabel(tr("Fine-tuned model"), this);
  modelLabel_->setObjectName(QStringLiteral("modelLabel"));
  modelLabel_->setVisible(false);
  statusBar()->addPermanentWidget(modelLabel_);
  statusBar()->addPermanentWidget(progressBar_);
  statusBar()->addPermanentWidget(cancelButton_);
  statusBar()->addPermanentWidget(zoomLabel_);
  statusBar()->addPermanentWidget(frameLabel_);
  statusBar()->showMessage(tr("Ready"));
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
  if (playTimer_.isActive())
    frames->setReadAhead(kPlaybackReadAhead, timeline_->rangeFirst(), timeline_->rangeLast());
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
  playTimer_.stop();
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
  if (viewer_->tool() == Tool::SmartBrush && !playTimer_.isActive())
    session_->smartBrush()->prepare(frame);
  emit frameDisplayed(frame);
}

void MainWindow::togglePlayback() {
  if (!doc_->isOpen()) return;
  if (playTimer_.isActive()) {
    playTimer_.stop();
    session_->frames()->setReadAhead(0);
    statusBar()->showMessage(tr("Paused"), 1500);
  } else {
    playTimer_.start(static_cast<int>(std::max(1.0, 1000.0 / doc_->fps())));
    // Decode the frames ahead of the playhead (looping over the play range) meanwhile.
    session_->frames()->setReadAhead(kPlaybackReadAhead, timeline_->rangeFirst(),
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

void MainWindow::showShortcuts() {
  QDialog dialog(this);
  dialog.setObjectName(QStringLiteral("shortcutsDialog"));
  dialog.setWindowTitle(tr("Keyboard Shortcuts"));
  auto* layout = new QVBoxLayout(&dialog);
  auto* table = new QTableWidget(&dialog);
  table->setColumnCount(2);
  table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
  QList<QPair<QString, QString>> rows;
  for (QAction* menuAction : menuBar()->actions()) {
    if (!menuAction->menu()) continue;
    for (QAction* a : menuAction->menu()->actions()) {
      QString text = a->text();
      QString keys = a->shortcut().toString(QKeySequence::NativeText);
      if (text.contains(QLatin1Char('\t'))) {
        keys = text.section(QLatin1Char('\t'), 1);
        text = text.section(QLatin1Char('\t'), 0, 0);
      }
      if (!keys.isEmpty()) rows.append({text.remove(QLatin1Char('&')), keys});
    }
  }
  rows.append({tr("Pan"), tr("Space + drag, or middle mouse button")});
  rows.append({tr("Zoom at cursor"), tr("Mouse wheel")});
  rows.append({tr("Brush size"), tr("Ctrl + drag (brush/eraser)")});
  rows.append({tr("Erase with brush / subtract polygon"), tr("Alt + paint")});
  rows.append(
      {tr("Close polygon"), tr("Double-click or Enter (Esc cancels, Backspace undoes a point)")});
  table->setRowCount(static_cast<int>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
    table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
  }
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  table->horizontalHeader()->setStretchLastSection(true);
  table->verticalHeader()->setVisible(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(table);
  dialog.resize(640, 560);
  dialog.exec();
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
