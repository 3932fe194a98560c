#include "ui/model/EngineController.h"

#include <QTimer>
#include <algorithm>
#include "engine/segment/Repropagation.h"

namespace rm::bridge {

namespace {
// GUI time per slice of result application: leaves room for input and painting at 60 Hz.
constexpr int kDrainBudgetMs = 6;
}  // namespace

EngineController::EngineController(Document* document, SourceFactory sources,
                                   SegmenterFactory segmenters, QObject* parent)
    : QObject(parent),
      doc_(document),
      sources_(std::move(sources)),
      segmenters_(std::move(segmenters)) {
  connect(doc_, &Document::maskChanged, this, [this](int frame) { onMaskChanged(frame); });
}

EngineController::~EngineController() = default;

bool EngineController::propagate(Direction direction, int first, int last, QString* error) {
  const std::vector<int> keys = doc_->keyframes();
  if (keys.empty()) {
    if (error) *error = tr("Paint a keyframe first: propagation starts from painted frames.");
    return false;
  }
  const int n = doc_->frameCount();
  first = std::clamp(first < 0 ? 0 : first, 0, n - 1);
  last = std::clamp(last < 0 ? n - 1 : last, 0, n - 1);
  if (first > last) std::swap(first, last);

  PropagationRequest request;
  for (int k : keys)
    request.keyframes.emplace(k, doc_->mask(k)->clone());
  request.first = first;
  request.last = last;
  request.direction = direction;

  // Frames the engine can reach from the keyframes in this direction.
  std::set<int> expected;
  for (int f = first; f <= last; ++f) {
    if (doc_->state(f) == FrameState::Keyframe) continue;
    const bool forward = keys.front() < f;
    const bool backward = keys.back() > f;
    if ((direction == Direction::Forward && forward) ||
        (direction == Direction::Backward && backward) || (direction == Direction::Both))
      expected.insert(f);
  }
  if (expected.empty()) {
    if (error) *error = tr("No frame to propagate to in this direction and range.");
    return false;
  }
  return start(std::move(request), std::move(expected), tr("Propagate"), error);
}

namespace {
// Work units of a run, for its ETA: backward steps (frames before the last keyframe, with
// Backward or Both) plus forward steps (frames after the first keyframe, Forward or Both).
struct WorkPlan {
  int polls = 0;
  int forward = 0;
};
WorkPlan planWork(const std::set<int>& expected, const std::vector<int>& keys,
                  Direction direction) {
  WorkPlan plan;
  if (keys.empty()) return plan;
  for (int f : expected) {
    if (direction != Direction::Forward && f < keys.back()) ++plan.polls;
    if (direction != Direction::Backward && f > keys.front()) ++plan.forward;
  }
  return plan;
}
}  // namespace

bool EngineController::repropagateStale(QString* error) {
  const std::vector<int> stale = doc_->framesInState(FrameState::Stale);
  if (stale.empty()) {
    if (error) *error = tr("No stale frames: nothing to re-propagate.");
    return false;
  }
  const std::vector<int> keys = doc_->keyframes();
  if (keys.empty()) {
    if (error) *error = tr("Paint a keyframe first: propagation starts from painted frames.");
    return false;
  }
  std::map<int64_t, cv::Mat> keyframes;
  for (int k : keys)
    keyframes.emplace(k, doc_->mask(k)->clone());
  PropagationRequest request =
      repropagationRequest(std::move(keyframes), std::set<int64_t>(stale.begin(), stale.end()));
  return start(std::move(request), std::set<int>(stale.begin(), stale.end()), tr("Re-propagate"),
               error);
}

bool EngineController::start(PropagationRequest request, std::set<int> expected,
                             const QString& label, QString* error) {
  if (running_) {
    if (error) *error = tr("A propagation is already running.");
    return false;
  }
  running_ = true;
  workerDone_ = false;
  const std::vector<int> keys = doc_->keyframes();
  direction_ = request.direction;
  firstKey_ = keys.empty() ? 0 : keys.front();
  const WorkPlan plan = planWork(expected, keys, direction_);
  pollsExpected_ = plan.polls;
  forwardExpected_ = plan.forward;
  polls_ = 0;
  forwardShown_ = 0;
  {
    std::lock_guard lock(inboxMutex_);
    inbox_.clear();
  }
  expected_ = std::move(expected);
  editedDuringRun_.clear();
  label_ = label;
  progress_ = PropagationProgress{};
  progress_.total = static_cast<int>(expected_.size());
  // Before any frame shows, two directions compute the backward pass of the frames that
  // lie between keyframes.
  if (direction_ == Direction::Both)
    for (int f : expected_)
      if (!keys.empty() && f > keys.front() && f < keys.back()) ++progress_.backwardTotal;
  for (int f : expected_)
    doc_->setActivity(f, FrameActivity::InProgress);
  doc_->beginPropagationBatch();
  clock_.start();
  emit started(progress_.total);
  emit progressChanged(progress_);

  worker_.start([this, request = std::move(request), segmenters = segmenters_,
                 sources = sources_](std::stop_token token) -> Worker::Completion {
    auto done = [this](bool ok, const QString& message) -> Worker::Completion {
      return [this, ok, message] { onWorkerDone(ok, message); };
    };
    auto segmenter = segmenters();
    if (!segmenter) return done(false, QString::fromStdString(segmenter.message()));
    auto source = sources(Worker::openOptions(token));
    if (!source) return done(false, QString::fromStdString(source.message()));
    PropagationCallbacks callbacks;
    // The engine polls this once per backward frame (a chain that shows nothing until the
    // forward chain fuses it): the heartbeat of that phase.
    // A poll not followed by a frame before the next poll was a backward step whose result
    // waits for the forward chain (counted here, on the worker, where the order is exact).
    auto steps = std::make_shared<BackwardSteps>();
    callbacks.cancelled = [this, steps, cancelled = Worker::cancelledFn(token)] {
      if (steps->polls > 0 && !steps->frameSincePoll) ++steps->stored;
      ++steps->polls;
      steps->frameSincePoll = false;
      worker_.post(
          [this, polls = steps->polls, stored = steps->stored] { onBackwardStep(polls, stored); });
      return cancelled();
    };
    callbacks.onFrame = [this, token, steps](const FrameMasks& masks) {
      steps->frameSincePoll = true;
      if (token.stop_requested()) return false;
      Result result{static_cast<int>(masks.frame), masks.labels.clone(),
                    MaskRle::encode(masks.labels)};
      bool post = false;
      {
        std::lock_guard lock(inboxMutex_);
        inbox_.push_back(std::move(result));
        post = !drainScheduled_;
        drainScheduled_ = true;
      }
      if (post) worker_.post([this] { drainResults(kDrainBudgetMs); });
      return !token.stop_requested();
    };
    const Status status = segmenter.value()->propagate(*source.value(), request, callbacks);
    return done(status.ok(), QString::fromStdString(status.message()));
  });
  return true;
}

void EngineController::waitForFinished() {
  worker_.waitForFinished();
  drainResults(-1);
}

void EngineController::drainResults(int budgetMs) {
  QElapsedTimer slice;
  slice.start();
  for (;;) {
    Result result;
    {
      std::lock_guard lock(inboxMutex_);
      if (inbox_.empty()) {
        drainScheduled_ = false;
        break;
      }
      result = std::move(inbox_.front());
      inbox_.pop_front();
    }
    onResult(std::move(result));
    if (budgetMs >= 0 && slice.elapsed() >= budgetMs) {
      // More waiting: a real timer (not a posted call) lets input, painting and other
      // timers run before the next slice.
      QTimer::singleShot(1, this, [this] { drainResults(kDrainBudgetMs); });
      return;
    }
  }
  if (workerDone_ && running_) finishRun();
}

void EngineController::onMaskChanged(int frame) {
  if (running_ && frame >= 0 && doc_->state(frame) == FrameState::Keyframe)
    editedDuringRun_.insert(frame);
}

void EngineController::onResult(Result result) {
  if (!running_) return;
  const int frame = result.frame;
  // Computed without a keyframe the user has since corrected (on either side): stale at once.
  bool stale = false;
  for (int k : editedDuringRun_)
    if (doc_->framesDependingOn(k).count(frame)) stale = true;
  doc_->applyPropagatedFrame(frame, result.labels, stale, std::move(result.encoded));
  doc_->setActivity(frame, FrameActivity::Idle);
  if (expected_.erase(frame) > 0) ++progress_.done;
  if (direction_ != Direction::Backward && frame > firstKey_) ++forwardShown_;
  progress_.phase = PropagationProgress::Phase::Frames;
  updateEstimate();
  emit frameFinished(frame);
  emit progressChanged(progress_);
}

void EngineController::onBackwardStep(int polls, int stored) {
  if (!running_) return;
  polls_ = polls;
  if (stored > progress_.backwardDone && progress_.backwardTotal > 0) {
    progress_.phase = PropagationProgress::Phase::BackwardPass;
    progress_.backwardDone = std::min(stored, progress_.backwardTotal);
  }
  updateEstimate();
  emit progressChanged(progress_);
}

void EngineController::updateEstimate() {
  const double seconds = clock_.elapsed() / 1000.0;
  // The rate frames show at, since the first one (a backward pass before it is no frame).
  if (progress_.done == 1) firstShownMs_ = clock_.elapsed();
  const double showing = (clock_.elapsed() - firstShownMs_) / 1000.0;
  progress_.fps = progress_.done > 1 && showing > 0 ? (progress_.done - 1) / showing : 0.0;
  // Every step (backward or forward) counts, so the estimate exists from the first one.
  const int total = pollsExpected_ + forwardExpected_;
  const int done = std::min(polls_, pollsExpected_) + std::min(forwardShown_, forwardExpected_);
  progress_.etaSeconds =
      done > 0 && seconds > 0 ? std::max(0, total - done) * seconds / done : -1.0;
}

void EngineController::onWorkerDone(bool ok, const QString& message) {
  workerDone_ = true;
  workerOk_ = ok;
  workerMessage_ = message;
  bool pending = false;
  {
    std::lock_guard lock(inboxMutex_);
    pending = !inbox_.empty();
  }
  if (!pending && running_) finishRun();  // else the last slice finishes the run
}

void EngineController::finishRun() {
  const bool ok = workerOk_;
  const QString message = workerMessage_;
  workerDone_ = false;
  const bool cancelled = worker_.cancelRequested();
  // Whatever did not arrive: failed on an engine error, untouched otherwise.
  const FrameActivity leftover = ok || cancelled ? FrameActivity::Idle : FrameActivity::Failed;
  for (int f : expected_)
    doc_->setActivity(f, leftover);
  expected_.clear();
  doc_->endPropagationBatch(tr("%1: %2 frames").arg(label_).arg(progress_.done));
  running_ = false;
  emit finished(ok, cancelled, message);
}

}  // namespace rm::bridge
