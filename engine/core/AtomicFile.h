#pragma once
// Files are written to a temporary sibling and renamed over the target only on
// success, so a crash, a full disk or a cancel never leaves a half-written file.

#include <filesystem>
#include <functional>
#include <string>

#include "engine/core/Expected.h"

namespace rm {

// Temporary sibling path used while `target` is being written: hidden, and tagged with
// this host and process so a later run can tell an orphan from a write in progress.
std::filesystem::path temporarySibling(const std::filesystem::path& target);

// Removes the temporary siblings in `folder` left by processes of this host that no
// longer run (a SIGKILL or power cut mid-write). Temporaries of live processes and of
// other hosts (a farm's shared storage) are kept. An empty `folder` is the working folder.
// Best effort; returns how many went.
int removeOrphanedTemporaries(const std::filesystem::path& folder);

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
