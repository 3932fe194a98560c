#include "ui/ViewerWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTabletEvent>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>

#include "app/bridge/MaskPainter.h"

namespace rm::ui {

namespace {
constexpr double kMinScale = 0.02;
constexpr double kMaxScale = 64.0;

cv::Point2d toCv(QPointF p) {
  return {p.x(), p.y()};
}

QBrush checkerBrush() {
  QPixmap tile(16, 16);
  tile.fill(QColor(150, 150, 150));
  QPainter p(&tile);
  p.fillRect(0, 0, 8, 8, QColor(100, 100, 100));
  p.fillRect(8, 8, 8, 8, QColor(100, 100, 100));
  return QBrush(tile);
}
}  // namespace

ViewerWidget::ViewerWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("viewer"));
  setAutoFillBackground(false);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(320, 180);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_TabletTracking);
}

void ViewerWidget::setDocument(bridge::Document* doc) {
  if (doc_) disconnect(doc_, nullptr, this, nullptr);
  doc_ = doc;
  if (doc_) {
    connect(doc_, &bridge::Document::maskChanged, this, &ViewerWidget::onMaskChanged);
    connect(doc_, &bridge::Document::instancesChanged, this, [this] {
      rebuildOverlay({});
      update();
    });
    connect(doc_, &bridge::Document::documentReset, this, [this] {
      drag_ = Drag::None;
      polygon_.clear();
      frame_ = {};
      fit_ = true;
      applyFit();
      rebuildOverlay({});
      update();
    });
  }
  rebuildOverlay({});
  update();
}

void ViewerWidget::setFrame(int frameIndex, const QImage& frame) {
  if (frameIndex != frameIndex_) {
    if (drag_ == Drag::Paint) endPaint();
    polygon_.clear();
  }
  const bool sizeChanged = frame.size() != frame_.size();
  frameIndex_ = frameIndex;
  frame_ = frame;
  if (sizeChanged) applyFit();
  rebuildOverlay({});
  update();
}

// ------------------------------------------------------------------ tools

void ViewerWidget::setCurrentInstance(int id) {
  currentInstance_ = id;
  update();
}

void ViewerWidget::setTool(Tool tool) {
  if (tool == tool_) return;
  if (drag_ != Drag::None && drag_ != Drag::Pan) endPaint();
  polygon_.clear();
  tool_ = tool;
  update();
  emit toolChanged(tool);
}

void ViewerWidget::setBrushRadius(double radius) {
  radius = std::clamp(radius, 0.5, 500.0);
  if (radius == brushRadius_) return;
  brushRadius_ = radius;
  update();
  emit brushRadiusChanged(radius);
}

bool ViewerWidget::canPaint() {
  if (!doc_ || !doc_->isOpen() || frameIndex_ < 0 || frameIndex_ >= doc_->frameCount())
    return false;
  const bridge::Instance* inst = doc_->instance(currentInstance_);
  if (!inst) {
    emit message(tr("Add or select an object in the Objects panel to paint."));
    return false;
  }
  if (inst->locked) {
    emit message(tr("%1 is locked.").arg(inst->name));
    return false;
  }
  return true;
}

void ViewerWidget::beginPaint(QPointF imagePos, bool erase, double pressure) {
  strokeMask_ = &doc_->beginStroke(frameIndex_);
  strokeErase_ = erase;
  strokeDirty_ = {};
  lastPaint_ = toCv(imagePos);
  lastPressure_ = pressure;
  const auto target = doc_->paintTarget(currentInstance_, erase);
  const cv::Rect r =
      bridge::paintCapsule(*strokeMask_, lastPaint_, lastPaint_, brushRadius_ * pressure, target);
  strokeDirty_ |= r;
  doc_->strokeUpdated(r);
  drag_ = Drag::Paint;
}

void ViewerWidget::continuePaint(QPointF imagePos, double pressure) {
  if (!strokeMask_) return;
  const cv::Point2d p = toCv(imagePos);
  const auto target = doc_->paintTarget(currentInstance_, strokeErase_);
  const double radius = brushRadius_ * std::max(pressure, lastPressure_);
  const cv::Rect r = bridge::paintCapsule(*strokeMask_, lastPaint_, p, radius, target);
  strokeDirty_ |= r;
  lastPaint_ = p;
  lastPressure_ = pressure;
  doc_->strokeUpdated(r);
}

void ViewerWidget::endPaint() {
  if (drag_ == Drag::Paint && doc_ && strokeMask_)
    doc_->endStroke(strokeErase_ ? tr("Erase") : tr("Brush stroke"), strokeDirty_);
  strokeMask_ = nullptr;
  drag_ = Drag::None;
}

