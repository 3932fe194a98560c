#include "engine/media/FrameSource.h"

namespace rm {

// Replaced by the libav / OpenCV implementations of the media layer.
Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& path,
                                                       const OpenOptions&) {
  return makeError("cannot open " + path + ": no media reader in this build");
}

}  // namespace rm
