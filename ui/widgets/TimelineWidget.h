#pragma once
// Frame ruler with frame numbers, timecode, in/out range, per-frame state strip and a
// playhead; emits frameRequested while the user scrubs.

#include <QPointer>
#include <QRectF>
#include <QWidget>

#include "ui/model/Document.h"

namespace rm::ui {

class TimelineWidget : public QWidget {
  Q_OBJECT
 public:
  explicit TimelineWidget(QWidget* parent = nullptr);

  void setDocument(bridge::Document* doc);  // supplies frame count, fps and states
  void setFrameCount(int count);
  int frameCount() const { return frameCount_; }
  void setFps(double fps);
  int currentFrame() const { return current_; }
  void setInOut(int in, int out);  // -1: open end
  int inPoint() const { return in_; }
  int outPoint() const { return out_; }
  // Effective range: in/out if set, else the whole clip.
  int rangeFirst() const { return in_ >= 0 ? in_ : 0; }
  int rangeLast() const { return out_ >= 0 ? out_ : frameCount_ - 1; }
  void setProgressText(const QString& text);
  // Where the playhead's frame label and the progress text go on the bottom row: the
  // progress text takes the widest stretch the label leaves free (elided to fit), never
  // under the label.
  struct BottomRow {
    QRectF frameLabel;
    QRectF progress;  // empty: no progress text
    QString progressText;
  };
  BottomRow bottomRow() const;
  QSize sizeHint() const override { return {960, 64}; }
  QSize minimumSizeHint() const override { return {200, 64}; }

  // "HH:MM:SS:FF" of a frame at the current fps.
  static QString timecode(int frame, double fps);
  // x position (widget coordinates) of the centre of `frame`, and its inverse.
  double xOf(int frame) const;
  int frameAt(double x) const;

 public slots:
  void setCurrentFrame(int frame);

 signals:
  void frameRequested(int frame);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  QRectF trackRect() const;

  QPointer<bridge::Document> doc_;
  int frameCount_ = 0;
  double fps_ = 25.0;
  int current_ = 0;
  int in_ = -1;
  int out_ = -1;
  QString progressText_;
};

}  // namespace rm::ui
