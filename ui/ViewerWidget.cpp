#include "ui/ViewerWidget.h"

#include <QPainter>

namespace rm::ui {

ViewerWidget::ViewerWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("viewer"));
  setAutoFillBackground(false);
  setMinimumSize(320, 180);
}

void ViewerWidget::setFrame(const QImage& frame) {
  frame_ = frame;
  update();
}

void ViewerWidget::setOverlay(const QImage& overlay) {
  overlay_ = overlay;
  update();
}

QRectF ViewerWidget::imageRect() const {
  if (frame_.isNull()) return {};
  const QSizeF scaled = QSizeF(frame_.size()).scaled(size(), Qt::KeepAspectRatio);
  return {QPointF((width() - scaled.width()) / 2.0, (height() - scaled.height()) / 2.0), scaled};
}

void ViewerWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(38, 38, 38));
  if (frame_.isNull()) {
    painter.setPen(QColor(160, 160, 160));
    painter.drawText(rect(), Qt::AlignCenter, tr("Open a clip (File > Open) to start"));
    return;
  }
  const QRectF target = imageRect();
  painter.drawImage(target, frame_);
  if (!overlay_.isNull()) painter.drawImage(target, overlay_);
}

}  // namespace rm::ui
