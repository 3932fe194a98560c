#include "ClipMaker.h"

#include <cmath>

#include <opencv2/core.hpp>

#include "engine/media/LibavPtr.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

namespace rm::test {

cv::Mat syntheticFrame(int index, int width, int height) {
  cv::Mat rgb(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)  // a moving diagonal gradient gives the encoder motion
      rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uint8_t>((x * 3 + index * 5) & 0xff),
                                          static_cast<uint8_t>((y * 4 + index * 3) & 0xff),
                                          static_cast<uint8_t>(((x + y) * 2 + index * 7) & 0xff));
  for (int bit = 0; bit < 8; ++bit) {
    const cv::Rect block(bit * 8, 0, 8, 8);
    if (block.x + 8 > width) break;
    rgb(block).setTo((index >> bit) & 1 ? cv::Scalar(255, 255, 255) : cv::Scalar(0, 0, 0));
  }
  return rgb;
}

int frameIdOf(const cv::Mat& rgb) {
  int id = 0;
  for (int bit = 0; bit < 8 && bit * 8 + 8 <= rgb.cols; ++bit) {
    const cv::Scalar mean = cv::mean(rgb(cv::Rect(bit * 8 + 2, 2, 4, 4)));
    if ((mean[0] + mean[1] + mean[2]) / 3 > 128) id |= 1 << bit;
  }
  return id;
}

namespace {

Status fail(const std::string& path, const std::string& what, int rc) {
  return makeError("cannot make " + path + ": " + what + ": " + av::errorString(rc));
}

Status drain(AVCodecContext* enc, AVFormatContext* fmt, AVStream* stream, AVFrame* frame,
             const std::string& path) {
  int rc = avcodec_send_frame(enc, frame);
  if (rc < 0) return fail(path, "send_frame", rc);
  av::PacketPtr packet = av::makePacket();
  while ((rc = avcodec_receive_packet(enc, packet.get())) == 0) {
    av_packet_rescale_ts(packet.get(), enc->time_base, stream->time_base);
    packet->stream_index = stream->index;
    rc = av_interleaved_write_frame(fmt, packet.get());
    if (rc < 0) return fail(path, "write_frame", rc);
  }
  if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) return fail(path, "receive_packet", rc);
  return {};
}

}  // namespace

