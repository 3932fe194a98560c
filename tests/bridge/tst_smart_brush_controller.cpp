// The smart brush through its controller on a generated frame (colour features, fast):
// a foreground stroke selects the object as one undo step, undo restores the mask before
// it, a background stroke (Alt) carves a wrong region, the plain brush still edits the
// result, a long stroke stops soon after cancel, and bad strokes are refused.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "SyntheticClip.h"
#include "engine/Engine.h"
#include "engine/segment/DavisMeasures.h"
#include "ui/model/SmartBrushController.h"

using namespace rm::bridge;

namespace {

constexpr int kFrames = 3;
const cv::Size kSize(320, 224);

cv::Mat line(cv::Point a, cv::Point b) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
  cv::line(m, a, b, cv::Scalar(255), 3);
  return m;
}

}  // namespace

class SmartBrushControllerTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(1); }  // once, as an executable's main does
  void init() {
    clip_ = rm::test::makeClip(kFrames, kSize, /*twoObjects=*/true);
    doc_ = std::make_unique<Document>();
    doc_->reset(QStringLiteral("memory-clip"), QSize(kSize.width, kSize.height), kFrames, 25.0);
    id_ = doc_->addInstance();
    auto sources = [frames = clip_.frames](
                       const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
      return std::unique_ptr<rm::FrameSource>(std::make_unique<rm::test::MemorySource>(frames));
    };
    auto brushes = [] {
      rm::SegmenterParams params;
      params.model = "colour";
      return rm::SmartBrush::create(params);
    };
    controller_ = std::make_unique<SmartBrushController>(doc_.get(), sources, brushes);
  }
  void cleanup() {
    controller_.reset();
    doc_.reset();
  }

  void strokeSelectsTheObjectAsOneUndoStep_data() {
    QTest::addColumn<int>("frame");
    QTest::newRow("frame 0") << 0;
    QTest::newRow("frame 2") << 2;
  }
  void strokeSelectsTheObjectAsOneUndoStep() {
    QFETCH(int, frame);
    const cv::Mat disc = clip_.labels[size_t(frame)] == 1;
    const cv::Point centre = centreOf(disc);
    QSignalSpy finished(controller_.get(), &SmartBrushController::strokeFinished);
    const int steps = doc_->undoStack()->count();
    QVERIFY(controller_->addStroke(
        frame, id_, line(centre - cv::Point(6, 0), centre + cv::Point(6, 0)), false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(doc_->undoStack()->count(), steps + 1);
    QCOMPARE(doc_->state(frame), FrameState::Keyframe);
    const double iou = rm::jaccard(*doc_->mask(frame) == id_, disc);
    QVERIFY2(iou > 0.85, qPrintable(QString("IoU %1").arg(iou)));
    doc_->undoStack()->undo();
    QVERIFY(!doc_->mask(frame) || cv::countNonZero(*doc_->mask(frame)) == 0);
  }

  void undoRestoresThePreviousMask() {
    // A rough plain-brush mask first; the smart stroke replaces it, undo brings it back.
    doc_->applyEdit(0, QStringLiteral("rough"), [&](cv::Mat& m) {
      return paintCapsule(m, {30, 122}, {60, 122}, 8, doc_->paintTarget(id_, false));
    });
    const cv::Mat before = doc_->mask(0)->clone();
    QSignalSpy finished(controller_.get(), &SmartBrushController::strokeFinished);
    QVERIFY(controller_->addStroke(0, id_, line({24, 122}, {36, 122}), false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(cv::countNonZero(*doc_->mask(0) != before) > 0);
    doc_->undoStack()->undo();
    QCOMPARE(cv::countNonZero(*doc_->mask(0) != before), 0);
  }

  void backgroundStrokeCarvesAndPlainBrushStillEdits() {
    // The object wrongly holds the blue square too: an Alt stroke across it removes it.
    doc_->applyEdit(0, QStringLiteral("wrong"), [&](cv::Mat& m) {
      m.setTo(id_, clip_.labels[0] != 0);
      return cv::Rect(0, 0, m.cols, m.rows);
    });
    const cv::Rect square = cv::boundingRect(clip_.labels[0] == 2);
    QSignalSpy finished(controller_.get(), &SmartBrushController::strokeFinished);
    QVERIFY(controller_->addStroke(
        0, id_, line({square.x + 6, square.y + 14}, {square.br().x - 6, square.y + 14}), true));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(finished.at(0).at(0).toBool());
    const cv::Mat object = *doc_->mask(0) == id_;
    QVERIFY(cv::countNonZero(object & (clip_.labels[0] == 2)) <
            0.05 * cv::countNonZero(clip_.labels[0] == 2));
    QVERIFY(rm::jaccard(object, clip_.labels[0] == 1) > 0.85);
    // The plain eraser works on the result.
    const int before = cv::countNonZero(*doc_->mask(0) == id_);
    doc_->applyEdit(0, QStringLiteral("erase"), [&](cv::Mat& m) {
      return paintCapsule(m, {30, 122}, {30, 122}, 6, doc_->paintTarget(id_, true));
    });
    QVERIFY(cv::countNonZero(*doc_->mask(0) == id_) < before);
  }

  // A stroke that would compute for minutes (thousands of self-training rounds, or of
  // GrabCut iterations) stops soon after cancel(): nothing lands in the document, and the
  // next stroke starts a new session without the cancelled one.
  void cancelStopsALongStroke_data() {
    QTest::addColumn<int>("expandRounds");
    QTest::addColumn<int>("grabCutIterations");
    QTest::newRow("self-training rounds") << 100000 << 1;
    QTest::newRow("GrabCut iterations") << 0 << 100000;
  }
  void cancelStopsALongStroke() {
    QFETCH(int, expandRounds);
    QFETCH(int, grabCutIterations);
    controller_->setBrushFactory([=] {
      rm::SegmenterParams params;
      params.model = "colour";
      rm::SmartBrushOptions options;
      options.expandRounds = expandRounds;
      options.grabCutIterations = grabCutIterations;
      if (grabCutIterations > 1) options.snap = rm::EdgeSnap::GrabCut;
      return rm::SmartBrush::create(params, options);
    });
    const cv::Point centre = centreOf(clip_.labels[0] == 1);
    QSignalSpy finished(controller_.get(), &SmartBrushController::strokeFinished);
    const int steps = doc_->undoStack()->count();
    QVERIFY(controller_->addStroke(0, id_, line(centre - cv::Point(6, 0), centre + cv::Point(6, 0)),
                                   false));
    QVERIFY(controller_->addStroke(0, id_, line(centre, centre + cv::Point(0, 6)), false));
    QTest::qWait(500);  // well inside the long computation
    QVERIFY(controller_->isRunning());
    QElapsedTimer sinceCancel;
    qint64 latency = -1;
    connect(controller_.get(), &SmartBrushController::strokeFinished, this,
            [&] { latency = sinceCancel.elapsed(); });
    sinceCancel.start();
    controller_->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!controller_->isRunning(), 2000);
    qInfo("smart brush stroke ended %lld ms after cancel", static_cast<long long>(latency));
    QCOMPARE(finished.count(), 1);  // the queued second stroke was dropped
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(finished.at(0).at(1).toString().contains(QStringLiteral("cancelled")),
             qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(doc_->undoStack()->count(), steps);
    QVERIFY(!doc_->mask(0) || cv::countNonZero(*doc_->mask(0)) == 0);

    // A fast brush again: the next stroke selects the object from its own stroke alone.
    controller_->setBrushFactory([] {
      rm::SegmenterParams params;
      params.model = "colour";
      return rm::SmartBrush::create(params);
    });
    QVERIFY(controller_->addStroke(0, id_, line(centre, centre + cv::Point(6, 0)), false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QCOMPARE(doc_->undoStack()->count(), steps + 1);
    QVERIFY(rm::jaccard(*doc_->mask(0) == id_, clip_.labels[0] == 1) > 0.85);
  }

  void badStrokesAreRefused() {
    QString error;
    QVERIFY(!controller_->addStroke(0, id_, cv::Mat::zeros(10, 10, CV_8UC1), false, &error));
    QVERIFY(error.contains("size"));
    QVERIFY(!controller_->addStroke(0, id_, cv::Mat::zeros(kSize, CV_8UC1), false, &error));
    QVERIFY(!controller_->addStroke(kFrames, id_, line({1, 1}, {5, 5}), false, &error));
    QVERIFY(!controller_->addStroke(0, id_ + 7, line({1, 1}, {5, 5}), false, &error));
    QVERIFY(!controller_->isRunning());
  }

 private:
  static cv::Point centreOf(const cv::Mat& mask) {
    const cv::Moments m = cv::moments(mask, true);
    return {int(m.m10 / m.m00), int(m.m01 / m.m00)};
  }

  rm::test::Clip clip_;
  std::unique_ptr<Document> doc_;
  std::unique_ptr<SmartBrushController> controller_;
  int id_ = 0;
};

QTEST_GUILESS_MAIN(SmartBrushControllerTest)
#include "tst_smart_brush_controller.moc"
