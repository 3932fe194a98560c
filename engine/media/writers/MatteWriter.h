#pragma once
// Matte export: one MatteWriter per output (an image sequence or a movie), fed one
// label map per frame (plus the source picture for formats that carry RGB).
//
//   auto writer = createMatteWriter(options);   // checks the format and the target
//   for each frame: writer->write({labels, rgb});
//   writer->finish();                           // movies: drain, trailer, rename
//
// Movies are written to a temporary sibling and renamed over the target by finish();
// a writer destroyed without finish() (cancel, error) removes it, so the target path
// never holds a partial file. Sequence frames are each written atomically.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/media/FrameSource.h"

namespace rm {

enum class MatteFormat {
  Png8,          // per-instance (or union) matte, 8-bit grey PNG sequence
  Png16,         // same, 16-bit
  Label,         // label map, palette PNG with the DAVIS palette, ids preserved
  Rgba,          // RGBA cut-out PNG sequence, straight (unpremultiplied) alpha
  Exr,           // OpenEXR sequence, one half-float layer "objK.A" per instance
  ProRes4444,    // .mov, prores_ks 4444, yuva444p10le, 16-bit alpha
  ProRes4444XQ,  // .mov, prores_ks 4444 XQ
  ProRes422HQ,   // .mov, prores_ks 422 HQ grey picture of the matte (no alpha)
  Ffv1,          // .mkv, FFV1 level 3, lossless RGB + alpha
};

// "png8", "png16", "label", "rgba", "exr", "prores4444", "prores4444xq",
// "prores422hq", "ffv1".
Expected<MatteFormat> parseMatteFormat(const std::string& name);
std::string matteFormatName(MatteFormat format);
bool isSequenceFormat(MatteFormat format);
// Whether the format carries the source picture (RGB).
bool usesSourcePicture(MatteFormat format);

struct MatteWriterOptions {
  MatteFormat format = MatteFormat::Png8;
  // Sequences: a pattern with %0Nd / %d / #### ("out/matte.%04d.png").
  // Movies: the file (.mov for ProRes, .mkv for FFV1).
  std::string outPath;
  int width = 0;
  int height = 0;
  // 0: the union of all instances; k > 0: instance k only.
  int instance = 0;
  // Exr: the instance ids that get a layer in every file (all frames share them).
  std::vector<int> instances;
  int64_t startNumber = 0;  // sequences: number of the first frame
  Rational fps{24, 1};      // movies
  // Movies from a variable-frame-rate source: each frame's presentation time from the
  // first, in seconds (FrameSource::frameTimeSeconds). Empty: constant `fps`.
  std::vector<double> frameSeconds;
  std::string timecode;    // movies: start timecode "HH:MM:SS:FF" (empty: none)
  int backgroundGrey = 0;  // movies without a source picture: RGB level 0..255
  int sourceBitDepth = 8;  // FFV1: > 8 stores 16 bits per channel, else 8 (both lossless)
  // Polled per frame; returning true makes write() fail and leaves no partial output.
  std::function<bool()> cancelled;
};

struct MatteFrame {
  MatteFrame() = default;
  // write({labels, rgb}) / write({labels, {}}) for matte-only frames.
  MatteFrame(cv::Mat labelMap, cv::Mat picture)
      : labels(std::move(labelMap)), rgb(std::move(picture)) {}

  cv::Mat labels;  // CV_8UC1 label map: 0 background, k instance k
  cv::Mat rgb;     // source picture, CV_8UC3 or CV_16UC3 (R,G,B); may be empty
  // Instead of rgb: the source's decoded picture, for writers whose acceptsDecoded()
  // took it (encoded from Y'CbCr directly, one conversion fewer).
  DecodedPicture decoded;
  // Soft edges (a feathered brush's): instance id -> CV_8UC1 alpha 0..255 at the label
  // map's size. Where given it replaces that instance's hard matte (255 on its label) in
  // every format but Label, which stays a label map.
  std::map<int, cv::Mat> softAlpha;
};

class MatteWriter {
 public:
  virtual ~MatteWriter() = default;
  virtual Status write(const MatteFrame& frame) = 0;
  // Whether write() can take `picture` (FrameSource::readDecoded) in place of RGB with
  // the same result up to rounding. Depends only on the options: safe from any thread.
  virtual bool acceptsDecoded(const AVFrame& /*picture*/) const { return false; }
  // Completes the output (movies: drains the encoder, writes the trailer, renames).
  virtual Status finish() = 0;
  // Files written or being written (sequences: one per frame so far).
  virtual std::vector<std::string> outputs() const = 0;
};

Expected<std::unique_ptr<MatteWriter>> createMatteWriter(const MatteWriterOptions& options);

// The matte of `labels` for `instance` (0 = union): CV_8UC1 0/255 or CV_16UC1 0/65535.
cv::Mat matteOf(const cv::Mat& labels, int instance, bool sixteenBit);
// The same with the frame's soft alpha layers in place of their instances' hard mattes;
// the union adds the instances' alphas (saturating), as the brush keeps them disjoint.
cv::Mat matteOf(const MatteFrame& frame, int instance, bool sixteenBit);

// What is wrong with `frame` for a width x height writer ("" when nothing): a label map or
// a soft alpha layer of another size or type.
std::string matteFrameProblem(const MatteFrame& frame, int width, int height);

// File name of frame `number` for a sequence pattern; error when it has no placeholder.
Expected<std::string> sequenceFileName(const std::string& pattern, int64_t number);

}  // namespace rm
