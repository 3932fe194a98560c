#include "engine/media/ExrIO.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

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

// Size in bytes of the value of a fixed-size attribute type, 0 for others. OpenEXR reads
// these by their type, whatever size the file declares.
int fixedAttributeSize(const std::string& type) {
  static const std::map<std::string, int> kSizes = {{"box2i", 16},
                                                    {"box2f", 16},
                                                    {"v2i", 8},
                                                    {"v2f", 8},
                                                    {"v2d", 16},
                                                    {"v3i", 12},
                                                    {"v3f", 12},
                                                    {"v3d", 24},
                                                    {"float", 4},
                                                    {"double", 8},
                                                    {"int", 4},
                                                    {"compression", 1},
                                                    {"lineOrder", 1},
                                                    {"envmap", 1},
                                                    {"deepImageState", 1},
                                                    {"chromaticities", 32},
                                                    {"keycode", 28},
                                                    {"timecode", 8},
                                                    {"rational", 8},
                                                    {"m33f", 36},
                                                    {"m44f", 64},
                                                    {"m33d", 72},
                                                    {"m44d", 128},
                                                    {"tiledesc", 9}};
  const auto it = kSizes.find(type);
  return it == kSizes.end() ? 0 : it->second;
}

// Walks the first header's attributes (name, type, int32 size, value) without OpenEXR,
// which allocates whatever an attribute declares. fuzz_exr found two ways to make it
// allocate 1.7 GB from a few hundred bytes: an attribute size past the end of the file,
// and a value whose content disagrees with its size (OpenEXR parses channel lists, previews
// and fixed-size types by content, falls out of step and reads a later size from the
// middle of a value). So every size must fit in the file and agree with the content.
Status checkHeaderSizes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto fileSize = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  if (!in || ec) return makeError("cannot read " + path);
  char magic[8];
  if (!in.read(magic, sizeof magic) || std::memcmp(magic, "\x76\x2f\x31\x01", 4) != 0)
    return makeError("cannot read " + path + ": not an OpenEXR file");
  auto readString = [&](std::istream& from, std::string& out) {
    out.clear();
    for (char c; from.get(c);) {
      if (c == '\0') return true;
      if (out.size() == 255) return false;
      out.push_back(c);
    }
    return false;
  };
  // The bytes a channel list's or preview's content takes, or -1 when malformed.
  auto contentSize = [&](const std::string& type, const std::string& value) -> int64_t {
    std::istringstream v(value);
    if (type == "preview") {
      uint32_t wh[2];
      if (!v.read(reinterpret_cast<char*>(wh), sizeof wh) || wh[0] > 65535 || wh[1] > 65535)
        return -1;  // a preview is a thumbnail
      return 8 + int64_t(wh[0]) * wh[1] * 4;
    }
    std::string channel;  // chlist: (name, 16 bytes)... then an empty name
    for (int64_t used = 0;;) {
      if (!readString(v, channel)) return -1;
      used += static_cast<int64_t>(channel.size()) + 1;
      if (channel.empty()) return used;
      char fields[16];
      if (!v.read(fields, sizeof fields)) return -1;
      used += sizeof fields;
    }
  };
  std::string name, type;
  cv::Size window;
  uint32_t tile[2] = {0, 0};  // a tiled file's tile size
  for (int attributes = 0; attributes < 4096; ++attributes) {
    if (!readString(in, name)) break;
    if (name.empty()) {
      // OpenEXR sizes its chunk offset table by these before reading a pixel; the table is
      // in the file, 8 bytes a chunk (fuzz_exr: 4 billion lines declared in 306 bytes).
      const int64_t tiles = tile[0] == 0 ? 0
                                         : ((window.width + tile[0] - 1) / tile[0]) *
                                               int64_t((window.height + tile[1] - 1) / tile[1]);
      if (tiles > fileSize / 8)
        return makeError("cannot read " + path + ": it declares " + std::to_string(tiles) +
                         " tiles, more than its " + std::to_string(fileSize) + " bytes can index");
      return {};
    }
    int32_t size = 0;
    if (!readString(in, type) || !in.read(reinterpret_cast<char*>(&size), sizeof size)) break;
    const std::string what = "cannot read " + path + ": header attribute '" + name + "' ";
    if (size < 0 || size > fileSize - static_cast<int64_t>(in.tellg()))
      return makeError(what + "declares " + std::to_string(size) +
                       " bytes, more than the file holds");
    const int fixed = fixedAttributeSize(type);
    if (fixed != 0 && size != fixed)
      return makeError(what + "of type " + type + " declares " + std::to_string(size) +
                       " bytes instead of " + std::to_string(fixed));
    if (name == "dataWindow" && type == "box2i") {
      int32_t box[4];
      if (!in.read(reinterpret_cast<char*>(box), sizeof box)) break;
      auto checked =
          windowSize(Imath::Box2i(Imath::V2i(box[0], box[1]), Imath::V2i(box[2], box[3])), path);
      if (!checked) return makeError(checked.message());
      window = *checked;
    } else if (name == "tiles" && type == "tiledesc") {
      char desc[9];
      if (!in.read(desc, sizeof desc)) break;
      std::memcpy(tile, desc, sizeof tile);
      if (tile[0] == 0 || tile[1] == 0)
        return makeError(what + "declares tiles of " + std::to_string(tile[0]) + "x" +
                         std::to_string(tile[1]) + " pixels");
    } else if (type == "chlist" || type == "preview") {
      std::string value(static_cast<size_t>(size), '\0');
      if (!in.read(value.data(), size)) break;
      if (contentSize(type, value) != size)
        return makeError(what + "holds a " + type + " that disagrees with its size");
    } else {
      in.seekg(size, std::ios::cur);
    }
  }
  return makeError("cannot read " + path + ": its header is truncated or malformed");
}

// An open file whose header sizes were checked first.
Expected<std::unique_ptr<Imf::InputFile>> openChecked(const std::string& path) {
  if (Status s = checkHeaderSizes(path); !s) return makeError(s.message());
  return std::make_unique<Imf::InputFile>(path.c_str());
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
