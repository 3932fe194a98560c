#pragma once
// Shows the current frame with the instance masks overlaid, and hosts the painting
// tools. Image coordinates are continuous: pixel (x, y) covers [x, x+1) x [y, y+1).
// widget = offset + image * scale, in logical pixels (high-DPI: 1:1 means one image
// pixel per device pixel).

#include <QImage>
#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include "ui/model/Document.h"

namespace rm::ui {

// SideBySide*: the source on the left, the same frame with the fill overlay (or the
// matte) on the right; both panels are live for painting.
enum class OverlayMode {
  Fill,
  Outline,
  Matte,
  CutoutChecker,
  CutoutBlack,
  SideBySideOverlay,
  SideBySideMatte,
  Off
};
// SmartBrush: a stroke (Alt: a background stroke) selects the whole object under it; the
// viewer only draws it and emits smartStroke().
enum class Tool { Brush, Eraser, Polygon, Lasso, SmartBrush };

class ViewerWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ViewerWidget(QWidget* parent = nullptr);

  void setDocument(bridge::Document* doc);
  // The decoded picture of `frameIndex`; strokes go to this frame.
  void setFrame(int frameIndex, const QImage& frame);
  void setFrame(const QImage& frame) { setFrame(frameIndex_, frame); }
  int frameIndex() const { return frameIndex_; }
  const QImage& frame() const { return frame_; }
  QSize sizeHint() const override { return {960, 540}; }

  // ---- tools ----
  void setCurrentInstance(int id);
  int currentInstance() const { return currentInstance_; }
  void setTool(Tool tool);
  Tool tool() const { return tool_; }
  void setBrushRadius(double radius);  // image pixels
  double brushRadius() const { return brushRadius_; }
  // 1: hard edge (exact label map); below 1 the edge feathers (MaskPainter.h).
  void setBrushHardness(double hardness);
  double brushHardness() const { return brushHardness_; }

  // ---- overlay ----
  void setOverlayMode(OverlayMode mode);
  OverlayMode overlayMode() const { return overlayMode_; }
  void setOverlayOpacity(double opacity);  // fill mode, 0..1
  double overlayOpacity() const { return opacity_; }
  bool isSideBySide() const {
    return overlayMode_ == OverlayMode::SideBySideOverlay ||
           overlayMode_ == OverlayMode::SideBySideMatte;
  }
  // Matte and cut-out views show only the selected object (an artist checks one matte at a
  // time); off: every visible object.
  void setMatteSelectedOnly(bool on);
  bool matteSelectedOnly() const { return matteSelectedOnly_; }
  // Onion skin: the outlines of the previous and the next frame's masks over this one.
  void setOnionSkin(bool on);
  bool onionSkin() const { return onionSkin_; }
  // Premultiplied, partly transparent: thinner-looking than the frame's own outlines.
  static QRgb onionPreviousColour() { return qPremultiply(qRgba(255, 60, 230, 170)); }
  static QRgb onionNextColour() { return qPremultiply(qRgba(40, 230, 255, 170)); }
  // In composedImage(): image pixels from the left panel's origin to the right panel's (0
  // when not side by side).
  int panelShift() const;
  // In the viewer: widget pixels from the left panel to the right one (each half of the
  // viewer shows the same region at the same zoom; 0 when not side by side).
  double panelWidgetShift() const;
  // The frame with its overlay as shown, at image resolution (screenshots, benchmarks);
  // side by side: both panels and the gap between them.
  QImage composedImage() const;

  // ---- view ----
  // The temporary hand tool (Space held): a left drag pans instead of painting.
  void setHandTool(bool on);
  bool handTool() const { return handTool_; }
  bool handToolPanned() const { return handPanned_; }  // since it was switched on
  void fitToWindow();
  void setActualPixels();
  void zoomBy(double factor, QPointF anchorWidget);
  double scale() const { return scale_; }
  QPointF offset() const { return offset_; }
  bool isFitting() const { return fit_; }
  // Side by side, a point in the right panel maps to the same image pixel as its twin
  // in the left panel; imageToWidget gives the left panel's position.
  QPointF widgetToImage(QPointF p) const;
  QPointF imageToWidget(QPointF p) const { return p * scale_ + offset_; }

 public slots:
  void fillHoles();
  void clearFrame();

 signals:
  void brushRadiusChanged(double radius);
  void brushHardnessChanged(double hardness);
  void toolChanged(rm::ui::Tool tool);
  void viewChanged();
  void overlayModeChanged(rm::ui::OverlayMode mode);
  void overlayOpacityChanged(double opacity);
  void message(const QString& text);
  // A finished smart-brush stroke: CV_8UC1 at frame size, the brush's width.
  void smartStroke(int frame, int instance, const cv::Mat& stroke, bool background);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void tabletEvent(QTabletEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  bool canPaint();
  void beginPaint(QPointF imagePos, bool erase, double pressure);
  void continuePaint(QPointF imagePos, double pressure);
  void endPaint();
  void finishPolygon(bool erase);
  void finishSmartStroke();
  void rebuildOverlay(const QRect& region);  // and recomposes shown_
  void recompose(const QRect& region);
  void onMaskChanged(int frame, const QRect& region);
  void applyFit();
  QSize imageSize() const;
  QSize contentSize() const;  // composedImage(): the image, or both panels side by side
  QSizeF viewport() const;    // the widget, or one half of it side by side

  QPointer<bridge::Document> doc_;
  QImage frame_;
  int frameIndex_ = 0;
  QImage overlay_;  // ARGB32 premultiplied, image size
  // What the (right) panel shows at image resolution, frame and overlay composed once
  // per change, so a paint scales a single opaque image (null: checkerboard mode).
  QImage shown_;
  OverlayMode overlayMode_ = OverlayMode::Fill;
  double opacity_ = 0.5;
  bool matteSelectedOnly_ = true;
  bool onionSkin_ = false;

  bool fit_ = true;
  double scale_ = 1.0;
  QPointF offset_;

  int currentInstance_ = 0;
  Tool tool_ = Tool::Brush;
  double brushRadius_ = 12.0;
  double brushHardness_ = 1.0;

  // Interaction state.
  enum class Drag { None, Paint, Pan, BrushSize, Lasso, SmartStroke };
  Drag drag_ = Drag::None;
  QPointF dragStartWidget_;
  QPointF panStartOffset_;
  double sizeStartRadius_ = 0;
  std::unique_ptr<bridge::Stroke> stroke_;  // the brush stroke being painted
  cv::Point2d lastPaint_;
  double lastPressure_ = 1.0;
  bool strokeErase_ = false;      // also: the smart stroke is a background one
  std::vector<QPointF> polygon_;  // polygon / lasso vertices in image coordinates
  QPointF hover_{-1, -1};
  bool hovering_ = false;
  bool handTool_ = false;
  bool handPanned_ = false;
};

}  // namespace rm::ui
