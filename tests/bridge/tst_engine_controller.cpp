// Propagation through the controller with a fake segmenter on a generated clip.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>
#include <cstdio>

#include <opencv2/core.hpp>

#include "FakeEngine.h"
#include "engine/Engine.h"
#include "ui/model/EngineController.h"

using namespace rm::bridge;

namespace {
constexpr int kW = 40, kH = 30, kFrames = 24;

int differingPixels(const cv::Mat& a, const cv::Mat& b) {
  return cv::countNonZero(a != b);
}
}  // namespace

class EngineControllerTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(1); }  // once, as an executable's main does
  void init() {
    doc_ = std::make_unique<Document>();
    doc_->reset(QStringLiteral("fake://clip"), QSize(kW, kH), kFrames, 25.0);
    id_ = doc_->addInstance();
    log_ = std::make_shared<rm::test::FakeSegmenter::Log>();
    delayMs_ = 0;
    auto sources = [](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
      return std::unique_ptr<rm::FrameSource>(
          std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames));
    };
    auto segmenters = [this]() -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
      return std::unique_ptr<rm::Segmenter>(
          std::make_unique<rm::test::FakeSegmenter>(log_, delayMs_));
    };
    controller_ = std::make_unique<EngineController>(doc_.get(), sources, segmenters);
  }
  void cleanup() {
    controller_.reset();
    doc_.reset();
  }

  void propagationFillsStates_data() {
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("expectedPropagated");
    // Keyframes at 5 and 15.
    QTest::newRow("both, whole clip") << int(rm::Direction::Both) << -1 << -1 << kFrames - 2;
    QTest::newRow("forward from 5") << int(rm::Direction::Forward) << 5 << -1 << kFrames - 5 - 2;
    QTest::newRow("backward to 15") << int(rm::Direction::Backward) << 0 << 15 << 14;
    QTest::newRow("in/out 8..12") << int(rm::Direction::Both) << 8 << 12 << 5;
  }
  void propagationFillsStates() {
    QFETCH(int, direction);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, expectedPropagated);
    paintKey(5, 10);
    paintKey(15, 20);
    const cv::Mat key5 = doc_->mask(5)->clone();
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QVERIFY(controller_->propagate(rm::Direction(direction), first, last));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(int(doc_->framesInState(FrameState::Propagated).size()), expectedPropagated);
    QCOMPARE(doc_->keyframes(), (std::vector<int>{5, 15}));
    QCOMPARE(differingPixels(*doc_->mask(5), key5), 0);
    for (int f = 0; f < kFrames; ++f)
      QCOMPARE(doc_->activity(f), FrameActivity::Idle);
    // The fake copies the keyframe it propagates from.
    if (doc_->state(10) == FrameState::Propagated)
      QCOMPARE(differingPixels(*doc_->mask(10), rm::Direction(direction) == rm::Direction::Backward
                                                    ? *doc_->mask(15)
                                                    : key5),
               0);
  }

  void burstOfLargeResultsLandsInSlicesAndThenFinishes() {
    // 1080p results as fast as the fake makes them: applied over several event-loop
    // slices, every one of them before `finished`, and the batch undoes as one step.
    static constexpr int w = 1920, h = 1080, frames = 30;
    Document doc;
    doc.reset(QStringLiteral("fake://big"), QSize(w, h), frames, 25.0);
    const int id = doc.addInstance();
    doc.applyEdit(0, QStringLiteral("key"), [&](cv::Mat& m) {
      return paintCapsule(m, {900, 500}, {1000, 560}, 120, doc.paintTarget(id, false));
    });
    EngineController controller(
        &doc,
        [](const rm::OpenOptions&) {
          return rm::Expected<std::unique_ptr<rm::FrameSource>>(std::unique_ptr<rm::FrameSource>(
              std::make_unique<rm::test::FakeFrameSource>(16, 16, frames)));
        },
        [this]() -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
          return std::unique_ptr<rm::Segmenter>(std::make_unique<rm::test::FakeSegmenter>(log_, 0));
        });
    QSignalSpy finished(&controller, &EngineController::finished);
    QSignalSpy landed(&controller, &EngineController::frameFinished);
    int propagatedAtFinish = -1;
    connect(&controller, &EngineController::finished, this,
            [&] { propagatedAtFinish = int(doc.framesInState(FrameState::Propagated).size()); });
    QVERIFY(controller.propagate(rm::Direction::Forward, 0, frames - 1));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(landed.count(), frames - 1);
    QCOMPARE(propagatedAtFinish, frames - 1);
    QCOMPARE(differingPixels(*doc.mask(frames - 1), *doc.mask(0)), 0);
    const int steps = doc.undoStack()->count();
    doc.undoStack()->undo();
    QCOMPARE(doc.undoStack()->index(), steps - 1);
    QVERIFY(doc.framesInState(FrameState::Propagated).empty());
  }

  void framesAreInProgressWhileRunning() {
    paintKey(0, 10);
    delayMs_ = 20;
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QVERIFY(controller_->propagate(rm::Direction::Forward, 0, -1));
    QCOMPARE(doc_->activity(kFrames - 1), FrameActivity::InProgress);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(doc_->activity(kFrames - 1), FrameActivity::Idle);
    QCOMPARE(doc_->state(kFrames - 1), FrameState::Propagated);
  }

  void cancelStopsTheRun() {
    paintKey(0, 10);
    delayMs_ = 25;
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QSignalSpy frames(controller_.get(), &EngineController::frameFinished);
    QVERIFY(controller_->propagate(rm::Direction::Forward, 0, -1));
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 2, 10000);
    controller_->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(1).toBool(), true);  // cancelled
    // The fake cancels with the real segmenter's error.
    QCOMPARE(finished.at(0).at(2).toString(), QString::fromLatin1(rm::kPropagationCancelled));
    const int propagated = int(doc_->framesInState(FrameState::Propagated).size());
    QVERIFY2(propagated < kFrames - 1, qPrintable(QString::number(propagated)));
    size_t emitted;
    {
      std::lock_guard lock(log_->mutex);
      emitted = log_->emitted.size();
    }
    QVERIFY(emitted < size_t(kFrames - 1));
    for (int f = 0; f < kFrames; ++f)
      QCOMPARE(doc_->activity(f), FrameActivity::Idle);
    QVERIFY(!controller_->isRunning());
  }

  // Two keyframes, both directions: the real segmenter (colour features) first runs the
  // backward chain, which emits nothing until the forward chain fuses it. A cancel there
  // must not wait for the chain's end (the old behaviour: seconds on a long span).
  void cancelDuringTheBackwardChainIsPrompt() {
    static constexpr int w = 64, h = 48, frames = 100, decodeMs = 40;  // chain: ~4 s
    Document doc;
    doc.reset(QStringLiteral("fake://slow"), QSize(w, h), frames, 25.0);
    const int id = doc.addInstance();
    for (int key : {0, frames - 1})
      doc.applyEdit(key, QStringLiteral("key"), [&](cv::Mat& m) {
        return paintCapsule(m, {20, 20}, {30, 24}, 8, doc.paintTarget(id, false));
      });
    EngineController controller(
        &doc,
        [](const rm::OpenOptions&) {
          return rm::Expected<std::unique_ptr<rm::FrameSource>>(std::unique_ptr<rm::FrameSource>(
              std::make_unique<rm::test::FakeFrameSource>(w, h, frames, decodeMs)));
        },
        [] {
          rm::SegmenterParams params;
          params.model = "colour";
          return rm::createSegmenter(params);
        });
    QSignalSpy finished(&controller, &EngineController::finished);
    QSignalSpy landed(&controller, &EngineController::frameFinished);
    QVERIFY(controller.propagate(rm::Direction::Both, 0, frames - 1));
    QTest::qWait(600);
    QCOMPARE(landed.count(), 0);  // still in the backward chain
    QCOMPARE(finished.count(), 0);
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    controller.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    const qint64 latencyMs = sinceCancel.elapsed();
    std::printf("cancel latency, backward chain of a two-way propagation: %lld ms\n",
                static_cast<long long>(latencyMs));
    QCOMPARE(finished.at(0).at(1).toBool(), true);  // cancelled
    QCOMPARE(finished.at(0).at(2).toString(), QString::fromLatin1(rm::kPropagationCancelled));
    QVERIFY(!controller.isRunning());
    QVERIFY2(latencyMs < 2000, qPrintable(QString::number(latencyMs)));
    QVERIFY(doc.framesInState(FrameState::Propagated).empty());
  }

  void correctionMarksBothSidesStale() {
    paintKey(2, 10);
    paintKey(16, 20);
    runToEnd(rm::Direction::Forward, 0, -1);
    QCOMPARE(doc_->state(8), FrameState::Propagated);
    paintKey(8, 30);  // correction on a propagated frame
    QCOMPARE(doc_->state(8), FrameState::Keyframe);
    // Both sides up to the neighbouring keyframes depend on it now.
    for (int f : {3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15})
      QCOMPARE(doc_->state(f), FrameState::Stale);
    QCOMPARE(doc_->state(2), FrameState::Keyframe);
    QCOMPARE(doc_->state(16), FrameState::Keyframe);
    QCOMPARE(doc_->state(17), FrameState::Propagated);  // beyond the next keyframe
    QCOMPARE(doc_->state(1), FrameState::Empty);        // never propagated: stays empty
    doc_->undoStack()->undo();  // undoing the correction restores the states
    QCOMPARE(doc_->state(8), FrameState::Propagated);
    QCOMPARE(doc_->state(5), FrameState::Propagated);
    QCOMPARE(doc_->state(12), FrameState::Propagated);
  }

  void correctingAMiddleFrameRecomputesBothSidesAndKeepsKeyframes_data() {
    QTest::addColumn<int>("firstKey");  // -1: no keyframe before the correction
    QTest::newRow("keyframes on both sides") << 0;
    QTest::newRow("nothing before it") << -1;
  }
  void correctingAMiddleFrameRecomputesBothSidesAndKeepsKeyframes() {
    QFETCH(int, firstKey);
    if (firstKey >= 0) paintKey(firstKey, 10);
    paintKey(20, 20);
    runToEnd(rm::Direction::Both, 0, -1);
    const cv::Mat prop22 = doc_->mask(22)->clone();
    paintKey(10, 30);  // the correction
    std::map<int, cv::Mat> keys;
    for (int k : doc_->keyframes())
      keys[k] = doc_->mask(k)->clone();
    std::vector<int> expected;
    for (int f = firstKey + 1; f < 20; ++f)
      if (f != 10) expected.push_back(f);
    QCOMPARE(doc_->framesInState(FrameState::Stale), expected);
    {
      std::lock_guard lock(log_->mutex);
      log_->emitted.clear();
      log_->requests.clear();
    }
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QVERIFY(controller_->repropagateStale());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    {
      std::lock_guard lock(log_->mutex);
      // Exactly the frames on both sides were recomputed, in both directions; the span
      // after the next keyframe was not.
      QCOMPARE(std::vector<int>(log_->emitted.begin(), log_->emitted.end()), expected);
      QCOMPARE(int(log_->requests.size()), 1);
      QCOMPARE(log_->requests[0].direction, rm::Direction::Both);
      QCOMPARE(log_->requests[0].first, int64_t(std::max(firstKey, 0)));
      QCOMPARE(log_->requests[0].last, int64_t(20));
    }
    QVERIFY(doc_->framesInState(FrameState::Stale).empty());
    for (const auto& [k, mask] : keys) {
      QCOMPARE(doc_->state(k), FrameState::Keyframe);
      QCOMPARE(differingPixels(*doc_->mask(k), mask), 0);
    }
    QCOMPARE(differingPixels(*doc_->mask(22), prop22), 0);
    // The fake copies the keyframe it propagates from: the correction now reaches frames
    // after it and, without a keyframe before it, the frames before it as well.
    QCOMPARE(differingPixels(*doc_->mask(15), keys[10]), 0);
    QCOMPARE(differingPixels(*doc_->mask(5), firstKey >= 0 ? keys[firstKey] : keys[10]), 0);
  }

  void keyframePaintedDuringRunIsNeverOverwritten() {
    paintKey(0, 10);
    delayMs_ = 15;
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QVERIFY(controller_->propagate(rm::Direction::Forward, 0, -1));
    paintKey(kFrames - 4, 33);  // the user corrects a frame the engine has not reached
    const cv::Mat corrected = doc_->mask(kFrames - 4)->clone();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(doc_->state(kFrames - 4), FrameState::Keyframe);
    QCOMPARE(differingPixels(*doc_->mask(kFrames - 4), corrected), 0);
    // Results computed from the old keyframes downstream of the edit arrive stale.
    QCOMPARE(doc_->state(kFrames - 2), FrameState::Stale);
  }

  void runIsOneUndoStep() {
    paintKey(0, 10);
    const int before = doc_->undoStack()->count();
    runToEnd(rm::Direction::Forward, 0, -1);
    QCOMPARE(doc_->undoStack()->count(), before + 1);
    doc_->undoStack()->undo();
    QVERIFY(doc_->framesInState(FrameState::Propagated).empty());
  }

  void noKeyframeIsAClearError() {
    QString error;
    QVERIFY(!controller_->propagate(rm::Direction::Both, -1, -1, &error));
    QVERIFY(!error.isEmpty());
  }

  // Issue #20: with two directions the real engine computes the whole backward pass before
  // it shows a frame; that time is reported as its own phase, with an ETA from its first step.
  void twoWayRunReportsTheBackwardPassFirst() {
    auto segmenters = []() -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
      rm::SegmenterParams params;
      params.model = "colour";
      params.threads = 1;
      return rm::createSegmenter(params);
    };
    controller_->setSegmenterFactory(segmenters);
    paintKey(2, 10);
    paintKey(20, 20);
    QList<PropagationProgress> reports;
    connect(controller_.get(), &EngineController::progressChanged, this,
            [&](const PropagationProgress& p) { reports.append(p); });
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QVERIFY(controller_->propagate(rm::Direction::Both, -1, -1));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(2).toString()));
    using Phase = PropagationProgress::Phase;
    // Frames 1 and 0 come first (the backward chain from key 2 shows them at once); then the
    // backward pass over the 17 frames between the keys is reported as such, counted up,
    // with an estimate, while no further frame shows; then the frames to the end.
    int backwardReports = 0, lastBackward = 0, shownBefore = -1;
    bool framesAfter = false;
    for (const PropagationProgress& p : reports) {
      if (p.phase == Phase::BackwardPass) {
        QVERIFY(!framesAfter);
        QCOMPARE(p.backwardTotal, 17);
        QVERIFY(p.backwardDone >= lastBackward);
        QVERIFY(p.etaSeconds >= 0);
        if (shownBefore < 0) shownBefore = p.done;
        QCOMPARE(p.done, shownBefore);
        lastBackward = p.backwardDone;
        ++backwardReports;
      } else if (p.phase == Phase::Frames && backwardReports > 0) {
        framesAfter = true;
      }
    }
    QVERIFY2(backwardReports >= 15, qPrintable(QString::number(backwardReports)));
    QVERIFY(lastBackward >= 16);  // each step counts once the next one starts
    QCOMPARE(shownBefore, 2);     // frames 1 and 0
    QVERIFY(framesAfter);
    QCOMPARE(reports.last().done, kFrames - 2);
    QCOMPARE(reports.last().etaSeconds, 0.0);
    // The rate is the frames' own, from the first shown one: none yet at the first.
    for (const PropagationProgress& p : reports)
      if (p.done == 1) QCOMPARE(p.fps, 0.0);
    QVERIFY(reports.last().fps > 0);
  }

 private:
  void paintKey(int frame, double x) {
    doc_->applyEdit(frame, QStringLiteral("key"), [&](cv::Mat& m) {
      return paintCapsule(m, {x, 15}, {x, 15}, 5, doc_->paintTarget(id_, false));
    });
  }
  void runToEnd(rm::Direction direction, int first, int last) {
    QSignalSpy finished(controller_.get(), &EngineController::finished);
    QVERIFY(controller_->propagate(direction, first, last));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
  }

  std::unique_ptr<Document> doc_;
  std::unique_ptr<EngineController> controller_;
  std::shared_ptr<rm::test::FakeSegmenter::Log> log_;
  std::atomic<int> delayMs_{0};
  int id_ = 0;
};

QTEST_MAIN(EngineControllerTest)
#include "tst_engine_controller.moc"
