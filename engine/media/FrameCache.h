#pragma once
// Thread-safe, byte-bounded LRU cache of decoded frames over one FrameSource, with a
// background read-ahead: while frames are requested in forward order, a worker thread
// decodes the next ones with its own FrameSource instance (a FrameSource is not
// thread-safe, and decoding forward on a second instance never disturbs the first).
//
// Returned images share memory with the cache: treat them as read-only (clone first
// to modify).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "engine/media/FrameSource.h"

namespace rm {

struct FrameCacheOptions {
  size_t capacityBytes = size_t(512) << 20;  // decoded pixels kept, both depths together
  int readAheadFrames = 8;                   // 0 disables the background read-ahead
};

struct FrameCacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t readAheadDecoded = 0;  // frames decoded by the worker thread
  size_t bytes = 0;
  size_t frames = 0;
};

class FrameCache {
 public:
  // Wraps an open source. The read-ahead reopens source->path() on its own thread
  // with `options` (its cancel callback is also polled by the worker).
  explicit FrameCache(std::unique_ptr<FrameSource> source, FrameCacheOptions cacheOptions = {},
                      OpenOptions options = {});
  // Opens `path` with openFrameSource and wraps it.
  static Expected<std::unique_ptr<FrameCache>> open(const std::string& path,
                                                    FrameCacheOptions cacheOptions = {},
                                                    OpenOptions options = {});
  ~FrameCache();
  FrameCache(const FrameCache&) = delete;
  FrameCache& operator=(const FrameCache&) = delete;

  const StreamInfo& info() const { return info_; }
  const std::string& path() const { return path_; }
  std::string frameName(int64_t index) const;

  // Same contracts as FrameSource::readRgb8/readRgb16; safe from any thread.
  Expected<cv::Mat> readRgb8(int64_t index);
  Expected<cv::Mat> readRgb16(int64_t index);

  void setCapacityBytes(size_t bytes);
  bool contains(int64_t index, bool rgb16 = false) const;
  FrameCacheStats stats() const;
  void clear();

 private:
  struct Key {
    int64_t index;
    bool wide;
    bool operator==(const Key& o) const { return index == o.index && wide == o.wide; }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<int64_t>()(k.index * 2 + k.wide); }
  };
  struct Entry {
    cv::Mat image;
    std::list<Key>::iterator lru;
  };

  Expected<cv::Mat> read(int64_t index, bool wide);
  // Callers hold mutex_.
  bool lookup(const Key& key, cv::Mat& out);
  void insert(const Key& key, const cv::Mat& image);
  void evict();
  void noteAccess(int64_t index);
  void readAheadLoop();

  std::string path_;
  StreamInfo info_;
  FrameCacheOptions cacheOptions_;
  OpenOptions options_;

  mutable std::mutex sourceMutex_;  // serialises calls on source_
  std::unique_ptr<FrameSource> source_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  std::unordered_map<Key, Entry, KeyHash> entries_;
  std::list<Key> lru_;  // front = most recently used
  size_t bytes_ = 0;
  FrameCacheStats stats_;
  int64_t lastIndex_ = -2;
  int64_t aheadNext_ = 0, aheadEnd_ = 0;  // read-ahead window [next, end)
  int64_t inFlight_ = -1;                 // frame the worker is decoding
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace rm
