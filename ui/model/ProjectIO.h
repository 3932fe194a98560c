#pragma once
// `.rotomatch` project folders: project.json (source, instances, frame states, in/out,
// settings) plus masks/NNNNNN.png label maps (8-bit grey, value = instance id) and
// alpha/NNNNNN_KKK.png soft alpha layers of instance KKK (feathered brush edges).
// Every file is written atomically and project.json last, so an interrupted save
// leaves the previous project readable.

#include <QJsonObject>
#include <QString>
#include <map>
#include <set>

#include "engine/core/Expected.h"
#include "ui/model/Document.h"

namespace rm::bridge {

struct ProjectExtras {
  int inPoint = -1;
  int outPoint = -1;
  QJsonObject settings;
};

// Remembers which mask revisions a folder already holds, so saves write only changes.
struct ProjectSaveCache {
  QString folder;
  std::map<int, uint64_t> written;
};

// Everything a save writes, copied off the document on the GUI thread so the writing
// (PNG encoding dominates) can run on another thread. Masks a cache says are already on
// disk are not copied.
struct ProjectSnapshot {
  QJsonObject json;                         // project.json content
  std::map<int, cv::Mat> masksToWrite;      // frame -> copy-on-write share
  std::map<int, SoftLayers> layersToWrite;  // frame -> its layers (frames being written)
  std::set<QString> alphaFiles;             // every alpha file project.json names
  std::map<int, uint64_t> revisions;        // frame -> mask revision (all saved frames)
};
ProjectSnapshot snapshotProject(const Document& doc, const QString& folder,
                                const ProjectExtras& extras, const ProjectSaveCache* cache);
Status writeProject(const ProjectSnapshot& snapshot, const QString& folder,
                    ProjectSaveCache* cache);

// `path` is the project folder (created if needed) or its project.json.
Status saveProject(const Document& doc, const QString& path, const ProjectExtras& extras = {},
                   ProjectSaveCache* cache = nullptr);
// Longest shot a project may declare (11 hours at 25 fps): checked before anything is
// allocated per frame (a declared 2147483647 aborted the GUI with bad_alloc).
inline constexpr int kMaxProjectFrames = 1000000;

// Replaces the document's content only when the whole project loaded; errors name the file.
// Refused: sizes and lengths beyond the limits or unlike the clip's (when it exists), and
// mask paths outside the project folder.
Status loadProject(const QString& path, Document* doc, ProjectExtras* extras = nullptr);

// Folder of a project given either the folder or its project.json.
QString projectFolder(const QString& path);

}  // namespace rm::bridge
