#include "engine/media/MaskIO.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/AtomicFile.h"

namespace rm {
namespace fs = std::filesystem;

const std::array<std::array<uint8_t, 3>, 256>& davisPalette() {
  static const auto palette = [] {
    std::array<std::array<uint8_t, 3>, 256> p{};
    for (int i = 0; i < 256; ++i) {
      int c = i, r = 0, g = 0, b = 0;
      for (int j = 0; j < 8; ++j) {  // bit-interleaved VOC colour map
        r |= ((c >> 0) & 1) << (7 - j);
        g |= ((c >> 1) & 1) << (7 - j);
        b |= ((c >> 2) & 1) << (7 - j);
        c >>= 3;
      }
      p[static_cast<size_t>(i)] = {static_cast<uint8_t>(r), static_cast<uint8_t>(g),
                                   static_cast<uint8_t>(b)};
    }
    return p;
  }();
  return palette;
}

namespace {

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

void pngError(png_structp png, png_const_charp message) {
  auto* buffer = static_cast<char*>(png_get_error_ptr(png));
  std::snprintf(buffer, 256, "%s", message);
  png_longjmp(png, 1);
}
void pngWarning(png_structp, png_const_charp) {}

// Refuses a PNG header whose picture cannot be in a file of `fileBytes` bytes or is
// beyond the size limit, before anything is allocated from it. Deflate packs at most
// 1032 bytes into one, so a real picture's raw rows need about fileBytes * 1032.
bool pngHeaderIsSane(png_structp png, png_infop info, uint64_t fileBytes, char* err) {
  const uint64_t width = png_get_image_width(png, info);
  const uint64_t height = png_get_image_height(png, info);
  const uint64_t bitsPerPixel =
      uint64_t(png_get_bit_depth(png, info)) * png_get_channels(png, info);
  if (width > uint64_t(kMaxMaskSide) || height > uint64_t(kMaxMaskSide)) {
    std::snprintf(err, 256, "declares %llux%llu pixels, more than the %dx%d limit",
                  static_cast<unsigned long long>(width), static_cast<unsigned long long>(height),
                  kMaxMaskSide, kMaxMaskSide);
    return false;
  }
  const uint64_t rawBytes = height * (1 + (width * bitsPerPixel + 7) / 8);
  if (rawBytes > fileBytes * 1032 + 65536) {
    std::snprintf(err, 256, "declares %llux%llu pixels, more than its %llu bytes can hold",
                  static_cast<unsigned long long>(width), static_cast<unsigned long long>(height),
                  static_cast<unsigned long long>(fileBytes));
    return false;
  }
  return true;
}

// libpng part of reading a palette PNG. Plain C style on purpose: nothing with a
// destructor may live in this frame across setjmp/longjmp. Returns 1 for a palette
// image read into *pixels, 0 for a non-palette PNG, -1 on error (message in err).
// Any PNG's header is checked (pngHeaderIsSane) before a pixel is allocated.
int readPaletteIndices(FILE* file, uint64_t fileBytes, std::vector<uint8_t>* pixels,
                       std::vector<png_bytep>* rows, int* width, int* height, char* err) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, err, pngError, pngWarning);
  if (png == nullptr) return -1;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, info != nullptr ? &info : nullptr, nullptr);
    return -1;
  }
  png_init_io(png, file);
  png_read_info(png, info);
  if (!pngHeaderIsSane(png, info, fileBytes, err)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return -1;
  }
  if (png_get_color_type(png, info) != PNG_COLOR_TYPE_PALETTE) {
    png_destroy_read_struct(&png, &info, nullptr);
    return 0;
  }
  if (png_get_bit_depth(png, info) < 8) png_set_packing(png);  // one index per byte
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  *width = static_cast<int>(png_get_image_width(png, info));
  *height = static_cast<int>(png_get_image_height(png, info));
  pixels->resize(static_cast<size_t>(*width) * static_cast<size_t>(*height));
  rows->resize(static_cast<size_t>(*height));
  for (int y = 0; y < *height; ++y)
    (*rows)[static_cast<size_t>(y)] = pixels->data() + static_cast<size_t>(y) * *width;
  png_read_image(png, rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return 1;
}

int writePalettePng(FILE* file, const cv::Mat* labels, char* err) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, pngError, pngWarning);
  if (png == nullptr) return -1;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, info != nullptr ? &info : nullptr);
    return -1;
  }
  png_init_io(png, file);
  png_set_IHDR(png, info, static_cast<png_uint_32>(labels->cols),
               static_cast<png_uint_32>(labels->rows), 8, PNG_COLOR_TYPE_PALETTE,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_color palette[256];
  for (size_t i = 0; i < 256; ++i) {
    palette[i].red = davisPalette()[i][0];
    palette[i].green = davisPalette()[i][1];
    palette[i].blue = davisPalette()[i][2];
  }
  png_set_PLTE(png, info, palette, 256);
  png_write_info(png, info);
  for (int y = 0; y < labels->rows; ++y)
    png_write_row(png, labels->ptr<uint8_t>(y));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return 0;
}

bool hasPngSignature(FILE* file) {
  png_byte sig[8] = {0};
  const size_t n = std::fread(sig, 1, 8, file);
  std::rewind(file);
  return n == 8 && png_sig_cmp(sig, 0, 8) == 0;
}

