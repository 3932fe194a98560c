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

// Runs `write(tempPath)`; on success fsyncs and renames tempPath over target,
// on failure removes tempPath. The target is never left partially written.
Status writeAtomically(const std::filesystem::path& target,
                       const std::function<Status(const std::filesystem::path&)>& write);

// Convenience: atomically replaces `target` with `bytes`.
Status writeFileAtomically(const std::filesystem::path& target, const std::string& bytes);

}  // namespace rm
