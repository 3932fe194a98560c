#include "ui/model/SmartBrushController.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace rm::bridge {

SmartBrushController::SmartBrushController(Document* document, SourceFactory sources,
                                           SmartBrushFactory brushes, QObject* parent)
    : QObject(parent), doc_(document), sources_(std::move(sources)), brushes_(std::move(brushes)) {}

SmartBrushController::~SmartBrushController() {
  queue_.clear();  // the running stroke ends with the Worker; no other starts
}

bool SmartBrushController::addStroke(int frame, int instance, const cv::Mat& stroke,
                                     bool background, QString* error) {
  auto fail = [error](const QString& text) {
    if (error) *error = text;
    return false;
  };
  if (frame < 0 || frame >= doc_->frameCount()) return fail(tr("No frame %1.").arg(frame));
  if (!doc_->instance(instance)) return fail(tr("Add or select an object to paint."));
  const QSize size = doc_->frameSize();
  if (stroke.type() != CV_8UC1 || stroke.cols != size.width() || stroke.rows != size.height())
    return fail(tr("The stroke does not match the frame size."));
  if (cv::countNonZero(stroke) == 0) return fail(tr("The stroke is empty."));
  // A new session when the object, the frame or its mask (by other means) changed.
  const bool sameSession = session_.frame == frame && session_.instance == instance &&
                           session_.revision == doc_->maskRevision(frame);
  if (!sameSession) {
    const cv::Mat* labels = doc_->mask(frame);
    session_.frame = frame;
    session_.instance = instance;
    session_.base = labels ? cv::Mat(*labels == instance) : cv::Mat();
    session_.foreground = cv::Mat::zeros(stroke.size(), CV_8UC1);
    session_.background = cv::Mat::zeros(stroke.size(), CV_8UC1);
    session_.revision = doc_->maskRevision(frame);
    ++session_.id;
  }
  (background ? session_.background : session_.foreground) |= (stroke != 0);
  Job job;
  job.frame = frame;
  job.instance = instance;
  job.strokes.foreground = session_.foreground.clone();
  job.strokes.background = session_.background.clone();
  job.strokes.currentMask = session_.base;
  job.sessionId = session_.id;
  queue_.push_back(std::move(job));
  if (!isRunning()) startNext();
  return true;
}

void SmartBrushController::prepare(int frame) {
  if (frame < 0 || frame >= doc_->frameCount()) return;
  if (!queue_.empty()) return;  // strokes come first; they extract it anyway
  if (isRunning()) {
    if (running_.strokes.foreground.empty() && running_.frame != frame) {
      worker_.cancel();  // a preparation for a frame left behind; this one follows it
      Job job;
      job.frame = frame;
      queue_.push_back(std::move(job));
    }
    return;
  }
  Job job;
  job.frame = frame;
  queue_.push_back(std::move(job));
  startNext();
}

void SmartBrushController::cancel() {
  queue_.clear();
  const uint64_t id = session_.id;
  session_ = Session{};  // the next stroke starts over
  session_.id = id;
  worker_.cancel();
}

void SmartBrushController::setBrushFactory(SmartBrushFactory brushes) {
  brushes_ = std::move(brushes);
  ++generation_;
}

void SmartBrushController::startNext() {
  if (queue_.empty()) return;
  Job job = std::move(queue_.front());
  queue_.pop_front();
  job.brushes = brushes_;
  job.generation = generation_;
  running_ = job;
  worker_.start([this, job = std::move(job)](std::stop_token token) { return run(job, token); });
}

Worker::Completion SmartBrushController::run(const Job& job, std::stop_token token) {
  auto done = [&](bool ok, const QString& message, const cv::Mat& mask) -> Worker::Completion {
    return [this, job, ok, message, mask] { onWorkerDone(job, ok, message, mask); };
  };
  if (!brush_ || brushGeneration_ != job.generation) {
    brush_.reset();
    auto made = job.brushes();
    if (!made) return done(false, QString::fromStdString(made.message()), {});
    brush_ = std::move(*made);
    brushGeneration_ = job.generation;
  }
  if (!source_) {
    // Opened once and kept for the later strokes, so it cannot carry one job's token; each
    // stroke reads a single frame.
    auto opened = sources_(OpenOptions{});
    if (!opened) return done(false, QString::fromStdString(opened.message()), {});
    source_ = std::move(*opened);
  }
  Expected<cv::Mat> rgb = source_->readRgb8(job.frame);
  if (!rgb) return done(false, QString::fromStdString(rgb.message()), {});
  const auto cancelled = Worker::cancelledFn(token);
  if (Status s = brush_->setFrame(*rgb, "frame#" + std::to_string(job.frame), cancelled); !s)
    return done(false, QString::fromStdString(s.message()), {});
  if (job.strokes.foreground.empty()) return done(true, {}, {});
  auto result = brush_->select(job.strokes, cancelled);
  if (!result) return done(false, QString::fromStdString(result.message()), {});
  return done(true, {}, result->mask);
}

void SmartBrushController::onWorkerDone(const Job& job, bool ok, const QString& message,
                                        const cv::Mat& mask) {
  if (job.strokes.foreground.empty()) {  // prepare only
    startNext();
    return;
  }
  if (ok) {
    const PaintTarget target = doc_->paintTarget(job.instance, false);
    const int id = job.instance;
    doc_->applyEdit(job.frame, tr("Smart brush"), [&](cv::Mat& labels) {
      // The object where the brush found it (other objects' locked pixels stay), and
      // nowhere else.
      cv::Mat locked = cv::Mat::zeros(labels.size(), CV_8UC1);
      for (size_t k = 0; k < target.locked.size(); ++k)
        if (target.locked[k]) locked |= labels == int(k);
      const cv::Mat add = (mask != 0) & (labels != id) & (locked == 0);
      const cv::Mat remove = (mask == 0) & (labels == id);
      labels.setTo(id, add);
      labels.setTo(0, remove);
      return cv::boundingRect(add | remove);
    });
    if (session_.id == job.sessionId) session_.revision = doc_->maskRevision(job.frame);
  }
  const bool cancelled = message == QLatin1String(kSmartBrushCancelled);
  emit strokeFinished(ok, ok          ? QString()
                          : cancelled ? tr("Smart brush cancelled.")
                                      : tr("Smart brush: %1").arg(message));
  startNext();
}

void SmartBrushController::waitForFinished() {
  worker_.waitForFinished();
}

}  // namespace rm::bridge
