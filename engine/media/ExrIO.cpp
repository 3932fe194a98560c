#include "engine/media/ExrIO.h"

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

// Reads `channel` of an open file into a float image covering its data window.
cv::Mat readChannel(Imf::InputFile& file, const std::string& channel) {
  const Imath::Box2i window = file.header().dataWindow();
  const int width = window.max.x - window.min.x + 1;
  const int height = window.max.y - window.min.y + 1;
  cv::Mat out(height, width, CV_32FC1, cv::Scalar(0));
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
    Imf::InputFile file(path.c_str());
    const Imf::ChannelList& channels = file.header().channels();
    std::vector<cv::Mat> planes;
    if (channels.findChannel("R") != nullptr || channels.findChannel("G") != nullptr ||
        channels.findChannel("B") != nullptr) {
      for (const char* name : {"R", "G", "B"})
        planes.push_back(readChannel(file, name));
    } else {
      auto first = channels.begin();
      if (first == channels.end()) return makeError("cannot read " + path + ": no channels");
      const std::string name = channels.findChannel("Y") != nullptr ? "Y" : first.name();
      cv::Mat grey = readChannel(file, name);
      planes = {grey, grey, grey};
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
    Imf::InputFile file(path.c_str());
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
    Imf::InputFile file(path.c_str());
    if (file.header().channels().findChannel(channel) == nullptr)
      return makeError("cannot read " + path + ": no channel " + channel);
    return readChannel(file, channel);
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
