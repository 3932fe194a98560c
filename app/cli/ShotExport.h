#pragma once
// Exporting one shot's label maps as mattes: the work of `rotomatch-cli export`, shared
// with `batch run` so both pick, check and write frames the same way.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/cli/FrameRange.h"
#include "engine/media/FrameSource.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm::cli {

// Label maps of DIR in frame order (numbered names by number: 2.png before 10.png).
Expected<std::vector<std::string>> listMasks(const std::string& dir);

// The label maps of `range` among `files` (listMasks of `dir`): the folder holds one per
// frame of the whole clip (propagate without --range) or exactly one per frame of the range.
Expected<std::vector<std::string>> masksForRange(const std::vector<std::string>& files,
                                                 const std::string& dir, FrameSource& source,
                                                 const FrameRange& range);

struct ShotExport {
  FrameSource* source = nullptr;
  std::vector<std::string> maskFiles;  // one per frame from firstFrame on
  int64_t firstFrame = 0;              // source frame of maskFiles[0]
  // format, outPath, instance and startNumber; the rest is filled from the source and masks.
  MatteWriterOptions options;
  std::function<void(int64_t done, int64_t total)> progress;
  std::function<bool()> cancelled;
};

// Checks every mask before writing anything, then writes the mattes; a failed or cancelled
// export leaves no partial movie (sequence frames written so far stay, each complete).
// `outputs` receives the files written.
Status exportShot(const ShotExport& shot, std::vector<std::string>* outputs);

}  // namespace rm::cli
