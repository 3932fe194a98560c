#include "engine/media/writers/MovieMatteWriter.h"

#include <fcntl.h>
#include <unistd.h>
#include <cstring>

#include <opencv2/core.hpp>

#include "engine/core/AtomicFile.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

namespace rm {
namespace fs = std::filesystem;

namespace {

struct EncoderSetup {
  const char* codec;
  AVPixelFormat pixelFormat;
  const char* profile;  // prores_ks profile name, or nullptr
  const char* container;
};

EncoderSetup setupFor(MatteFormat format) {
  switch (format) {
    case MatteFormat::ProRes4444:
      return {"prores_ks", AV_PIX_FMT_YUVA444P10LE, "4444", "mov"};
    case MatteFormat::ProRes4444XQ:
      return {"prores_ks", AV_PIX_FMT_YUVA444P10LE, "4444xq", "mov"};
    case MatteFormat::ProRes422HQ:
      return {"prores_ks", AV_PIX_FMT_YUV422P10LE, "hq", "mov"};
    default:
      return {"ffv1", AV_PIX_FMT_RGBA64LE, nullptr, "matroska"};
  }
}

Status fsyncPath(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError("cannot reopen " + path.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return makeError("cannot flush " + path.string());
  return {};
}

}  // namespace

Expected<std::unique_ptr<MovieMatteWriter>> MovieMatteWriter::create(
    const MatteWriterOptions& options) {
  std::unique_ptr<MovieMatteWriter> writer(new MovieMatteWriter(options));
  if (Status status = writer->open(); !status.ok()) return makeError(status.message());
  return writer;
}

MovieMatteWriter::~MovieMatteWriter() {
  if (!finished_) discard();
}

void MovieMatteWriter::discard() {
  // Close the file before deleting it; nothing lands at the target path.
  encoder_.reset();
  format_.reset();
  std::error_code ec;
  if (!temp_.empty()) fs::remove(temp_, ec);
}

Status MovieMatteWriter::open() {
  const std::string& target = options_.outPath;
  EncoderSetup setup = setupFor(options_.format);
  if (options_.format == MatteFormat::Ffv1 && options_.sourceBitDepth <= 8)
    setup.pixelFormat = AV_PIX_FMT_BGRA;  // 8-bit sources: half the size, still lossless
  if (options_.fps.num <= 0 || options_.fps.den <= 0)
    return makeError("cannot write " + target + ": invalid frame rate " + options_.fps.str());
  temp_ = temporarySibling(target);
  AVFormatContext* raw = nullptr;
  int rc = avformat_alloc_output_context2(&raw, nullptr, setup.container, temp_.c_str());
  if (rc < 0) return makeError("cannot write " + target + ": " + av::errorString(rc));
  format_.reset(raw);

  const AVCodec* codec = avcodec_find_encoder_by_name(setup.codec);
  if (codec == nullptr)
    return makeError("cannot write " + target + ": this FFmpeg has no " + setup.codec + " encoder");
  encoder_.reset(avcodec_alloc_context3(codec));
  AVCodecContext* enc = encoder_.get();
  enc->width = options_.width;
  enc->height = options_.height;
  enc->pix_fmt = setup.pixelFormat;
  enc->time_base = AVRational{options_.fps.den, options_.fps.num};
  enc->framerate = AVRational{options_.fps.num, options_.fps.den};
  enc->sample_aspect_ratio = AVRational{1, 1};
  enc->thread_count = 0;
  // Our RGB->YUV conversion below uses BT.709 limited range: tag exactly that.
  enc->color_primaries = AVCOL_PRI_BT709;
  enc->color_trc = AVCOL_TRC_BT709;
  enc->colorspace = options_.format == MatteFormat::Ffv1 ? AVCOL_SPC_RGB : AVCOL_SPC_BT709;
  enc->color_range = options_.format == MatteFormat::Ffv1 ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  if (format_->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av::Dictionary opts;
  if (setup.profile != nullptr) {
    opts.set("profile", setup.profile);
    opts.set("vendor", "apl0");  // what Apple's own encoder writes; some NLEs check it
    if (enc->pix_fmt == AV_PIX_FMT_YUVA444P10LE) opts.set("alpha_bits", "16");
  } else {
    opts.set("level", "3");
    opts.set("slicecrc", "1");
    enc->gop_size = 1;
  }
  rc = avcodec_open2(enc, codec, opts.ptr());
  if (rc < 0)
    return makeError("cannot open the " + std::string(setup.codec) + " encoder for " + target +
                     ": " + av::errorString(rc));

  stream_ = avformat_new_stream(format_.get(), nullptr);
  if (stream_ == nullptr) return makeError("cannot write " + target + ": out of memory");
  rc = avcodec_parameters_from_context(stream_->codecpar, enc);
  if (rc < 0) return makeError("cannot write " + target + ": " + av::errorString(rc));
  stream_->time_base = enc->time_base;
  stream_->avg_frame_rate = enc->framerate;
  stream_->r_frame_rate = enc->framerate;
  if (!options_.timecode.empty()) {
    av_dict_set(&stream_->metadata, "timecode", options_.timecode.c_str(), 0);
    av_dict_set(&format_->metadata, "timecode", options_.timecode.c_str(), 0);
  }
  rc = avio_open(&format_->pb, temp_.c_str(), AVIO_FLAG_WRITE);
  if (rc < 0) return makeError("cannot create " + temp_.string() + ": " + av::errorString(rc));
  av::Dictionary muxOpts;
  if (setup.profile != nullptr) muxOpts.set("movflags", "+write_colr");
  rc = avformat_write_header(format_.get(), muxOpts.ptr());
  if (rc < 0) return makeError("cannot write the header of " + target + ": " + av::errorString(rc));

  frame_ = av::makeFrame();
  packet_ = av::makePacket();
  frame_->format = enc->pix_fmt;
  // prores_ks copies the picture's tags into every frame header, and decoders prefer
  // those to the container's: tag the frames as well as the stream.
  frame_->color_primaries = enc->color_primaries;
  frame_->color_trc = enc->color_trc;
  frame_->colorspace = enc->colorspace;
  frame_->color_range = enc->color_range;
  frame_->width = enc->width;
  frame_->height = enc->height;
  rc = av_frame_get_buffer(frame_.get(), 0);
  if (rc < 0) return makeError("cannot write " + target + ": " + av::errorString(rc));
  return {};
}

Status MovieMatteWriter::fillFrame(const MatteFrame& frame) {
  const int w = options_.width, h = options_.height;
  if (!frame.rgb.empty() && frame.rgb.size() != cv::Size(w, h))
    return makeError("cannot write " + options_.outPath + ": source picture is " +
                     std::to_string(frame.rgb.cols) + "x" + std::to_string(frame.rgb.rows));
  int rc = av_frame_make_writable(frame_.get());
  if (rc < 0) return makeError("cannot write " + options_.outPath + ": " + av::errorString(rc));
  const auto dstFormat = static_cast<AVPixelFormat>(frame_->format);

  // Colour planes at the encoder's depth for FFV1 (lossless), at the source's otherwise.
  // ProRes always takes 16-bit planes: swscale shifts 8-bit alpha to 10 bits
  // (255 -> 1020) instead of rescaling it (-> 1023).
  const bool wide = options_.format == MatteFormat::Ffv1 ? dstFormat == AV_PIX_FMT_RGBA64LE : true;
  std::vector<cv::Mat> rgb;  // R, G, B
  if (frame.rgb.empty()) {
    const int level = wide ? options_.backgroundGrey * 257 : options_.backgroundGrey;
    rgb.assign(3, cv::Mat(h, w, wide ? CV_16UC1 : CV_8UC1, cv::Scalar(level)));
  } else {
    cv::Mat picture = frame.rgb;
    if (wide && picture.depth() == CV_8U) picture.convertTo(picture, CV_16U, 257.0);
    if (!wide && picture.depth() == CV_16U) picture.convertTo(picture, CV_8U, 1.0 / 257);
    cv::split(picture, rgb);
  }
  const cv::Mat alpha = matteOf(frame.labels, options_.instance, wide);

  if (options_.format == MatteFormat::Ffv1) {  // lossless: packed copy, no conversion
    cv::Mat packed;
    if (wide)
      cv::merge(std::vector<cv::Mat>{rgb[0], rgb[1], rgb[2], alpha}, packed);  // RGBA64
    else
      cv::merge(std::vector<cv::Mat>{rgb[2], rgb[1], rgb[0], alpha}, packed);  // BGRA
    const size_t rowBytes = static_cast<size_t>(w) * packed.elemSize();
    for (int y = 0; y < h; ++y)
      std::memcpy(frame_->data[0] + static_cast<ptrdiff_t>(y) * frame_->linesize[0], packed.ptr(y),
                  rowBytes);
    return {};
  }

  // ProRes: planar G,B,R,A (swscale's fast path; packed RGBA64 is ~5x slower) or the
  // grey matte alone, to Y'CbCr BT.709 limited range in one pass.
  const bool matteOnly = options_.format == MatteFormat::ProRes422HQ;
  const AVPixelFormat srcFormat = matteOnly ? (wide ? AV_PIX_FMT_GRAY16 : AV_PIX_FMT_GRAY8)
                                            : (wide ? AV_PIX_FMT_GBRAP16 : AV_PIX_FMT_GBRAP);
  sws_.reset(sws_getCachedContext(sws_.release(), w, h, srcFormat, w, h, dstFormat,
                                  SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr, nullptr));
  if (!sws_) return makeError("cannot write " + options_.outPath + ": no pixel conversion");
  sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(SWS_CS_DEFAULT), 1,
                           sws_getCoefficients(SWS_CS_ITU709), 0, 0, 1 << 16, 1 << 16);
  const cv::Mat* planes[4] = {&rgb[1], &rgb[2], &rgb[0], &alpha};  // G, B, R, A
  if (matteOnly) planes[0] = &alpha;
  const uint8_t* srcData[4] = {nullptr, nullptr, nullptr, nullptr};
  int srcStride[4] = {0, 0, 0, 0};
  for (int i = 0; i < (matteOnly ? 1 : 4); ++i) {
    srcData[i] = planes[i]->data;
    srcStride[i] = static_cast<int>(planes[i]->step[0]);
  }
  sws_scale(sws_.get(), srcData, srcStride, 0, h, frame_->data, frame_->linesize);
  return {};
}

Status MovieMatteWriter::encode(AVFrame* frame) {
  int rc = avcodec_send_frame(encoder_.get(), frame);
  if (rc < 0) return makeError("cannot encode " + options_.outPath + ": " + av::errorString(rc));
  while ((rc = avcodec_receive_packet(encoder_.get(), packet_.get())) == 0) {
    av_packet_rescale_ts(packet_.get(), encoder_->time_base, stream_->time_base);
    packet_->stream_index = stream_->index;
    rc = av_interleaved_write_frame(format_.get(), packet_.get());
    if (rc < 0)
      return makeError("cannot write " + options_.outPath +
                       " (disk full?): " + av::errorString(rc));
  }
  if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
    return makeError("cannot encode " + options_.outPath + ": " + av::errorString(rc));
  return {};
}

Status MovieMatteWriter::write(const MatteFrame& frame) {
  if (finished_ || failed_)
    return makeError("cannot write " + options_.outPath + ": writer is closed");
  if (options_.cancelled && options_.cancelled()) {
    failed_ = true;
    discard();
    return makeError("writing " + options_.outPath + " was cancelled");
  }
  if (frame.labels.type() != CV_8UC1 || frame.labels.cols != options_.width ||
      frame.labels.rows != options_.height) {
    return makeError("cannot write frame " + std::to_string(next_) + " of " + options_.outPath +
                     ": the label map is not a " + std::to_string(options_.width) + "x" +
                     std::to_string(options_.height) + " 8-bit image");
  }
  Status status = fillFrame(frame);
  if (status.ok()) {
    frame_->pts = next_++;
    status = encode(frame_.get());
  }
  if (!status.ok()) {
    failed_ = true;
    discard();
  }
  return status;
}

Status MovieMatteWriter::finish() {
  if (finished_) return {};
  if (failed_) return makeError("cannot finish " + options_.outPath + ": an earlier write failed");
  Status status = encode(nullptr);  // drain every delayed packet before the trailer
  if (status.ok()) {
    const int rc = av_write_trailer(format_.get());
    if (rc < 0)
      status = makeError("cannot finish " + options_.outPath + ": " + av::errorString(rc));
  }
  if (status.ok()) {
    format_.reset();  // closes the file
    status = fsyncPath(temp_);
  }
  if (status.ok()) {
    std::error_code ec;
    fs::rename(temp_, options_.outPath, ec);
    if (ec)
      status = makeError("cannot rename " + temp_.string() + " to " + options_.outPath + ": " +
                         ec.message());
  }
  if (!status.ok()) {
    failed_ = true;
    discard();
    return status;
  }
  finished_ = true;
  return {};
}

}  // namespace rm
