#pragma once
// OpenEXR through the OpenEXR library (OpenCV cannot name layers and keeps EXR
// disabled by default): read a picture's RGB, write named half-float channels.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

namespace rm {

// Largest picture read (data window), checked on the header before allocating.
inline constexpr int64_t kMaxExrSide = 16384;
inline constexpr int64_t kMaxExrPixels = int64_t(8192) * 8192;

// True when this build has OpenEXR support.
bool exrSupported();

// RGB of an EXR file as CV_32FC3 (R,G,B order); a single-channel file (Y or any one
// channel) is replicated to grey. Missing channels read as 0.
Expected<cv::Mat> readExrRgb(const std::string& path);

// One named channel per entry, e.g. {"obj1.A", matte}: each CV_32FC1 (or CV_8U/CV_16U,
// normalised to 0..1), all the same size, stored as HALF with ZIP compression.
// Writes `path` directly; callers wrap it in writeAtomically.
Status writeExrChannels(const std::string& path,
                        const std::vector<std::pair<std::string, cv::Mat>>& channels);

// Names of the channels in an EXR file and one channel as CV_32FC1 (for tests/tools).
Expected<std::vector<std::string>> exrChannelNames(const std::string& path);
Expected<cv::Mat> readExrChannel(const std::string& path, const std::string& channel);

}  // namespace rm
