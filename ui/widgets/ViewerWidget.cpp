#include "ui/widgets/ViewerWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTabletEvent>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>

#include "ui/model/MaskPainter.h"

namespace rm::ui {

namespace {
constexpr double kMinScale = 0.02;
constexpr double kMaxScale = 64.0;

cv::Point2d toCv(QPointF p) {
  return {p.x(), p.y()};
}

// Gap between the side-by-side panels, in image pixels: visible at any zoom.
int sideBySideGap(int imageWidth) {
  return std::max(2, imageWidth / 80);
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
  if (matteSelectedOnly_) rebuildOverlay({});  // the matte follows the selection
  update();
}

void ViewerWidget::setMatteSelectedOnly(bool on) {
  matteSelectedOnly_ = on;
  rebuildOverlay({});
  update();
}

void ViewerWidget::setOnionSkin(bool on) {
  onionSkin_ = on;
  rebuildOverlay({});
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

void ViewerWidget::setBrushHardness(double hardness) {
  hardness = std::clamp(hardness, 0.0, 1.0);
  if (hardness == brushHardness_) return;
  brushHardness_ = hardness;
  update();
  emit brushHardnessChanged(hardness);
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
  stroke_ = doc_->beginStroke(frameIndex_, erase ? tr("Erase") : tr("Brush stroke"));
  if (!stroke_) return;
  strokeErase_ = erase;
  lastPaint_ = toCv(imagePos);
  lastPressure_ = pressure;
  stroke_->paint(lastPaint_, lastPaint_, brushRadius_ * pressure, brushHardness_,
                 doc_->paintTarget(currentInstance_, erase));
  drag_ = Drag::Paint;
}

void ViewerWidget::continuePaint(QPointF imagePos, double pressure) {
  if (!stroke_) return;
  const cv::Point2d p = toCv(imagePos);
  const double radius = brushRadius_ * std::max(pressure, lastPressure_);
  stroke_->paint(lastPaint_, p, radius, brushHardness_,
                 doc_->paintTarget(currentInstance_, strokeErase_));
  lastPaint_ = p;
  lastPressure_ = pressure;
}

void ViewerWidget::endPaint() {
  if (stroke_) stroke_->commit();
  stroke_.reset();
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

void ViewerWidget::finishSmartStroke() {
  std::vector<cv::Point2d> points;
  for (const QPointF& p : polygon_)
    points.push_back(toCv(p));
  polygon_.clear();
  update();
  if (points.empty() || !canPaint()) return;
  // The plain brush's footprint: capsules of the brush radius along the path.
  cv::Mat stroke = cv::Mat::zeros(doc_->frameSize().height(), doc_->frameSize().width(), CV_8UC1);
  bridge::PaintTarget ink;
  ink.id = 255;
  for (size_t i = 0; i < points.size(); ++i)
    bridge::paintCapsule(stroke, points[i > 0 ? i - 1 : 0], points[i], brushRadius_, ink);
  emit smartStroke(frameIndex_, currentInstance_, stroke, strokeErase_);
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
  doc_->applyLayeredEdit(
      frameIndex_, tr("Clear frame"), [&](cv::Mat& m, bridge::SoftLayers& layers) {
        // Soft edges of unlocked objects go too, tails included.
        for (auto it = layers.begin(); it != layers.end();)
          it = target.locked[static_cast<size_t>(it->first)] ? std::next(it) : layers.erase(it);
        return bridge::clearUnlocked(m, target);
      });
}

// ------------------------------------------------------------------ overlay

void ViewerWidget::setOverlayMode(OverlayMode mode) {
  const bool wasSideBySide = isSideBySide();
  overlayMode_ = mode;
  if (wasSideBySide != isSideBySide()) {
    polygon_.clear();
    // Side by side, each half of the viewer shows the same region: the zoom stays (the artist
    // compares at the zoom they work at) and what was at the centre stays at each half's.
    fit_ = false;
    offset_.rx() += isSideBySide() ? -width() / 4.0 : width() / 4.0;
    emit viewChanged();
  }
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
  const bool neighbour = onionSkin_ && std::abs(frame - frameIndex_) == 1;
  if (frame != frameIndex_ && frame != -1 && !neighbour) return;
  // Outlines depend on neighbours: grow the region by one pixel.
  rebuildOverlay(frame == -1 || region.isEmpty() ? QRect() : region.adjusted(-1, -1, 1, 1));
  update();
}

void ViewerWidget::recompose(const QRect& regionIn) {
  const QSize size = imageSize();
  const bool frameValid = frame_.size() == size && !frame_.isNull();
  if (size.isEmpty() || overlayMode_ == OverlayMode::CutoutChecker) {
    shown_ = {};  // the checkerboard is drawn in widget space, under the overlay
    return;
  }
  if (overlayMode_ == OverlayMode::Off) {
    shown_ = frameValid ? frame_ : QImage();  // shared, no copy
    return;
  }
  const bool overFrame = overlayMode_ == OverlayMode::Fill ||
                         overlayMode_ == OverlayMode::Outline ||
                         overlayMode_ == OverlayMode::SideBySideOverlay;
  const QRect full(QPoint(0, 0), size);
  QRect region = regionIn & full;
  if (regionIn.isEmpty() || shown_.size() != size || shown_.cacheKey() == frame_.cacheKey()) {
    shown_ = QImage(size, QImage::Format_RGB32);
    region = full;
  }
  QPainter p(&shown_);
  p.setCompositionMode(QPainter::CompositionMode_Source);
  if (overFrame && frameValid)
    p.drawImage(region.topLeft(), frame_, region);
  else
    p.fillRect(region, overFrame ? QColor(20, 20, 20) : QColor(Qt::black));
  p.setCompositionMode(QPainter::CompositionMode_SourceOver);
  if (!overlay_.isNull()) p.drawImage(region.topLeft(), overlay_, region);
}

void ViewerWidget::rebuildOverlay(const QRect& regionIn) {
  if (!doc_ || !doc_->isOpen() || overlayMode_ == OverlayMode::Off) {
    overlay_ = {};
    recompose({});
    return;
  }
  const QSize size = doc_->frameSize();
  const QRect full(QPoint(0, 0), size);
  QRect region = regionIn.isEmpty() ? full : (regionIn & full);
  if (overlay_.size() != size) {
    overlay_ = QImage(size, QImage::Format_ARGB32_Premultiplied);
    region = full;
  }
  std::array<QRgb, 256> fill{};    // fill colour at the overlay opacity (0: not shown)
  std::array<QRgb, 256> solid{};   // opaque instance colour
  std::array<QRgb, 256> matte{};   // white where shown, else black
  std::array<QRgb, 256> cutout{};  // mask ANDed with the picture (opaque), 0 elsewhere
  std::array<bool, 256> visible{};
  matte.fill(0xff000000u);
  const int alpha = static_cast<int>(std::lround(opacity_ * 255));
  // Side by side, the right panel shows the fill overlay or the matte.
  const OverlayMode style = overlayMode_ == OverlayMode::SideBySideOverlay ? OverlayMode::Fill
                            : overlayMode_ == OverlayMode::SideBySideMatte ? OverlayMode::Matte
                                                                           : overlayMode_;
  const bool matteStyle = style == OverlayMode::Matte || style == OverlayMode::CutoutChecker ||
                          style == OverlayMode::CutoutBlack;
  const bool soloMatte = matteStyle && matteSelectedOnly_;
  for (const bridge::Instance& inst : doc_->instances()) {
    if (!inst.visible || (soloMatte && inst.id != currentInstance_)) continue;
    const auto id = static_cast<size_t>(inst.id);
    visible[id] = true;
    const QColor c = inst.colour;
    fill[id] = qPremultiply(qRgba(c.red(), c.green(), c.blue(), alpha));
    solid[id] = qRgb(c.red(), c.green(), c.blue());
    matte[id] = 0xffffffffu;
    cutout[id] = 0xffffffffu;
  }
  const cv::Mat* mask = doc_->mask(frameIndex_);
  // Onion skin over the painting views: the neighbours' outlines (visible objects).
  const bool onion = onionSkin_ && !matteStyle;
  const cv::Mat* previous = onion ? doc_->mask(frameIndex_ - 1) : nullptr;
  const cv::Mat* next = onion ? doc_->mask(frameIndex_ + 1) : nullptr;
  auto onionEdge = [&](const cv::Mat* m, int x, int y) {
    const uint8_t l = m->ptr<uint8_t>(y)[x];
    if (l == 0 || !visible[l]) return false;
    return x == 0 || x + 1 == m->cols || y == 0 || y + 1 == m->rows ||
           m->ptr<uint8_t>(y)[x - 1] != l || m->ptr<uint8_t>(y)[x + 1] != l ||
           m->ptr<uint8_t>(y - 1)[x] != l || m->ptr<uint8_t>(y + 1)[x] != l;
  };
  // Soft alpha layers of visible objects: a pixel shows its label's alpha, or a soft tail
  // of another object where that is stronger (the dominant object gives the colour).
  std::vector<std::pair<int, const cv::Mat*>> soft;
  std::array<const cv::Mat*, 256> layerOf{};
  if (const bridge::SoftLayers* layers = doc_->softLayers(frameIndex_)) {
    for (const auto& [id, layer] : *layers) {
      if (id <= 0 || id > 255 || !visible[static_cast<size_t>(id)]) continue;
      soft.emplace_back(id, &layer);
      layerOf[static_cast<size_t>(id)] = &layer;
    }
  }
  std::vector<const uint8_t*> softRows(soft.size());
  const bool haveFrame = frame_.size() == size && frame_.format() == QImage::Format_RGB32;
  const int w = size.width();
  const int h = size.height();
  for (int y = region.top(); y <= region.bottom(); ++y) {
    auto* out = reinterpret_cast<QRgb*>(overlay_.scanLine(y));
    const uint8_t* row = mask ? mask->ptr<uint8_t>(y) : nullptr;
    const uint8_t* up = mask && y > 0 ? mask->ptr<uint8_t>(y - 1) : row;
    const uint8_t* down = mask && y + 1 < h ? mask->ptr<uint8_t>(y + 1) : row;
    const auto* pix = haveFrame ? reinterpret_cast<const QRgb*>(frame_.constScanLine(y)) : nullptr;
    for (size_t i = 0; i < soft.size(); ++i)
      softRows[i] = soft[i].second->ptr<uint8_t>(y);
    // Hard labels only (the common case): one table lookup per pixel, no branches.
    if (soft.empty() && style != OverlayMode::Outline && !previous && !next) {
      const std::array<QRgb, 256>& lut = style == OverlayMode::Fill    ? fill
                                         : style == OverlayMode::Matte ? matte
                                                                       : cutout;
      if (!row) {
        std::fill(out + region.left(), out + region.right() + 1, lut[0]);
      } else if (style != OverlayMode::CutoutChecker && style != OverlayMode::CutoutBlack) {
        for (int x = region.left(); x <= region.right(); ++x)
          out[x] = lut[row[x]];
      } else {  // cut-out: the picture where a visible object is
        for (int x = region.left(); x <= region.right(); ++x)
          out[x] = lut[row[x]] & (pix ? pix[x] : 0xffffffffu);
      }
      continue;
    }
    for (int x = region.left(); x <= region.right(); ++x) {
      const uint8_t l = row ? row[x] : 0;
      const bool on = l != 0 && visible[l];
      int who = l;                  // object whose colour shows
      int coverage = on ? 255 : 0;  // its alpha at this pixel
      if (!soft.empty()) {
        if (on && layerOf[l]) coverage = layerOf[l]->ptr<uint8_t>(y)[x];
        for (size_t i = 0; i < soft.size(); ++i) {
          if (soft[i].first != l && softRows[i][x] > coverage) {
            coverage = softRows[i][x];
            who = soft[i].first;
          }
        }
      }
      switch (style) {
        case OverlayMode::Fill:
          if (coverage == 255)
            out[x] = fill[static_cast<size_t>(who)];
          else if (coverage == 0)
            out[x] = 0;
          else
            out[x] = qPremultiply((solid[static_cast<size_t>(who)] & 0xffffffu) |
                                  (static_cast<uint>((alpha * coverage + 127) / 255) << 24));
          break;
        case OverlayMode::Outline: {
          const bool edge = on && (x == 0 || x + 1 == w || row[x - 1] != l || row[x + 1] != l ||
                                   up[x] != l || down[x] != l);
          out[x] = edge ? solid[l] : 0;
          break;
        }
        case OverlayMode::Matte:
          out[x] = qRgb(coverage, coverage, coverage);
          break;
        case OverlayMode::CutoutChecker:
        case OverlayMode::CutoutBlack:
          out[x] = qPremultiply(((pix ? pix[x] : 0xffffffu) & 0xffffffu) |
                                (static_cast<uint>(coverage) << 24));
          break;
        case OverlayMode::SideBySideOverlay:
        case OverlayMode::SideBySideMatte:
        case OverlayMode::Off:
          out[x] = 0;
          break;
      }
      if (previous && onionEdge(previous, x, y))
        out[x] = onionPreviousColour();
      else if (next && onionEdge(next, x, y))
        out[x] = onionNextColour();
    }
  }
  recompose(region);
}

QImage ViewerWidget::composedImage() const {
  const QSize size = imageSize();
  QImage out(contentSize(), QImage::Format_RGB32);
  out.fill(Qt::black);
  QPainter p(&out);
  const QRect left(QPoint(0, 0), size);
  if (isSideBySide() && !frame_.isNull()) p.drawImage(left, frame_);
  const QRect main = left.translated(panelShift(), 0);  // the panel with the overlay
  if (overlayMode_ == OverlayMode::CutoutChecker) {
    p.fillRect(main, checkerBrush());
    if (!overlay_.isNull()) p.drawImage(main, overlay_);
  } else if (!shown_.isNull()) {
    p.drawImage(main, shown_);
  }
  return out;
}

QSize ViewerWidget::imageSize() const {
  return doc_ && doc_->isOpen() ? doc_->frameSize() : frame_.size();
}

int ViewerWidget::panelShift() const {
  if (!isSideBySide()) return 0;
  const int w = imageSize().width();
  return w + sideBySideGap(w);
}

QSize ViewerWidget::contentSize() const {
  const QSize image = imageSize();
  return isSideBySide() ? QSize(image.width() + panelShift(), image.height()) : image;
}

double ViewerWidget::panelWidgetShift() const {
  return isSideBySide() ? width() / 2.0 : 0.0;
}

QSizeF ViewerWidget::viewport() const {
  return {width() - panelWidgetShift(), double(height())};
}

QPointF ViewerWidget::widgetToImage(QPointF p) const {
  // Right half: the same image point as its twin in the left half.
  const double shift = panelWidgetShift();
  if (shift > 0 && p.x() >= shift) p.rx() -= shift;
  return (p - offset_) / scale_;
}

// ------------------------------------------------------------------ view

void ViewerWidget::applyFit() {
  const QSize image = imageSize();
  if (image.isEmpty()) return;
  const QSizeF view = viewport();
  if (fit_) {
    scale_ = std::min(view.width() / image.width(), view.height() / image.height());
    if (scale_ <= 0) scale_ = 1.0;
    offset_ = QPointF((view.width() - image.width() * scale_) / 2.0,
                      (view.height() - image.height() * scale_) / 2.0);
  }
  emit viewChanged();
}

void ViewerWidget::fitToWindow() {
  fit_ = true;
  applyFit();
  update();
}

void ViewerWidget::setActualPixels() {
  const QSize image = imageSize();
  const QSizeF view = viewport();
  fit_ = false;
  scale_ = 1.0 / devicePixelRatioF();  // one image pixel per device pixel
  offset_ = QPointF((view.width() - image.width() * scale_) / 2.0,
                    (view.height() - image.height() * scale_) / 2.0);
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
  const QSize image = imageSize();
  if (image.isEmpty()) {
    painter.setPen(QColor(160, 160, 160));
    painter.drawText(rect(), Qt::AlignCenter,
                     tr("Open a clip (File > Open) or drop one here to start"));
    return;
  }
  const QRectF target(offset_, QSizeF(image.width() * scale_, image.height() * scale_));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale_ < 1.0);
  // Widget offset of the right panel relative to the left one (0 when single); each panel
  // stays in its half of the viewer.
  const QPointF shift(panelWidgetShift(), 0);
  if (isSideBySide()) {  // left: the untouched source
    painter.setClipRect(QRectF(0, 0, shift.x(), height()));
    if (!frame_.isNull())
      painter.drawImage(target, frame_);
    else
      painter.fillRect(target, QColor(20, 20, 20));
    painter.setClipRect(QRectF(shift.x(), 0, width() - shift.x(), height()));
  }
  const QRectF main = target.translated(shift);
  if (overlayMode_ == OverlayMode::CutoutChecker) {
    painter.fillRect(main, checkerBrush());
    if (!overlay_.isNull()) painter.drawImage(main, overlay_);
  } else if (!shown_.isNull()) {
    painter.drawImage(main, shown_);
  } else {
    painter.fillRect(main, QColor(20, 20, 20));
  }
  if (isSideBySide()) {
    painter.setClipping(false);
    painter.fillRect(QRectF(shift.x() - 1, 0, 2, height()), QColor(20, 20, 20));  // the seam
  }

  painter.setRenderHint(QPainter::Antialiasing, true);
  const QColor accent = doc_ && doc_->instance(currentInstance_)
                            ? doc_->instance(currentInstance_)->colour
                            : QColor(240, 160, 40);
  // Tool feedback in every panel, so the artist can watch either side while painting.
  const QPointF hoverLeft = imageToWidget(widgetToImage(hover_));
  const int panels = isSideBySide() ? 2 : 1;
  for (int panel = 0; panel < panels; ++panel) {
    const QPointF d = panel == 0 ? QPointF() : shift;
    if (!polygon_.empty() && tool_ == Tool::SmartBrush) {
      QPolygonF poly;
      for (const QPointF& p : polygon_)
        poly << imageToWidget(p) + d;
      QColor ink = strokeErase_ ? QColor(255, 255, 255) : accent;
      ink.setAlpha(150);
      painter.setBrush(Qt::NoBrush);
      painter.setPen(QPen(ink, std::max(1.0, 2 * brushRadius_ * scale_), Qt::SolidLine,
                          Qt::RoundCap, Qt::RoundJoin));
      painter.drawPolyline(poly);
    } else if (!polygon_.empty()) {
      QPolygonF poly;
      for (const QPointF& p : polygon_)
        poly << imageToWidget(p) + d;
      if (tool_ == Tool::Polygon && hovering_) poly << hoverLeft + d;
      painter.setBrush(Qt::NoBrush);
      painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
      painter.drawPolyline(poly);
      painter.setPen(QPen(accent, 1.5));
      painter.drawPolyline(poly);
      for (const QPointF& p : polygon_)
        painter.drawEllipse(imageToWidget(p) + d, 3, 3);
    }
    if (hovering_ && (tool_ == Tool::Brush || tool_ == Tool::Eraser || tool_ == Tool::SmartBrush)) {
      const double r = brushRadius_ * scale_;
      painter.setBrush(Qt::NoBrush);
      painter.setPen(QPen(QColor(0, 0, 0, 170), 2.5));
      painter.drawEllipse(hoverLeft + d, r, r);
      painter.setPen(QPen(tool_ == Tool::Eraser ? QColor(255, 255, 255) : accent, 1.2,
                          tool_ == Tool::Eraser ? Qt::DashLine : Qt::SolidLine));
      painter.drawEllipse(hoverLeft + d, r, r);
      if (brushHardness_ < 1.0) {  // where the label edge of a soft stroke falls (50%)
        const double edge = r * (1.0 + brushHardness_) / 2.0;
        painter.setPen(QPen(QColor(255, 255, 255, 140), 1.0, Qt::DotLine));
        painter.drawEllipse(hoverLeft + d, edge, edge);
      }
    }
  }
}

// ------------------------------------------------------------------ input

void ViewerWidget::mousePressEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  hover_ = pos;
  if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && handTool_)) {
    drag_ = Drag::Pan;
    handPanned_ = handTool_;
    dragStartWidget_ = pos;
    panStartOffset_ = offset_;
    setCursor(Qt::ClosedHandCursor);
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  const bool alt = event->modifiers() & Qt::AltModifier;
  const bool brushLike = tool_ == Tool::Brush || tool_ == Tool::Eraser || tool_ == Tool::SmartBrush;
  if (brushLike && (event->modifiers() & Qt::ControlModifier)) {  // Ctrl+drag sizes the brush
    drag_ = Drag::BrushSize;
    dragStartWidget_ = pos;
    sizeStartRadius_ = brushRadius_;
    update();
    return;
  }
  switch (tool_) {
    case Tool::Brush:
    case Tool::Eraser:
      if (canPaint()) beginPaint(widgetToImage(pos), tool_ == Tool::Eraser || alt, 1.0);
      break;
    case Tool::Polygon:
      polygon_.push_back(widgetToImage(pos));
      break;
    case Tool::Lasso:
      polygon_ = {widgetToImage(pos)};
      drag_ = Drag::Lasso;
      break;
    case Tool::SmartBrush:
      if (canPaint()) {
        polygon_ = {widgetToImage(pos)};
        strokeErase_ = alt;
        drag_ = Drag::SmartStroke;
      }
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
    case Drag::Lasso:
    case Drag::SmartStroke: {
      const QPointF p = widgetToImage(pos);
      if (QLineF(imageToWidget(polygon_.back()), imageToWidget(p)).length() >= 2.0)
        polygon_.push_back(p);
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
    case Drag::SmartStroke:
      drag_ = Drag::None;
      finishSmartStroke();
      break;
    case Drag::Pan:
      if (handTool_)
        setCursor(Qt::OpenHandCursor);
      else
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
  if (!paintTool || handTool_) {
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

void ViewerWidget::setHandTool(bool on) {
  if (on == handTool_) return;
  handTool_ = on;
  handPanned_ = false;
  if (on) {
    setCursor(Qt::OpenHandCursor);
  } else {
    if (drag_ == Drag::Pan) drag_ = Drag::None;
    unsetCursor();
  }
}

void ViewerWidget::leaveEvent(QEvent*) {
  hovering_ = false;
  update();
}

}  // namespace rm::ui
