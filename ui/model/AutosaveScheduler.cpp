#include "ui/model/AutosaveScheduler.h"

#include <algorithm>

#include "ui/model/Document.h"

namespace rm::bridge {

AutosaveScheduler::AutosaveScheduler(QObject* parent, int quietMs, int maxDelayMs)
    : QObject(parent), quietMs_(quietMs), maxDelayMs_(maxDelayMs) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, [this] {
    firstChange_.invalidate();
    commitPending_ = false;
    emit due();
  });
}

void AutosaveScheduler::watch(Document* doc) {
  connect(doc, &Document::maskChanged, this, &AutosaveScheduler::changed);
  connect(doc, &Document::frameStatesChanged, this, &AutosaveScheduler::changed);
  connect(doc, &Document::instancesChanged, this, &AutosaveScheduler::changed);
  connect(doc->undoStack(), &QUndoStack::indexChanged, this, &AutosaveScheduler::committed);
}

void AutosaveScheduler::committed() {
  if (!firstChange_.isValid()) firstChange_.start();
  commitPending_ = true;
  arm(kCommitMs);
}

void AutosaveScheduler::changed() {
  if (!firstChange_.isValid()) firstChange_.start();
  if (!commitPending_) arm(quietMs_);  // a finished edit's save is not put off
}

void AutosaveScheduler::retry() {
  if (!firstChange_.isValid()) firstChange_.start();
  arm(kRetryMs);
}

void AutosaveScheduler::clear() {
  timer_.stop();
  firstChange_.invalidate();
  commitPending_ = false;
}

void AutosaveScheduler::arm(int delayMs) {
  const qint64 left = maxDelayMs_ - firstChange_.elapsed();
  timer_.start(static_cast<int>(std::clamp<qint64>(left, 0, delayMs)));
}

}  // namespace rm::bridge