Status makeClip(const std::string& path, const ClipSpec& spec) {
  AVFormatContext* raw = nullptr;
  int rc = avformat_alloc_output_context2(&raw, nullptr, nullptr, path.c_str());
  if (rc < 0) return fail(path, "output context", rc);
  av::OutputFormatPtr fmt(raw);
  const AVCodec* codec = avcodec_find_encoder_by_name(spec.encoder.c_str());
  if (codec == nullptr) return makeError("no encoder " + spec.encoder);
  av::CodecContextPtr enc(avcodec_alloc_context3(codec));
  enc->width = spec.width;
  enc->height = spec.height;
  enc->pix_fmt = av_get_pix_fmt(spec.pixelFormat.c_str());
  const bool vfr = !spec.pts.empty();
  enc->time_base = vfr ? AVRational{1, spec.timeBaseDen} : AVRational{spec.fpsDen, spec.fpsNum};
  enc->framerate = AVRational{spec.fpsNum, spec.fpsDen};
  enc->gop_size = spec.gop;
  enc->max_b_frames = spec.bframes;
  enc->thread_count = 1;
  if (spec.bt709) {
    enc->colorspace = AVCOL_SPC_BT709;
    enc->color_primaries = AVCOL_PRI_BT709;
    enc->color_trc = AVCOL_TRC_BT709;
  }
  if (spec.fullRange) enc->color_range = AVCOL_RANGE_JPEG;
  if (fmt->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av::Dictionary opts;
  if (spec.encoder == "libx264") opts.set("preset", "veryfast");
  for (const auto& [k, v] : spec.options)
    opts.set(k.c_str(), v);
  rc = avcodec_open2(enc.get(), codec, opts.ptr());
  if (rc < 0) return fail(path, "open encoder", rc);
  AVStream* stream = avformat_new_stream(fmt.get(), nullptr);
  avcodec_parameters_from_context(stream->codecpar, enc.get());
  stream->time_base = enc->time_base;
  if (!vfr) stream->avg_frame_rate = enc->framerate;
  if (!spec.timecode.empty()) av_dict_set(&stream->metadata, "timecode", spec.timecode.c_str(), 0);
  if (spec.rotation != 0) {
    auto* matrix = reinterpret_cast<int32_t*>(
        av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, sizeof(int32_t) * 9));
    // The display matrix holds the counter-clockwise angle (what ffmpeg's autorotate
    // reads back); the sign convention of the setter changed across FFmpeg versions.
    av_display_rotation_set(matrix, spec.rotation);
    if (std::lround(av_display_rotation_get(matrix)) != -spec.rotation)
      av_display_rotation_set(matrix, -spec.rotation);
  }
  if (!(fmt->oformat->flags & AVFMT_NOFILE)) {
    rc = avio_open(&fmt->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) return fail(path, "avio_open", rc);
  }
  av::Dictionary muxOpts;
  for (const auto& [k, v] : spec.muxerOptions)
    muxOpts.set(k.c_str(), v);
  rc = avformat_write_header(fmt.get(), muxOpts.ptr());
  if (rc < 0) return fail(path, "write_header", rc);

  av::SwsPtr sws(sws_getContext(spec.width, spec.height, AV_PIX_FMT_RGB24, spec.width, spec.height,
                                enc->pix_fmt, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws) return makeError("cannot make " + path + ": no conversion to " + spec.pixelFormat);
  if (spec.bt709 || spec.fullRange)
    sws_setColorspaceDetails(sws.get(), sws_getCoefficients(SWS_CS_DEFAULT), 1,
                             sws_getCoefficients(spec.bt709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT),
                             spec.fullRange ? 1 : 0, 0, 1 << 16, 1 << 16);
  av::FramePtr frame = av::makeFrame();
  frame->format = enc->pix_fmt;
  frame->colorspace = enc->colorspace;
  frame->color_range = enc->color_range;
  frame->width = spec.width;
  frame->height = spec.height;
  rc = av_frame_get_buffer(frame.get(), 0);
  if (rc < 0) return fail(path, "frame buffer", rc);
  for (int i = 0; i < spec.frames; ++i) {
    av_frame_make_writable(frame.get());
    const cv::Mat rgb = spec.picture ? spec.picture(i) : syntheticFrame(i, spec.width, spec.height);
    if (rgb.type() != CV_8UC3 || rgb.cols != spec.width || rgb.rows != spec.height)
      return makeError("cannot make " + path + ": picture " + std::to_string(i) + " is not " +
                       std::to_string(spec.width) + "x" + std::to_string(spec.height) + " RGB8");
    const uint8_t* src[1] = {rgb.data};
    const int srcStride[1] = {static_cast<int>(rgb.step[0])};
    sws_scale(sws.get(), src, srcStride, 0, spec.height, frame->data, frame->linesize);
    frame->pts = vfr ? spec.pts[static_cast<size_t>(i)] : i;
    if (Status s = drain(enc.get(), fmt.get(), stream, frame.get(), path); !s.ok()) return s;
  }
  if (Status s = drain(enc.get(), fmt.get(), stream, nullptr, path); !s.ok()) return s;
  rc = av_write_trailer(fmt.get());
  if (rc < 0) return fail(path, "write_trailer", rc);
  return {};
}

Status makeAudioOnly(const std::string& path) {
  AVFormatContext* raw = nullptr;
  int rc = avformat_alloc_output_context2(&raw, nullptr, nullptr, path.c_str());
  if (rc < 0) return fail(path, "output context", rc);
  av::OutputFormatPtr fmt(raw);
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PCM_S16LE);
  av::CodecContextPtr enc(avcodec_alloc_context3(codec));
  enc->sample_rate = 8000;
  enc->sample_fmt = AV_SAMPLE_FMT_S16;
  av_channel_layout_default(&enc->ch_layout, 1);
  enc->time_base = AVRational{1, 8000};
  rc = avcodec_open2(enc.get(), codec, nullptr);
  if (rc < 0) return fail(path, "open encoder", rc);
  AVStream* stream = avformat_new_stream(fmt.get(), nullptr);
  avcodec_parameters_from_context(stream->codecpar, enc.get());
  stream->time_base = enc->time_base;
  rc = avio_open(&fmt->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (rc < 0) return fail(path, "avio_open", rc);
  rc = avformat_write_header(fmt.get(), nullptr);
  if (rc < 0) return fail(path, "write_header", rc);
  av::FramePtr frame = av::makeFrame();
  frame->format = AV_SAMPLE_FMT_S16;
  frame->nb_samples = 800;
  av_channel_layout_default(&frame->ch_layout, 1);
  rc = av_frame_get_buffer(frame.get(), 0);
  if (rc < 0) return fail(path, "frame buffer", rc);
  for (int i = 0; i < 10; ++i) {
    av_frame_make_writable(frame.get());
    std::fill_n(reinterpret_cast<int16_t*>(frame->data[0]), 800, int16_t(0));
    frame->pts = i * 800;
    if (Status s = drain(enc.get(), fmt.get(), stream, frame.get(), path); !s.ok()) return s;
  }
  if (Status s = drain(enc.get(), fmt.get(), stream, nullptr, path); !s.ok()) return s;
  rc = av_write_trailer(fmt.get());
  if (rc < 0) return fail(path, "write_trailer", rc);
  return {};
}

}  // namespace rm::test