Expected<cv::Mat> greyToLabels(const cv::Mat& grey, const std::string& path) {
  double minV = 0, maxV = 0;
  cv::minMaxLoc(grey, &minV, &maxV);
  const double full = grey.depth() == CV_16U ? 65535.0 : 255.0;
  cv::Mat labels;
  if (grey.depth() != CV_8U && grey.depth() != CV_16U)
    return makeError("mask " + path + " is neither 8- nor 16-bit");
  cv::Mat isZero = grey == 0, isFull = grey == full;
  if (cv::countNonZero(isZero | isFull) == static_cast<int>(grey.total())) {
    labels = cv::Mat::zeros(grey.size(), CV_8UC1);
    labels.setTo(1, isFull);
  } else if (maxV < 128) {
    grey.convertTo(labels, CV_8U);
  } else {
    labels = cv::Mat::zeros(grey.size(), CV_8UC1);
    labels.setTo(1, grey >= full / 2);
  }
  return labels;
}

Expected<cv::Mat> colourToLabels(const cv::Mat& bgr, const std::string& path) {
  std::map<uint32_t, uint8_t> lookup;
  for (int i = 255; i >= 0; --i) {  // lowest index wins for repeated colours
    const auto& c = davisPalette()[static_cast<size_t>(i)];
    lookup[(uint32_t(c[0]) << 16) | (uint32_t(c[1]) << 8) | c[2]] = static_cast<uint8_t>(i);
  }
  cv::Mat labels(bgr.size(), CV_8UC1);
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      const uint32_t key = (uint32_t(row[x][2]) << 16) | (uint32_t(row[x][1]) << 8) | row[x][0];
      auto it = lookup.find(key);
      if (it == lookup.end())
        return makeError("mask " + path + " has colour (" + std::to_string(row[x][2]) + "," +
                         std::to_string(row[x][1]) + "," + std::to_string(row[x][0]) + ") at (" +
                         std::to_string(x) + "," + std::to_string(y) +
                         ") that is not in the DAVIS palette");
      labels.at<uint8_t>(y, x) = it->second;
    }
  }
  return labels;
}

Expected<cv::Mat> readAnyLabelMap(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return makeError("cannot read mask " + path + ": no such file");
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return makeError("cannot read mask " + path + ": " + std::strerror(errno));
  if (hasPngSignature(file.get())) {
    std::vector<uint8_t> pixels;
    std::vector<png_bytep> rows;
    int width = 0, height = 0;
    char err[256] = {0};
    const uint64_t fileBytes = fs::file_size(path, ec);
    const int rc =
        readPaletteIndices(file.get(), ec ? 0 : fileBytes, &pixels, &rows, &width, &height, err);
    if (rc < 0) return makeError("cannot read mask " + path + ": " + err);
    if (rc == 1) return cv::Mat(height, width, CV_8UC1, pixels.data()).clone();
  }
  file.reset();
  cv::Mat img;
  try {  // OpenCV refuses oversized or broken files with an exception
    img = cv::imread(path, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    return makeError("cannot read mask " + path + ": " + e.err);
  }
  if (img.empty()) return makeError("cannot read mask " + path + ": not a readable image");
  if (img.cols > kMaxMaskSide || img.rows > kMaxMaskSide)
    return makeError("cannot read mask " + path + ": " + std::to_string(img.cols) + "x" +
                     std::to_string(img.rows) + " pixels, more than the limit of " +
                     std::to_string(kMaxMaskSide) + " a side");
  if (img.channels() == 4) {
    // Alpha is honoured: a transparent pixel is background whatever its colour.
    std::vector<cv::Mat> ch;
    cv::split(img, ch);
    cv::Mat transparent = ch[3] < (img.depth() == CV_16U ? 32768 : 128);
    cv::cvtColor(img, img, cv::COLOR_BGRA2BGR);
    img.setTo(cv::Scalar::all(0), transparent);
  }
  if (img.channels() == 3) {
    std::vector<cv::Mat> ch;
    cv::split(img, ch);
    if (cv::countNonZero(ch[0] != ch[1]) == 0 && cv::countNonZero(ch[1] != ch[2]) == 0) {
      img = ch[0];
    } else {
      if (img.depth() != CV_8U) return makeError("mask " + path + " is 16-bit colour");
      return colourToLabels(img, path);
    }
  }
  return greyToLabels(img, path);
}

}  // namespace

Expected<cv::Mat> readLabelMap(const std::string& path, std::optional<cv::Size> expectedSize) {
  auto labels = readAnyLabelMap(path);
  if (labels.ok() && expectedSize && labels->size() != *expectedSize)
    return makeError("mask " + path + " is " + std::to_string(labels->cols) + "x" +
                     std::to_string(labels->rows) + ", expected " +
                     std::to_string(expectedSize->width) + "x" +
                     std::to_string(expectedSize->height));
  return labels;
}

Status writeLabelMap(const std::string& path, const cv::Mat& labels) {
  if (labels.empty() || labels.type() != CV_8UC1)
    return makeError("cannot write label map " + path + ": labels must be a CV_8UC1 image");
  const cv::Mat contiguous = labels.isContinuous() ? labels : labels.clone();
  return writeAtomically(path, [&](const fs::path& temp) -> Status {
    FilePtr file(std::fopen(temp.c_str(), "wb"));
    if (!file) return makeError("cannot create " + temp.string() + ": " + std::strerror(errno));
    char err[256] = {0};
    if (writePalettePng(file.get(), &contiguous, err) != 0)
      return makeError("cannot write label map " + path + ": " + err);
    if (std::fflush(file.get()) != 0 || std::ferror(file.get()))
      return makeError("cannot write label map " + path + ": " + std::strerror(errno));
    return {};
  });
}

}  // namespace rm
