#pragma once
// Crash-recovery folders, one per running instance: AppDataLocation/recovery/<id>.rotomatch,
// guarded by <id>.lock (a QLockFile held for the instance's whole life). At start-up only
// folders whose lock can be taken — their owner is gone — are offered, so two running
// instances never offer, overwrite or delete each other's work. The folder of the layout
// before this one (autosave.rotomatch, no lock file) is offered like the others.

#include <QDateTime>
#include <QJsonObject>
#include <QLockFile>
#include <QString>
#include <memory>
#include <vector>

#include "ui/model/ProjectIO.h"

namespace rm::bridge {

class RecoveryFolders {
 public:
  // A recovery folder whose owner is gone, its lock held by this object until dropped.
  struct Abandoned {
    QString folder;
    QString shot;           // the clip or project it holds (empty when not stamped)
    QDateTime savedAt;      // its last edit (invalid when not stamped)
    QString recoveredFrom;  // the project it came from (empty: an unsaved clip)
    std::unique_ptr<QLockFile> lock;
  };

  // `root`: the folder that holds every instance's recovery (default: AppDataLocation).
  explicit RecoveryFolders(QString root = defaultRoot());
  static QString defaultRoot();

  // This instance's folder, locked on first use; empty when the lock cannot be taken
  // (`error` says why).
  QString ownFolder(QString* error = nullptr);
  // Folders left by instances that are gone, newest first, each locked until discarded,
  // adopted or dropped. Locks with no folder left by dead instances are removed.
  std::vector<Abandoned> claimAbandoned();
  // Removes the folder and its lock file.
  static void discard(Abandoned&& abandoned);
  // `abandoned` becomes this instance's folder (its previous one must be empty or gone).
  void adopt(Abandoned&& abandoned);

  // Stamps what the start-up prompt names into an autosave's settings.
  static void stamp(ProjectExtras* extras, const QString& recoveredFrom, const QString& shot);

 private:
  QString root_;
  QString ownFolder_;
  std::unique_ptr<QLockFile> ownLock_;
};

}  // namespace rm::bridge
