#include "app/bridge/FrameProvider.h"

#include "app/bridge/ImageConvert.h"
#include "app/bridge/WorkerPriority.h"

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
}

FrameProvider::~FrameProvider() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void FrameProvider::setCacheBytes(qint64 bytes) {
  cache_.setMaxCost(static_cast<qsizetype>(std::max<qint64>(bytes / 1024, 1)));
}

QImage FrameProvider::cachedFrame(int frame) const {
  const QImage* image = cache_.object(frame);
  return image ? *image : QImage();
}

bool FrameProvider::request(int frame) {
  const quint64 generation = ++generation_;
  if (const QImage* image = cache_.object(frame)) {
    {
      std::lock_guard lock(mutex_);
      pending_.reset();  // an older uncached request is no longer wanted
    }
    emit frameReady(frame, *image);
    return true;
  }
  {
    std::lock_guard lock(mutex_);
    pending_ = Job{frame, generation};  // replaces any request not yet started
  }
  wake_.notify_one();
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
      auto opened = factory_();
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

void FrameProvider::deliver(int frame, quint64 generation, const QImage& image,
                            const QString& error) {
  if (!image.isNull()) cache_.insert(frame, new QImage(image), costKiB(image));
  if (generation != generation_) return;  // superseded by a newer request
  if (image.isNull())
    emit frameFailed(frame, error);
  else
    emit frameReady(frame, image);
}

}  // namespace rm::bridge
