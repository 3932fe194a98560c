#pragma once
// Export of the shot's masks from the GUI, on a worker thread with progress and cancel,
// through the engine's one export path (exportMattes: pipelined decoding, decoded pictures
// straight to ProRes, a variable frame rate's timestamps). Masks are shared copy-on-write
// at start, so the artist can keep painting while the export runs; frames without a mask
// export as background. Soft brush edges (the Document's soft alpha layers) go with the
// label maps, so mattes keep the feathering the artist painted (Label stays a label map).

#include <QObject>
#include <QStringList>

#include "engine/media/writers/MatteWriter.h"
#include "ui/model/Document.h"
#include "ui/model/SourceFactory.h"
#include "ui/model/Worker.h"

namespace rm::bridge {

class MatteExporter : public QObject {
  Q_OBJECT
 public:
  MatteExporter(SourceFactory sources, QObject* parent = nullptr);

  // Exports frames [first, last] of `doc`; options.width/height/fps and the source's timing
  // are filled from the clip. Returns false (with `error`) if an export is running or the
  // range is empty.
  bool start(const Document& doc, MatteWriterOptions options, int first, int last,
             QString* error = nullptr);
  void cancel() { worker_.cancel(); }
  bool isRunning() const { return worker_.isRunning(); }
  void waitForFinished() { worker_.waitForFinished(); }

 signals:
  void progressChanged(int done, int total);
  // ok: every frame written and the output completed; `outputs` are the files written.
  void finished(bool ok, bool cancelled, const QString& message, const QStringList& outputs);

 private:
  SourceFactory sources_;
  Worker worker_{"export"};  // last: stopped before the state it delivers into goes
};

}  // namespace rm::bridge
