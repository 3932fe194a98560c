#pragma once
// Frames for the viewer: cached frames are returned at once; others are decoded on a
// worker thread that owns its own FrameSource. Only the newest request is decoded
// (requests made while it works replace each other) and results of superseded
// requests are cached but not announced, so a scrub burst ends on its last frame.
//
// During playback a second worker (with a second FrameSource, so it decodes forward
// without seeking and never delays a scrub) reads ahead: after each request it decodes
// the next frames into the cache without announcing them. A request for a frame the
// read-ahead is decoding, or about to decode, waits for that result instead of decoding
// it a second time; any other request (a scrub) goes to the first worker at once.

#include <QCache>
#include <QImage>
#include <QObject>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "ui/model/SourceFactory.h"

namespace rm::bridge {

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

  // Playback read-ahead: after each request, the next `frames` frames are decoded in the
  // background, wrapping from `last` to `first` like a looping play range (-1: clip
  // ends). 0 stops it (scrubbing does not read ahead). Starts from the last request.
  void setReadAhead(int frames, int first = -1, int last = -1);
  int readAhead() const { return aheadFrames_; }
  // Frames decoded by the read-ahead worker so far (benchmarks, tests).
  int readAheadDecoded() const { return aheadDecoded_; }

 signals:
  void frameReady(int frame, const QImage& image);
  void frameFailed(int frame, const QString& message);

 private:
  struct Job {
    int frame;
    quint64 generation;
  };
  void workerLoop();
  void readAheadLoop();
  // Frames after `from` to read ahead (caller holds mutex_; reads the cache).
  std::deque<int> readAheadList(int from) const;
  bool fromReadAhead(int frame) const;  // in flight or posted; caller holds mutex_
  void deliver(int frame, quint64 generation, const QImage& image, const QString& error);
  void deliverAhead(int frame, const QImage& image);
  OpenOptions openOptions();  // for the workers' sources: libav stops when the provider closes

  SourceFactory factory_;
  QCache<int, QImage> cache_;  // cost in KiB; GUI thread only
  std::atomic<quint64> generation_{0};
  int lastRequested_ = -1;

  // Read-ahead settings and the request waiting on the read-ahead (GUI thread only).
  int aheadFrames_ = 0;
  int aheadFirst_ = -1;
  int aheadLast_ = -1;
  int aheadDecoded_ = 0;
  std::optional<Job> waitingOnAhead_;

  std::mutex mutex_;
  std::condition_variable wake_;       // request worker
  std::condition_variable aheadWake_;  // read-ahead worker
  std::optional<Job> pending_;
  std::deque<int> aheadQueue_;  // frames still to read ahead, in order
  int aheadInFlight_ = -1;      // frame the read-ahead worker is decoding
  std::set<int> aheadPosted_;   // decoded, on their way to the GUI thread
  bool stop_ = false;
  std::atomic<bool> closing_{false};
  std::thread worker_;
  std::thread aheadWorker_;
};

}  // namespace rm::bridge
