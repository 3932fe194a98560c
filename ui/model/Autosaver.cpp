#include "ui/model/Autosaver.h"

#include <QDir>
#include <memory>

namespace rm::bridge {

Autosaver::Autosaver(QObject* parent) : QObject(parent) {}

bool Autosaver::save(const Document& doc, const QString& folder, const ProjectExtras& extras) {
  if (isRunning()) return false;
  auto snapshot =
      std::make_shared<const ProjectSnapshot>(snapshotProject(doc, folder, extras, &cache_));
  const bool startedWriting =
      worker_.start([this, snapshot, folder](std::stop_token) -> Worker::Completion {
        const Status status = writeProject(*snapshot, folder, &cache_);
        return [this, ok = status.ok(), message = QString::fromStdString(status.message())] {
          emit saved(ok, message);
        };
      });
  if (startedWriting) emit started();
  return startedWriting;
}

void Autosaver::discard(const QString& folder) {
  worker_.waitForFinished();
  QDir(folder).removeRecursively();
  cache_ = {};
}

}  // namespace rm::bridge
