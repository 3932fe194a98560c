#include "engine/media/writers/MovieMatteWriter.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/core.hpp>

#include "engine/core/AtomicFile.h"
#include "engine/media/PictureColour.h"

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

bool isProRes4444(MatteFormat format) {
  return format == MatteFormat::ProRes4444 || format == MatteFormat::ProRes4444XQ;
}

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
  // A killed earlier export of this folder left its hidden temporary behind.
  removeOrphanedTemporaries(fs::path(target).parent_path());
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
  // Variable frame rate: timestamps on a fine clock; otherwise one tick per frame.
  enc->time_base = options_.frameSeconds.empty() ? AVRational{options_.fps.den, options_.fps.num}
                                                 : AVRational{1, kVariableRateTicks};
  enc->framerate = AVRational{options_.fps.num, options_.fps.den};
  enc->sample_aspect_ratio = AVRational{1, 1};
  enc->thread_count = 0;
  // ProRes: slices of one frame in parallel rather than several frames in flight, so a
  // cancel waits for one frame at most (freeing a frame-threaded encoder finishes every
  // frame in flight: 1.4-1.5 s at 1080p on 2 busy cores).
  if (std::string(setup.codec) == "prores_ks") enc->thread_type = FF_THREAD_SLICE;
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

  packet_ = av::makePacket();
  if (!packet_) return makeError("cannot write " + target + ": out of memory");
  if (auto first = writableFrame(); !first.ok()) return makeError(first.message());

  // The matte at 16 bits (0 / 65535, as the RGB path hands it to swscale) rescaled to
  // the encoder's 10-bit alpha, once per possible label value.
  cv::Mat ramp(1, 256, CV_8UC1);
  for (int v = 0; v < 256; ++v)
    ramp.at<uint8_t>(0, v) = static_cast<uint8_t>(v);
  const cv::Mat matte16 = matteOf(ramp, options_.instance, true);
  for (int v = 0; v < 256; ++v) {
    alphaCodes_[static_cast<size_t>(v)] =
        static_cast<uint16_t>((matte16.at<uint16_t>(0, v) * 1023u + 32767u) / 65535u);
    greyCodes_[static_cast<size_t>(v)] =
        static_cast<uint16_t>((static_cast<unsigned>(v) * 257u * 1023u + 32767u) / 65535u);
  }
  return {};
}

Expected<AVFrame*> MovieMatteWriter::writableFrame() {
  // The encoder keeps references to the frames it is still working on (frame
  // threads); reuse one it has let go of instead of av_frame_make_writable(), which
  // would copy the old picture into a new allocation for every frame.
  for (const av::FramePtr& frame : frames_)
    if (av_frame_is_writable(frame.get())) return frame.get();
  av::FramePtr frame = av::makeFrame();
  if (!frame) return makeError("cannot write " + options_.outPath + ": out of memory");
  const AVCodecContext* enc = encoder_.get();
  frame->format = enc->pix_fmt;
  frame->width = enc->width;
  frame->height = enc->height;
  // prores_ks copies the picture's tags into every frame header, and decoders prefer
  // those to the container's: tag the frames as well as the stream.
  frame->color_primaries = enc->color_primaries;
  frame->color_trc = enc->color_trc;
  frame->colorspace = enc->colorspace;
  frame->color_range = enc->color_range;
  const int rc = av_frame_get_buffer(frame.get(), 0);
  if (rc < 0) return makeError("cannot write " + options_.outPath + ": " + av::errorString(rc));
  frames_.push_back(std::move(frame));
  return frames_.back().get();
}

bool MovieMatteWriter::acceptsDecoded(const AVFrame& picture) const {
  // Y'CbCr to Y'CbCr changes depth, chroma siting and range only; swscale does not
  // convert between matrices, so take just what already is the BT.709 we tag.
  if (!isProRes4444(options_.format)) return false;
  if (picture.width != options_.width || picture.height != options_.height) return false;
  const av::PictureColour colour = av::pictureColourOf(picture);
  // swscale expands full range to limited only for 8-bit Y'CbCr input.
  if (colour.fullRange && colour.depth > 8) return false;
  return colour.isYuv && colour.matrix == AVCOL_SPC_BT709 && sws_isSupportedInput(colour.format);
}

