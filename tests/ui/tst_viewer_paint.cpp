// Mouse strokes on the viewer change exactly the expected mask pixels; undo restores them.
#include <QtTest>
#include <cmath>

#include <opencv2/core.hpp>

#include "app/bridge/Document.h"
#include "ui/ViewerWidget.h"

using namespace rm;

namespace {
constexpr int kImageW = 200, kImageH = 100;
constexpr int kWidgetW = 400, kWidgetH = 300;

// Pixel centre within r of segment a-b (end discs, or the band when the foot of the
// perpendicular falls on the segment).
bool inCapsule(double px, double py, QPointF a, QPointF b, double r) {
  if (std::hypot(px - a.x(), py - a.y()) <= r || std::hypot(px - b.x(), py - b.y()) <= r)
    return true;
  const double len = std::hypot(b.x() - a.x(), b.y() - a.y());
  if (len == 0) return false;
  const double along = ((px - a.x()) * (b.x() - a.x()) + (py - a.y()) * (b.y() - a.y())) / len;
  if (along < 0 || along > len) return false;
  return std::abs((px - a.x()) * (b.y() - a.y()) - (py - a.y()) * (b.x() - a.x())) / len <= r;
}

cv::Mat expectedCapsule(QPointF a, QPointF b, double r, uint8_t id) {
  cv::Mat m(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
  for (int y = 0; y < kImageH; ++y)
    for (int x = 0; x < kImageW; ++x)
      if (inCapsule(x + 0.5, y + 0.5, a, b, r)) m.at<uint8_t>(y, x) = id;
  return m;
}

int differing(const cv::Mat* a, const cv::Mat& b) {
  if (!a) return cv::countNonZero(b);
  return cv::countNonZero(*a != b);
}
}  // namespace

class ViewerPaintTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    doc_ = std::make_unique<bridge::Document>();
    doc_->reset(QStringLiteral("fake://clip"), QSize(kImageW, kImageH), 5, 25.0);
    id_ = doc_->addInstance();
    other_ = doc_->addInstance();
    doc_->undoStack()->clear();
    viewer_ = std::make_unique<ui::ViewerWidget>();
    viewer_->setDocument(doc_.get());
    viewer_->setFixedSize(kWidgetW, kWidgetH);
    viewer_->show();
    QVERIFY(QTest::qWaitForWindowExposed(viewer_.get()));
    QImage frame(kImageW, kImageH, QImage::Format_RGB32);
    frame.fill(QColor(90, 90, 90));
    viewer_->setFrame(2, frame);
    viewer_->fitToWindow();
    viewer_->setCurrentInstance(id_);
    viewer_->setBrushRadius(5.0);
  }
  void cleanup() {
    viewer_.reset();
    doc_.reset();
  }

  void fitMappingIsPixelAccurate() {
    // Independent: a 200x100 image in 400x300 fits at scale 2, centred vertically.
    QCOMPARE(viewer_->scale(), 2.0);
    QCOMPARE(viewer_->offset(), QPointF(0, 50));
    QCOMPARE(viewer_->widgetToImage(QPointF(60, 110)), QPointF(30, 30));
  }

  void strokeChangesExactlyTheCapsule_data() {
    QTest::addColumn<QPoint>("from");
    QTest::addColumn<QPoint>("to");
    QTest::addColumn<double>("radius");
    QTest::newRow("diagonal") << QPoint(60, 110) << QPoint(161, 151) << 5.0;
    QTest::newRow("dab") << QPoint(201, 149) << QPoint(201, 149) << 7.3;
    QTest::newRow("across the border") << QPoint(5, 60) << QPoint(395, 240) << 4.0;
  }
  void strokeChangesExactlyTheCapsule() {
    QFETCH(QPoint, from);
    QFETCH(QPoint, to);
    QFETCH(double, radius);
    viewer_->setBrushRadius(radius);
    stroke(from, to);
    // Widget -> image by hand: (p - (0, 50)) / 2.
    const QPointF a((from.x() - 0.0) / 2.0, (from.y() - 50.0) / 2.0);
    const QPointF b((to.x() - 0.0) / 2.0, (to.y() - 50.0) / 2.0);
    const cv::Mat expected = expectedCapsule(a, b, radius, uint8_t(id_));
    QVERIFY(cv::countNonZero(expected) > 0);
    QCOMPARE(differing(doc_->mask(2), expected), 0);
    QCOMPARE(doc_->state(2), bridge::FrameState::Keyframe);
    QVERIFY(!doc_->mask(1));  // other frames untouched
  }

  void eraserRemovesAndUndoRedoRestore() {
    stroke(QPoint(60, 110), QPoint(161, 151));
    const cv::Mat painted = doc_->mask(2)->clone();
    viewer_->setTool(ui::Tool::Eraser);
    stroke(QPoint(60, 110), QPoint(161, 151));
    QCOMPARE(cv::countNonZero(*doc_->mask(2)), 0);
    doc_->undoStack()->undo();
    QCOMPARE(differing(doc_->mask(2), painted), 0);
    doc_->undoStack()->undo();
    QCOMPARE(cv::countNonZero(*doc_->mask(2)), 0);
    doc_->undoStack()->redo();
    QCOMPARE(differing(doc_->mask(2), painted), 0);
    doc_->undoStack()->redo();
    QCOMPARE(cv::countNonZero(*doc_->mask(2)), 0);
  }

  void eraserSparesOtherInstances() {
    viewer_->setCurrentInstance(other_);
    stroke(QPoint(100, 100), QPoint(100, 100));
    const cv::Mat otherPainted = doc_->mask(2)->clone();
    viewer_->setCurrentInstance(id_);
    viewer_->setTool(ui::Tool::Eraser);
    stroke(QPoint(100, 100), QPoint(100, 100));
    QCOMPARE(differing(doc_->mask(2), otherPainted), 0);
  }

  void lockedInstanceCannotBePainted() {
    doc_->setInstanceLocked(id_, true);
    stroke(QPoint(100, 100), QPoint(120, 100));
    QVERIFY(!doc_->mask(2) || cv::countNonZero(*doc_->mask(2)) == 0);
  }

  void overlayModesCompose_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<QRgb>("inside");   // centre of a painted 20x20 square
    QTest::addColumn<QRgb>("edge");     // its top-left pixel
    QTest::addColumn<QRgb>("outside");  // background pixel
    // Frame grey 90; instance colour pure red; fill opacity 0.5 (alpha 128).
    const QRgb grey = qRgb(90, 90, 90);
    const QRgb blended = qRgb((255 * 128 + 90 * 127) / 255, 90 * 127 / 255, 90 * 127 / 255);
    QTest::newRow("fill") << int(ui::OverlayMode::Fill) << blended << blended << grey;
    QTest::newRow("outline") << int(ui::OverlayMode::Outline) << grey << qRgb(255, 0, 0) << grey;
    QTest::newRow("matte") << int(ui::OverlayMode::Matte) << qRgb(255, 255, 255)
                           << qRgb(255, 255, 255) << qRgb(0, 0, 0);
    QTest::newRow("cut-out over black")
        << int(ui::OverlayMode::CutoutBlack) << grey << grey << qRgb(0, 0, 0);
    QTest::newRow("off") << int(ui::OverlayMode::Off) << grey << grey << grey;
  }
  void overlayModesCompose() {
    QFETCH(int, mode);
    QFETCH(QRgb, inside);
    QFETCH(QRgb, edge);
    QFETCH(QRgb, outside);
    doc_->setInstanceColor(id_, QColor(255, 0, 0));
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(50, 30, 20, 20)).setTo(id_);
    doc_->setMaskRaw(2, labels, bridge::FrameState::Keyframe);
    viewer_->setOverlayOpacity(0.5);
    viewer_->setOverlayMode(ui::OverlayMode(mode));
    const QImage shown = viewer_->composedImage();
    auto near = [](QRgb a, QRgb b) {
      return std::abs(qRed(a) - qRed(b)) <= 2 && std::abs(qGreen(a) - qGreen(b)) <= 2 &&
             std::abs(qBlue(a) - qBlue(b)) <= 2;
    };
    QVERIFY2(near(shown.pixel(60, 40), inside),
             qPrintable(QString::number(shown.pixel(60, 40), 16)));
    QVERIFY2(near(shown.pixel(50, 30), edge), qPrintable(QString::number(shown.pixel(50, 30), 16)));
    QVERIFY2(near(shown.pixel(10, 10), outside),
             qPrintable(QString::number(shown.pixel(10, 10), 16)));
  }

  void hiddenInstanceIsNotOverlaid() {
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(id_));
    doc_->setMaskRaw(2, labels, bridge::FrameState::Keyframe);
    viewer_->setOverlayMode(ui::OverlayMode::Matte);
    QCOMPARE(viewer_->composedImage().pixel(5, 5), qRgb(255, 255, 255));
    doc_->setInstanceVisible(id_, false);
    QCOMPARE(viewer_->composedImage().pixel(5, 5), qRgb(0, 0, 0));
  }

  void wheelZoomKeepsPointUnderCursor() {
    const QPointF cursor(123, 77);
    const QPointF before = viewer_->widgetToImage(cursor);
    QWheelEvent wheel(cursor, viewer_->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewer_.get(), &wheel);
    QVERIFY(viewer_->scale() > 2.0);
    const QPointF after = viewer_->widgetToImage(cursor);
    QVERIFY(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9);
  }

  void middleDragPans() {
    const QPointF offset = viewer_->offset();
    QTest::mousePress(viewer_.get(), Qt::MiddleButton, {}, QPoint(100, 100));
    move(QPoint(130, 90), Qt::MiddleButton);
    QTest::mouseRelease(viewer_.get(), Qt::MiddleButton, {}, QPoint(130, 90));
    QCOMPARE(viewer_->offset(), offset + QPointF(30, -10));
  }

  void polygonToolFills() {
    viewer_->setTool(ui::Tool::Polygon);
    for (QPoint p : {QPoint(40, 80), QPoint(200, 80), QPoint(200, 200)})
      QTest::mouseClick(viewer_.get(), Qt::LeftButton, {}, p);
    QTest::keyClick(viewer_.get(), Qt::Key_Return);
    QVERIFY(doc_->mask(2));
    // Image-space triangle (20,15) (100,15) (100,75): a point well inside is set.
    QCOMPARE(doc_->mask(2)->at<uint8_t>(20, 90), uint8_t(id_));
    QCOMPARE(doc_->mask(2)->at<uint8_t>(70, 30), uint8_t(0));
    QCOMPARE(doc_->undoStack()->count(), 1);
  }

 private:
  void move(QPoint to, Qt::MouseButtons buttons) {
    QMouseEvent event(QEvent::MouseMove, QPointF(to), viewer_->mapToGlobal(QPointF(to)),
                      Qt::NoButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(viewer_.get(), &event);
  }
  void stroke(QPoint from, QPoint to) {
    QTest::mousePress(viewer_.get(), Qt::LeftButton, {}, from);
    if (to != from) move(to, Qt::LeftButton);
    QTest::mouseRelease(viewer_.get(), Qt::LeftButton, {}, to);
  }

  std::unique_ptr<bridge::Document> doc_;
  std::unique_ptr<ui::ViewerWidget> viewer_;
  int id_ = 0;
  int other_ = 0;
};

QTEST_MAIN(ViewerPaintTest)
#include "tst_viewer_paint.moc"
