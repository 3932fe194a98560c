#include "engine/media/VideoSource.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <opencv2/core.hpp>

#include "engine/media/PictureColour.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace rm {
namespace fs = std::filesystem;

namespace {

int64_t packetTimestamp(const AVPacket& packet) {
  return packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
}

// Display rotation in degrees clockwise from the stream's display matrix: 0/90/180/270,
// or -1 for any other angle (45 degrees was silently reported and shown as 0).
int streamRotation(const AVStream* stream) {
  const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (matrix == nullptr) return 0;
  const double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  int cw = static_cast<int>(std::lround(-ccw)) % 360;
  if (cw < 0) cw += 360;
  if (cw % 90 != 0) return -cw;
  return cw;
}

std::string findTimecode(const AVFormatContext* format) {
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (const AVDictionaryEntry* e =
            av_dict_get(format->streams[i]->metadata, "timecode", nullptr, 0))
      return e->value;
  if (const AVDictionaryEntry* e = av_dict_get(format->metadata, "timecode", nullptr, 0))
    return e->value;
  return {};
}

// Turns a decoded picture upright for display (rotation in degrees clockwise).
cv::Mat upright(cv::Mat picture, int rotation) {
  switch (rotation) {
    case 90:
      cv::rotate(picture, picture, cv::ROTATE_90_CLOCKWISE);
      break;
    case 180:
      cv::rotate(picture, picture, cv::ROTATE_180);
      break;
    case 270:
      cv::rotate(picture, picture, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      break;
  }
  return picture;
}

// A rows x cols matrix followed by at least kSwsSlackBytes of spare rows, so
// converters may write beyond the picture's last byte without leaving the buffer.
cv::Mat allocateWithSlack(int rows, int cols, int cvType) {
  constexpr size_t kSwsSlackBytes = 1024;  // well above the widest vector store (64 bytes)
  const size_t rowBytes = static_cast<size_t>(cols) * CV_ELEM_SIZE(cvType);
  const int slackRows = static_cast<int>((kSwsSlackBytes + rowBytes - 1) / rowBytes);
  return cv::Mat(rows + slackRows, cols, cvType);
}

}  // namespace

VideoSource::~VideoSource() = default;

int VideoSource::interruptCallback(void* opaque) {
  const auto* self = static_cast<const VideoSource*>(opaque);
  return self->options_.cancelled && self->options_.cancelled() ? 1 : 0;
}

Expected<std::unique_ptr<VideoSource>> VideoSource::open(const std::string& path,
                                                         const OpenOptions& options) {
  std::unique_ptr<VideoSource> source(new VideoSource());
  if (Status status = source->openImpl(path, options); !status.ok())
    return makeError(status.message());
  return source;
}

Status VideoSource::openImpl(const std::string& path, const OpenOptions& options) {
  path_ = path;
  options_ = options;
  std::error_code ec;
  if (!fs::exists(path, ec)) return makeError("cannot open " + path + ": no such file");
  if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0)
    return makeError("cannot open " + path + ": the file is empty");

  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return makeError("cannot open " + path + ": out of memory");
  raw->interrupt_callback.callback = &VideoSource::interruptCallback;
  raw->interrupt_callback.opaque = this;
  int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);  // frees raw on failure
  if (rc < 0)
    return makeError("cannot open " + path + ": " +
                     (rc == AVERROR_EXIT ? std::string("cancelled") : av::errorString(rc)));
  format_.reset(raw);
  rc = avformat_find_stream_info(format_.get(), nullptr);
  if (rc == AVERROR_EXIT) return makeError("cannot open " + path + ": cancelled");
  if (rc < 0) return makeError("cannot read stream info of " + path + ": " + av::errorString(rc));

  streamIndex_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (streamIndex_ >= 0 &&
      (format_->streams[streamIndex_]->disposition & AV_DISPOSITION_ATTACHED_PIC))
    streamIndex_ = -1;  // cover art of an audio file is not a clip
  if (streamIndex_ < 0) return makeError("cannot open " + path + ": no video stream in the file");
  for (unsigned i = 0; i < format_->nb_streams; ++i)
    if (static_cast<int>(i) != streamIndex_) format_->streams[i]->discard = AVDISCARD_ALL;

  AVStream* stream = format_->streams[streamIndex_];
  timeBase_ = stream->time_base;
  if (Status status = openDecoder(); !status.ok()) return status;
  if (Status status = buildIndex(); !status.ok()) return status;

  const AVCodecParameters* par = stream->codecpar;
  info_.rotation = streamRotation(stream);
  if (info_.rotation < 0)
    return makeError("cannot open " + path + ": its display rotation of " +
                     std::to_string(-info_.rotation) +
                     " degrees is not supported (only 0, 90, 180 and 270)");
  if (par->width < 1 || par->height < 1 || par->width > kMaxPictureSide ||
      par->height > kMaxPictureSide)
    return makeError("cannot open " + path + ": its pictures are " + std::to_string(par->width) +
                     "x" + std::to_string(par->height) + " (1 to " +
                     std::to_string(kMaxPictureSide) + " pixels a side are read)");
  const bool swap = info_.rotation == 90 || info_.rotation == 270;
  info_.width = swap ? par->height : par->width;
  info_.height = swap ? par->width : par->height;
  info_.frameCount = static_cast<int64_t>(pts_.size());
  const AVRational fps = av_guess_frame_rate(format_.get(), stream, nullptr);
  info_.fps = fps.num > 0 && fps.den > 0 ? Rational{fps.num, fps.den} : Rational{25, 1};
  const auto fmt = static_cast<AVPixelFormat>(par->format);
  const char* fmtName = av_get_pix_fmt_name(fmt);
  info_.pixelFormat = fmtName != nullptr ? fmtName : "unknown";
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(fmt);
  info_.bitDepth = desc != nullptr ? desc->comp[0].depth : 8;
  info_.hasAlpha = desc != nullptr && (desc->flags & AV_PIX_FMT_FLAG_ALPHA);
  info_.codec = avcodec_get_name(par->codec_id);
  info_.timecode = findTimecode(format_.get());

  // Duration and frame-rate variability from the index itself.
  double lastDelta = 1.0 / info_.fps.value();
  if (pts_.size() > 1) {
    int64_t minDelta = INT64_MAX, maxDelta = 0;
    for (size_t i = 1; i < pts_.size(); ++i) {
      minDelta = std::min(minDelta, pts_[i] - pts_[i - 1]);
      maxDelta = std::max(maxDelta, pts_[i] - pts_[i - 1]);
    }
    // More than one tick and 2% apart: not rounding noise of a constant rate.
    info_.variableFrameRate = maxDelta - minDelta > 1 && maxDelta > minDelta * 1.02;
    lastDelta = static_cast<double>(pts_.back() - pts_[pts_.size() - 2]) * av_q2d(timeBase_);
  }
  info_.durationSeconds =
      static_cast<double>(pts_.back() - pts_.front()) * av_q2d(timeBase_) + lastDelta;
  return {};
}

