#pragma once
// When to autosave the open shot: a finished edit (a step on the undo stack: a stroke, a
// clear, undo/redo) `commitMs` after it; other changes (a propagation delivering results, a
// stroke still being painted) once the document is quiet for `quietMs`, and at the latest
// `maxDelayMs` after the first change not yet saved, so a stream of them is saved too.
// With the write that follows, every edit is on disk well within 2 s.

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
  static constexpr int kCommitMs = 100;
  static constexpr int kRetryMs = 100;

  explicit AutosaveScheduler(QObject* parent = nullptr, int quietMs = kQuietMs,
                             int maxDelayMs = kMaxDelayMs);

  // Every change of `doc` (masks, states, objects, undo and redo) schedules a save.
  void watch(Document* doc);
  // Something to save changed.
  void changed();
  // An edit was completed (the undo stack moved): save soon.
  void committed();
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
  QElapsedTimer firstChange_;   // valid while a change waits
  bool commitPending_ = false;  // a finished edit waits: quiet changes do not delay it
};

}  // namespace rm::bridge
