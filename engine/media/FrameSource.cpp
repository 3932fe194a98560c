#include "engine/media/FrameSource.h"

#include "engine/media/ImageSequenceSource.h"
#include "engine/media/VideoSource.h"

namespace rm {

Status FrameSource::checkIndex(int64_t index) const {
  if (index >= 0 && index < info().frameCount) return {};
  return makeError("frame " + std::to_string(index) + " is out of range for " + path() + " (" +
                   std::to_string(info().frameCount) + " frames)");
}

Expected<cv::Mat> withDepth(Expected<cv::Mat> picture, int depth) {
  if (!picture.ok() || picture->depth() == depth) return picture;
  double scale = 1.0;
  if (picture->depth() == CV_8U)
    scale = 257.0;  // to 16 bits
  else if (picture->depth() == CV_16U)
    scale = 1.0 / 257;  // to 8 bits
  else
    scale = depth == CV_8U ? 255.0 : 65535.0;  // float 0..1; convertTo saturates
  cv::Mat out;
  picture->convertTo(out, depth, scale);
  return out;
}

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
