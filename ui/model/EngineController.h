#pragma once
// Runs propagation on a worker thread and streams its results into the Document on
// the GUI thread, so the user can keep scrubbing and painting. Results are queued and
// applied in slices of a few milliseconds (a burst of fast results never blocks input,
// painting or scrubbing); their undo snapshots are encoded on the worker. Keyframes are snapshot
// when a run starts; frames the user turns into keyframes meanwhile are never
// overwritten, and results that depend on such an edit (either side) arrive marked stale.

#include <QElapsedTimer>
#include <QObject>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include "engine/segment/Segmenter.h"
#include "ui/model/Document.h"
#include "ui/model/SourceFactory.h"
#include "ui/model/Worker.h"

namespace rm::bridge {

using SegmenterFactory = std::function<Expected<std::unique_ptr<Segmenter>>()>;

struct PropagationProgress {
  // Two directions: the backward chain runs first and shows no frame until the forward
  // chain fuses it, so it is reported as its own phase.
  enum class Phase { Starting, BackwardPass, Frames };
  Phase phase = Phase::Starting;
  int done = 0;           // frames shown
  int total = 0;          // frames to show
  int backwardDone = 0;   // backward-pass frames computed (BackwardPass)
  int backwardTotal = 0;  // frames the backward pass computes before any is shown
  double fps = 0.0;
  double etaSeconds = -1.0;  // -1: unknown yet (no step finished)
};

class EngineController : public QObject {
  Q_OBJECT
 public:
  EngineController(Document* document, SourceFactory sources, SegmenterFactory segmenters,
                   QObject* parent = nullptr);
  ~EngineController() override;

  bool isRunning() const { return running_; }
  // Takes effect at the next run (a running worker keeps the factory it started with).
  void setSegmenterFactory(SegmenterFactory segmenters) { segmenters_ = std::move(segmenters); }
  // Propagates all instances from the keyframes over [first, last] (-1: whole clip).
  // Returns false (with `error`) if a run is active or there is no keyframe.
  bool propagate(Direction direction, int first, int last, QString* error = nullptr);
  // Recomputes only the stale frames; keyframes stay untouched.
  bool repropagateStale(QString* error = nullptr);
  void cancel() { worker_.cancel(); }
  // Blocks until the worker has stopped and its results are applied (tests, shutdown).
  void waitForFinished();
  const PropagationProgress& progress() const { return progress_; }

 signals:
  void started(int totalFrames);
  void progressChanged(const rm::bridge::PropagationProgress& progress);
  void frameFinished(int frame);
  // ok: the engine reported success; cancelled: the user stopped it.
  void finished(bool ok, bool cancelled, const QString& message);

 private:
  bool start(PropagationRequest request, std::set<int> expected, const QString& label,
             QString* error);
  struct Result {
    int frame;
    cv::Mat labels;
    MaskRle encoded;
  };
  void onResult(Result result);
  // What the worker counted of the engine's cancellation polls (one per backward frame).
  struct BackwardSteps {
    int polls = 0;
    int stored = 0;  // backward frames not shown until the forward chain fuses them
    bool frameSincePoll = false;
  };
  void onBackwardStep(int polls, int stored);
  void updateEstimate();
  // Applies queued results for at most `budgetMs` (< 0: all), then reschedules itself.
  void drainResults(int budgetMs);
  void onWorkerDone(bool ok, const QString& message);
  void finishRun();
  void onMaskChanged(int frame);

  Document* doc_;
  SourceFactory sources_;
  SegmenterFactory segmenters_;
  bool running_ = false;
  std::set<int> expected_;
  std::set<int> editedDuringRun_;  // frames the user painted while this run was active
  QString label_;
  QElapsedTimer clock_;
  PropagationProgress progress_;
  Direction direction_ = Direction::Both;
  int firstKey_ = 0;         // of the run's keyframes
  int pollsExpected_ = 0;    // backward steps the run will take (frames before the last key)
  int polls_ = 0;            // backward steps taken
  int forwardExpected_ = 0;  // frames the forward chain emits (after the first key)
  int forwardShown_ = 0;
  qint64 firstShownMs_ = 0;  // clock_ when the run's first frame showed

  std::mutex inboxMutex_;
  std::deque<Result> inbox_;     // results from the worker, not applied yet
  bool drainScheduled_ = false;  // guarded by inboxMutex_
  bool workerDone_ = false;      // the worker reported; finish once the inbox is empty
  bool workerOk_ = false;
  QString workerMessage_;
  Worker worker_{"propagate"};  // last: stopped before the state it delivers into goes
};

}  // namespace rm::bridge
