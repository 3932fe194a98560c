#include "ui/widgets/SpaceKeyHandTool.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

#include "ui/widgets/ViewerWidget.h"

namespace rm::ui {

namespace {
bool typesText(const QWidget* w) {
  if (qobject_cast<const QLineEdit*>(w) || qobject_cast<const QTextEdit*>(w) ||
      qobject_cast<const QPlainTextEdit*>(w) || qobject_cast<const QAbstractSpinBox*>(w))
    return true;
  const auto* combo = qobject_cast<const QComboBox*>(w);
  return combo && combo->isEditable();
}
}  // namespace

SpaceKeyHandTool::SpaceKeyHandTool(QWidget* window, ViewerWidget* viewer)
    : QObject(window), window_(window), viewer_(viewer) {
  qApp->installEventFilter(this);
}

bool SpaceKeyHandTool::eventFilter(QObject* watched, QEvent* event) {
  const QEvent::Type type = event->type();
  if (type != QEvent::KeyPress && type != QEvent::KeyRelease) return false;
  auto* key = static_cast<QKeyEvent*>(event);
  if (key->key() != Qt::Key_Space || key->modifiers() != Qt::NoModifier) return false;
  auto* widget = qobject_cast<QWidget*>(watched);
  if (!widget || widget->window() != window_ || typesText(widget) || !viewer_) return false;
  if (key->isAutoRepeat()) return true;  // a held key repeats: still the same hold
  if (type == QEvent::KeyPress) {
    held_.start();
    viewer_->setHandTool(true);
    return true;
  }
  if (!held_.isValid()) return true;  // pressed before the window had focus
  const bool tap = held_.elapsed() < kTapMs && !viewer_->handToolPanned();
  held_.invalidate();
  viewer_->setHandTool(false);
  if (tap) emit tapped();
  return true;
}

}  // namespace rm::ui
