#include "ui/widgets/Playback.h"

#include <algorithm>

namespace rm::ui {

namespace {
// Frames decoded ahead of the playhead: enough to ride out a slow GOP at 1080p.
constexpr int kReadAhead = 12;
}  // namespace

Playback::Playback(QObject* parent) : QObject(parent) {
  connect(&timer_, &QTimer::timeout, this, &Playback::frameDue);
}

void Playback::play(bridge::FrameProvider* frames, double fps, int first, int last) {
  first_ = first;
  last_ = last;
  timer_.start(static_cast<int>(std::max(1.0, 1000.0 / fps)));
  setFrameProvider(frames);
}

void Playback::stop() {
  timer_.stop();
  if (frames_) frames_->setReadAhead(0);
}

void Playback::setFrameProvider(bridge::FrameProvider* frames) {
  frames_ = frames;
  if (frames_ && isPlaying()) frames_->setReadAhead(kReadAhead, first_, last_);
}

int Playback::nextFrame(int current, int first, int last) {
  const int next = current + 1;
  return next > last || next < first ? first : next;
}

}  // namespace rm::ui
