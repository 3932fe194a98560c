#pragma once
// Where the artist was in each project (the frame, the brush, the tool), kept in the user's
// settings rather than in the project: navigating must not modify the document, yet
// reopening a project after only navigating should land where they left it. Keyed by the
// project folder's canonical path, so a moved or renamed project has none and falls back to
// what its project.json stores. Only the most recent kMaxProjects are kept.

#include <QJsonObject>
#include <QString>

namespace rm::ui {

class ProjectViewStates {
 public:
  static constexpr int kMaxProjects = 50;

  // What was stored for the project folder, in ShotSettings' keys; empty when nothing was
  // (or the folder does not exist).
  static QJsonObject read(const QString& projectFolder);
  // Stores `view` for the project folder as the most recent; nothing when it does not exist.
  static void write(const QString& projectFolder, const QJsonObject& view);
};

}  // namespace rm::ui
