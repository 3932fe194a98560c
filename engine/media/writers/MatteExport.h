#pragma once
// Drives a MatteWriter over a whole clip (the one export path of the CLI, the batch runner
// and the GUI): one label map per frame plus, for formats that carry RGB, the source picture.
// Reading (decode + mask PNGs) runs on a helper thread a few frames ahead of the encoder, so both
// cores stay busy. Writers that accept the source's decoded pictures (ProRes 4444 from BT.709
// Y'CbCr) get those instead of RGB, which saves a Y'CbCr->RGB->Y'CbCr round trip per frame.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm {

// Frame `index` of an export (0-based from its first frame): the label map, with soft
// edges where the masks have them. Called on the reading thread.
using MatteMaskReader = std::function<Expected<MatteFrame>(int64_t index)>;

// Reads `files` (one label map per frame, in frame order), each checked to be `size`.
MatteMaskReader labelMapFiles(std::vector<std::string> files, cv::Size size);

struct MatteExportJob {
  FrameSource* source = nullptr;  // used only by the reading thread meanwhile
  int64_t frameCount = 0;         // frames to export
  MatteMaskReader masks;
  int64_t firstFrame = 0;       // source frame of masks(0) (an in/out range)
  bool needPicture = false;     // usesSourcePicture(format)
  bool decodedPictures = true;  // offer decoded pictures to writers that take them (else RGB)
  std::function<void(int64_t done, int64_t total)> progress;  // called on the caller's thread
  std::function<bool()> cancelled;
};

// Fills what the writer takes from the source for frames [firstFrame, firstFrame + frames):
// size, frame rate (a variable-frame-rate source's timestamps), start timecode (when the
// export starts at frame 0) and bit depth.
void takeSourceTiming(MatteWriterOptions& options, const FrameSource& source, int64_t firstFrame,
                      int64_t frames);

// Writes every frame and finishes the writer. The first error (naming the file) stops
// the export; the writer is then left unfinished so it discards its output.
Status exportMattes(const MatteExportJob& job, MatteWriter& writer);

}  // namespace rm
