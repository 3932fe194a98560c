#include "engine/segment/DavisMeasures.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

namespace rm {

double jaccard(const cv::Mat& prediction, const cv::Mat& truth) {
  const cv::Mat p = prediction != 0, t = truth != 0;
  const double uni = cv::countNonZero(p | t);
  if (uni == 0) return 1.0;
  return cv::countNonZero(p & t) / uni;
}

cv::Mat boundaryMap(const cv::Mat& mask) {
  const cv::Mat seg = mask != 0;
  const int rows = seg.rows, cols = seg.cols;
  cv::Mat east = cv::Mat::zeros(seg.size(), CV_8UC1), south = east.clone(), se = east.clone();
  if (cols > 1) seg.colRange(1, cols).copyTo(east.colRange(0, cols - 1));
  if (rows > 1) seg.rowRange(1, rows).copyTo(south.rowRange(0, rows - 1));
  if (rows > 1 && cols > 1)
    seg(cv::Rect(1, 1, cols - 1, rows - 1)).copyTo(se(cv::Rect(0, 0, cols - 1, rows - 1)));
  cv::Mat b = (seg ^ east) | (seg ^ south) | (seg ^ se);
  // The last row/column only compare along the image edge, as in DAVIS's seg2bmap.
  b.row(rows - 1) = seg.row(rows - 1) ^ east.row(rows - 1);
  b.col(cols - 1) = seg.col(cols - 1) ^ south.col(cols - 1);
  b.at<uint8_t>(rows - 1, cols - 1) = 0;
  return b;
}

double boundaryF(const cv::Mat& prediction, const cv::Mat& truth, double tolerance) {
  const int radius =
      static_cast<int>(std::ceil(tolerance * std::hypot(double(truth.cols), double(truth.rows))));
  const cv::Mat fg = boundaryMap(prediction), gt = boundaryMap(truth);
  const cv::Mat disk =
      cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
  cv::Mat fgDil, gtDil;
  cv::dilate(fg, fgDil, disk);
  cv::dilate(gt, gtDil, disk);
  const double nFg = cv::countNonZero(fg), nGt = cv::countNonZero(gt);
  if (nFg == 0 && nGt == 0) return 1.0;
  if (nFg == 0 || nGt == 0) return 0.0;
  const double precision = cv::countNonZero(fg & gtDil) / nFg;
  const double recall = cv::countNonZero(gt & fgDil) / nGt;
  if (precision + recall == 0) return 0.0;
  return 2 * precision * recall / (precision + recall);
}

}  // namespace rm
