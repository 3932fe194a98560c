#include "ui/model/ExportTarget.h"

#include "engine/media/writers/OutputTarget.h"
#include "ui/model/ProjectIO.h"
#include "ui/model/TunedModelStore.h"

namespace rm::bridge {
namespace fs = std::filesystem;

std::vector<fs::path> exportInputs(const Document& doc, const QString& projectPath) {
  std::vector<fs::path> inputs = sourceFiles(doc.sourcePath().toStdString());
  if (projectPath.isEmpty()) return inputs;
  // The project's own files only: an earlier export saved inside the folder stays a
  // target the artist may replace. (refuseInputs ignores names that do not exist.)
  const fs::path folder = projectFolder(projectPath).toStdString();
  inputs.push_back(folder / "project.json");
  inputs.push_back(folder / TunedModelStore::fileName().toStdString());
  for (const char* layer : {"masks", "alpha"}) {
    // increment(ec), not ++: an unreadable folder ends the listing instead of throwing.
    std::error_code ec;
    for (fs::directory_iterator it(folder / layer, ec), end; !ec && it != end; it.increment(ec))
      inputs.push_back(it->path());
  }
  return inputs;
}

Expected<bool> prepareExportTarget(const MatteWriterOptions& options, int64_t frames,
                                   const std::vector<fs::path>& inputs,
                                   const OverwriteQuestion& ask) {
  auto target = matteTargetFiles(options.format, options.outPath, options.startNumber, frames);
  if (!target) return target.error();
  if (Status s = refuseInputs(target->written, inputs); !s) return makeError(s.message());
  if (target->present.empty()) return true;
  QStringList present;
  for (const fs::path& file : target->present)
    present << QString::fromStdString(file.string());
  if (!ask(QString::fromStdString(options.outPath), present)) return false;
  if (Status s = clearTarget(target->present, target->present, options.outPath, true); !s)
    return makeError(s.message());
  return true;
}

}  // namespace rm::bridge