void ViewerWidget::finishPolygon(bool erase) {
  std::vector<cv::Point2d> points;
  for (const QPointF& p : polygon_)
    points.push_back(toCv(p));
  polygon_.clear();
  update();
  if (points.size() < 3 || !canPaint()) return;
  const auto target = doc_->paintTarget(currentInstance_, erase);
  doc_->applyEdit(frameIndex_, tool_ == Tool::Lasso ? tr("Lasso fill") : tr("Polygon fill"),
                  [&](cv::Mat& m) { return bridge::paintPolygon(m, points, target); });
}

void ViewerWidget::fillHoles() {
  if (!canPaint()) return;
  const auto target = doc_->paintTarget(currentInstance_, false);
  doc_->applyEdit(frameIndex_, tr("Fill holes"),
                  [&](cv::Mat& m) { return bridge::fillHoles(m, target); });
}

void ViewerWidget::clearFrame() {
  if (!doc_ || !doc_->isOpen() || !doc_->mask(frameIndex_)) return;
  const auto target = doc_->paintTarget(0, false);
  doc_->applyEdit(frameIndex_, tr("Clear frame"),
                  [&](cv::Mat& m) { return bridge::clearUnlocked(m, target); });
}

// ------------------------------------------------------------------ overlay

void ViewerWidget::setOverlayMode(OverlayMode mode) {
  overlayMode_ = mode;
  rebuildOverlay({});
  update();
  emit overlayModeChanged(mode);
}

void ViewerWidget::setOverlayOpacity(double opacity) {
  opacity_ = std::clamp(opacity, 0.0, 1.0);
  rebuildOverlay({});
  update();
  emit overlayOpacityChanged(opacity_);
}

void ViewerWidget::onMaskChanged(int frame, const QRect& region) {
  if (frame != frameIndex_ && frame != -1) return;
  // Outlines depend on neighbours: grow the region by one pixel.
  rebuildOverlay(frame == -1 || region.isEmpty() ? QRect() : region.adjusted(-1, -1, 1, 1));
  update();
}

void ViewerWidget::rebuildOverlay(const QRect& regionIn) {
  if (!doc_ || !doc_->isOpen() || overlayMode_ == OverlayMode::Off) {
    overlay_ = {};
    return;
  }
  const QSize size = doc_->frameSize();
  const QRect full(QPoint(0, 0), size);
  QRect region = regionIn.isEmpty() ? full : (regionIn & full);
  if (overlay_.size() != size) {
    overlay_ = QImage(size, QImage::Format_ARGB32_Premultiplied);
    region = full;
  }
  std::array<QRgb, 256> fill{};
  std::array<QRgb, 256> solid{};
  std::array<bool, 256> visible{};
  const int alpha = static_cast<int>(std::lround(opacity_ * 255));
  for (const bridge::Instance& inst : doc_->instances()) {
    if (!inst.visible) continue;
    const auto id = static_cast<size_t>(inst.id);
    visible[id] = true;
    const QColor c = inst.color;
    fill[id] = qPremultiply(qRgba(c.red(), c.green(), c.blue(), alpha));
    solid[id] = qRgb(c.red(), c.green(), c.blue());
  }
  const cv::Mat* mask = doc_->mask(frameIndex_);
  const bool haveFrame = frame_.size() == size && frame_.format() == QImage::Format_RGB32;
  const int w = size.width();
  const int h = size.height();
  for (int y = region.top(); y <= region.bottom(); ++y) {
    auto* out = reinterpret_cast<QRgb*>(overlay_.scanLine(y));
    const uint8_t* row = mask ? mask->ptr<uint8_t>(y) : nullptr;
    const uint8_t* up = mask && y > 0 ? mask->ptr<uint8_t>(y - 1) : row;
    const uint8_t* down = mask && y + 1 < h ? mask->ptr<uint8_t>(y + 1) : row;
    const auto* pix = haveFrame ? reinterpret_cast<const QRgb*>(frame_.constScanLine(y)) : nullptr;
    for (int x = region.left(); x <= region.right(); ++x) {
      const uint8_t l = row ? row[x] : 0;
      const bool on = l != 0 && visible[l];
      switch (overlayMode_) {
        case OverlayMode::Fill:
          out[x] = on ? fill[l] : 0;
          break;
        case OverlayMode::Outline: {
          const bool edge = on && (x == 0 || x + 1 == w || row[x - 1] != l || row[x + 1] != l ||
                                   up[x] != l || down[x] != l);
          out[x] = edge ? solid[l] : 0;
          break;
        }
        case OverlayMode::Matte:
          out[x] = on ? 0xffffffffu : 0xff000000u;
          break;
        case OverlayMode::CutoutChecker:
        case OverlayMode::CutoutBlack:
          out[x] = on ? (pix ? (pix[x] | 0xff000000u) : 0xffffffffu) : 0u;
          break;
        case OverlayMode::Off:
          out[x] = 0;
          break;
      }
    }
  }
}

