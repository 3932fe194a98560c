#include "engine/media/ExrIO.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <opencv2/core.hpp>

#ifdef ROTOMATCH_HAVE_OPENEXR
#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfOutputFile.h>
#include <half.h>
#endif

namespace rm {

#ifdef ROTOMATCH_HAVE_OPENEXR

bool exrSupported() {
  return true;
}

namespace {

// Walks the first header's attribute list (name, type, int32 size, value) without
// OpenEXR, which allocates an attribute of whatever size the file declares (a 329-byte
// file asked for 1.7 GB: fuzz_exr): every size must fit in what is left of the file.
Status checkHeaderSizes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto fileSize = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  if (!in || ec) return makeError("cannot read " + path);
  char magic[8];
  if (!in.read(magic, sizeof magic) || std::memcmp(magic, "\x76\x2f\x31\x01", 4) != 0)
    return makeError("cannot read " + path + ": not an OpenEXR file");
  auto readString = [&](std::string& out) {
    out.clear();
    for (char c; in.get(c);) {
      if (c == '\0') return true;
      if (out.size() == 255) return false;
      out.push_back(c);
    }
    return false;
  };
  std::string name, type;
  for (int attributes = 0; attributes < 4096; ++attributes) {
    if (!readString(name)) break;
    if (name.empty()) return {};
    int32_t size = 0;
    if (!readString(type) || !in.read(reinterpret_cast<char*>(&size), sizeof size)) break;
    if (size < 0 || size > fileSize - static_cast<int64_t>(in.tellg()))
      return makeError("cannot read " + path + ": header attribute '" + name + "' declares " +
                       std::to_string(size) + " bytes, more than the file holds");
    in.seekg(size, std::ios::cur);
  }
  return makeError("cannot read " + path + ": its header is truncated or malformed");
}

// An open file whose header sizes were checked first.
Expected<std::unique_ptr<Imf::InputFile>> openChecked(const std::string& path) {
  if (Status s = checkHeaderSizes(path); !s) return makeError(s.message());
  return std::make_unique<Imf::InputFile>(path.c_str());
}

// A data window's size, refused before anything is allocated when empty or past the
// limits: a few bytes of header can declare any window.
Expected<cv::Size> windowSize(const Imath::Box2i& window, const std::string& path) {
  const int64_t width = int64_t(window.max.x) - window.min.x + 1;
  const int64_t height = int64_t(window.max.y) - window.min.y + 1;
  if (width < 1 || height < 1 || width > kMaxExrSide || height > kMaxExrSide ||
      width * height > kMaxExrPixels)
    return makeError("cannot read " + path + ": its data window is " + std::to_string(width) + "x" +
                     std::to_string(height) + " (at most " + std::to_string(kMaxExrSide) +
                     " a side and " + std::to_string(kMaxExrPixels) + " pixels)");
  return cv::Size(static_cast<int>(width), static_cast<int>(height));
}

// Reads `channel` of an open file into a float image covering its data window.
Expected<cv::Mat> readChannel(Imf::InputFile& file, const std::string& channel,
                              const std::string& path) {
  const Imath::Box2i window = file.header().dataWindow();
  auto size = windowSize(window, path);
  if (!size) return size.error();
  cv::Mat out(*size, CV_32FC1, cv::Scalar(0));
  Imf::FrameBuffer buffer;
  char* base = reinterpret_cast<char*>(out.ptr<float>()) -
               (static_cast<ptrdiff_t>(window.min.y) * static_cast<ptrdiff_t>(out.step[0]) +
                static_cast<ptrdiff_t>(window.min.x) * static_cast<ptrdiff_t>(sizeof(float)));
  buffer.insert(channel, Imf::Slice(Imf::FLOAT, base, sizeof(float), out.step[0], 1, 1, 0.0));
  file.setFrameBuffer(buffer);
  file.readPixels(window.min.y, window.max.y);
  return out;
}

}  // namespace