Status MovieMatteWriter::fillFromDecoded(const AVFrame& picture) {
  const int w = options_.width, h = options_.height;
  const av::PictureColour colour = av::pictureColourOf(picture);
  // The encoder's yuva444p10le planes 0-2 are exactly yuv444p10le's: scale into
  // them and leave the alpha plane to fillAlpha().
  swsDecoded_.reset(sws_getCachedContext(swsDecoded_.release(), w, h, colour.format, w, h,
                                         AV_PIX_FMT_YUV444P10LE, SWS_BICUBIC | SWS_ACCURATE_RND,
                                         nullptr, nullptr, nullptr));
  if (!swsDecoded_) return makeError("cannot write " + options_.outPath + ": no pixel conversion");
  sws_setColorspaceDetails(swsDecoded_.get(), sws_getCoefficients(SWS_CS_ITU709),
                           colour.fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_ITU709), 0, 0,
                           1 << 16, 1 << 16);
  sws_scale(swsDecoded_.get(), picture.data, picture.linesize, 0, h, frame_->data,
            frame_->linesize);
  return {};
}

void MovieMatteWriter::fillAlpha(const MatteFrame& frame) {
  // Hard mattes: one code per label value; soft ones: per 8-bit alpha value.
  const bool soft = !frame.softAlpha.empty();
  const cv::Mat values = soft ? matteOf(frame, options_.instance, false) : frame.labels;
  const auto& codes = soft ? greyCodes_ : alphaCodes_;
  for (int y = 0; y < values.rows; ++y) {
    const uint8_t* in = values.ptr<uint8_t>(y);
    auto* out = reinterpret_cast<uint16_t*>(frame_->data[3] +
                                            static_cast<ptrdiff_t>(y) * frame_->linesize[3]);
    for (int x = 0; x < values.cols; ++x)
      out[x] = codes[in[x]];
  }
}

Status MovieMatteWriter::fillFrame(const MatteFrame& frame) {
  const int w = options_.width, h = options_.height;
  if (!frame.rgb.empty() && frame.rgb.size() != cv::Size(w, h))
    return makeError("cannot write " + options_.outPath + ": source picture is " +
                     std::to_string(frame.rgb.cols) + "x" + std::to_string(frame.rgb.rows));
  const auto dstFormat = static_cast<AVPixelFormat>(frame_->format);
  if (frame.decoded) {
    if (!acceptsDecoded(*frame.decoded))
      return makeError("cannot write " + options_.outPath +
                       ": the decoded source picture needs the RGB path");
    if (Status status = fillFromDecoded(*frame.decoded); !status.ok()) return status;
    fillAlpha(frame);
    return {};
  }

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
  const cv::Mat alpha = matteOf(frame, options_.instance, wide);

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
  const Status cancelled = makeError("writing " + options_.outPath + " was cancelled");
  auto cancelRequested = [this] { return options_.cancelled && options_.cancelled(); };
  if (cancelRequested()) {
    failed_ = true;
    discard();
    return cancelled;
  }
  if (const std::string problem = matteFrameProblem(frame, options_.width, options_.height);
      !problem.empty())
    return makeError("cannot write frame " + std::to_string(next_) + " of " + options_.outPath +
                     ": " + problem);
  auto target = writableFrame();
  Status status = target.ok() ? Status{} : Status(makeError(target.message()));
  if (status.ok()) {
    frame_ = *target;
    status = fillFrame(frame);
  }
  if (status.ok() && cancelRequested()) status = cancelled;  // converting took a while
  if (status.ok()) {
    frame_->pts = presentationTime(next_++);
    status = encode(frame_);
  }
  if (!status.ok()) {
    failed_ = true;
    discard();
  }
  return status;
}

int64_t MovieMatteWriter::presentationTime(int64_t index) {
  const auto& seconds = options_.frameSeconds;
  if (seconds.empty()) return index;
  int64_t pts = index < static_cast<int64_t>(seconds.size())
                    ? std::llround(seconds[static_cast<size_t>(index)] * kVariableRateTicks)
                    : lastPts_ + kVariableRateTicks * options_.fps.den / options_.fps.num;
  if (index > 0) pts = std::max(pts, lastPts_ + 1);  // strictly increasing for the muxer
  lastPts_ = pts;
  return pts;
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
    status = commitTemporary(temp_, options_.outPath);
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
