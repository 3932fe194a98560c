// Painting operations, run-length snapshots and the document's undo history.
#include <QtTest>
#include <cmath>
#include <random>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "ui/model/Document.h"
#include "ui/model/MaskPainter.h"
#include "ui/model/MaskRle.h"

using namespace rm::bridge;

namespace {
// Reference coverage written differently from the painter: the nearest of the two end
// discs and, when the foot of the perpendicular lies on the segment, the band.
bool insideCapsuleReference(double px, double py, cv::Point2d a, cv::Point2d b, double r) {
  if (std::hypot(px - a.x, py - a.y) <= r || std::hypot(px - b.x, py - b.y) <= r) return true;
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  if (len == 0) return false;
  const double along = ((px - a.x) * (b.x - a.x) + (py - a.y) * (b.y - a.y)) / len;
  if (along < 0 || along > len) return false;
  const double across = std::abs((px - a.x) * (b.y - a.y) - (py - a.y) * (b.x - a.x)) / len;
  return across <= r;
}

int differingPixels(const cv::Mat& a, const cv::Mat& b) {
  return cv::countNonZero(a != b);
}
}  // namespace

class DocumentTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    doc_ = std::make_unique<Document>();
    doc_->reset(QStringLiteral("fake://clip"), QSize(64, 48), 10, 25.0);
    a_ = doc_->addInstance(QStringLiteral("A"));
    b_ = doc_->addInstance(QStringLiteral("B"));
    doc_->undoStack()->clear();
  }

  void capsuleMatchesReference_data() {
    QTest::addColumn<double>("ax");
    QTest::addColumn<double>("ay");
    QTest::addColumn<double>("bx");
    QTest::addColumn<double>("by");
    QTest::addColumn<double>("radius");
    QTest::newRow("disc") << 20.3 << 15.7 << 20.3 << 15.7 << 5.0;
    QTest::newRow("horizontal") << 10.0 << 20.0 << 40.0 << 20.0 << 3.4;
    QTest::newRow("diagonal") << 5.2 << 5.9 << 50.1 << 40.4 << 4.2;
    QTest::newRow("clipped at border") << -3.0 << 2.0 << 70.0 << 46.0 << 6.0;
    QTest::newRow("sub-pixel") << 30.5 << 30.5 << 30.5 << 30.5 << 0.6;
  }
  void capsuleMatchesReference() {
    QFETCH(double, ax);
    QFETCH(double, ay);
    QFETCH(double, bx);
    QFETCH(double, by);
    QFETCH(double, radius);
    cv::Mat mask(48, 64, CV_8UC1, cv::Scalar(0));
    PaintTarget t;
    t.id = 3;
    paintCapsule(mask, {ax, ay}, {bx, by}, radius, t);
    int mismatches = 0;
    for (int y = 0; y < mask.rows; ++y)
      for (int x = 0; x < mask.cols; ++x) {
        const bool expected = insideCapsuleReference(x + 0.5, y + 0.5, {ax, ay}, {bx, by}, radius);
        mismatches += expected != (mask.at<uint8_t>(y, x) == 3);
      }
    QCOMPARE(mismatches, 0);
  }

  void eraserRemovesOnlyItsInstanceAndLocksProtect() {
    cv::Mat mask(48, 64, CV_8UC1, cv::Scalar(0));
    mask(cv::Rect(0, 0, 32, 48)).setTo(1);
    mask(cv::Rect(32, 0, 32, 48)).setTo(2);
    PaintTarget erase1;
    erase1.id = 1;
    erase1.erase = true;
    paintCapsule(mask, {32, 24}, {32, 24}, 10, erase1);
    QCOMPARE(mask.at<uint8_t>(24, 31), uint8_t(0));  // instance 1 erased
    QCOMPARE(mask.at<uint8_t>(24, 33), uint8_t(2));  // instance 2 untouched
    PaintTarget paint3;
    paint3.id = 3;
    paint3.locked[2] = true;
    paintCapsule(mask, {32, 24}, {32, 24}, 10, paint3);
    QCOMPARE(mask.at<uint8_t>(24, 31), uint8_t(3));
    QCOMPARE(mask.at<uint8_t>(24, 33), uint8_t(2));  // locked
  }

  void polygonMatchesPointInPolygon() {
    const std::vector<cv::Point2d> poly{{5.5, 4.2}, {50.3, 10.1}, {40.7, 44.0}, {12.1, 30.6}};
    cv::Mat mask(48, 64, CV_8UC1, cv::Scalar(0));
    PaintTarget t;
    t.id = 7;
    paintPolygon(mask, poly, t);
    std::vector<cv::Point2f> contour;
    for (const auto& p : poly)
      contour.emplace_back(float(p.x), float(p.y));
    int mismatches = 0;
    for (int y = 0; y < mask.rows; ++y)
      for (int x = 0; x < mask.cols; ++x) {
        const double d = cv::pointPolygonTest(contour, cv::Point2f(x + 0.5f, y + 0.5f), true);
        if (std::abs(d) < 0.75) continue;  // rasteriser edge convention
        mismatches += (d > 0) != (mask.at<uint8_t>(y, x) == 7);
      }
    QCOMPARE(mismatches, 0);
  }

  void fillHolesFillsOnlyEnclosedPixels() {
    cv::Mat mask(48, 64, CV_8UC1, cv::Scalar(0));
    mask(cv::Rect(10, 10, 20, 20)).setTo(1);  // a 20x20 ring of 1, two pixels wide
    mask(cv::Rect(12, 12, 16, 16)).setTo(0);
    mask.at<uint8_t>(20, 20) = 2;  // other label inside
    PaintTarget t;
    t.id = 1;
    fillHoles(mask, t);
    QCOMPARE(cv::countNonZero(mask(cv::Rect(10, 10, 20, 20)) == 1), 400);
    QCOMPARE(cv::countNonZero(mask == 1), 400);  // nothing outside the ring
  }

  void rleRoundTripsRandomRegions() {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 20; ++trial) {
      cv::Mat m(37, 53, CV_8UC1);
      for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
          m.at<uint8_t>(y, x) = uint8_t(rng() % 4 == 0 ? rng() % 256 : 0);
      const cv::Rect roi(3, 5, 40, 20);
      const MaskRle rle = MaskRle::encode(m(roi));
      QCOMPARE(differingPixels(rle.decode(), m(roi)), 0);
    }
  }

  void strokeUndoRedoRestoresExactly() {
    auto stroke = doc_->beginStroke(3, QStringLiteral("stroke"));
    const cv::Mat before = doc_->mask(3)->clone();
    QVERIFY(!stroke->paint({10, 10}, {40, 30}, 4, 1.0, doc_->paintTarget(a_, false)).empty());
    QVERIFY(stroke->commit());
    QVERIFY(!stroke->commit());  // once
    const cv::Mat after = doc_->mask(3)->clone();
    QVERIFY(differingPixels(before, after) > 0);
    QCOMPARE(doc_->state(3), FrameState::Keyframe);
    doc_->undoStack()->undo();
    QCOMPARE(differingPixels(*doc_->mask(3), before), 0);
    QCOMPARE(doc_->state(3), FrameState::Empty);
    doc_->undoStack()->redo();
    QCOMPARE(differingPixels(*doc_->mask(3), after), 0);
    QCOMPARE(doc_->state(3), FrameState::Keyframe);
  }

  void undoHistorySpansFrames() {
    for (int frame : {2, 6}) {
      auto stroke = doc_->beginStroke(frame, QStringLiteral("stroke"));
      stroke->paint({20, 20}, {20, 20}, 5, 1.0, doc_->paintTarget(b_, false));
      QVERIFY(stroke->commit());
    }
    QCOMPARE(doc_->keyframes(), (std::vector<int>{2, 6}));
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    QCOMPARE(cv::countNonZero(*doc_->mask(2)), 0);
    QCOMPARE(cv::countNonZero(*doc_->mask(6)), 0);
    QVERIFY(doc_->keyframes().empty());
  }

  void unchangedStrokeAddsNoUndoStep() {
    auto stroke = doc_->beginStroke(1, QStringLiteral("noop"));
    stroke->paint({5, 5}, {5, 5}, 3, 1.0, doc_->paintTarget(a_, true));  // erasing nothing
    QVERIFY(!stroke->commit());
    QCOMPARE(doc_->undoStack()->count(), 0);
  }

  // A stroke never bypasses the undo history: dropped without commit() it commits, and an
  // edit landing on the document meanwhile (the smart brush) commits it first.
  void strokeIsOneUndoStepWhateverEndsIt() {
    {
      auto stroke = doc_->beginStroke(2, QStringLiteral("dropped"));
      stroke->paint({10, 10}, {20, 10}, 3, 1.0, doc_->paintTarget(a_, false));
    }
    QCOMPARE(doc_->undoStack()->count(), 1);
    QCOMPARE(doc_->undoStack()->text(0), QStringLiteral("dropped"));
    auto stroke = doc_->beginStroke(4, QStringLiteral("interrupted"));
    stroke->paint({10, 10}, {20, 10}, 3, 1.0, doc_->paintTarget(a_, false));
    QVERIFY(doc_->applyEdit(5, QStringLiteral("edit"), [&](cv::Mat& m) {
      return paintCapsule(m, {30, 20}, {30, 20}, 3, doc_->paintTarget(b_, false));
    }));
    QCOMPARE(doc_->undoStack()->count(), 3);
    QCOMPARE(doc_->undoStack()->text(1), QStringLiteral("interrupted"));
    QVERIFY(stroke->paint({5, 5}, {6, 6}, 3, 1.0, doc_->paintTarget(a_, false)).empty());
    QVERIFY(!stroke->commit());
    doc_->undoStack()->undo();
    doc_->undoStack()->undo();
    QVERIFY(doc_->state(4) != FrameState::Keyframe);
  }

  void removeInstanceClearsPixelsAndUndoRestores() {
    doc_->applyEdit(4, QStringLiteral("fill"), [&](cv::Mat& m) {
      return paintCapsule(m, {30, 20}, {30, 20}, 8, doc_->paintTarget(a_, false));
    });
    const cv::Mat painted = doc_->mask(4)->clone();
    doc_->removeInstance(a_);
    QVERIFY(!doc_->instance(a_));
    QCOMPARE(cv::countNonZero(*doc_->mask(4) == a_), 0);
    doc_->undoStack()->undo();
    QVERIFY(doc_->instance(a_));
    QCOMPARE(doc_->indexOfInstance(a_), 0);
    QCOMPARE(differingPixels(*doc_->mask(4), painted), 0);
  }

  void removeInstanceDropsItsSoftEdgeAndUndoRestoresIt() {
    doc_->applyLayeredEdit(4, QStringLiteral("soft"), [&](cv::Mat& m, SoftLayers& layers) {
      return paintSoftCapsule(m, layers, {30, 20}, {40, 25}, 9, 0.2, doc_->paintTarget(a_, false));
    });
    QVERIFY(doc_->softLayers(4) && doc_->softLayers(4)->count(a_));
    const cv::Mat alpha = doc_->matte(4, a_).clone();
    doc_->removeInstance(a_);
    QVERIFY(!doc_->softLayers(4));
    doc_->undoStack()->undo();
    QCOMPARE(differingPixels(doc_->matte(4, a_), alpha), 0);
  }

  void softPaintOverAnotherObjectKeepsItsAlphaBelowHalf() {
    // B soft first, then A soft across it: where A takes a pixel, B keeps at most 1 - A.
    for (auto [id, x] : {std::pair{b_, 24.0}, std::pair{a_, 36.0}})
      doc_->applyLayeredEdit(2, QStringLiteral("soft"), [&](cv::Mat& m, SoftLayers& layers) {
        return paintSoftCapsule(m, layers, {x, 10}, {x, 38}, 10, 0.0, doc_->paintTarget(id, false));
      });
    const cv::Mat& labels = *doc_->mask(2);
    const cv::Mat alphaA = doc_->matte(2, a_), alphaB = doc_->matte(2, b_);
    int takenOver = 0;
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x) {
        const int la = alphaA.at<uint8_t>(y, x), lb = alphaB.at<uint8_t>(y, x);
        const int label = labels.at<uint8_t>(y, x);
        // Every label sits where its object's alpha is at least one half.
        if (label == a_) QVERIFY(la >= 128 && lb <= 255 - la);
        if (label == b_) QVERIFY(lb >= 128);
        if (label == 0) QVERIFY(la < 128 && lb < 128);
        takenOver += label == a_ && lb > 0;
      }
    QVERIFY(takenOver > 0);  // the feathers really overlapped
  }

  void propagationResultReplacesSoftLayersOfItsFrame() {
    doc_->applyLayeredEdit(3, QStringLiteral("soft"), [&](cv::Mat& m, SoftLayers& layers) {
      return paintSoftCapsule(m, layers, {30, 20}, {30, 20}, 9, 0.0, doc_->paintTarget(a_, false));
    });
    doc_->undoStack()->undo();  // frame 3 is no keyframe any more
    QVERIFY(!doc_->softLayers(3));
    doc_->undoStack()->redo();
    QVERIFY(doc_->softLayers(3));
    QVERIFY(!doc_->applyPropagatedFrame(3, cv::Mat(48, 64, CV_8UC1, cv::Scalar(0))));  // key
    QVERIFY(doc_->softLayers(3));
  }

  void instanceEditsAreUndoable() {
    const QColor original = doc_->instance(b_)->colour;
    doc_->renameInstance(b_, QStringLiteral("Car"));
    doc_->setInstanceColour(b_, QColor(1, 2, 3));
    doc_->setInstanceVisible(b_, false);
    doc_->setInstanceLocked(b_, true);
    doc_->moveInstance(b_, 0);
    QCOMPARE(doc_->indexOfInstance(b_), 0);
    QCOMPARE(doc_->instance(b_)->name, QStringLiteral("Car"));
    for (int i = 0; i < 5; ++i)
      doc_->undoStack()->undo();
    QCOMPARE(doc_->instance(b_)->name, QStringLiteral("B"));
    QCOMPARE(doc_->instance(b_)->colour, original);
    QVERIFY(doc_->instance(b_)->visible);
    QVERIFY(!doc_->instance(b_)->locked);
    QCOMPARE(doc_->indexOfInstance(b_), 1);
  }

  void defaultColoursAreDistinct() {
    for (int i = 0; i < 12; ++i)
      for (int j = i + 1; j < 12; ++j) {
        const QColor a = Document::defaultColour(i), b = Document::defaultColour(j);
        const int d = std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
                      std::abs(a.blue() - b.blue());
        QVERIFY2(d > 40, qPrintable(QStringLiteral("%1 vs %2").arg(i).arg(j)));
      }
  }

  void propagationBatchIsOneUndoStepAndSparesKeyframes() {
    doc_->applyEdit(0, QStringLiteral("key"), [&](cv::Mat& m) {
      return paintCapsule(m, {30, 20}, {30, 20}, 8, doc_->paintTarget(a_, false));
    });
    const cv::Mat key = doc_->mask(0)->clone();
    doc_->beginPropagationBatch();
    for (int f = 0; f < 10; ++f)
      doc_->applyPropagatedFrame(f, cv::Mat(48, 64, CV_8UC1, cv::Scalar(b_)));
    doc_->endPropagationBatch(QStringLiteral("prop"));
    QCOMPARE(differingPixels(*doc_->mask(0), key), 0);  // keyframe untouched
    QCOMPARE(doc_->framesInState(FrameState::Propagated).size(), size_t(9));
    const int steps = doc_->undoStack()->count();
    doc_->undoStack()->undo();
    QCOMPARE(doc_->undoStack()->index(), steps - 1);
    QVERIFY(doc_->framesInState(FrameState::Propagated).empty());
    QVERIFY(!doc_->mask(5));
  }

 private:
  std::unique_ptr<Document> doc_;
  int a_ = 0;
  int b_ = 0;
};

QTEST_MAIN(DocumentTest)
#include "tst_document.moc"
