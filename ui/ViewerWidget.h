#pragma once
// Shows the current frame with the instance masks overlaid.

#include <QImage>
#include <QWidget>

namespace rm::ui {

class ViewerWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ViewerWidget(QWidget* parent = nullptr);

  void setFrame(const QImage& frame);
  // Premultiplied-ARGB overlay of the same size as the frame (coloured instance fills).
  void setOverlay(const QImage& overlay);
  const QImage& frame() const { return frame_; }
  QSize sizeHint() const override { return {960, 540}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QRectF imageRect() const;

  QImage frame_;
  QImage overlay_;
};

}  // namespace rm::ui
