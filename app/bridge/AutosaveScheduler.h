#pragma once
// When to autosave the open shot: soon after the artist pauses (`quietMs` without a
// change) and at the latest `maxDelayMs` after the first change not yet saved, so a stream
// of changes (a propagation delivering results, a long stroke) is still saved every
// `maxDelayMs`. With the write that follows, every edit is on disk about 2 s after it.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace rm::bridge {

class Document;

class AutosaveScheduler : public QObject {
  Q_OBJECT
 public:
  static constexpr int kQuietMs = 500;
  static constexpr int kMaxDelayMs = 1500;
  static constexpr int kRetryMs = 100;

  explicit AutosaveScheduler(QObject* parent = nullptr, int quietMs = kQuietMs,
                             int maxDelayMs = kMaxDelayMs);

  // Every change of `doc` (masks, states, objects, undo and redo) schedules a save.
  void watch(Document* doc);
  // Something to save changed.
  void changed();
  // The save could not start now (one still writing, a stroke open): try again shortly,
  // keeping the deadline of the first unsaved change.
  void retry();
  // Nothing is waiting any more (saved by hand, shot closed).
  void clear();
  bool pending() const { return timer_.isActive(); }

 signals:
  void due();

 private:
  void arm(int delayMs);

  int quietMs_;
  int maxDelayMs_;
  QTimer timer_;
  QElapsedTimer firstChange_;  // valid while a change waits
};

}  // namespace rm::bridge
