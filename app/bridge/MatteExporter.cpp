#include "app/bridge/MatteExporter.h"

#include <QCoreApplication>
#include "app/bridge/WorkerPriority.h"

namespace rm::bridge {

MatteExporter::MatteExporter(SourceFactory sources, QObject* parent)
    : QObject(parent), sources_(std::move(sources)) {}

MatteExporter::~MatteExporter() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

bool MatteExporter::start(const Document& doc, MatteWriterOptions options, int first, int last,
                          QString* error) {
  if (running_) {
    if (error) *error = tr("An export is already running.");
    return false;
  }
  first = std::max(first, 0);
  last = std::min(last < 0 ? doc.frameCount() - 1 : last, doc.frameCount() - 1);
  if (!doc.isOpen() || first > last) {
    if (error) *error = tr("Nothing to export: the frame range is empty.");
    return false;
  }
  if (worker_.joinable()) worker_.join();
  options.width = doc.frameSize().width();
  options.height = doc.frameSize().height();
  if (options.fps.num <= 0) options.fps = {static_cast<int>(std::lround(doc.fps() * 1000)), 1000};
  std::vector<cv::Mat> masks;      // copy-on-write shares; empty = background
  std::vector<SoftLayers> layers;  // the feathered brush edges, shared the same way
  for (int f = first; f <= last; ++f) {
    masks.push_back(doc.sharedMask(f));
    layers.push_back(masks.back().empty() ? SoftLayers{} : doc.sharedSoftLayers(f));
  }
  const cv::Size size(options.width, options.height);
  cancel_ = false;
  options.cancelled = [this] { return cancel_.load(); };
  running_ = true;
  worker_ = std::thread([this, options, masks = std::move(masks), layers = std::move(layers), first,
                         size] {
    lowerCurrentThreadPriority();
    auto done = [this](bool ok, const QString& message, const QStringList& outputs) {
      QMetaObject::invokeMethod(
          this,
          [this, ok, message, outputs] {
            if (worker_.joinable()) worker_.join();
            running_ = false;
            emit finished(ok, cancel_, message, outputs);
          },
          Qt::QueuedConnection);
    };
    auto writer = createMatteWriter(options);
    if (!writer) return done(false, QString::fromStdString(writer.message()), {});
    std::unique_ptr<FrameSource> source;
    if (usesSourcePicture(options.format)) {
      auto opened = sources_();
      if (!opened) return done(false, QString::fromStdString(opened.message()), {});
      source = std::move(opened.value());
    }
    const cv::Mat background(size, CV_8UC1, cv::Scalar(0));
    const int total = static_cast<int>(masks.size());
    for (int i = 0; i < total; ++i) {
      if (cancel_) return done(false, tr("Export cancelled"), {});
      MatteFrame frame;
      frame.labels =
          masks[static_cast<size_t>(i)].empty() ? background : masks[static_cast<size_t>(i)];
      frame.softAlpha = layers[static_cast<size_t>(i)];
      if (source) {
        auto rgb = source->readRgb8(first + i);
        if (!rgb) return done(false, QString::fromStdString(rgb.message()), {});
        frame.rgb = std::move(rgb.value());
      }
      const Status written = writer.value()->write(frame);
      if (!written) return done(false, QString::fromStdString(written.message()), {});
      QMetaObject::invokeMethod(
          this, [this, n = i + 1, total] { emit progressChanged(n, total); }, Qt::QueuedConnection);
    }
    const Status finishedOk = writer.value()->finish();
    QStringList outputs;
    for (const std::string& o : writer.value()->outputs())
      outputs << QString::fromStdString(o);
    done(finishedOk.ok(), QString::fromStdString(finishedOk.message()), outputs);
  });
  return true;
}

void MatteExporter::waitForFinished() {
  if (worker_.joinable()) worker_.join();
  QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

}  // namespace rm::bridge
