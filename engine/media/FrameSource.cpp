#include "engine/media/FrameSource.h"

#include "engine/media/ImageSequenceSource.h"
#include "engine/media/VideoSource.h"

namespace rm {

Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& path,
                                                       const OpenOptions& options) {
  if (path.empty()) return makeError("cannot open a clip: no path given");
  if (looksLikeImageSequence(path)) {
    auto seq = ImageSequenceSource::open(path);
    if (!seq.ok()) return makeError(seq.message());
    return std::unique_ptr<FrameSource>(std::move(seq).value());
  }
  auto video = VideoSource::open(path, options);
  if (!video.ok()) return makeError(video.message());
  return std::unique_ptr<FrameSource>(std::move(video).value());
}

}  // namespace rm
