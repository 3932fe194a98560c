#include "ui/widgets/ProjectViewStates.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace rm::ui {

namespace {
// One JSON array, most recent first: project paths hold '/', which QSettings keys cannot.
const QString kKey = QStringLiteral("projectViews");
const QString kPath = QStringLiteral("project");

QJsonArray stored() {
  return QJsonDocument::fromJson(QSettings().value(kKey).toByteArray()).array();
}
}  // namespace

QJsonObject ProjectViewStates::read(const QString& projectFolder) {
  const QString path = QFileInfo(projectFolder).canonicalFilePath();
  if (path.isEmpty()) return {};
  for (const QJsonValue& entry : stored()) {
    QJsonObject view = entry.toObject();
    if (view.value(kPath).toString() != path) continue;
    view.remove(kPath);
    return view;
  }
  return {};
}

void ProjectViewStates::write(const QString& projectFolder, const QJsonObject& view) {
  const QString path = QFileInfo(projectFolder).canonicalFilePath();
  if (path.isEmpty()) return;
  QJsonObject entry = view;
  entry.insert(kPath, path);
  QJsonArray views{entry};
  for (const QJsonValue& old : stored()) {
    if (views.size() >= kMaxProjects) break;
    if (old.toObject().value(kPath).toString() != path) views.append(old);
  }
  QSettings().setValue(kKey, QJsonDocument(views).toJson(QJsonDocument::Compact));
}

}  // namespace rm::ui
