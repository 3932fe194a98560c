#include "engine/media/PictureColour.h"

#include <cstring>

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace rm::av {

namespace {

// A decoder copies a stream's colour tags unchecked, so a damaged stream can leave values
// no enumerator has (fuzz_media: matrix 181); loading such a value as the enum type is
// undefined. Read the bits as an int and let the caller range-check them.
template <class Enum>
int rawTag(const Enum& field) {
  static_assert(sizeof(Enum) == sizeof(int));
  int value = 0;
  std::memcpy(&value, &field, sizeof value);
  return value;
}

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
  colour.fullRange = rawTag(frame.color_range) == AVCOL_RANGE_JPEG;
  colour.format = dejpeg(static_cast<AVPixelFormat>(frame.format), colour.fullRange);
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(colour.format);
  if (desc == nullptr) return colour;
  colour.depth = desc->comp[0].depth;
  colour.isRgb = desc->flags & AV_PIX_FMT_FLAG_RGB;
  colour.isYuv = !colour.isRgb && desc->nb_components >= 3 &&
                 !(desc->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL |
                                  AV_PIX_FMT_FLAG_BAYER | AV_PIX_FMT_FLAG_FLOAT));
  if (!colour.isRgb) {
    const int matrix = rawTag(frame.colorspace);
    if (matrix <= AVCOL_SPC_RGB || matrix >= AVCOL_SPC_NB || matrix == AVCOL_SPC_UNSPECIFIED ||
        matrix == AVCOL_SPC_RESERVED)
      colour.matrix = frame.height >= 720 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    else
      colour.matrix = static_cast<AVColorSpace>(matrix);
  }
  return colour;
}

}  // namespace rm::av
