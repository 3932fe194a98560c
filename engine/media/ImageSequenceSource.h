#pragma once
// FrameSource over numbered still images read with OpenCV (PNG/JPEG/TIFF, 8/16-bit)
// or OpenEXR (float). Accepts a folder, a printf pattern (`shot.%04d.png`), a hash
// pattern (`shot.####.exr`) or a single image. Numbering may start anywhere (1001);
// a gap in the numbering is an error naming the first missing file.

#include <memory>
#include <string>
#include <vector>

#include "engine/media/FrameSource.h"

namespace rm {

class ImageSequenceSource final : public FrameSource {
 public:
  static Expected<std::unique_ptr<ImageSequenceSource>> open(const std::string& path);

  const StreamInfo& info() const override { return info_; }
  const std::string& path() const override { return path_; }
  Expected<cv::Mat> readRgb8(int64_t index) override;
  Expected<cv::Mat> readRgb16(int64_t index) override;
  Expected<cv::Mat> readAlpha16(int64_t index) override;
  // The input file's stem, e.g. "00017" for 00017.jpg.
  std::string frameName(int64_t index) const override;

  const std::vector<std::string>& files() const { return files_; }

  // Nominal rate reported for sequences, which carry none.
  static constexpr Rational kDefaultFps{24, 1};

 private:
  ImageSequenceSource() = default;
  // The picture as RGB in its own depth (CV_8UC3, CV_16UC3 or CV_32FC3).
  Expected<cv::Mat> readNative(int64_t index);

  std::string path_;
  StreamInfo info_;
  std::vector<std::string> files_;
};

// True when `path` names an image-sequence input (folder, pattern or still image)
// rather than a movie.
bool looksLikeImageSequence(const std::string& path);

}  // namespace rm