Expected<cv::Mat> readExrRgb(const std::string& path) {
  try {
    auto opened = openChecked(path);
    if (!opened) return opened.error();
    Imf::InputFile& file = **opened;
    const Imf::ChannelList& channels = file.header().channels();
    std::vector<cv::Mat> planes;
    if (channels.findChannel("R") != nullptr || channels.findChannel("G") != nullptr ||
        channels.findChannel("B") != nullptr) {
      for (const char* name : {"R", "G", "B"}) {
        auto plane = readChannel(file, name, path);
        if (!plane) return plane.error();
        planes.push_back(*plane);
      }
    } else {
      auto first = channels.begin();
      if (first == channels.end()) return makeError("cannot read " + path + ": no channels");
      const std::string name = channels.findChannel("Y") != nullptr ? "Y" : first.name();
      auto grey = readChannel(file, name, path);
      if (!grey) return grey.error();
      planes = {*grey, *grey, *grey};
    }
    cv::Mat rgb;
    cv::merge(planes, rgb);
    return rgb;
  } catch (const std::exception& e) {
    return makeError("cannot read " + path + ": " + e.what());
  }
}

Status writeExrChannels(const std::string& path,
                        const std::vector<std::pair<std::string, cv::Mat>>& channels) {
  if (channels.empty()) return makeError("cannot write " + path + ": no channels");
  const cv::Size size = channels.front().second.size();
  try {
    Imf::Header header(size.width, size.height);
    header.compression() = Imf::ZIP_COMPRESSION;
    std::vector<std::vector<half>> storage;
    storage.reserve(channels.size());
    Imf::FrameBuffer buffer;
    for (const auto& [name, mat] : channels) {
      if (mat.size() != size || mat.channels() != 1)
        return makeError("cannot write " + path + ": channel " + name +
                         " is not a single-channel image of the frame size");
      cv::Mat f;
      const double scale = mat.depth() == CV_8U    ? 1.0 / 255
                           : mat.depth() == CV_16U ? 1.0 / 65535
                                                   : 1.0;
      mat.convertTo(f, CV_32F, scale);
      auto& pixels = storage.emplace_back(static_cast<size_t>(size.area()));
      for (int y = 0; y < size.height; ++y) {
        const float* row = f.ptr<float>(y);
        for (int x = 0; x < size.width; ++x)
          pixels[static_cast<size_t>(y) * size.width + x] = half(row[x]);
      }
      header.channels().insert(name, Imf::Channel(Imf::HALF));
      buffer.insert(name, Imf::Slice(Imf::HALF, reinterpret_cast<char*>(pixels.data()),
                                     sizeof(half), sizeof(half) * static_cast<size_t>(size.width)));
    }
    Imf::OutputFile file(path.c_str(), header);
    file.setFrameBuffer(buffer);
    file.writePixels(size.height);
    return {};
  } catch (const std::exception& e) {
    return makeError("cannot write " + path + ": " + e.what());
  }
}

Expected<std::vector<std::string>> exrChannelNames(const std::string& path) {
  try {
    auto opened = openChecked(path);
    if (!opened) return opened.error();
    Imf::InputFile& file = **opened;
    std::vector<std::string> names;
    for (auto it = file.header().channels().begin(); it != file.header().channels().end(); ++it)
      names.emplace_back(it.name());
    return names;
  } catch (const std::exception& e) {
    return makeError("cannot read " + path + ": " + e.what());
  }
}

Expected<cv::Mat> readExrChannel(const std::string& path, const std::string& channel) {
  try {
    auto opened = openChecked(path);
    if (!opened) return opened.error();
    Imf::InputFile& file = **opened;
    if (file.header().channels().findChannel(channel) == nullptr)
      return makeError("cannot read " + path + ": no channel " + channel);
    return readChannel(file, channel, path);
  } catch (const std::exception& e) {
    return makeError("cannot read " + path + ": " + e.what());
  }
}

#else  // no OpenEXR in this build

bool exrSupported() {
  return false;
}
static Error noExr(const std::string& path) {
  return makeError("cannot handle " + path + ": this build has no OpenEXR support");
}
Expected<cv::Mat> readExrRgb(const std::string& path) {
  return noExr(path);
}
Status writeExrChannels(const std::string& path,
                        const std::vector<std::pair<std::string, cv::Mat>>&) {
  return noExr(path);
}
Expected<std::vector<std::string>> exrChannelNames(const std::string& path) {
  return noExr(path);
}
Expected<cv::Mat> readExrChannel(const std::string& path, const std::string&) {
  return noExr(path);
}

#endif

}  // namespace rm
