// Mouse strokes on the viewer change exactly the expected mask pixels; undo restores them.
#include <QSignalSpy>
#include <QtTest>
#include <cmath>

#include <opencv2/core.hpp>

#include "ui/model/Document.h"
#include "ui/model/DocumentLoader.h"
#include "ui/widgets/ViewerWidget.h"

using namespace rm;

Q_DECLARE_METATYPE(cv::Mat)

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

// The soft brush as MaskPainter.h specifies it, computed here from scratch: distance of
// the pixel centre to the segment (foot of the perpendicular, else the nearer end), then
// full cover inside the hard core h*R, smoothstep down to nothing at R.
double distanceToStroke(double px, double py, QPointF a, QPointF b) {
  const double dx = b.x() - a.x(), dy = b.y() - a.y();
  const double len = std::hypot(dx, dy);
  if (len > 0) {
    const double along = ((px - a.x()) * dx + (py - a.y()) * dy) / len;
    if (along >= 0 && along <= len) return std::abs((px - a.x()) * dy - (py - a.y()) * dx) / len;
  }
  return std::min(std::hypot(px - a.x(), py - a.y()), std::hypot(px - b.x(), py - b.y()));
}

double softCoverage(double d, double radius, double hardness) {
  if (d >= radius) return 0;
  if (d <= hardness * radius) return 1;
  const double t = (radius - d) / (radius - hardness * radius);
  return t * t * (3 - 2 * t);
}

// Expected alpha of a stroke over empty ground (paint) or over a full square (erase).
cv::Mat expectedSoftAlpha(QPointF a, QPointF b, double r, double hardness, const cv::Mat& start,
                          bool erase) {
  cv::Mat alpha = start.clone();
  for (int y = 0; y < kImageH; ++y)
    for (int x = 0; x < kImageW; ++x) {
      const double c = softCoverage(distanceToStroke(x + 0.5, y + 0.5, a, b), r, hardness);
      uint8_t& v = alpha.at<uint8_t>(y, x);
      v = erase ? uint8_t(std::min<long>(v, std::lround(255 * (1 - c))))
                : uint8_t(std::max<long>(v, std::lround(255 * c)));
    }
  return alpha;
}

int maxAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  double m = 0;
  cv::Mat d;
  cv::absdiff(a, b, d);
  cv::minMaxLoc(d, nullptr, &m);
  return int(m);
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

  void softStrokeFeathersTheMatteAndThresholdsTheLabels_data() {
    QTest::addColumn<double>("hardness");
    QTest::newRow("hardness 0%") << 0.0;
    QTest::newRow("hardness 50%") << 0.5;
    QTest::newRow("hardness 80%") << 0.8;
  }
  void softStrokeFeathersTheMatteAndThresholdsTheLabels() {
    QFETCH(double, hardness);
    const double radius = 9.0;
    viewer_->setBrushRadius(radius);
    viewer_->setBrushHardness(hardness);
    const QPoint from(60, 110), to(161, 151);
    stroke(from, to);
    const QPointF a(30, 30), b(80.5, 50.5);  // widget -> image by hand: (p - (0, 50)) / 2
    const cv::Mat empty(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
    const cv::Mat alpha = expectedSoftAlpha(a, b, radius, hardness, empty, false);
    // The matte keeps the soft edge...
    const bridge::SoftLayers* layers = doc_->softLayers(2);
    QVERIFY(layers && layers->count(id_));
    QVERIFY(maxAbsDiff(layers->at(id_), alpha) <= 1);
    QVERIFY(maxAbsDiff(doc_->matte(2, id_), alpha) <= 1);
    int soft = 0;
    for (int y = 0; y < kImageH; ++y)
      for (int x = 0; x < kImageW; ++x)
        soft += alpha.at<uint8_t>(y, x) > 0 && alpha.at<uint8_t>(y, x) < 255;
    QVERIFY2(soft > 50, "a real feather");
    // ...and the label map is that alpha thresholded at 50%: the capsule of radius
    // R (1 + h) / 2, where the feather crosses one half.
    const double edge = radius * (1 + hardness) / 2;
    int checked = 0;
    for (int y = 0; y < kImageH; ++y)
      for (int x = 0; x < kImageW; ++x) {
        const double d = distanceToStroke(x + 0.5, y + 0.5, a, b);
        if (std::abs(d - edge) < 1e-6) continue;  // exactly on the 50% line
        QCOMPARE(doc_->mask(2)->at<uint8_t>(y, x), uint8_t(d < edge ? id_ : 0));
        ++checked;
      }
    QVERIFY(checked > kImageW * kImageH - 10);
  }

  void hardBrushKeepsTheLabelMapExact() {
    viewer_->setBrushHardness(1.0);
    viewer_->setBrushRadius(6.5);
    stroke(QPoint(60, 110), QPoint(161, 151));
    const cv::Mat expected = expectedCapsule({30, 30}, {80.5, 50.5}, 6.5, uint8_t(id_));
    QCOMPARE(differing(doc_->mask(2), expected), 0);
    QVERIFY(!doc_->softLayers(2));  // nothing soft to keep
  }

  void softEraserFeathersAnEdgeIntoAHardShape() {
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(20, 20, 120, 50)).setTo(id_);
    rm::bridge::DocumentLoader(doc_.get()).setMask(2, labels, bridge::FrameState::Keyframe);
    viewer_->setTool(ui::Tool::Eraser);
    viewer_->setBrushRadius(10);
    viewer_->setBrushHardness(0.3);
    stroke(QPoint(40, 90), QPoint(300, 90));  // image y = 20: along the square's top edge
    const cv::Mat start = labels == id_;
    const cv::Mat alpha = expectedSoftAlpha({20, 20}, {150, 20}, 10, 0.3, start, true);
    QVERIFY(maxAbsDiff(doc_->matte(2, id_), alpha) <= 1);
    // Labels stay where the alpha stays at or above one half, and never grow.
    for (int y = 0; y < kImageH; ++y)
      for (int x = 0; x < kImageW; ++x) {
        const int v = alpha.at<uint8_t>(y, x);
        if (std::abs(v - 127.5) < 1) continue;
        QCOMPARE(doc_->mask(2)->at<uint8_t>(y, x), uint8_t(v >= 128 ? id_ : 0));
      }
    QCOMPARE(doc_->mask(2)->at<uint8_t>(20, 60), uint8_t(0));    // on the stroke: erased
    QCOMPARE(doc_->mask(2)->at<uint8_t>(40, 60), uint8_t(id_));  // far below: kept
  }

  void softStrokeUndoRedoRestoresLabelsAndAlpha() {
    viewer_->setBrushHardness(0.4);
    viewer_->setBrushRadius(8);
    stroke(QPoint(60, 110), QPoint(161, 151));
    const cv::Mat labels = doc_->mask(2)->clone();
    const cv::Mat alpha = doc_->matte(2, id_).clone();
    viewer_->setTool(ui::Tool::Eraser);
    stroke(QPoint(100, 100), QPoint(120, 140));
    doc_->undoStack()->undo();
    QCOMPARE(differing(doc_->mask(2), labels), 0);
    QCOMPARE(maxAbsDiff(doc_->matte(2, id_), alpha), 0);
    doc_->undoStack()->undo();  // before the first stroke: no mask, no layer
    QCOMPARE(cv::countNonZero(*doc_->mask(2)), 0);
    QVERIFY(!doc_->softLayers(2));
    doc_->undoStack()->redo();
    QCOMPARE(differing(doc_->mask(2), labels), 0);
    QCOMPARE(maxAbsDiff(doc_->matte(2, id_), alpha), 0);
  }

  void softTailsSpareLockedObjects() {
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(0, 0, kImageW, 28)).setTo(other_);  // top band belongs to `other`
    rm::bridge::DocumentLoader(doc_.get()).setMask(2, labels, bridge::FrameState::Keyframe);
    doc_->setInstanceLocked(other_, true);
    viewer_->setBrushHardness(0.0);
    viewer_->setBrushRadius(12);
    stroke(QPoint(40, 110), QPoint(300, 110));  // image y = 30, feather reaches y = 18
    const cv::Mat band = doc_->mask(2)->rowRange(0, 28);
    QCOMPARE(cv::countNonZero(band != other_), 0);
    QCOMPARE(cv::countNonZero(doc_->matte(2, id_).rowRange(0, 28)), 0);
    QVERIFY(cv::countNonZero(doc_->matte(2, id_).rowRange(28, kImageH)) > 0);
  }

  void hardToolsHardenTheSoftEdgeTheyCover() {
    viewer_->setBrushHardness(0.0);
    viewer_->setBrushRadius(10);
    stroke(QPoint(100, 150), QPoint(100, 150));  // soft dab at image (50, 50)
    QVERIFY(doc_->softLayers(2));
    viewer_->setTool(ui::Tool::Polygon);  // a square over the dab's right half
    for (QPoint p : {QPoint(100, 120), QPoint(140, 120), QPoint(140, 180), QPoint(100, 180)})
      QTest::mouseClick(viewer_.get(), Qt::LeftButton, {}, p);
    QTest::keyClick(viewer_.get(), Qt::Key_Return);
    const cv::Mat alpha = doc_->matte(2, id_);
    QCOMPARE(alpha.at<uint8_t>(45, 57), uint8_t(255));  // was a soft tail, now filled
    QCOMPARE(doc_->mask(2)->at<uint8_t>(45, 57), uint8_t(id_));
    QVERIFY(alpha.at<uint8_t>(45, 42) > 0 && alpha.at<uint8_t>(45, 42) < 255);  // left: soft
    viewer_->clearFrame();
    QVERIFY(!doc_->softLayers(2));
    QCOMPARE(cv::countNonZero(*doc_->mask(2)), 0);
  }

  void matteOverlayShowsTheSoftEdge() {
    viewer_->setBrushHardness(0.0);
    viewer_->setBrushRadius(10);
    stroke(QPoint(100, 150), QPoint(100, 150));
    const cv::Mat alpha = doc_->matte(2, id_);
    viewer_->setOverlayMode(ui::OverlayMode::Matte);
    const QImage shown = viewer_->composedImage();
    for (int y = 38; y < 62; y += 3)
      for (int x = 38; x < 62; x += 2) {
        const int a = alpha.at<uint8_t>(y, x);
        QCOMPARE(shown.pixel(x, y), qRgb(a, a, a));
      }
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
    doc_->setInstanceColour(id_, QColor(255, 0, 0));
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(50, 30, 20, 20)).setTo(id_);
    rm::bridge::DocumentLoader(doc_.get()).setMask(2, labels, bridge::FrameState::Keyframe);
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

  void sideBySideShowsSourceNextToOverlay_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<QRgb>("rightInside");
    QTest::addColumn<QRgb>("rightOutside");
    const QRgb grey = qRgb(90, 90, 90);
    const QRgb blended = qRgb((255 * 128 + 90 * 127) / 255, 90 * 127 / 255, 90 * 127 / 255);
    QTest::newRow("source | overlay") << int(ui::OverlayMode::SideBySideOverlay) << blended << grey;
    QTest::newRow("source | matte")
        << int(ui::OverlayMode::SideBySideMatte) << qRgb(255, 255, 255) << qRgb(0, 0, 0);
  }
  void sideBySideShowsSourceNextToOverlay() {
    QFETCH(int, mode);
    QFETCH(QRgb, rightInside);
    QFETCH(QRgb, rightOutside);
    doc_->setInstanceColour(id_, QColor(255, 0, 0));
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(50, 30, 20, 20)).setTo(id_);
    rm::bridge::DocumentLoader(doc_.get()).setMask(2, labels, bridge::FrameState::Keyframe);
    viewer_->setOverlayOpacity(0.5);
    viewer_->setOverlayMode(ui::OverlayMode(mode));
    QVERIFY(viewer_->isSideBySide());
    const int shift = viewer_->panelShift();
    QVERIFY2(shift > kImageW, "a gap separates the panels");
    const QImage shown = viewer_->composedImage();
    QCOMPARE(shown.size(), QSize(kImageW + shift, kImageH));
    auto near = [](QRgb a, QRgb b) {
      return std::abs(qRed(a) - qRed(b)) <= 2 && std::abs(qGreen(a) - qGreen(b)) <= 2 &&
             std::abs(qBlue(a) - qBlue(b)) <= 2;
    };
    // Left panel: the untouched source, mask or not.
    for (QPoint p : {QPoint(60, 40), QPoint(50, 30), QPoint(10, 10), QPoint(kImageW - 1, 99)})
      QVERIFY2(near(shown.pixel(p), qRgb(90, 90, 90)), qPrintable(QString::number(p.x())));
    // Right panel: the same pixels with the overlay (or the matte).
    for (QPoint p : {QPoint(60, 40), QPoint(50, 30), QPoint(69, 49)})
      QVERIFY(near(shown.pixel(p + QPoint(shift, 0)), rightInside));
    for (QPoint p : {QPoint(10, 10), QPoint(49, 30), QPoint(70, 49), QPoint(kImageW - 1, 0)})
      QVERIFY(near(shown.pixel(p + QPoint(shift, 0)), rightOutside));
    // The gap between them shows neither.
    QCOMPARE(shown.pixel(kImageW, 40), qRgb(0, 0, 0));
  }

  void sideBySideKeepsTheZoomAndFitFitsBothPanels() {
    const QPointF centre = viewer_->widgetToImage(QPointF(kWidgetW / 2.0, kWidgetH / 2.0));
    viewer_->setOverlayMode(ui::OverlayMode::SideBySideMatte);
    QCOMPARE(viewer_->scale(), 2.0);  // the zoom the artist worked at (issue #20)
    // Each half shows the same region, centred on what the single view had at its centre.
    QCOMPARE(viewer_->panelWidgetShift(), kWidgetW / 2.0);
    QCOMPARE(viewer_->widgetToImage(QPointF(kWidgetW / 4.0, kWidgetH / 2.0)), centre);
    QCOMPARE(viewer_->widgetToImage(QPointF(kWidgetW * 3 / 4.0, kWidgetH / 2.0)), centre);
    viewer_->fitToWindow();  // F: the whole image in each half
    const double scale = std::min(kWidgetW / 2.0 / kImageW, double(kWidgetH) / kImageH);
    QCOMPARE(viewer_->scale(), scale);
    QCOMPARE(viewer_->offset(),
             QPointF((kWidgetW / 2.0 - kImageW * scale) / 2.0, (kWidgetH - kImageH * scale) / 2.0));
    viewer_->setOverlayMode(ui::OverlayMode::Fill);  // back to one panel: the zoom stays
    QCOMPARE(viewer_->scale(), scale);
  }

  void smartBrushStrokeIsHandedOnNotPainted_data() {
    QTest::addColumn<bool>("alt");
    QTest::newRow("foreground") << false;
    QTest::newRow("background (Alt)") << true;
  }
  void smartBrushStrokeIsHandedOnNotPainted() {
    // The smart tool leaves the mask alone and emits the stroke, brush-wide, for the
    // controller (tested in tst_smart_brush_controller); Alt makes it a background stroke.
    QFETCH(bool, alt);
    viewer_->setTool(ui::Tool::SmartBrush);
    viewer_->setBrushRadius(3.0);
    QSignalSpy strokes(viewer_.get(), &ui::ViewerWidget::smartStroke);
    const Qt::KeyboardModifiers mods = alt ? Qt::AltModifier : Qt::NoModifier;
    QTest::mousePress(viewer_.get(), Qt::LeftButton, mods, QPoint(40, 110));  // image (20, 30)
    move(QPoint(160, 110), Qt::LeftButton);                                   // image (80, 30)
    QTest::mouseRelease(viewer_.get(), Qt::LeftButton, mods, QPoint(160, 110));
    QCOMPARE(strokes.count(), 1);
    QCOMPARE(strokes.at(0).at(0).toInt(), 2);
    QCOMPARE(strokes.at(0).at(1).toInt(), id_);
    QCOMPARE(strokes.at(0).at(3).toBool(), alt);
    const cv::Mat stroke = strokes.at(0).at(2).value<cv::Mat>();
    QCOMPARE(stroke.size(), cv::Size(kImageW, kImageH));
    QCOMPARE(stroke.at<uint8_t>(30, 50), uint8_t(255));  // on the line
    QCOMPARE(stroke.at<uint8_t>(40, 50), uint8_t(0));    // beyond the brush's radius
    QVERIFY(!doc_->mask(2));                             // nothing painted
  }

  void strokeInEitherPanelPaintsTheSamePixels_data() {
    QTest::addColumn<bool>("rightPanel");
    QTest::newRow("left panel") << false;
    QTest::newRow("right panel") << true;
  }
  void strokeInEitherPanelPaintsTheSamePixels() {
    QFETCH(bool, rightPanel);
    viewer_->setOverlayMode(ui::OverlayMode::SideBySideOverlay);
    viewer_->fitToWindow();  // each panel whole in its half
    const double shift = rightPanel ? viewer_->panelWidgetShift() : 0.0;
    const double scale = viewer_->scale();
    const QPointF offset = viewer_->offset();
    // Widget positions of two image points in the chosen panel, rounded to whole
    // widget pixels as a mouse delivers them; then mapped back by hand.
    auto widgetOf = [&](QPointF image) {
      return QPointF(image.x() * scale + offset.x() + shift, image.y() * scale + offset.y())
          .toPoint();
    };
    auto imageOf = [&](QPoint w) {
      return QPointF((w.x() - shift - offset.x()) / scale, (w.y() - offset.y()) / scale);
    };
    const QPoint from = widgetOf({30.2, 20.7});
    const QPoint to = widgetOf({150.4, 70.1});
    viewer_->setBrushRadius(4.5);
    stroke(from, to);
    const cv::Mat expected = expectedCapsule(imageOf(from), imageOf(to), 4.5, uint8_t(id_));
    QVERIFY(cv::countNonZero(expected) > 0);
    QCOMPARE(differing(doc_->mask(2), expected), 0);
  }

  void hiddenInstanceIsNotOverlaid() {
    cv::Mat labels(kImageH, kImageW, CV_8UC1, cv::Scalar(id_));
    rm::bridge::DocumentLoader(doc_.get()).setMask(2, labels, bridge::FrameState::Keyframe);
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
