#include "engine/media/PictureColour.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace rm::av {

namespace {

// swscale warns about the deprecated full-range "J" formats; use the plain format
// and pass the range explicitly instead.
AVPixelFormat dejpeg(AVPixelFormat fmt, bool& fullRange) {
  switch (fmt) {
    case AV_PIX_FMT_YUVJ420P:
      fullRange = true;
      return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P:
      fullRange = true;
      return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P:
      fullRange = true;
      return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P:
      fullRange = true;
      return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P:
      fullRange = true;
      return AV_PIX_FMT_YUV411P;
    default:
      return fmt;
  }
}

}  // namespace

PictureColour pictureColourOf(const AVFrame& frame) {
  PictureColour colour;
  colour.fullRange = frame.color_range == AVCOL_RANGE_JPEG;
  colour.format = dejpeg(static_cast<AVPixelFormat>(frame.format), colour.fullRange);
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(colour.format);
  if (desc == nullptr) return colour;
  colour.depth = desc->comp[0].depth;
  colour.isRgb = desc->flags & AV_PIX_FMT_FLAG_RGB;
  colour.isYuv = !colour.isRgb && desc->nb_components >= 3 &&
                 !(desc->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL |
                                  AV_PIX_FMT_FLAG_BAYER | AV_PIX_FMT_FLAG_FLOAT));
  if (!colour.isRgb) {
    colour.matrix = frame.colorspace;
    if (colour.matrix == AVCOL_SPC_UNSPECIFIED || colour.matrix == AVCOL_SPC_RGB ||
        colour.matrix == AVCOL_SPC_RESERVED)
      colour.matrix = frame.height >= 720 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
  }
  return colour;
}

}  // namespace rm::av
