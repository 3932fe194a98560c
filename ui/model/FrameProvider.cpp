#include "ui/model/FrameProvider.h"

#include <algorithm>

#include "ui/model/ImageConvert.h"
#include "ui/model/WorkerPriority.h"

namespace rm::bridge {

namespace {
int costKiB(const QImage& image) {
  return static_cast<int>(image.sizeInBytes() / 1024 + 1);
}
}  // namespace

FrameProvider::FrameProvider(SourceFactory factory, qint64 cacheBytes, QObject* parent)
    : QObject(parent), factory_(std::move(factory)) {
  setCacheBytes(cacheBytes);
  worker_ = std::thread([this] { workerLoop(); });
  aheadWorker_ = std::thread([this] { readAheadLoop(); });
}

FrameProvider::~FrameProvider() {
  closing_ = true;  // interrupts a decode in progress
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  aheadWake_.notify_all();
  worker_.join();
  aheadWorker_.join();
}

OpenOptions FrameProvider::openOptions() {
  OpenOptions options;
  options.cancelled = [this] { return closing_.load(); };
  return options;
}

void FrameProvider::setCacheBytes(qint64 bytes) {
  cache_.setMaxCost(static_cast<qsizetype>(std::max<qint64>(bytes / 1024, 1)));
}

QImage FrameProvider::cachedFrame(int frame) const {
  const QImage* image = cache_.object(frame);
  return image ? *image : QImage();
}

bool FrameProvider::fromReadAhead(int frame) const {
  return frame == aheadInFlight_ || aheadPosted_.count(frame) != 0;
}

std::deque<int> FrameProvider::readAheadList(int from) const {
  std::deque<int> wanted;
  if (aheadFrames_ <= 0 || from < 0) return wanted;
  int f = from;
  for (int i = 0; i < aheadFrames_; ++i) {
    ++f;
    if (aheadLast_ >= 0 && f > aheadLast_) f = std::max(aheadFirst_, 0);  // loop the range
    if (f == from) break;
    if (!cache_.contains(f) && !fromReadAhead(f)) wanted.push_back(f);
  }
  return wanted;
}

void FrameProvider::setReadAhead(int frames, int first, int last) {
  aheadFrames_ = std::max(frames, 0);
  aheadFirst_ = first;
  aheadLast_ = last;
  {
    std::lock_guard lock(mutex_);
    aheadQueue_ = readAheadList(lastRequested_);
  }
  aheadWake_.notify_one();
}

bool FrameProvider::request(int frame) {
  const quint64 generation = ++generation_;
  lastRequested_ = frame;
  waitingOnAhead_.reset();
  if (const QImage* image = cache_.object(frame)) {
    {
      std::lock_guard lock(mutex_);
      pending_.reset();  // an older uncached request is no longer wanted
      aheadQueue_ = readAheadList(frame);
    }
    aheadWake_.notify_one();
    emit frameReady(frame, *image);
    return true;
  }
  bool wakeWorker = false;
  {
    std::lock_guard lock(mutex_);
    const bool inFlight = fromReadAhead(frame);
    // Playing: the read-ahead decodes in order on its own decoder, so a frame it is about
    // to reach is left to it (two decoders on the same frames would halve throughput).
    const bool queued =
        std::find(aheadQueue_.begin(), aheadQueue_.end(), frame) != aheadQueue_.end();
    if (inFlight || (aheadFrames_ > 0 && queued)) {
      pending_.reset();
      waitingOnAhead_ = Job{frame, generation};
      aheadQueue_ = readAheadList(frame);
      if (!inFlight) aheadQueue_.push_front(frame);
    } else {
      pending_ = Job{frame, generation};  // replaces any request not yet started
      wakeWorker = true;
      aheadQueue_ = readAheadList(frame);
    }
  }
  if (wakeWorker) wake_.notify_one();
  aheadWake_.notify_one();
  return false;
}

void FrameProvider::workerLoop() {
  lowerCurrentThreadPriority();
  std::unique_ptr<FrameSource> source;
  QString openError;
  for (;;) {
    Job job{};
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || pending_.has_value(); });
      if (stop_) return;
      job = *pending_;
      pending_.reset();
    }
    if (!source && openError.isEmpty()) {
      auto opened = factory_(openOptions());
      if (opened)
        source = std::move(opened.value());
      else
        openError = QString::fromStdString(opened.message());
    }
    QImage image;
    QString error = openError;
    if (source) {
      auto rgb = source->readRgb8(job.frame);
      if (rgb)
        image = rgbToImage(rgb.value());
      else
        error = QString::fromStdString(rgb.message());
    }
    // Delivered on the GUI thread; dropped automatically if the provider is gone.
    QMetaObject::invokeMethod(
        this,
        [this, frame = job.frame, gen = job.generation, image, error] {
          deliver(frame, gen, image, error);
        },
        Qt::QueuedConnection);
  }
}

void FrameProvider::readAheadLoop() {
  lowerCurrentThreadPriority();
  std::unique_ptr<FrameSource> source;  // opened on first use: most sessions never play
  bool openFailed = false;
  for (;;) {
    int frame = -1;
    {
      std::unique_lock lock(mutex_);
      aheadWake_.wait(lock, [this] { return stop_ || !aheadQueue_.empty(); });
      if (stop_) return;
      frame = aheadQueue_.front();
      aheadQueue_.pop_front();
      aheadInFlight_ = frame;
    }
    if (!source && !openFailed) {
      auto opened = factory_(openOptions());
      if (opened)
        source = std::move(opened.value());
      else
        openFailed = true;  // the request worker reports the error
    }
    QImage image;
    if (source && frame < source->info().frameCount) {
      auto rgb = source->readRgb8(frame);
      if (rgb) image = rgbToImage(rgb.value());
    }
    std::lock_guard lock(mutex_);
    // Posted under the lock, so a request seeing the frame in flight or posted is
    // answered by this very delivery.
    QMetaObject::invokeMethod(
        this, [this, frame, image] { deliverAhead(frame, image); }, Qt::QueuedConnection);
    aheadInFlight_ = -1;
    aheadPosted_.insert(frame);
  }
}

void FrameProvider::deliver(int frame, quint64 generation, const QImage& image,
                            const QString& error) {
  if (!image.isNull()) cache_.insert(frame, new QImage(image), costKiB(image));
  if (generation != generation_) return;  // superseded by a newer request
  if (image.isNull())
    emit frameFailed(frame, error);
  else
    emit frameReady(frame, image);
}

void FrameProvider::deliverAhead(int frame, const QImage& image) {
  if (!image.isNull()) ++aheadDecoded_;
  {
    std::lock_guard lock(mutex_);
    aheadPosted_.erase(frame);
  }
  if (!image.isNull() && !cache_.contains(frame))
    cache_.insert(frame, new QImage(image), costKiB(image));
  if (!waitingOnAhead_ || waitingOnAhead_->frame != frame) return;
  const Job job = *waitingOnAhead_;
  waitingOnAhead_.reset();
  if (job.generation != generation_) return;
  if (!image.isNull()) {
    emit frameReady(frame, image);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    pending_ = job;  // the read-ahead failed: decode it properly, errors included
  }
  wake_.notify_one();
}

}  // namespace rm::bridge
