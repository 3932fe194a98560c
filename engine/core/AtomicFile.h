#pragma once
// Files are written to a temporary sibling and renamed over the target only on
// success, so a crash, a full disk or a cancel never leaves a half-written file.

#include <filesystem>
#include <functional>
#include <string>

#include "engine/core/Expected.h"

namespace rm {

// Temporary sibling path used while `target` is being written.
std::filesystem::path temporarySibling(const std::filesystem::path& target);

// Flushes the finished `temp` to disk, renames it over `target` and flushes the folder,
// so that after a crash the target holds either the old or the whole new file. On an
// error `temp` is left in place for the caller to remove.
Status commitTemporary(const std::filesystem::path& temp, const std::filesystem::path& target);

// Runs `write(tempPath)`; on success commits it (commitTemporary), on failure removes
// tempPath. The target is never left partially written.
Status writeAtomically(const std::filesystem::path& target,
                       const std::function<Status(const std::filesystem::path&)>& write);

// Convenience: atomically replaces `target` with `bytes`.
Status writeFileAtomically(const std::filesystem::path& target, const std::string& bytes);

}  // namespace rm
