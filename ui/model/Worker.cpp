#include "ui/model/Worker.h"

#include <QCoreApplication>
#include <QPointer>

#ifdef __linux__
#include <pthread.h>
#endif

#include "ui/model/WorkerPriority.h"

namespace rm::bridge {

Worker::Worker(std::string threadName, QObject* parent)
    : QObject(parent), name_(std::move(threadName)) {}

Worker::~Worker() {
  stop_.request_stop();
  join();
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

bool Worker::start(Job job) {
  if (running_) return false;
  join();  // the last job's thread has posted its completion; it ends at once
  stop_ = std::stop_source();
  running_ = true;
  thread_ = std::thread([this, job = std::move(job), token = stop_.get_token()] {
#ifdef __linux__
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
#endif
    lowerCurrentThreadPriority();
    Completion completion = job(token);
    post([this, completion = std::move(completion)] {
      join();
      running_ = false;
      if (completion) completion();
      emit finished();
    });
  });
  return true;
}

void Worker::post(std::function<void()> fn) {
  // Queued to the Worker's (GUI) thread; the guard drops it if the Worker died meanwhile.
  QMetaObject::invokeMethod(
      this,
      [self = QPointer<Worker>(this), fn = std::move(fn)] {
        if (self) fn();
      },
      Qt::QueuedConnection);
}

void Worker::waitForFinished() {
  while (running_) {
    join();
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
  }
  QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

std::function<bool()> Worker::cancelledFn(std::stop_token token) {
  return [token = std::move(token)] { return token.stop_requested(); };
}

OpenOptions Worker::openOptions(std::stop_token token) {
  OpenOptions options;
  options.cancelled = cancelledFn(std::move(token));
  return options;
}

}  // namespace rm::bridge
