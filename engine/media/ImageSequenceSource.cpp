#include "engine/media/ImageSequenceSource.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/media/ExrIO.h"
#include "engine/media/FramePattern.h"

namespace rm {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool isImageExtension(const fs::path& p) {
  static const char* const kExts[] = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".exr", ".bmp"};
  const std::string ext = lower(p.extension().string());
  return std::any_of(std::begin(kExts), std::end(kExts), [&](const char* e) { return ext == e; });
}

// Frame files of a pattern in `dir`, ordered by number, with no gaps.
Expected<std::vector<std::pair<int64_t, fs::path>>> collectNumbered(const fs::path& dir,
                                                                    const FramePattern& n,
                                                                    const std::string& what) {
  std::map<int64_t, fs::path> byNumber;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (auto number = n.match(entry.path().filename().string()))
      byNumber.emplace(*number, entry.path());
  }
  if (ec) return makeError("cannot list " + dir.string() + ": " + ec.message());
  if (byNumber.empty()) return makeError("no images match " + what);
  std::vector<std::pair<int64_t, fs::path>> out(byNumber.begin(), byNumber.end());
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].first != out[i - 1].first + 1) {
      // Name the missing file with the padding its predecessor uses.
      FramePattern padded = n;
      padded.width = static_cast<int>(out[i - 1].second.filename().string().size() -
                                      n.prefix.size() - n.suffix.size());
      return makeError("image sequence " + what + " is missing frame " +
                       (dir / padded.name(out[i - 1].first + 1)).string());
    }
  return out;
}

// Every image of a folder; numbered names (same prefix/suffix) are checked for gaps.
Expected<std::vector<std::pair<int64_t, fs::path>>> collectFolder(const fs::path& dir) {
  std::vector<fs::path> images;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && isImageExtension(entry.path()) &&
        entry.path().filename().string().front() != '.')
      images.push_back(entry.path());
  if (ec) return makeError("cannot list " + dir.string() + ": " + ec.message());
  if (images.empty()) return makeError("no images in folder " + dir.string());
  std::sort(images.begin(), images.end());

  if (auto n = numberedNameOf(images.front().filename().string())) {
    n->width = 1;  // any padding: 9.png, 10.png
    const bool allMatch = std::all_of(images.begin(), images.end(), [&](const fs::path& p) {
      return n->match(p.filename().string()).has_value();
    });
    if (allMatch) return collectNumbered(dir, *n, dir.string());
  }
  std::vector<std::pair<int64_t, fs::path>> out;
  for (size_t i = 0; i < images.size(); ++i)
    out.emplace_back(static_cast<int64_t>(i), images[i]);
  return out;
}

// cv::imread with its failures (OpenCV throws on a header declaring a huge picture)
// as an error naming the file.
Expected<cv::Mat> readImageFile(const std::string& file) {
  cv::Mat img;
  try {
    img = cv::imread(file, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    return makeError("cannot read image " + file + ": " + e.err);
  }
  if (img.empty()) return makeError("cannot read image " + file);
  return img;
}

// Reads one file as RGB (R,G,B order) in its own depth: CV_8UC3, CV_16UC3 or CV_32FC3.
Expected<cv::Mat> readImageRgb(const std::string& file) {
  if (lower(fs::path(file).extension().string()) == ".exr") return readExrRgb(file);
  auto read = readImageFile(file);
  if (!read.ok()) return read;
  cv::Mat img = *read;
  if (img.depth() != CV_8U && img.depth() != CV_16U && img.depth() != CV_32F) {
    cv::Mat f;
    img.convertTo(f, CV_32F);
    img = f;
  }
  cv::Mat rgb;
  switch (img.channels()) {
    case 1:
      cv::cvtColor(img, rgb, cv::COLOR_GRAY2RGB);
      break;
    case 3:
      cv::cvtColor(img, rgb, cv::COLOR_BGR2RGB);
      break;
    case 4:
      cv::cvtColor(img, rgb, cv::COLOR_BGRA2RGB);
      break;
    default:
      return makeError("cannot read image " + file + ": unsupported channel count");
  }
  return rgb;
}

}  // namespace

bool looksLikeImageSequence(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  // Patterns end in an image extension too; "take#2.mov" stays a movie.
  return isImageExtension(fs::path(path));
}

