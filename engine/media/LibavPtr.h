#pragma once
// The one place that owns libav objects: each libav type gets a std::unique_ptr with
// a deleter calling the matching free function, so no other file frees libav memory.

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace rm::av {

struct InputFormatDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
// Output contexts own their AVIOContext (opened with avio_open) as well.
struct OutputFormatDeleter {
  void operator()(AVFormatContext* ctx) const {
    if (ctx == nullptr) return;
    if (ctx->oformat != nullptr && !(ctx->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx->pb);
    avformat_free_context(ctx);
  }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsDeleter {
  void operator()(SwsContext* ctx) const { sws_freeContext(ctx); }
};

using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;

inline FramePtr makeFrame() {
  return FramePtr(av_frame_alloc());
}
inline PacketPtr makePacket() {
  return PacketPtr(av_packet_alloc());
}
// A new reference to `frame`'s buffers (no pixel copy) that can be shared between
// threads; null when out of memory.
inline std::shared_ptr<const AVFrame> shareFrame(const AVFrame& frame) {
  AVFrame* ref = av_frame_clone(&frame);
  if (ref == nullptr) return nullptr;
  return std::shared_ptr<const AVFrame>(ref, FrameDeleter{});
}

// An AVDictionary that frees itself; pass `ptr()` to libav calls taking AVDictionary**.
class Dictionary {
 public:
  Dictionary() = default;
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  ~Dictionary() { av_dict_free(&dict_); }
  void set(const char* key, const std::string& value) {
    av_dict_set(&dict_, key, value.c_str(), 0);
  }
  AVDictionary** ptr() { return &dict_; }

 private:
  AVDictionary* dict_ = nullptr;
};

// Human-readable text for a libav error code.
inline std::string errorString(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(code, buf, sizeof(buf));
  return buf;
}

}  // namespace rm::av
