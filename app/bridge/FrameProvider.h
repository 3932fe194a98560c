#pragma once
// Frames for the viewer: cached frames are returned at once; others are decoded on a
// worker thread that owns its own FrameSource. Only the newest request is decoded
// (requests made while it works replace each other) and results of superseded
// requests are cached but not announced, so a scrub burst ends on its last frame.

#include <QCache>
#include <QImage>
#include <QObject>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/media/FrameSource.h"

namespace rm::bridge {

// Opens a fresh FrameSource for the calling thread (FrameSource is not thread-safe).
using SourceFactory = std::function<Expected<std::unique_ptr<FrameSource>>()>;

class FrameProvider : public QObject {
  Q_OBJECT
 public:
  FrameProvider(SourceFactory factory, qint64 cacheBytes, QObject* parent = nullptr);
  ~FrameProvider() override;

  // Asks for `frame`: emits frameReady synchronously when cached, else later (unless a
  // newer request supersedes it). Returns true when served from the cache.
  bool request(int frame);
  // Cached frame or a null image.
  QImage cachedFrame(int frame) const;
  bool isCached(int frame) const { return cache_.contains(frame); }
  void setCacheBytes(qint64 bytes);
  quint64 generation() const { return generation_; }

 signals:
  void frameReady(int frame, const QImage& image);
  void frameFailed(int frame, const QString& message);

 private:
  struct Job {
    int frame;
    quint64 generation;
  };
  void workerLoop();
  void deliver(int frame, quint64 generation, const QImage& image, const QString& error);

  SourceFactory factory_;
  QCache<int, QImage> cache_;  // cost in KiB
  std::atomic<quint64> generation_{0};

  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Job> pending_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace rm::bridge
