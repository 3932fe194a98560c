#pragma once
// Frame ruler with a playhead; emits frameRequested while the user scrubs.

#include <QWidget>

namespace rm::ui {

class TimelineWidget : public QWidget {
  Q_OBJECT
 public:
  explicit TimelineWidget(QWidget* parent = nullptr);

  void setFrameCount(int count);
  int frameCount() const { return frameCount_; }
  int currentFrame() const { return current_; }
  QSize sizeHint() const override { return {960, 56}; }

 public slots:
  void setCurrentFrame(int frame);

 signals:
  void frameRequested(int frame);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  int frameAt(double x) const;
  double xOf(int frame) const;

  int frameCount_ = 0;
  int current_ = 0;
};

}  // namespace rm::ui
