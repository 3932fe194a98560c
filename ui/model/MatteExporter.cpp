#include "ui/model/MatteExporter.h"

#include "engine/media/writers/MatteExport.h"

namespace rm::bridge {

MatteExporter::MatteExporter(SourceFactory sources, QObject* parent)
    : QObject(parent), sources_(std::move(sources)) {}

bool MatteExporter::start(const Document& doc, MatteWriterOptions options, int first, int last,
                          QString* error) {
  if (isRunning()) {
    if (error) *error = tr("An export is already running.");
    return false;
  }
  first = std::max(first, 0);
  last = std::min(last < 0 ? doc.frameCount() - 1 : last, doc.frameCount() - 1);
  if (!doc.isOpen() || first > last) {
    if (error) *error = tr("Nothing to export: the frame range is empty.");
    return false;
  }
  std::vector<cv::Mat> masks;      // copy-on-write shares; empty = background
  std::vector<SoftLayers> layers;  // the feathered brush edges, shared the same way
  for (int f = first; f <= last; ++f) {
    masks.push_back(doc.sharedMask(f));
    layers.push_back(masks.back().empty() ? SoftLayers{} : doc.sharedSoftLayers(f));
  }
  const cv::Size size(doc.frameSize().width(), doc.frameSize().height());
  worker_.start([this, options, masks = std::move(masks), layers = std::move(layers), first,
                 size](std::stop_token token) mutable -> Worker::Completion {
    auto done = [this](bool ok, const QString& message,
                       const QStringList& outputs) -> Worker::Completion {
      return [this, ok, message, outputs] {
        emit finished(ok, worker_.cancelRequested(), message, outputs);
      };
    };
    auto opened = sources_(Worker::openOptions(token));
    if (!opened) return done(false, QString::fromStdString(opened.message()), {});
    FrameSource& source = **opened;
    const auto frames = static_cast<int64_t>(masks.size());
    takeSourceTiming(options, source, first, frames);
    options.cancelled = Worker::cancelledFn(token);
    auto writer = createMatteWriter(options);
    if (!writer) return done(false, QString::fromStdString(writer.message()), {});

    MatteExportJob job;
    job.source = &source;
    job.frameCount = frames;
    job.firstFrame = first;
    const cv::Mat background(size, CV_8UC1, cv::Scalar(0));
    job.masks = [&](int64_t i) -> Expected<MatteFrame> {
      MatteFrame frame(masks[size_t(i)].empty() ? background : masks[size_t(i)], {});
      frame.softAlpha = layers[size_t(i)];
      return frame;
    };
    job.needPicture = usesSourcePicture(options.format);
    job.cancelled = options.cancelled;
    job.progress = [this](int64_t n, int64_t total) {
      worker_.post([this, n, total] { emit progressChanged(int(n), int(total)); });
    };
    const Status status = exportMattes(job, **writer);
    QStringList outputs;
    if (status.ok())
      for (const std::string& o : (*writer)->outputs())
        outputs << QString::fromStdString(o);
    return done(status.ok(), QString::fromStdString(status.message()), outputs);
  });
  return true;
}

}  // namespace rm::bridge
