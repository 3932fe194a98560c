#pragma once
// One interface over movies (libav) and image sequences (OpenCV): stream facts and
// frame-accurate random access by 0-based frame index.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

struct AVFrame;  // libav; only movie sources and movie writers look inside

namespace rm {

// A reference to a picture as the decoder produced it (see FrameSource::readDecoded).
using DecodedPicture = std::shared_ptr<const AVFrame>;

struct Rational {
  int num = 0;
  int den = 1;
  double value() const { return den == 0 ? 0.0 : static_cast<double>(num) / den; }
  std::string str() const { return std::to_string(num) + "/" + std::to_string(den); }
};

// Largest picture side a movie may declare; larger ones are refused when opening (a
// hostile header can declare any size, and every frame would be allocated at it).
inline constexpr int kMaxPictureSide = 16384;

struct StreamInfo {
  int width = 0;  // display size, after rotation metadata is applied
  int height = 0;
  int64_t frameCount = 0;
  Rational fps;  // nominal frame rate
  double durationSeconds = 0.0;
  std::string pixelFormat;       // libav name, e.g. "yuv420p10le"; "rgb24"/"rgb48le" for images
  int bitDepth = 8;              // bits per component of the source
  int rotation = 0;              // degrees clockwise applied for display (0, 90, 180, 270)
  std::string codec;             // "h264", "prores", "png", ...
  std::string timecode;          // start timecode "HH:MM:SS:FF" when the source carries one
  int64_t firstFrameNumber = 0;  // image sequences: number in the first file name (e.g. 1001)
  bool variableFrameRate = false;
  bool hasAlpha = false;  // the source carries an alpha channel (readAlpha16)
};

struct OpenOptions {
  // Polled during blocking libav calls; returning true aborts open/seek/decode.
  std::function<bool()> cancelled;
};

// Not thread-safe: use one instance per thread.
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual const StreamInfo& info() const = 0;
  virtual const std::string& path() const = 0;
  // 8-bit RGB (CV_8UC3), info().width x info().height.
  virtual Expected<cv::Mat> readRgb8(int64_t index) = 0;
  // 16-bit RGB (CV_16UC3); 8-bit sources are widened (x257).
  virtual Expected<cv::Mat> readRgb16(int64_t index) = 0;
  // Alpha channel (CV_16UC1, 8-bit alpha widened x257) of sources with info().hasAlpha.
  virtual Expected<cv::Mat> readAlpha16(int64_t /*index*/) {
    return makeError(path() + " has no alpha channel");
  }
  // Frame `index` exactly as the decoder produced it (movies: a reference to the
  // libav picture, no conversion), so a writer that encodes Y'CbCr can skip RGB.
  // Sources without one, or whose pictures need turning for display, return an error;
  // callers then use readRgb8/readRgb16.
  virtual Expected<DecodedPicture> readDecoded(int64_t /*index*/) {
    return makeError(path() + " has no decoded pictures to share");
  }
  // Stem used for per-frame output names: the input file stem for sequences
  // ("00017" for 00017.jpg), the zero-padded index ("%05d") for movies.
  virtual std::string frameName(int64_t index) const = 0;
  // Presentation time of frame `index` from the first frame, in seconds (movies with
  // a variable frame rate keep theirs; others run at the nominal rate).
  virtual double frameTimeSeconds(int64_t index) const {
    return static_cast<double>(index) / info().fps.value();
  }

 protected:
  // An error naming the file unless 0 <= index < info().frameCount.
  Status checkIndex(int64_t index) const;
};

// `picture` (an RGB read) at 8 or 16 bits per channel (depth CV_8U / CV_16U) by the
// readRgb8/readRgb16 rule: 8 <-> 16 bits by x257 (so a widened picture narrows back
// exactly), float 0..1 saturated; errors pass through.
Expected<cv::Mat> withDepth(Expected<cv::Mat> picture, int depth);

// Opens a movie file, an image-sequence folder, or a printf/#### pattern.
Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& path,
                                                       const OpenOptions& options = {});

}  // namespace rm
