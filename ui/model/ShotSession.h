#pragma once
// Everything that runs for one open clip, over its Document: the viewer's frames, propagation,
// export, fine-tuning, the smart brush and autosave, each on its own Worker. The main window
// wires menus and widgets to a session and replaces it when the clip or the engine settings
// change; destroying it cancels every worker and waits for them.

#include <QObject>
#include <memory>

#include "ui/model/Autosaver.h"
#include "ui/model/EngineController.h"
#include "ui/model/FinetuneController.h"
#include "ui/model/FrameProvider.h"
#include "ui/model/MatteExporter.h"
#include "ui/model/SmartBrushController.h"

namespace rm::bridge {

class ShotSession : public QObject {
  Q_OBJECT
 public:
  struct Engines {
    SourceFactory sources;  // the clip's frames, opened per worker
    SegmenterFactory segmenters;
    SmartBrushFactory brushes;
  };
  ShotSession(Document* document, const Engines& engines, qint64 frameCacheBytes,
              QObject* parent = nullptr);
  ~ShotSession() override;

  FrameProvider* frames() const { return frames_.get(); }
  EngineController* propagation() const { return propagation_.get(); }
  MatteExporter* exporter() const { return exporter_.get(); }
  FinetuneController* finetuner() const { return finetuner_.get(); }
  SmartBrushController* smartBrush() const { return smartBrush_.get(); }
  Autosaver* autosaver() const { return autosaver_.get(); }

  // Propagation, export or fine-tuning is running (what the status bar's Cancel stops).
  bool busy() const;
  void cancel();
  // Cancels those, then waits for every worker (the smart brush and autosave finish).
  void stop();

 signals:
  // A propagation, export or fine-tuning run ended and nothing else of those runs.
  void becameIdle();

 private:
  std::unique_ptr<FrameProvider> frames_;
  std::unique_ptr<EngineController> propagation_;
  std::unique_ptr<MatteExporter> exporter_;
  std::unique_ptr<FinetuneController> finetuner_;
  std::unique_ptr<SmartBrushController> smartBrush_;
  std::unique_ptr<Autosaver> autosaver_;
};

}  // namespace rm::bridge
