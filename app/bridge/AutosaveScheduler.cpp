#include "app/bridge/AutosaveScheduler.h"

#include <algorithm>

#include "app/bridge/Document.h"

namespace rm::bridge {

AutosaveScheduler::AutosaveScheduler(QObject* parent, int quietMs, int maxDelayMs)
    : QObject(parent), quietMs_(quietMs), maxDelayMs_(maxDelayMs) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, [this] {
    firstChange_.invalidate();
    emit due();
  });
}

void AutosaveScheduler::watch(Document* doc) {
  connect(doc, &Document::maskChanged, this, &AutosaveScheduler::changed);
  connect(doc, &Document::frameStatesChanged, this, &AutosaveScheduler::changed);
  connect(doc, &Document::instancesChanged, this, &AutosaveScheduler::changed);
  connect(doc->undoStack(), &QUndoStack::indexChanged, this, &AutosaveScheduler::changed);
}

void AutosaveScheduler::changed() {
  if (!firstChange_.isValid()) firstChange_.start();
  arm(quietMs_);
}

void AutosaveScheduler::retry() {
  if (!firstChange_.isValid()) firstChange_.start();
  arm(kRetryMs);
}

void AutosaveScheduler::clear() {
  timer_.stop();
  firstChange_.invalidate();
}

void AutosaveScheduler::arm(int delayMs) {
  const qint64 left = maxDelayMs_ - firstChange_.elapsed();
  timer_.start(static_cast<int>(std::clamp<qint64>(left, 0, delayMs)));
}

}  // namespace rm::bridge
