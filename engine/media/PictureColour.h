#pragma once
// How swscale should read a decoded picture's colours: the plain (non-"J") pixel
// format, its range and its Y'CbCr matrix, with the same defaults everywhere (RGB
// display conversion, matte export straight from Y'CbCr).

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

namespace rm::av {

struct PictureColour {
  AVPixelFormat format = AV_PIX_FMT_NONE;  // deprecated yuvj* mapped to yuv*
  bool fullRange = false;
  int depth = 8;  // bits per component
  bool isRgb = false;
  bool isYuv = false;  // Y'CbCr with chroma (not RGB, grey, palette or float)
  // Matrix of non-RGB pictures; untagged ones get BT.709 from 720 lines up, else
  // BT.601 (what players assume).
  AVColorSpace matrix = AVCOL_SPC_UNSPECIFIED;
};

PictureColour pictureColourOf(const AVFrame& frame);

}  // namespace rm::av
