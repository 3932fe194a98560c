#pragma once
// Playing the clip: a timer at the clip's frame rate says when the next frame of the play
// range is due (the window shows it once the current one is on screen), and the frame
// provider decodes the range ahead of the playhead meanwhile.

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "ui/model/FrameProvider.h"

namespace rm::ui {

class Playback : public QObject {
  Q_OBJECT
 public:
  explicit Playback(QObject* parent = nullptr);

  bool isPlaying() const { return timer_.isActive(); }
  // Plays at `fps`; `frames` decodes [first, last] ahead of the playhead (looping).
  void play(bridge::FrameProvider* frames, double fps, int first, int last);
  // Stops, and the provider's decoding ahead with it.
  void stop();
  // The clip's provider was replaced (a new session) while playing: it decodes ahead now.
  void setFrameProvider(bridge::FrameProvider* frames);
  // The frame after `current` in [first, last], back to `first` after the end.
  static int nextFrame(int current, int first, int last);

 signals:
  void frameDue();

 private:
  QTimer timer_;
  QPointer<bridge::FrameProvider> frames_;
  int first_ = 0;
  int last_ = 0;
};

}  // namespace rm::ui