Status VideoSource::openDecoder() {
  const AVStream* stream = format_->streams[streamIndex_];
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr)
    return makeError("cannot open " + path_ + ": no decoder for codec " +
                     avcodec_get_name(stream->codecpar->codec_id));
  decoder_.reset(avcodec_alloc_context3(codec));
  if (!decoder_) return makeError("cannot open " + path_ + ": out of memory");
  int rc = avcodec_parameters_to_context(decoder_.get(), stream->codecpar);
  if (rc < 0) return makeError("cannot open " + path_ + ": " + av::errorString(rc));
  decoder_->pkt_timebase = stream->time_base;
  decoder_->thread_count = 0;  // libav picks
  rc = avcodec_open2(decoder_.get(), codec, nullptr);
  if (rc < 0)
    return makeError("cannot open the " + std::string(codec->name) + " decoder for " + path_ +
                     ": " + av::errorString(rc));
  packet_ = av::makePacket();
  decoded_ = av::makeFrame();
  held_ = av::makeFrame();
  pending_ = av::makeFrame();
  if (!packet_ || !decoded_ || !held_ || !pending_)
    return makeError("cannot open " + path_ + ": out of memory");
  return {};
}

Status VideoSource::buildIndex() {
  bool missingPts = false;
  // Demux only (no decoding): cheap even for long clips.
  while (true) {
    if (options_.cancelled && options_.cancelled())
      return makeError("opening " + path_ + " was cancelled");
    const int rc = av_read_frame(format_.get(), packet_.get());
    if (rc == AVERROR_EXIT) return makeError("opening " + path_ + " was cancelled");
    if (rc < 0) break;  // end of file, or the damaged tail of a truncated file
    if (packet_->stream_index == streamIndex_) {
      if (packet_->pts == AV_NOPTS_VALUE) missingPts = true;
      int64_t ts = packetTimestamp(*packet_);
      if (ts == AV_NOPTS_VALUE)
        ts = pts_.empty() ? 0 : pts_.back() + std::max<int64_t>(packet_->duration, 1);
      pts_.push_back(ts);
      if (packet_->flags & AV_PKT_FLAG_KEY)
        keyframes_.push_back(
            {ts, packet_->dts != AV_NOPTS_VALUE ? std::min(packet_->dts, ts) : ts});
    }
    av_packet_unref(packet_.get());
  }
  std::sort(pts_.begin(), pts_.end());
  pts_.erase(std::unique(pts_.begin(), pts_.end()), pts_.end());
  std::sort(keyframes_.begin(), keyframes_.end(),
            [](const Keyframe& a, const Keyframe& b) { return a.pts < b.pts; });
  if (pts_.empty()) return makeError("cannot open " + path_ + ": the video stream has no frames");
  positioned_ = false;  // the demuxer is at the end: the first read seeks
  missingPts_ = missingPts;
  if (pts_.size() > 1)  // four typical frame steps
    reorderMarginTicks_ = 4 * std::max<int64_t>(1, (pts_.back() - pts_.front()) /
                                                       static_cast<int64_t>(pts_.size() - 1));
  return missingPts ? learnTimestampOffset() : Status{};
}

