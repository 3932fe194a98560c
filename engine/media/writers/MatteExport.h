#pragma once
// Drives a MatteWriter over a whole clip: one label map per frame plus, for formats
// that carry RGB, the source picture. Reading (decode + mask PNGs) runs on a helper
// thread a few frames ahead of the encoder, so both cores stay busy. Writers that
// accept the source's decoded pictures (ProRes 4444 from BT.709 Y'CbCr) get those
// instead of RGB, which saves a Y'CbCr->RGB->Y'CbCr round trip per frame.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm {

struct MatteExportJob {
  FrameSource* source = nullptr;       // used only by the reading thread meanwhile
  std::vector<std::string> maskFiles;  // one label map per frame, in frame order
  int64_t firstFrame = 0;              // source frame of maskFiles[0] (an in/out range)
  bool needPicture = false;            // usesSourcePicture(format)
  bool decodedPictures = true;  // offer decoded pictures to writers that take them (else RGB)
  std::function<void(int64_t done, int64_t total)> progress;  // called on the caller's thread
  std::function<bool()> cancelled;
};

// Writes every frame and finishes the writer. The first error (naming the file) stops
// the export; the writer is then left unfinished so it discards its output.
Status exportMattes(const MatteExportJob& job, MatteWriter& writer);

}  // namespace rm
