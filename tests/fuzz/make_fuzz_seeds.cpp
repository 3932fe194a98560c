// Writes the binary seed corpora at build time (small, so the committed tree holds only the
// JSON seeds): mask PNGs of every kind MaskIO reads, EXR pictures, and clips for the media
// reader, including 1-32 px and odd-size yuv420p. Usage: make_fuzz_seeds OUT_DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "ClipMaker.h"
#include "HostilePng.h"
#include "engine/media/ExrIO.h"
#include "engine/media/MaskIO.h"

extern "C" {
#include <libavutil/log.h>
}

namespace fs = std::filesystem;

namespace {

bool fail(const std::string& what) {
  std::fprintf(stderr, "make_fuzz_seeds: %s\n", what.c_str());
  return false;
}

cv::Mat labels(int width, int height, int objects) {
  cv::Mat m(height, width, CV_8UC1, cv::Scalar(0));
  for (int k = 1; k <= objects; ++k)
    m(cv::Rect((k - 1) * width / objects, 0, std::max(1, width / objects / 2), height)).setTo(k);
  return m;
}

bool maskSeeds(const fs::path& dir) {
  const cv::Mat two = labels(9, 7, 2);
  if (!rm::writeLabelMap((dir / "palette.png").string(), two).ok()) return fail("palette.png");
  if (!rm::writeLabelMap((dir / "palette-1x1.png").string(), labels(1, 1, 1)).ok())
    return fail("palette-1x1.png");
  cv::Mat binary = (two > 0) / 255 * 255, soft16;
  two.convertTo(soft16, CV_16U, 20000);
  cv::Mat rgb(7, 9, CV_8UC3, cv::Scalar(0, 0, 128)),
      rgba(5, 3, CV_8UC4, cv::Scalar(255, 255, 255, 0));
  rgba(cv::Rect(0, 0, 2, 2)).setTo(cv::Scalar(0, 0, 128, 255));
  for (const auto& [name, image] : {std::pair{"binary.png", binary},
                                    {"labels-grey.png", two},
                                    {"soft16.png", soft16},
                                    {"colour.png", rgb},
                                    {"rgba.png", rgba}})
    if (!cv::imwrite((dir / name).string(), image)) return fail(name);
  // A header declaring a huge picture over one row (#17.2), palette and RGBA.
  if (!rm::test::writeHugeHeaderPng((dir / "huge-palette.png").string(), 100000, 100000,
                                    PNG_COLOR_TYPE_PALETTE) ||
      !rm::test::writeHugeHeaderPng((dir / "huge-rgba.png").string(), 4000, 3,
                                    PNG_COLOR_TYPE_RGB_ALPHA))
    return fail("huge-*.png");
  return true;
}

bool exrSeeds(const fs::path& dir) {
  if (!rm::exrSupported()) return true;  // the target then only sees refusals
  cv::Mat a(3, 4, CV_32FC1, cv::Scalar(0.25f)), b(3, 4, CV_32FC1, cv::Scalar(1.0f));
  const std::pair<const char*, std::vector<std::pair<std::string, cv::Mat>>> files[] = {
      {"rgb.exr", {{"R", a}, {"G", b}, {"B", a}}},
      {"grey.exr", {{"Y", b}}},
      {"layers.exr", {{"obj1.A", a}, {"obj2.A", b}}},
      {"1x1.exr", {{"R", cv::Mat(1, 1, CV_32FC1, cv::Scalar(2.0f))}}}};
  for (const auto& [name, channels] : files)
    if (!rm::writeExrChannels((dir / name).string(), channels).ok()) return fail(name);
  return true;
}

// Media seeds carry the fuzz target's extension index in their first byte (fuzz_media.cpp:
// mp4 0, mov 1, mkv 2, avi 3, nut 4).
bool mediaSeed(const fs::path& dir, const std::string& name, int extension,
               const rm::test::ClipSpec& spec) {
  static const char* const kExtensions[] = {".mp4", ".mov", ".mkv", ".avi", ".nut"};
  const fs::path clip = dir / ("clip-" + name + kExtensions[extension]);
  if (rm::Status s = rm::test::makeClip(clip.string(), spec); !s)
    return fail(name + ": " + s.message());
  std::ifstream in(clip, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  in.close();
  fs::remove(clip);
  std::ofstream out(dir / name, std::ios::binary);
  out.put(static_cast<char>(extension));
  out << bytes;
  return static_cast<bool>(out.flush());
}

bool mediaSeeds(const fs::path& dir) {
  auto spec = [](const char* encoder, const char* format, int w, int h) {
    rm::test::ClipSpec s;
    s.encoder = encoder;
    s.pixelFormat = format;
    s.width = w;
    s.height = h;
    s.frames = 3;
    s.gop = 2;
    return s;
  };
  bool ok = mediaSeed(dir, "h264-16x16", 0, spec("libx264", "yuv420p", 16, 16)) &&
            mediaSeed(dir, "h264-34x18", 1, spec("libx264", "yuv420p", 34, 18)) &&
            mediaSeed(dir, "mpeg4-32x24", 3, spec("mpeg4", "yuv420p", 32, 24)) &&
            mediaSeed(dir, "ffv1-7x5", 2, spec("ffv1", "yuv420p", 7, 5)) &&
            mediaSeed(dir, "prores4444-16x8", 1, spec("prores_ks", "yuva444p10le", 16, 8));
  for (const auto& [w, h] : {std::pair{1, 1}, {2, 3}, {3, 2}, {5, 7}, {17, 9}, {31, 33}, {32, 32}})
    ok = ok && mediaSeed(dir, "raw-" + std::to_string(w) + "x" + std::to_string(h), 4,
                         spec("rawvideo", "yuv420p", w, h));
  rm::test::ClipSpec vfr = spec("libx264", "yuv420p", 16, 16);
  vfr.pts = {0, 40, 160};
  vfr.rotation = 90;
  return ok && mediaSeed(dir, "h264-vfr-rotated", 2, vfr);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: make_fuzz_seeds OUT_DIR"), 2;
  av_log_set_level(AV_LOG_ERROR);
  const fs::path root = argv[1];
  for (const char* area : {"mask_png", "exr", "media"})
    fs::create_directories(root / area);
  return maskSeeds(root / "mask_png") && exrSeeds(root / "exr") && mediaSeeds(root / "media") ? 0
                                                                                              : 1;
}