QImage ViewerWidget::composedImage() const {
  const QSize size = doc_ && doc_->isOpen() ? doc_->frameSize() : frame_.size();
  QImage out(size, QImage::Format_RGB32);
  out.fill(Qt::black);
  QPainter p(&out);
  if (overlayMode_ == OverlayMode::CutoutChecker) p.fillRect(out.rect(), checkerBrush());
  const bool showFrame = overlayMode_ == OverlayMode::Fill ||
                         overlayMode_ == OverlayMode::Outline || overlayMode_ == OverlayMode::Off;
  if (showFrame && !frame_.isNull()) p.drawImage(out.rect(), frame_);
  if (!overlay_.isNull()) p.drawImage(out.rect(), overlay_);
  return out;
}

// ------------------------------------------------------------------ view

void ViewerWidget::applyFit() {
  const QSize image = doc_ && doc_->isOpen() ? doc_->frameSize() : frame_.size();
  if (image.isEmpty()) return;
  if (fit_) {
    scale_ = std::min(width() / double(image.width()), height() / double(image.height()));
    if (scale_ <= 0) scale_ = 1.0;
  }
  if (fit_ || drag_ == Drag::None) {
    if (fit_)
      offset_ = QPointF((width() - image.width() * scale_) / 2.0,
                        (height() - image.height() * scale_) / 2.0);
  }
  emit viewChanged();
}

void ViewerWidget::fitToWindow() {
  fit_ = true;
  applyFit();
  update();
}

void ViewerWidget::setActualPixels() {
  const QSize image = doc_ && doc_->isOpen() ? doc_->frameSize() : frame_.size();
  fit_ = false;
  scale_ = 1.0 / devicePixelRatioF();  // one image pixel per device pixel
  offset_ =
      QPointF((width() - image.width() * scale_) / 2.0, (height() - image.height() * scale_) / 2.0);
  update();
  emit viewChanged();
}

void ViewerWidget::zoomBy(double factor, QPointF anchor) {
  const QPointF imagePoint = widgetToImage(anchor);
  scale_ = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  offset_ = anchor - imagePoint * scale_;  // the point under the cursor stays put
  fit_ = false;
  update();
  emit viewChanged();
}

void ViewerWidget::resizeEvent(QResizeEvent*) {
  applyFit();
}

// ------------------------------------------------------------------ painting

void ViewerWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(38, 38, 38));
  const QSize image = doc_ && doc_->isOpen() ? doc_->frameSize() : frame_.size();
  if (image.isEmpty()) {
    painter.setPen(QColor(160, 160, 160));
    painter.drawText(rect(), Qt::AlignCenter,
                     tr("Open a clip (File > Open) or drop one here to start"));
    return;
  }
  const QRectF target(offset_, QSizeF(image.width() * scale_, image.height() * scale_));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale_ < 1.0);
  switch (overlayMode_) {
    case OverlayMode::CutoutChecker:
      painter.fillRect(target, checkerBrush());
      break;
    case OverlayMode::CutoutBlack:
    case OverlayMode::Matte:
      painter.fillRect(target, Qt::black);
      break;
    default:
      if (!frame_.isNull())
        painter.drawImage(target, frame_);
      else
        painter.fillRect(target, QColor(20, 20, 20));
  }
  if (!overlay_.isNull()) painter.drawImage(target, overlay_);

  painter.setRenderHint(QPainter::Antialiasing, true);
  const QColor accent = doc_ && doc_->instance(currentInstance_)
                            ? doc_->instance(currentInstance_)->color
                            : QColor(240, 160, 40);
  if (!polygon_.empty()) {
    QPolygonF poly;
    for (const QPointF& p : polygon_)
      poly << imageToWidget(p);
    if (tool_ == Tool::Polygon && hovering_) poly << hover_;
    painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
    painter.drawPolyline(poly);
    painter.setPen(QPen(accent, 1.5));
    painter.drawPolyline(poly);
    for (const QPointF& p : polygon_)
      painter.drawEllipse(imageToWidget(p), 3, 3);
  }
  if (hovering_ && (tool_ == Tool::Brush || tool_ == Tool::Eraser)) {
    const double r = brushRadius_ * scale_;
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 170), 2.5));
    painter.drawEllipse(hover_, r, r);
    painter.setPen(QPen(tool_ == Tool::Eraser ? QColor(255, 255, 255) : accent, 1.2,
                        tool_ == Tool::Eraser ? Qt::DashLine : Qt::SolidLine));
    painter.drawEllipse(hover_, r, r);
  }
}

// ------------------------------------------------------------------ input

