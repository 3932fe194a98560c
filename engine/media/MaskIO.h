#pragma once
// Label maps on disk: one CV_8UC1 image per frame, 0 = background, k = instance k.
// DAVIS-style palette PNGs keep their palette indices as labels.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

namespace rm {

// The 256-entry DAVIS / PASCAL VOC palette: index 0 black, 1 (128,0,0), 2 (0,128,0), ...
const std::array<std::array<uint8_t, 3>, 256>& davisPalette();

// Largest mask side accepted (pixels); larger headers are refused before decoding.
inline constexpr int kMaxMaskSide = 16384;

// Reads a mask file (PNG, or anything OpenCV reads) as a CV_8UC1 label map:
//  - palette PNG: the palette indices, unchanged (read with libpng; OpenCV would expand);
//  - greyscale with only 0 and 255 (or 0 and 65535): a binary mask, 255 -> instance 1;
//  - greyscale with every value < 128: the values are the labels;
//  - other greyscale (a soft matte): >= half of full scale -> instance 1;
//  - colour: grey if R=G=B, otherwise each colour must be a DAVIS palette entry;
//  - with alpha: transparent pixels (alpha below half) are background.
// A header declaring more than kMaxMaskSide a side, or more pixels than the file can
// hold, is refused before anything is allocated.
// When `expectedSize` is given, a different size is an error naming the file.
Expected<cv::Mat> readLabelMap(const std::string& path,
                               std::optional<cv::Size> expectedSize = std::nullopt);

// Writes `labels` (CV_8UC1) as an 8-bit palette PNG with the DAVIS palette, atomically.
Status writeLabelMap(const std::string& path, const cv::Mat& labels);

}  // namespace rm
