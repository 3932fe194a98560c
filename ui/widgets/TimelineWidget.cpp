#include "ui/widgets/TimelineWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace rm::ui {

namespace {
constexpr double kMargin = 10.0;
constexpr double kRulerHeight = 20.0;
constexpr double kStripHeight = 14.0;

QColor stateColour(bridge::FrameState state, bridge::FrameActivity activity) {
  if (activity == bridge::FrameActivity::InProgress) return {70, 130, 220};
  if (activity == bridge::FrameActivity::Failed) return {215, 60, 60};
  switch (state) {
    case bridge::FrameState::Keyframe:
      return {245, 200, 60};
    case bridge::FrameState::Propagated:
      return {70, 175, 110};
    case bridge::FrameState::Stale:
      return {180, 110, 200};
    case bridge::FrameState::Empty:
      break;
  }
  return {};
}
}  // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("timeline"));
  setMinimumHeight(64);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setFocusPolicy(Qt::ClickFocus);
}

void TimelineWidget::setDocument(bridge::Document* doc) {
  if (doc_) disconnect(doc_, nullptr, this, nullptr);
  doc_ = doc;
  if (!doc_) return;
  auto sync = [this] {
    fps_ = doc_->fps();
    in_ = out_ = -1;
    setFrameCount(doc_->frameCount());
  };
  connect(doc_, &bridge::Document::documentReset, this, sync);
  connect(doc_, &bridge::Document::frameStatesChanged, this, qOverload<>(&QWidget::update));
  sync();
}

void TimelineWidget::setFrameCount(int count) {
  frameCount_ = std::max(0, count);
  current_ = std::clamp(current_, 0, std::max(0, frameCount_ - 1));
  update();
}

void TimelineWidget::setFps(double fps) {
  fps_ = fps > 0 ? fps : 25.0;
  update();
}

void TimelineWidget::setCurrentFrame(int frame) {
  if (frameCount_ == 0) return;
  current_ = std::clamp(frame, 0, frameCount_ - 1);
  update();
}

void TimelineWidget::setInOut(int in, int out) {
  in_ = in < 0 ? -1 : std::clamp(in, 0, std::max(0, frameCount_ - 1));
  out_ = out < 0 ? -1 : std::clamp(out, 0, std::max(0, frameCount_ - 1));
  if (in_ >= 0 && out_ >= 0 && in_ > out_) std::swap(in_, out_);
  update();
}

void TimelineWidget::setProgressText(const QString& text) {
  progressText_ = text;
  update();
}

QString TimelineWidget::timecode(int frame, double fps) {
  const int base = std::max(1, static_cast<int>(std::lround(fps)));
  const int ff = frame % base;
  const int totalSeconds = frame / base;
  return QStringLiteral("%1:%2:%3:%4")
      .arg(totalSeconds / 3600, 2, 10, QChar('0'))
      .arg((totalSeconds / 60) % 60, 2, 10, QChar('0'))
      .arg(totalSeconds % 60, 2, 10, QChar('0'))
      .arg(ff, 2, 10, QChar('0'));
}

QRectF TimelineWidget::trackRect() const {
  return {kMargin, 0, std::max(1.0, width() - 2 * kMargin), double(height())};
}

double TimelineWidget::xOf(int frame) const {
  const QRectF t = trackRect();
  if (frameCount_ <= 0) return t.left();
  return t.left() + t.width() * (frame + 0.5) / frameCount_;
}

