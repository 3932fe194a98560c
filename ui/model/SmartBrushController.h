#pragma once
// The smart brush from the GUI: each stroke (foreground, or background with Alt) for the
// current object on the current frame runs the engine's SmartBrush on a worker thread with
// every stroke of the session so far, and lands as ONE undoable edit of the document. A
// session is one object on one frame; it starts over (with the object's mask at that moment
// as the starting point) when the frame, the object or the mask changed by other means
// (plain brush, eraser, undo). Strokes made while one runs are queued, in order.

#include <QObject>
#include <deque>
#include <functional>
#include <memory>

#include <opencv2/core/mat.hpp>

#include "engine/segment/SmartBrush.h"
#include "ui/model/Document.h"
#include "ui/model/SourceFactory.h"
#include "ui/model/Worker.h"

namespace rm::bridge {

using SmartBrushFactory = std::function<Expected<std::unique_ptr<SmartBrush>>()>;

class SmartBrushController : public QObject {
  Q_OBJECT
 public:
  SmartBrushController(Document* document, SourceFactory sources, SmartBrushFactory brushes,
                       QObject* parent = nullptr);
  ~SmartBrushController() override;

  // Queues a stroke: CV_8UC1 at frame size, non-zero = stroked. Returns false (with
  // `error`) for a frame or object that does not exist or a stroke of the wrong size.
  bool addStroke(int frame, int instance, const cv::Mat& stroke, bool background,
                 QString* error = nullptr);
  // Extracts the frame's features ahead of the first stroke (when the tool is picked or the
  // frame changes), so that stroke costs only matching. Supersedes a preparation of another
  // frame still running (the artist moved on).
  void prepare(int frame);
  // Stops the running stroke within one step of the engine (strokeFinished reports it, the
  // document is unchanged) and drops the queued ones; the next stroke starts a new session
  // from the object's mask at that moment.
  void cancel();
  // Takes effect at the next stroke (the brush is rebuilt with the new model).
  void setBrushFactory(SmartBrushFactory brushes);
  bool isRunning() const { return worker_.isRunning(); }
  // Blocks until every queued stroke has run and been applied (tests, shutdown).
  void waitForFinished();

 Q_SIGNALS:
  // After each stroke: ok with the mask applied (one undo step), or why not.
  void strokeFinished(bool ok, const QString& message);

 private:
  struct Job {
    int frame = -1;  // -1: none
    int instance = 0;
    BrushStrokes strokes;  // empty strokes: prepare only
    uint64_t sessionId = 0;
    SmartBrushFactory brushes;  // the factory when queued, and its generation
    uint64_t generation = 0;
  };
  void startNext();
  Worker::Completion run(const Job& job, std::stop_token token);
  void onWorkerDone(const Job& job, bool ok, const QString& message, const cv::Mat& mask);

  Document* doc_;
  SourceFactory sources_;
  SmartBrushFactory brushes_;
  uint64_t generation_ = 1;
  std::deque<Job> queue_;
  Job running_;  // the job last started
  // Worker-side state: touched only by the job running on worker_.
  std::unique_ptr<SmartBrush> brush_;
  uint64_t brushGeneration_ = 0;
  std::unique_ptr<FrameSource> source_;

  // The session: strokes so far on one object of one frame, from a starting mask.
  struct Session {
    int frame = -1;
    int instance = 0;
    cv::Mat base;  // the object's mask when the session began (CV_8UC1 0/255)
    cv::Mat foreground, background;
    uint64_t revision = 0;  // the frame's mask revision after our last edit
    uint64_t id = 0;
  } session_;
  Worker worker_{"smart-brush"};  // last: stopped before the state it delivers into goes
};

}  // namespace rm::bridge
