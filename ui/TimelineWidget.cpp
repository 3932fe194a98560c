#include "ui/TimelineWidget.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace rm::ui {

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("timeline"));
  setMinimumHeight(48);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimelineWidget::setFrameCount(int count) {
  frameCount_ = std::max(0, count);
  current_ = std::clamp(current_, 0, std::max(0, frameCount_ - 1));
  update();
}

void TimelineWidget::setCurrentFrame(int frame) {
  if (frameCount_ == 0) return;
  current_ = std::clamp(frame, 0, frameCount_ - 1);
  update();
}

double TimelineWidget::xOf(int frame) const {
  if (frameCount_ <= 1) return 8.0;
  return 8.0 + (width() - 16.0) * frame / (frameCount_ - 1);
}

int TimelineWidget::frameAt(double x) const {
  if (frameCount_ <= 1) return 0;
  const double t = (x - 8.0) / std::max(1.0, width() - 16.0);
  return std::clamp(static_cast<int>(std::lround(t * (frameCount_ - 1))), 0, frameCount_ - 1);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(30, 30, 30));
  painter.setPen(QColor(120, 120, 120));
  painter.drawLine(QPointF(8, height() / 2.0), QPointF(width() - 8, height() / 2.0));
  if (frameCount_ == 0) return;
  painter.setPen(QColor(240, 160, 40));
  const double x = xOf(current_);
  painter.drawLine(QPointF(x, 4), QPointF(x, height() - 4));
  painter.drawText(QRectF(x + 4, 2, 80, 16), Qt::AlignLeft, QString::number(current_));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) emit frameRequested(frameAt(event->position().x()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) emit frameRequested(frameAt(event->position().x()));
}

}  // namespace rm::ui
