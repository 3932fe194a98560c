#pragma once
// Conversions between OpenCV matrices and QImage.

#include <QImage>

#include <opencv2/core/mat.hpp>

namespace rm::bridge {

// CV_8UC3 RGB -> QImage::Format_RGB32 (the raster engine's fast path for drawImage).
QImage rgbToImage(const cv::Mat& rgb);
// CV_8UC1 label map -> Format_Grayscale8 deep copy, and back (deep copy, CV_8UC1).
QImage labelsToImage(const cv::Mat& labels);
cv::Mat imageToLabels(const QImage& image);

}  // namespace rm::bridge
