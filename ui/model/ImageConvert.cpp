#include "ui/model/ImageConvert.h"

namespace rm::bridge {

QImage rgbToImage(const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3) return {};
  const QImage view(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step),
                    QImage::Format_RGB888);
  return view.convertToFormat(QImage::Format_RGB32);  // deep copy
}

QImage labelsToImage(const cv::Mat& labels) {
  if (labels.empty() || labels.type() != CV_8UC1) return {};
  const QImage view(labels.data, labels.cols, labels.rows, static_cast<qsizetype>(labels.step),
                    QImage::Format_Grayscale8);
  return view.copy();
}

cv::Mat imageToLabels(const QImage& image) {
  if (image.isNull()) return {};
  const QImage gray = image.format() == QImage::Format_Grayscale8
                          ? image
                          : image.convertToFormat(QImage::Format_Grayscale8);
  const cv::Mat view(gray.height(), gray.width(), CV_8UC1, const_cast<uchar*>(gray.constBits()),
                     static_cast<size_t>(gray.bytesPerLine()));
  return view.clone();
}

}  // namespace rm::bridge
