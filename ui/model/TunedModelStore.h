#pragma once
// Where a shot's fine-tuned feature network lives, and which model propagation uses.
// A saved project keeps its tuned copy inside the project folder as `finetuned.pt`; its
// presence there means "propagate with it" (reopening the project picks it up). Before the
// project is first saved, a kept model sits in a session temporary folder and the next save
// moves it into the project folder. Files are replaced atomically (copy to `.part`, rename).
// Autosave/recovery copies do not carry the model: it is an artefact of a deliberate run.

#include <QString>
#include <QTemporaryDir>
#include <functional>
#include <memory>

#include "engine/core/Expected.h"
#include "engine/segment/Segmenter.h"

namespace rm::bridge {

using SegmenterCreator =
    std::function<Expected<std::unique_ptr<Segmenter>>(const SegmenterParams& params)>;

class TunedModelStore {
 public:
  static QString fileName() { return QStringLiteral("finetuned.pt"); }

  // The tuned model in use; empty: the configured (default) model.
  QString activePath() const { return active_; }
  bool inUse() const { return !active_.isEmpty(); }
  QString projectFolder() const { return folder_; }

  // A new clip: no project folder, no tuned model.
  void reset();
  // An opened project: uses `folder`/finetuned.pt when it exists.
  void openProject(const QString& folder);
  // A fresh path for a fine-tuning run to write its candidate to (session temp folder).
  QString candidatePath();
  // Makes the candidate that won the cycle check the model in use, moving it into the
  // project folder when there is one.
  Status adopt(const QString& candidate);
  // Back to the configured model; removes the tuned file (project folder or temp).
  Status revert();
  // After the project was saved to `folder`: the model in use goes with it (moved from
  // the temp folder, copied on Save As), and a stale tuned file there is removed.
  Status saveTo(const QString& folder);

 private:
  QString folder_;
  QString active_;
  std::unique_ptr<QTemporaryDir> temp_;
  int counter_ = 0;
};

// A segmenter factory for the EngineController that propagates with `tunedModel` when it
// is non-empty, else with params.model. The parameters are copied: the worker thread must
// not read live settings.
std::function<Expected<std::unique_ptr<Segmenter>>()> tunedSegmenterFactory(
    SegmenterParams params, const QString& tunedModel, SegmenterCreator create = createSegmenter);

}  // namespace rm::bridge