Status VideoSource::seekTo(int keyframe) {
  int rc = -1;
  if (keyframe >= 0 && keyframe < static_cast<int>(keyframes_.size()))
    rc = av_seek_frame(format_.get(), streamIndex_, keyframes_[keyframe].dts, AVSEEK_FLAG_BACKWARD);
  if (rc < 0) {  // to the very start
    rc = avformat_seek_file(format_.get(), streamIndex_, INT64_MIN, INT64_MIN, INT64_MIN, 0);
    if (rc < 0) rc = av_seek_frame(format_.get(), streamIndex_, INT64_MIN, AVSEEK_FLAG_BACKWARD);
    if (rc < 0) rc = av_seek_frame(format_.get(), -1, 0, AVSEEK_FLAG_BYTE | AVSEEK_FLAG_BACKWARD);
  }
  if (rc == AVERROR_EXIT) return makeError("reading " + path_ + " was cancelled");
  if (rc < 0) return makeError("cannot seek in " + path_ + ": " + av::errorString(rc));
  avcodec_flush_buffers(decoder_.get());
  demuxerAtEof_ = false;
  heldValid_ = false;
  pendingValid_ = false;
  heldIndex_ = -1;
  positioned_ = true;
  lastPictureTs_ = keyframe < 0 ? kAtStart : AV_NOPTS_VALUE;
  return {};
}

