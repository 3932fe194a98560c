#pragma once
// The one way the Qt layer runs engine work off the GUI thread. A Worker runs one job at
// a time on a named thread at a lowered priority; each job gets one cancel token
// (std::stop_token) that reaches the engine's loops (their `cancelled` callbacks) and
// libav's interrupt callback (OpenOptions). What the job reports back (progress, results,
// its completion) runs on the GUI thread, in order, and only while the Worker exists: its
// owner holds it as its last member, so the owner is alive whenever a delivery runs.

#include <QObject>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

#include "engine/media/FrameSource.h"

namespace rm::bridge {

class Worker : public QObject {
  Q_OBJECT
 public:
  // What a job hands back to run on the GUI thread once it has ended (may be empty).
  using Completion = std::function<void()>;
  using Job = std::function<Completion(std::stop_token)>;

  // `threadName`: shown by debuggers, top and TSan (at most 15 characters are kept).
  explicit Worker(std::string threadName, QObject* parent = nullptr);
  // Cancels the job and waits for it; what it has not delivered yet is dropped.
  ~Worker() override;

  // Starts `job` on a fresh thread with a fresh token. False while a job is running.
  bool start(Job job);
  void cancel() { stop_.request_stop(); }
  // Whether the current (or last) job was asked to stop.
  bool cancelRequested() const { return stop_.stop_requested(); }
  // From start() until the job's completion has run on the GUI thread.
  bool isRunning() const { return running_; }
  // Blocks until no job runs and everything posted has been delivered, including jobs
  // that completions start (tests, shutdown).
  void waitForFinished();
  // From the job's thread: runs `fn` on the GUI thread unless the Worker is gone by then.
  void post(std::function<void()> fn);

  // The token as the engine's polling callbacks and FrameSource's OpenOptions take it.
  static std::function<bool()> cancelledFn(std::stop_token token);
  static OpenOptions openOptions(std::stop_token token);

 signals:
  // After a job's completion has run.
  void finished();

 private:
  void join();

  std::string name_;
  std::stop_source stop_;
  bool running_ = false;
  std::thread thread_;
};

}  // namespace rm::bridge
