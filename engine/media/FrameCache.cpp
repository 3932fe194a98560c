#include "engine/media/FrameCache.h"

#include <algorithm>

namespace rm {

FrameCache::FrameCache(std::unique_ptr<FrameSource> source, FrameCacheOptions cacheOptions,
                       OpenOptions options)
    : path_(source->path()),
      info_(source->info()),
      cacheOptions_(cacheOptions),
      options_(std::move(options)),
      source_(std::move(source)) {
  if (cacheOptions_.readAheadFrames > 0) worker_ = std::thread([this] { readAheadLoop(); });
}

Expected<std::unique_ptr<FrameCache>> FrameCache::open(const std::string& path,
                                                       FrameCacheOptions cacheOptions,
                                                       OpenOptions options) {
  auto source = openFrameSource(path, options);
  if (!source.ok()) return makeError(source.message());
  return std::make_unique<FrameCache>(std::move(source).value(), cacheOptions, std::move(options));
}

FrameCache::~FrameCache() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::string FrameCache::frameName(int64_t index) const {
  std::lock_guard lock(sourceMutex_);
  return source_->frameName(index);
}

Expected<cv::Mat> FrameCache::readRgb8(int64_t index) {
  return read(index, false);
}
Expected<cv::Mat> FrameCache::readRgb16(int64_t index) {
  return read(index, true);
}

Expected<cv::Mat> FrameCache::read(int64_t index, bool wide) {
  const Key key{index, wide};
  cv::Mat image;
  {
    std::unique_lock lock(mutex_);
    if (!wide) noteAccess(index);
    // The worker is decoding this very frame: waiting is cheaper than decoding twice.
    changed_.wait(lock, [&] { return inFlight_ != index || wide || stop_; });
    if (lookup(key, image)) {
      ++stats_.hits;
      return image;
    }
    ++stats_.misses;
  }
  Expected<cv::Mat> decoded = [&] {
    std::lock_guard sourceLock(sourceMutex_);
    return wide ? source_->readRgb16(index) : source_->readRgb8(index);
  }();
  if (!decoded.ok()) return decoded;
  std::lock_guard lock(mutex_);
  insert(key, *decoded);
  return decoded;
}

bool FrameCache::lookup(const Key& key, cv::Mat& out) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  out = it->second.image;
  return true;
}

void FrameCache::insert(const Key& key, const cv::Mat& image) {
  if (entries_.count(key) != 0) return;
  const size_t size = image.total() * image.elemSize();
  if (size > cacheOptions_.capacityBytes) return;  // would evict everything for nothing
  lru_.push_front(key);
  entries_.emplace(key, Entry{image, lru_.begin()});
  bytes_ += size;
  evict();
}

void FrameCache::evict() {
  while (bytes_ > cacheOptions_.capacityBytes && !lru_.empty()) {
    auto it = entries_.find(lru_.back());
    bytes_ -= it->second.image.total() * it->second.image.elemSize();
    entries_.erase(it);
    lru_.pop_back();
  }
}

void FrameCache::noteAccess(int64_t index) {
  if (cacheOptions_.readAheadFrames <= 0) return;
  if (index == lastIndex_ + 1 || index == lastIndex_) {
    // Playing forward: keep the window just ahead of the play head.
    aheadNext_ = std::max(aheadNext_, index + 1);
    aheadEnd_ = std::min<int64_t>(index + 1 + cacheOptions_.readAheadFrames, info_.frameCount);
  } else {
    aheadNext_ = aheadEnd_ = 0;  // a jump: wait until playback resumes
  }
  lastIndex_ = index;
  changed_.notify_all();
}

void FrameCache::readAheadLoop() {
  std::unique_ptr<FrameSource> own;
  OpenOptions workerOptions = options_;
  workerOptions.cancelled = [this] {
    std::lock_guard lock(mutex_);
    return stop_ || (options_.cancelled && options_.cancelled());
  };
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stop_ || aheadNext_ < aheadEnd_; });
    if (stop_) return;
    const int64_t index = aheadNext_++;
    if (entries_.count(Key{index, false}) != 0) continue;
    inFlight_ = index;
    lock.unlock();
    Expected<cv::Mat> frame = makeError("");
    if (!own) {
      auto opened = openFrameSource(path_, workerOptions);
      if (opened.ok()) own = std::move(opened).value();
    }
    if (own) frame = own->readRgb8(index);
    lock.lock();
    inFlight_ = -1;
    if (frame.ok()) {
      insert(Key{index, false}, *frame);
      ++stats_.readAheadDecoded;
    } else if (!own) {
      aheadNext_ = aheadEnd_ = 0;  // cannot open a second reader: read-ahead stays idle
    }
    changed_.notify_all();
  }
}

void FrameCache::setCapacityBytes(size_t bytes) {
  std::lock_guard lock(mutex_);
  cacheOptions_.capacityBytes = bytes;
  evict();
}

bool FrameCache::contains(int64_t index, bool rgb16) const {
  std::lock_guard lock(mutex_);
  return entries_.count(Key{index, rgb16}) != 0;
}

FrameCacheStats FrameCache::stats() const {
  std::lock_guard lock(mutex_);
  FrameCacheStats s = stats_;
  s.bytes = bytes_;
  s.frames = entries_.size();
  return s;
}

void FrameCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  lru_.clear();
  bytes_ = 0;
}

}  // namespace rm
