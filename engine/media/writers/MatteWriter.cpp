#include "engine/media/writers/MatteWriter.h"

#include <filesystem>

#include <opencv2/core.hpp>

#include "engine/media/ExrIO.h"
#include "engine/media/FramePattern.h"
#include "engine/media/writers/MovieMatteWriter.h"
#include "engine/media/writers/SequenceMatteWriter.h"

namespace rm {
namespace fs = std::filesystem;

namespace {
struct FormatName {
  MatteFormat format;
  const char* name;
};
constexpr FormatName kFormats[] = {
    {MatteFormat::Png8, "png8"},
    {MatteFormat::Png16, "png16"},
    {MatteFormat::Label, "label"},
    {MatteFormat::Rgba, "rgba"},
    {MatteFormat::Exr, "exr"},
    {MatteFormat::ProRes4444, "prores4444"},
    {MatteFormat::ProRes4444XQ, "prores4444xq"},
    {MatteFormat::ProRes422HQ, "prores422hq"},
    {MatteFormat::Ffv1, "ffv1"},
};
}  // namespace

Expected<MatteFormat> parseMatteFormat(const std::string& name) {
  for (const auto& f : kFormats)
    if (name == f.name) return f.format;
  std::string known;
  for (const auto& f : kFormats)
    known += (known.empty() ? "" : ", ") + std::string(f.name);
  return makeError("unknown matte format '" + name + "' (expected one of " + known + ")");
}

std::string matteFormatName(MatteFormat format) {
  for (const auto& f : kFormats)
    if (f.format == format) return f.name;
  return "?";
}

bool isSequenceFormat(MatteFormat format) {
  switch (format) {
    case MatteFormat::Png8:
    case MatteFormat::Png16:
    case MatteFormat::Label:
    case MatteFormat::Rgba:
    case MatteFormat::Exr:
      return true;
    default:
      return false;
  }
}

bool usesSourcePicture(MatteFormat format) {
  return format == MatteFormat::Rgba || format == MatteFormat::ProRes4444 ||
         format == MatteFormat::ProRes4444XQ || format == MatteFormat::Ffv1;
}

cv::Mat matteOf(const cv::Mat& labels, int instance, bool sixteenBit) {
  cv::Mat mask = instance > 0 ? (labels == instance) : (labels > 0);  // 0/255 CV_8U
  if (!sixteenBit) return mask;
  cv::Mat wide;
  mask.convertTo(wide, CV_16U, 257.0);
  return wide;
}

cv::Mat matteOf(const MatteFrame& frame, int instance, bool sixteenBit) {
  if (frame.softAlpha.empty()) return matteOf(frame.labels, instance, sixteenBit);
  cv::Mat matte;
  if (instance > 0) {
    const auto layer = frame.softAlpha.find(instance);
    if (layer == frame.softAlpha.end()) return matteOf(frame.labels, instance, sixteenBit);
    matte = layer->second.clone();
  } else {
    matte = frame.labels > 0;
    for (const auto& [id, alpha] : frame.softAlpha) {
      matte.setTo(0, frame.labels == id);
      cv::add(matte, alpha, matte);  // saturates at 255
    }
  }
  if (!sixteenBit) return matte;
  cv::Mat wide;
  matte.convertTo(wide, CV_16U, 257.0);
  return wide;
}

std::string matteFrameProblem(const MatteFrame& frame, int width, int height) {
  const std::string size = std::to_string(width) + "x" + std::to_string(height) + " 8-bit image";
  const auto fits = [&](const cv::Mat& m) {
    return m.type() == CV_8UC1 && m.cols == width && m.rows == height;
  };
  if (!fits(frame.labels)) return "the label map is not a " + size;
  for (const auto& [id, alpha] : frame.softAlpha)
    if (!fits(alpha))
      return "the soft alpha of instance " + std::to_string(id) + " is not a " + size;
  return {};
}

Expected<std::string> sequenceFileName(const std::string& pattern, int64_t number) {
  const fs::path p(pattern);
  const auto parsed = FramePattern::parse(p.filename().string());
  if (!parsed)
    return makeError("output pattern " + pattern +
                     " has no frame-number placeholder (e.g. name.%04d.png or name.####.png)");
  return (p.parent_path() / parsed->name(number)).string();
}

Expected<std::unique_ptr<MatteWriter>> createMatteWriter(const MatteWriterOptions& options) {
  if (options.width <= 0 || options.height <= 0)
    return makeError("cannot write " + options.outPath + ": frame size not set");
  if (options.instance < 0 || options.instance > 255)
    return makeError("cannot write " + options.outPath + ": instance must be 0..255");
  const fs::path out(options.outPath);
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return makeError("cannot write " + options.outPath + ": folder " + dir.string() +
                     " does not exist");
  if (options.format == MatteFormat::Exr && !exrSupported())
    return makeError("cannot write " + options.outPath + ": this build has no OpenEXR support");
  if (isSequenceFormat(options.format)) {
    auto first = sequenceFileName(options.outPath, options.startNumber);
    if (!first.ok()) return makeError(first.message());
    return std::unique_ptr<MatteWriter>(std::make_unique<SequenceMatteWriter>(options));
  }
  auto movie = MovieMatteWriter::create(options);
  if (!movie.ok()) return makeError(movie.message());
  return std::unique_ptr<MatteWriter>(std::move(movie).value());
}

}  // namespace rm
