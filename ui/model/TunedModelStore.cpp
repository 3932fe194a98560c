#include "ui/model/TunedModelStore.h"

#include <QDir>
#include <QFileInfo>
#include <filesystem>

#include "engine/core/AtomicFile.h"

namespace rm::bridge {
namespace fs = std::filesystem;

namespace {
// Copies (or moves) `from` to `to` so that `to` is either the old or the complete new file.
Status replaceFile(const QString& from, const QString& to, bool move) {
  std::error_code ec;
  const fs::path src = from.toStdString();
  const fs::path dst = to.toStdString();
  if (move) {
    fs::rename(src, dst, ec);  // same file system: atomic
    if (!ec) return {};
  }
  const Status copied = writeAtomically(dst, [&](const fs::path& temp) -> Status {
    std::error_code copyError;
    if (!fs::copy_file(src, temp, fs::copy_options::overwrite_existing, copyError))
      return makeError("cannot write " + dst.string() + ": " + copyError.message());
    return {};
  });
  if (!copied) return copied;
  if (move) fs::remove(src, ec);
  return {};
}
}  // namespace

void TunedModelStore::reset() {
  folder_.clear();
  active_.clear();
}

void TunedModelStore::openProject(const QString& folder) {
  folder_ = folder;
  const QString file = QDir(folder).filePath(fileName());
  active_ = !folder.isEmpty() && QFileInfo::exists(file) ? file : QString();
}

QString TunedModelStore::candidatePath() {
  if (!temp_) temp_ = std::make_unique<QTemporaryDir>();
  return temp_->filePath(QStringLiteral("candidate-%1.pt").arg(++counter_));
}

Status TunedModelStore::adopt(const QString& candidate) {
  if (folder_.isEmpty()) {
    if (active_ != candidate) (void)revert();  // drop an earlier unsaved copy (best effort)
    active_ = candidate;
    return {};
  }
  const QString file = QDir(folder_).filePath(fileName());
  const Status status = replaceFile(candidate, file, true);
  if (!status) return status;
  active_ = file;
  return {};
}

Status TunedModelStore::revert() {
  if (active_.isEmpty()) return {};
  std::error_code ec;
  fs::remove(active_.toStdString(), ec);
  const QString path = active_;
  active_.clear();
  if (ec) return makeError("cannot remove " + path.toStdString() + ": " + ec.message());
  return {};
}

Status TunedModelStore::saveTo(const QString& folder) {
  const QString file = QDir(folder).filePath(fileName());
  const bool inOldProject =
      !folder_.isEmpty() && QFileInfo(active_).absolutePath() == QDir(folder_).absolutePath();
  folder_ = folder;
  if (active_.isEmpty()) {
    std::error_code ec;
    fs::remove(file.toStdString(), ec);  // a tuned file from an earlier save is not in use
    return {};
  }
  if (active_ == file) return {};
  // From the temp folder: move; from another project's folder (Save As): copy.
  const Status status = replaceFile(active_, file, !inOldProject);
  if (!status) return status;
  active_ = file;
  return {};
}

std::function<Expected<std::unique_ptr<Segmenter>>()> tunedSegmenterFactory(
    SegmenterParams params, const QString& tunedModel, SegmenterCreator create) {
  if (!tunedModel.isEmpty()) params.model = tunedModel.toStdString();
  return [params = std::move(params), create = std::move(create)] { return create(params); };
}

}  // namespace rm::bridge