int TimelineWidget::frameAt(double x) const {
  if (frameCount_ <= 0) return 0;
  const QRectF t = trackRect();
  const int f = static_cast<int>(std::floor((x - t.left()) / t.width() * frameCount_));
  return std::clamp(f, 0, frameCount_ - 1);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(32, 32, 34));
  const QRectF t = trackRect();
  p.fillRect(QRectF(0, 0, width(), kRulerHeight), QColor(44, 44, 47));
  if (frameCount_ == 0) {
    p.setPen(QColor(130, 130, 130));
    p.drawText(rect(), Qt::AlignCenter, tr("No clip"));
    return;
  }
  const double perFrame = t.width() / frameCount_;

  // In/out range.
  if (in_ >= 0 || out_ >= 0) {
    const double x0 = t.left() + rangeFirst() * perFrame;
    const double x1 = t.left() + (rangeLast() + 1) * perFrame;
    p.fillRect(QRectF(t.left(), kRulerHeight, x0 - t.left(), height() - kRulerHeight),
               QColor(0, 0, 0, 90));
    p.fillRect(QRectF(x1, kRulerHeight, t.right() - x1, height() - kRulerHeight),
               QColor(0, 0, 0, 90));
    p.setPen(QColor(230, 230, 230));
    p.drawLine(QPointF(x0, kRulerHeight), QPointF(x0, height()));
    p.drawLine(QPointF(x1, kRulerHeight), QPointF(x1, height()));
  }

  // Ruler: a labelled tick every `step` frames, at least ~70 px apart.
  static const int kSteps[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
  int step = kSteps[std::size(kSteps) - 1];
  for (int s : kSteps)
    if (s * perFrame >= 70) {
      step = s;
      break;
    }
  QFont small = font();
  small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
  p.setFont(small);
  for (int f = 0; f < frameCount_; f += step) {
    const double x = t.left() + f * perFrame;
    p.setPen(QColor(110, 110, 115));
    p.drawLine(QPointF(x, kRulerHeight - 6), QPointF(x, kRulerHeight));
    p.setPen(QColor(170, 170, 175));
    p.drawText(QRectF(x + 3, 2, 80, kRulerHeight - 4), Qt::AlignLeft | Qt::AlignVCenter,
               QString::number(f));
  }

  // State strip: runs of equal colour drawn as one rectangle.
  const double stripTop = kRulerHeight + 8;
  p.fillRect(QRectF(t.left(), stripTop, t.width(), kStripHeight), QColor(52, 52, 56));
  if (doc_ && doc_->frameCount() == frameCount_) {
    int runStart = 0;
    QColor runColour = stateColour(doc_->state(0), doc_->activity(0));
    for (int f = 1; f <= frameCount_; ++f) {
      const QColor c = f < frameCount_ ? stateColour(doc_->state(f), doc_->activity(f)) : QColor();
      if (f == frameCount_ || c != runColour) {
        if (runColour.isValid())
          p.fillRect(QRectF(t.left() + runStart * perFrame, stripTop,
                            std::max(1.0, (f - runStart) * perFrame), kStripHeight),
                     runColour);
        runStart = f;
        runColour = c;
      }
    }
    // Keyframes as diamonds above the strip so single frames stay visible.
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(20, 20, 20), 1));
    p.setBrush(QColor(245, 200, 60));
    for (int k : doc_->keyframes()) {
      const double x = xOf(k);
      const double y = stripTop + kStripHeight / 2;
      p.drawPolygon(QPolygonF({{x, y - 6}, {x + 5, y}, {x, y + 6}, {x - 5, y}}));
    }
    p.setRenderHint(QPainter::Antialiasing, false);
  }

  // Playhead with frame number and timecode.
  const double x = xOf(current_);
  p.setPen(QPen(QColor(240, 160, 40), 2));
  p.drawLine(QPointF(x, 0), QPointF(x, height()));
  const BottomRow row = bottomRow();
  p.fillRect(row.frameLabel, QColor(240, 160, 40));
  p.setPen(QColor(20, 20, 20));
  p.drawText(row.frameLabel, Qt::AlignCenter,
             QStringLiteral("%1  %2").arg(current_).arg(timecode(current_, fps_)));
  if (!row.progress.isEmpty()) {
    p.setPen(QColor(150, 190, 250));
    p.drawText(row.progress, Qt::AlignCenter, row.progressText);
  }
}

TimelineWidget::BottomRow TimelineWidget::bottomRow() const {
  BottomRow row;
  QFont small = font();
  small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));  // as paintEvent
  const QFontMetrics fm(small);
  const QRectF t = trackRect();
  const QString label = QStringLiteral("%1  %2").arg(current_).arg(timecode(current_, fps_));
  const double labelWidth = fm.horizontalAdvance(label) + 10;
  const double lx = std::clamp(xOf(current_) + 4, 0.0, width() - labelWidth);
  row.frameLabel = QRectF(lx, height() - 18, labelWidth, 16);
  if (progressText_.isEmpty()) return row;
  // The free stretches left and right of the label (a small gap on each side).
  const QRectF left(t.left(), height() - 18, std::max(0.0, lx - 6 - t.left()), 16);
  const double rightStart = lx + labelWidth + 6;
  const QRectF right(rightStart, height() - 18, std::max(0.0, t.right() - rightStart), 16);
  const QRectF& space = left.width() >= right.width() ? left : right;
  row.progressText =
      fm.elidedText(progressText_, Qt::ElideRight, static_cast<int>(space.width()) - 4);
  if (row.progressText.isEmpty()) return row;
  const double w = std::min(space.width(), fm.horizontalAdvance(row.progressText) + 4.0);
  // Right-aligned in the right stretch, left-aligned in the left one.
  row.progress = &space == &right ? QRectF(space.right() - w, space.top(), w, 16)
                                  : QRectF(space.left(), space.top(), w, 16);
  return row;
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) emit frameRequested(frameAt(event->position().x()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) emit frameRequested(frameAt(event->position().x()));
}

}  // namespace rm::ui