Expected<bool> VideoSource::decodeNext() {
  while (true) {
    int rc = avcodec_receive_frame(decoder_.get(), decoded_.get());
    if (rc == 0) return true;
    if (rc == AVERROR_EOF) return false;
    if (rc != AVERROR(EAGAIN)) {
      ++decodeErrors_;
      if (demuxerAtEof_) return false;
    }
    if (demuxerAtEof_) return false;  // flushed and drained
    if (options_.cancelled && options_.cancelled())
      return makeError("reading " + path_ + " was cancelled");
    rc = av_read_frame(format_.get(), packet_.get());
    if (rc == AVERROR_EXIT) return makeError("reading " + path_ + " was cancelled");
    if (rc < 0) {
      demuxerAtEof_ = true;
      avcodec_send_packet(decoder_.get(), nullptr);  // drain the delayed pictures
      continue;
    }
    if (packet_->stream_index == streamIndex_) {
      // Pictures shown before the target are never returned: let the decoder drop
      // the non-reference ones (B-frames) instead of reconstructing them.
      const bool early =
          !missingPts_ && packet_->pts != AV_NOPTS_VALUE && packet_->pts < skipBefore_;
      decoder_->skip_frame = early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
      rc = avcodec_send_packet(decoder_.get(), packet_.get());
      if (rc < 0 && rc != AVERROR(EAGAIN)) ++decodeErrors_;  // damaged packet: skip it
    }
    av_packet_unref(packet_.get());
  }
}

int64_t VideoSource::pictureTimestamp(const AVFrame& frame) {
  int64_t ts =
      frame.best_effort_timestamp != AV_NOPTS_VALUE ? frame.best_effort_timestamp : frame.pts;
  if (ts != AV_NOPTS_VALUE) {
    ts -= timestampOffset_;
  } else if (lastPictureTs_ == kAtStart) {
    ts = pts_.front();
  } else if (lastPictureTs_ != AV_NOPTS_VALUE) {
    // Unstamped picture (AVI flushes its last one so): the frame after the previous one.
    auto next = std::upper_bound(pts_.begin(), pts_.end(), lastPictureTs_);
    ts = next != pts_.end() ? *next : lastPictureTs_ + 1;
  }
  lastPictureTs_ = ts;
  return ts;
}

Status VideoSource::learnTimestampOffset() {
  // Containers without presentation times (AVI) index decode timestamps, while the
  // decoder stamps pictures one reorder delay later; measure that shift on the first
  // picture so index and pictures agree.
  if (Status status = seekTo(-1); !status.ok()) return status;
  auto more = decodeNext();
  if (!more.ok()) return makeError(more.message());
  if (*more) {
    const int64_t ts = decoded_->best_effort_timestamp != AV_NOPTS_VALUE
                           ? decoded_->best_effort_timestamp
                           : decoded_->pts;
    if (ts != AV_NOPTS_VALUE) timestampOffset_ = ts - pts_.front();
  }
  av_frame_unref(decoded_.get());
  positioned_ = false;
  return {};
}

Status VideoSource::moveTo(int64_t index) {
  if (Status status = checkIndex(index); !status.ok()) return status;
  Status status = position(index);
  if (!status.ok()) {  // cancelled or damaged: the next read starts from a fresh seek
    positioned_ = false;
    heldValid_ = false;
    pendingValid_ = false;
    heldIndex_ = -1;
  }
  return status;
}

