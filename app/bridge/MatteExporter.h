#pragma once
// Export of the shot's masks through the engine's matte writers, on a worker thread
// with progress and cancel. Masks are shared copy-on-write at start, so the artist can
// keep painting while the export runs; frames without a mask export as background.
// Soft brush edges (the Document's soft alpha layers) go with the label maps, so mattes
// keep the feathering the artist painted (the Label format stays a label map).

#include <QObject>
#include <atomic>
#include <thread>
#include <vector>

#include "app/bridge/Document.h"
#include "app/bridge/FrameProvider.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm::bridge {

class MatteExporter : public QObject {
  Q_OBJECT
 public:
  MatteExporter(SourceFactory sources, QObject* parent = nullptr);
  ~MatteExporter() override;

  // Exports frames [first, last] of `doc`; options.width/height/fps are filled from the
  // document. Returns false (with `error`) if an export is running or the range is empty.
  bool start(const Document& doc, MatteWriterOptions options, int first, int last,
             QString* error = nullptr);
  void cancel() { cancel_ = true; }
  bool isRunning() const { return running_; }
  void waitForFinished();

 signals:
  void progressChanged(int done, int total);
  // ok: every frame written and the output completed; `outputs` are the files written.
  void finished(bool ok, bool cancelled, const QString& message, const QStringList& outputs);

 private:
  SourceFactory sources_;
  std::thread worker_;
  std::atomic<bool> cancel_{false};
  bool running_ = false;
};

}  // namespace rm::bridge
