#pragma once
// Autosave of the open shot into a recovery folder: the document is snapshot on the GUI
// thread (only masks changed since the last autosave are encoded again) and written on a
// worker thread, since encoding many frames as PNG would stall the GUI.

#include <QObject>
#include <QString>

#include "ui/model/Document.h"
#include "ui/model/ProjectIO.h"
#include "ui/model/Worker.h"

namespace rm::bridge {

class Autosaver : public QObject {
  Q_OBJECT
 public:
  explicit Autosaver(QObject* parent = nullptr);

  // Starts writing `doc` to `folder` (started() once the snapshot is taken); false (nothing
  // started) while one is still writing.
  bool save(const Document& doc, const QString& folder, const ProjectExtras& extras);
  bool isRunning() const { return worker_.isRunning(); }
  void waitForFinished() { worker_.waitForFinished(); }
  // Waits for a write in progress, then removes `folder` and forgets what it held.
  void discard(const QString& folder);

 signals:
  // The snapshot of the document is taken: what it holds is on disk once saved() follows.
  void started();
  void saved(bool ok, const QString& message);

 private:
  ProjectSaveCache cache_;     // written by the job only while one runs
  Worker worker_{"autosave"};  // last: stopped before the state it delivers into goes
};

}  // namespace rm::bridge
