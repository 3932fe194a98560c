#include "ui/model/RecoveryFolders.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QUuid>
#include <algorithm>

namespace rm::bridge {

namespace {
const QString kSuffix = QStringLiteral(".rotomatch");
const QString kRecoveredFrom = QStringLiteral("recoveredFrom");
const QString kRecoveryShot = QStringLiteral("recoveryShot");
const QString kRecoverySavedAt = QStringLiteral("recoverySavedAt");

// A lock for the life of an instance: never stale by age, only when its owner process is
// gone (QLockFile checks the PID, host and application name written in it).
std::unique_ptr<QLockFile> tryLock(const QString& path) {
  auto lock = std::make_unique<QLockFile>(path);
  lock->setStaleLockTime(0);
  if (!lock->tryLock(0)) return nullptr;
  return lock;
}

QString lockPath(const QString& root, const QString& baseName) {
  return root + QLatin1Char('/') + baseName + QStringLiteral(".lock");
}

// What the prompt names: read from project.json before the whole project loads.
QJsonObject stampedSettings(const QString& folder) {
  QFile file(folder + QStringLiteral("/project.json"));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll())
      .object()
      .value(QStringLiteral("settings"))
      .toObject();
}
}  // namespace

RecoveryFolders::RecoveryFolders(QString root) : root_(std::move(root)) {}

QString RecoveryFolders::defaultRoot() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
         QStringLiteral("/recovery");
}

QString RecoveryFolders::ownFolder(QString* error) {
  if (ownLock_) return ownFolder_;
  if (!QDir().mkpath(root_)) {
    if (error) *error = QStringLiteral("cannot create the recovery folder %1").arg(root_);
    return {};
  }
  const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
  ownLock_ = tryLock(lockPath(root_, id));
  if (!ownLock_) {
    if (error) *error = QStringLiteral("cannot lock %1").arg(lockPath(root_, id));
    return {};
  }
  ownFolder_ = root_ + QLatin1Char('/') + id + kSuffix;
  return ownFolder_;
}

std::vector<RecoveryFolders::Abandoned> RecoveryFolders::claimAbandoned() {
  std::vector<Abandoned> found;
  const QDir dir(root_);
  for (const QFileInfo& info : dir.entryInfoList({QLatin1Char('*') + kSuffix}, QDir::Dirs)) {
    Abandoned a;
    a.lock = tryLock(lockPath(root_, info.completeBaseName()));
    if (!a.lock) continue;  // its instance (this one included) is running
    a.folder = info.absoluteFilePath();
    if (!QFileInfo::exists(a.folder + QStringLiteral("/project.json"))) {
      discard(std::move(a));  // killed before its first autosave was complete: nothing to offer
      continue;
    }
    const QJsonObject settings = stampedSettings(a.folder);
    a.shot = settings.value(kRecoveryShot).toString();
    a.recoveredFrom = settings.value(kRecoveredFrom).toString();
    a.savedAt =
        QDateTime::fromString(settings.value(kRecoverySavedAt).toString(), Qt::ISODateWithMs);
    if (!a.savedAt.isValid())
      a.savedAt = QFileInfo(a.folder + QStringLiteral("/project.json")).lastModified();
    found.push_back(std::move(a));
  }
  // Locks of instances that died before writing anything: taking one removes it on release.
  for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.lock")}, QDir::Files))
    if (!QFileInfo::exists(root_ + QLatin1Char('/') + info.completeBaseName() + kSuffix))
      tryLock(info.absoluteFilePath());
  std::sort(found.begin(), found.end(),
            [](const Abandoned& a, const Abandoned& b) { return a.savedAt > b.savedAt; });
  return found;
}

void RecoveryFolders::discard(Abandoned&& abandoned) {
  QDir(abandoned.folder).removeRecursively();
  abandoned.lock.reset();  // unlocking removes the lock file
}

void RecoveryFolders::adopt(Abandoned&& abandoned) {
  ownLock_ = std::move(abandoned.lock);  // the previous lock (if any) is released
  ownFolder_ = abandoned.folder;
}

void RecoveryFolders::stamp(ProjectExtras* extras, const QString& recoveredFrom,
                            const QString& shot) {
  extras->settings[kRecoveredFrom] = recoveredFrom;
  extras->settings[kRecoveryShot] = shot;
  extras->settings[kRecoverySavedAt] = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

}  // namespace rm::bridge