Status VideoSource::position(int64_t index) {
  if (heldValid_ && heldIndex_ == index) return {};
  const int64_t target = pts_[static_cast<size_t>(index)];
  // Latest keyframe at or before the target.
  auto it = std::upper_bound(keyframes_.begin(), keyframes_.end(), target,
                             [](int64_t t, const Keyframe& k) { return t < k.pts; });
  int keyframe = static_cast<int>(it - keyframes_.begin()) - 1;
  // Without presentation times a keyframe's index time is its decode time; it may be
  // shown after frames that follow it in decode order, so keep a reorder margin.
  if (missingPts_ && keyframe >= 0 && keyframes_[keyframe].pts > target - reorderMarginTicks_)
    --keyframe;

  // Decoding forward is exact too; only seek when the wanted frame is behind us or
  // a keyframe lies between (seeking is then faster than decoding through).
  const bool forward = positioned_ && heldValid_ && heldPts_ <= target &&
                       (keyframe < 0 || keyframes_[keyframe].pts <= heldPts_);
  if (!forward)
    if (Status status = seekTo(keyframe); !status.ok()) return status;
  skipBefore_ = target;

  while (true) {
    while (true) {
      if (!pendingValid_) {
        auto more = decodeNext();
        if (!more.ok()) return makeError(more.message());
        if (!*more) break;
        std::swap(pending_, decoded_);
        av_frame_unref(decoded_.get());
        pendingValid_ = true;
      }
      const int64_t ts = pictureTimestamp(*pending_);
      if (ts == AV_NOPTS_VALUE) {  // cannot be placed: skip it
        av_frame_unref(pending_.get());
        pendingValid_ = false;
        continue;
      }
      if (ts > target) break;
      std::swap(held_, pending_);
      av_frame_unref(pending_.get());
      pendingValid_ = false;
      heldValid_ = true;
      heldPts_ = ts;
      if (heldPts_ == target) break;
    }
    if (heldValid_) break;
    // The first picture after the seek is already past the target (the demuxer landed
    // late or the keyframe did not decode): start from an earlier keyframe.
    if (keyframe < 0)
      return makeError("cannot decode frame " + std::to_string(index) + " of " + path_ +
                       (decodeErrors_ > 0 ? ": the file is damaged" : ""));
    --keyframe;
    if (Status status = seekTo(keyframe); !status.ok()) return status;
  }
  // The wanted picture never came (a damaged packet, the lost tail of a truncated
  // file): say so rather than hand out the picture before it.
  if (heldPts_ != target)
    return makeError("cannot decode frame " + std::to_string(index) + " of " + path_ +
                     ": its picture is missing (the file is damaged or truncated)");
  // A stream whose picture size changes mid-way (or lies in its header) would hand callers
  // a picture of another size than info() promises.
  const AVFrame* frame = held_.get();
  const bool swap = info_.rotation == 90 || info_.rotation == 270;
  if ((swap ? frame->height : frame->width) != info_.width ||
      (swap ? frame->width : frame->height) != info_.height)
    return makeError("cannot decode frame " + std::to_string(index) + " of " + path_ +
                     ": its picture is " + std::to_string(frame->width) + "x" +
                     std::to_string(frame->height) + ", the clip's is " +
                     std::to_string(info_.width) + "x" + std::to_string(info_.height));
  heldIndex_ = index;
  return {};
}

Expected<cv::Mat> VideoSource::convert(AVPixelFormat dst, int cvType) {
  const AVFrame* frame = held_.get();
  const av::PictureColour colour = av::pictureColourOf(*frame);
  av::SwsPtr& sws = dst == AV_PIX_FMT_RGB24 ? sws8_ : sws16_;
  // 8-bit display conversion takes swscale's SIMD path (~13x faster than accurate
  // rounding at 1080p); the 16-bit path keeps full precision.
  const int flags = dst == AV_PIX_FMT_RGB24 ? SWS_BICUBIC : SWS_BICUBIC | SWS_ACCURATE_RND;
  sws.reset(sws_getCachedContext(sws.release(), frame->width, frame->height, colour.format,
                                 frame->width, frame->height, dst, flags, nullptr, nullptr,
                                 nullptr));
  if (!sws) return makeError("cannot convert the pictures of " + path_ + " to RGB");
  if (!colour.isRgb)
    sws_setColorspaceDetails(sws.get(), sws_getCoefficients(colour.matrix),
                             colour.fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0,
                             1 << 16, 1 << 16);
  // swscale's SIMD converters store whole vector widths and run past the end of a
  // row (into the next row, which is written afterwards) and past the last row: give
  // them slack rows behind the picture. The picture itself stays a continuous view
  // (callers hand its data to LibTorch as one block).
  const cv::Mat buffer = allocateWithSlack(frame->height, frame->width, cvType);
  cv::Mat out = buffer.rowRange(0, frame->height);
  uint8_t* dstData[4] = {out.data, nullptr, nullptr, nullptr};
  int dstStride[4] = {static_cast<int>(out.step[0]), 0, 0, 0};
  sws_scale(sws.get(), frame->data, frame->linesize, 0, frame->height, dstData, dstStride);
  return upright(out, info_.rotation);
}