void ViewerWidget::mousePressEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  hover_ = pos;
  if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && spaceHeld_)) {
    drag_ = Drag::Pan;
    spacePanned_ = true;
    dragStartWidget_ = pos;
    panStartOffset_ = offset_;
    setCursor(Qt::ClosedHandCursor);
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  const bool alt = event->modifiers() & Qt::AltModifier;
  switch (tool_) {
    case Tool::Brush:
    case Tool::Eraser:
      if (event->modifiers() & Qt::ControlModifier) {
        drag_ = Drag::BrushSize;
        dragStartWidget_ = pos;
        sizeStartRadius_ = brushRadius_;
      } else if (canPaint()) {
        beginPaint(widgetToImage(pos), tool_ == Tool::Eraser || alt, 1.0);
      }
      break;
    case Tool::Polygon:
      polygon_.push_back(widgetToImage(pos));
      break;
    case Tool::Lasso:
      polygon_ = {widgetToImage(pos)};
      drag_ = Drag::Lasso;
      break;
  }
  update();
}

void ViewerWidget::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  hover_ = pos;
  hovering_ = true;
  switch (drag_) {
    case Drag::Pan:
      offset_ = panStartOffset_ + (pos - dragStartWidget_);
      fit_ = false;
      emit viewChanged();
      break;
    case Drag::BrushSize:
      setBrushRadius(sizeStartRadius_ * std::pow(1.01, pos.x() - dragStartWidget_.x()));
      hover_ = dragStartWidget_;
      break;
    case Drag::Paint:
      continuePaint(widgetToImage(pos), lastPressure_);
      break;
    case Drag::Lasso: {
      const QPointF p = widgetToImage(pos);
      if (QLineF(imageToWidget(polygon_.back()), pos).length() >= 2.0) polygon_.push_back(p);
      break;
    }
    case Drag::None:
      break;
  }
  update();
}

void ViewerWidget::mouseReleaseEvent(QMouseEvent* event) {
  switch (drag_) {
    case Drag::Paint:
      endPaint();
      break;
    case Drag::Lasso:
      drag_ = Drag::None;
      finishPolygon(event->modifiers() & Qt::AltModifier);
      break;
    case Drag::Pan:
      unsetCursor();
      [[fallthrough]];
    default:
      drag_ = Drag::None;
  }
  update();
}

void ViewerWidget::mouseDoubleClickEvent(QMouseEvent* event) {
  if (tool_ == Tool::Polygon && event->button() == Qt::LeftButton) {
    finishPolygon(event->modifiers() & Qt::AltModifier);
    return;
  }
  mousePressEvent(event);
}

void ViewerWidget::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) zoomBy(std::pow(1.25, steps), event->position());
  event->accept();
}

void ViewerWidget::tabletEvent(QTabletEvent* event) {
  // Pressure scales the brush; without a tablet Qt synthesises mouse events instead.
  const QPointF pos = event->position();
  hover_ = pos;
  hovering_ = true;
  const double pressure = std::clamp(event->pressure(), 0.05, 1.0);
  const bool paintTool = tool_ == Tool::Brush || tool_ == Tool::Eraser;
  if (!paintTool || spaceHeld_) {
    event->ignore();  // fall back to the mouse path
    return;
  }
  if (event->type() == QEvent::TabletPress && canPaint())
    beginPaint(
        widgetToImage(pos),
        tool_ == Tool::Eraser || event->pointerType() == QPointingDevice::PointerType::Eraser,
        pressure);
  else if (event->type() == QEvent::TabletMove && drag_ == Drag::Paint)
    continuePaint(widgetToImage(pos), pressure);
  else if (event->type() == QEvent::TabletRelease && drag_ == Drag::Paint)
    endPaint();
  event->accept();
  update();
}

void ViewerWidget::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Space:
      if (!event->isAutoRepeat()) {
        spaceHeld_ = true;
        spacePanned_ = false;
        setCursor(Qt::OpenHandCursor);
      }
      return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (!polygon_.empty()) finishPolygon(event->modifiers() & Qt::AltModifier);
      return;
    case Qt::Key_Escape:
      polygon_.clear();
      update();
      return;
    case Qt::Key_Backspace:
      if (!polygon_.empty()) {
        polygon_.pop_back();
        update();
        return;
      }
      break;
    default:
      break;
  }
  QWidget::keyPressEvent(event);
}

void ViewerWidget::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    spaceHeld_ = false;
    unsetCursor();
    if (!spacePanned_) emit togglePlaybackRequested();  // a tap plays, a drag pans
    return;
  }
  QWidget::keyReleaseEvent(event);
}

void ViewerWidget::leaveEvent(QEvent*) {
  hovering_ = false;
  update();
}

}  // namespace rm::ui