Expected<std::unique_ptr<ImageSequenceSource>> ImageSequenceSource::open(const std::string& path) {
  std::unique_ptr<ImageSequenceSource> source(new ImageSequenceSource());
  source->path_ = path;
  std::error_code ec;
  const fs::path p(path);
  Expected<std::vector<std::pair<int64_t, fs::path>>> frames = makeError("");
  if (fs::is_directory(p, ec)) {
    frames = collectFolder(p);
  } else if (auto pattern = FramePattern::parse(p.filename().string())) {
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
      return makeError("cannot open " + path + ": folder " + dir.string() + " does not exist");
    frames = collectNumbered(dir, *pattern, path);
  } else if (fs::is_regular_file(p, ec)) {
    frames = std::vector<std::pair<int64_t, fs::path>>{{0, p}};
  } else {
    return makeError("cannot open " + path + ": no such file or folder");
  }
  if (!frames.ok()) return makeError(frames.message());

  for (const auto& [number, file] : *frames)
    source->files_.push_back(file.string());
  auto first = readImageRgb(source->files_.front());
  if (!first.ok()) return makeError(first.message());
  StreamInfo& info = source->info_;
  info.width = first->cols;
  info.height = first->rows;
  info.frameCount = static_cast<int64_t>(source->files_.size());
  info.fps = kDefaultFps;
  info.durationSeconds = static_cast<double>(info.frameCount) / kDefaultFps.value();
  info.firstFrameNumber = frames->front().first;
  switch (first->depth()) {
    case CV_8U:
      info.pixelFormat = "rgb24";
      info.bitDepth = 8;
      break;
    case CV_16U:
      info.pixelFormat = "rgb48le";
      info.bitDepth = 16;
      break;
    default:
      info.pixelFormat = "gbrpf32le";
      info.bitDepth = 32;
      break;
  }
  std::string ext = lower(fs::path(source->files_.front()).extension().string());
  info.codec = ext.empty() ? "image" : ext.substr(1);
  if (info.codec == "jpg") info.codec = "jpeg";
  if (info.codec != "exr")  // readImageRgb drops alpha: look at the raw channels
    info.hasAlpha = [&] {
      auto raw = readImageFile(source->files_.front());
      return raw.ok() && raw->channels() == 4;
    }();
  if (info.codec == "tif") info.codec = "tiff";
  return source;
}

Expected<cv::Mat> ImageSequenceSource::readNative(int64_t index) {
  if (Status status = checkIndex(index); !status.ok()) return makeError(status.message());
  const std::string& file = files_[static_cast<size_t>(index)];
  auto rgb = readImageRgb(file);
  if (!rgb.ok()) return rgb;
  if (rgb->cols != info_.width || rgb->rows != info_.height)
    return makeError("image " + file + " is " + std::to_string(rgb->cols) + "x" +
                     std::to_string(rgb->rows) + ", the sequence is " +
                     std::to_string(info_.width) + "x" + std::to_string(info_.height));
  return rgb;
}

Expected<cv::Mat> ImageSequenceSource::readRgb8(int64_t index) {
  return withDepth(readNative(index), CV_8U);
}

Expected<cv::Mat> ImageSequenceSource::readRgb16(int64_t index) {
  return withDepth(readNative(index), CV_16U);
}

Expected<cv::Mat> ImageSequenceSource::readAlpha16(int64_t index) {
  if (Status status = checkIndex(index); !status.ok()) return makeError(status.message());
  const std::string& file = files_[static_cast<size_t>(index)];
  auto read = readImageFile(file);
  if (!read.ok()) return read;
  const cv::Mat& img = *read;
  if (img.channels() != 4) return makeError("image " + file + " has no alpha channel");
  cv::Mat alpha;
  cv::extractChannel(img, alpha, 3);
  if (alpha.depth() == CV_8U) alpha.convertTo(alpha, CV_16U, 257.0);
  return alpha;
}

std::string ImageSequenceSource::frameName(int64_t index) const {
  if (index < 0 || index >= static_cast<int64_t>(files_.size())) return {};
  return fs::path(files_[static_cast<size_t>(index)]).stem().string();
}

}  // namespace rm