Expected<cv::Mat> VideoSource::readRgb8(int64_t index) {
  // Deep sources narrow their 16-bit picture (no dithering), so both reads agree.
  if (info_.bitDepth > 8) return withDepth(readRgb16(index), CV_8U);
  if (Status status = moveTo(index); !status.ok()) return makeError(status.message());
  return convert(AV_PIX_FMT_RGB24, CV_8UC3);
}

Expected<cv::Mat> VideoSource::readRgb16(int64_t index) {
  // 8-bit sources widen exactly, so both reads agree.
  if (info_.bitDepth <= 8) return withDepth(readRgb8(index), CV_16U);
  if (Status status = moveTo(index); !status.ok()) return makeError(status.message());
  return convert(AV_PIX_FMT_RGB48, CV_16UC3);
}

Expected<cv::Mat> VideoSource::readAlpha16(int64_t index) {
  if (!info_.hasAlpha) return makeError(path_ + " has no alpha channel");
  if (Status status = moveTo(index); !status.ok()) return makeError(status.message());
  // Read the alpha component directly (swscale shifts rather than rescales alpha) and
  // rescale it exactly to 16 bits: 8-bit 255 -> 65535, 12-bit 4095 -> 65535.
  const AVFrame* frame = held_.get();
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
  if (desc == nullptr || !(desc->flags & AV_PIX_FMT_FLAG_ALPHA) || desc->nb_components < 2)
    return makeError(path_ + ": frame " + std::to_string(index) + " has no alpha channel");
  const int component = desc->nb_components - 1;  // alpha is always the last component
  const double scale = 65535.0 / ((1 << desc->comp[component].depth) - 1);
  cv::Mat alpha(frame->height, frame->width, CV_16UC1);
  std::vector<uint16_t> line(static_cast<size_t>(frame->width));
  for (int y = 0; y < frame->height; ++y) {
    av_read_image_line2(line.data(), const_cast<const uint8_t**>(frame->data), frame->linesize,
                        desc, 0, y, component, frame->width, 0, 2);
    uint16_t* row = alpha.ptr<uint16_t>(y);
    for (int x = 0; x < frame->width; ++x)
      row[x] = static_cast<uint16_t>(std::lround(line[static_cast<size_t>(x)] * scale));
  }
  return upright(alpha, info_.rotation);
}

Expected<DecodedPicture> VideoSource::readDecoded(int64_t index) {
  if (info_.rotation != 0)  // the picture would need turning first: take the RGB path
    return makeError(path_ + " is rotated for display; its decoded pictures are not");
  if (Status status = moveTo(index); !status.ok()) return makeError(status.message());
  DecodedPicture picture = av::shareFrame(*held_);
  if (!picture)
    return makeError("cannot read frame " + std::to_string(index) + " of " + path_ +
                     ": out of memory");
  return picture;
}

std::string VideoSource::frameName(int64_t index) const {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%05lld", static_cast<long long>(index));
  return buf;
}

double VideoSource::frameTimeSeconds(int64_t index) const {
  if (index < 0 || index >= static_cast<int64_t>(pts_.size())) return 0.0;
  return static_cast<double>(pts_[static_cast<size_t>(index)] - pts_.front()) * av_q2d(timeBase_);
}

}  // namespace rm
