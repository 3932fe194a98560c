#include "app/bridge/ExportTarget.h"

#include "app/bridge/ProjectIO.h"
#include "engine/media/writers/OutputTarget.h"

namespace rm::bridge {
namespace fs = std::filesystem;

std::vector<fs::path> exportInputs(const Document& doc, const QString& projectPath) {
  std::vector<fs::path> inputs = sourceFiles(doc.sourcePath().toStdString());
  if (projectPath.isEmpty()) return inputs;
  // increment(ec), not ++: an unreadable subfolder ends the listing instead of throwing.
  std::error_code ec;
  for (fs::recursive_directory_iterator it(projectFolder(projectPath).toStdString(), ec), end;
       !ec && it != end; it.increment(ec))
    if (std::error_code kind; it->is_regular_file(kind)) inputs.push_back(it->path());
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
