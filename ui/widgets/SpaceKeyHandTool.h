#pragma once
// Space as in After Effects and Nuke's viewer: held, the viewer's hand tool (drag to pan,
// whatever tool is active and whichever widget of the window has focus); tapped, play/pause.
// An application event filter, so the timeline or a panel with focus cannot turn a held
// Space into playback; text fields keep their Space.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace rm::ui {

class ViewerWidget;

class SpaceKeyHandTool : public QObject {
  Q_OBJECT
 public:
  // Shorter than this, without a pan, is a tap.
  static constexpr int kTapMs = 250;

  // Handles Space for the widgets of `window` (installed on the application).
  SpaceKeyHandTool(QWidget* window, ViewerWidget* viewer);

 signals:
  void tapped();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* window_;
  QPointer<ViewerWidget> viewer_;
  QElapsedTimer held_;  // valid while Space is down
};

}  // namespace rm::ui
