#pragma once
// The GUI's check before an export starts, the same rules as rotomatch-cli export
// (engine/media/writers/OutputTarget.h): never write over an input (the clip's files, the
// open project's files); when the target already holds files of this export, the artist
// is asked, and only on "Overwrite" exactly those files are removed before the run.

#include <QString>
#include <QStringList>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/media/writers/MatteWriter.h"
#include "ui/model/Document.h"

namespace rm::bridge {

// Asked when `target` holds `present` files this export replaces: true replaces them.
using OverwriteQuestion = std::function<bool(const QString& target, const QStringList& present)>;

// The files an export must never replace: the source clip's and, when a project is open
// (`projectPath` not empty), its project.json, tuned model, masks and alpha layers.
std::vector<std::filesystem::path> exportInputs(const Document& doc, const QString& projectPath);

// For an export of `frames` frames with `options`: true when the target is free or its
// files were removed after `ask` agreed; false when `ask` declined (nothing removed);
// an error naming the file when it is one of `inputs` (`ask` is not called) or a file
// cannot be removed.
Expected<bool> prepareExportTarget(const MatteWriterOptions& options, int64_t frames,
                                   const std::vector<std::filesystem::path>& inputs,
                                   const OverwriteQuestion& ask);

}  // namespace rm::bridge
