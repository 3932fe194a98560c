#pragma once
// FrameSource over a movie file (libavformat/libavcodec/swscale) with frame-accurate
// random access: a frame index (pts per frame, keyframe flags) is built on open by
// demuxing the whole video stream; a read seeks back to the keyframe at or before the
// wanted frame, flushes the decoder and decodes forward to the exact frame.
//
// Frame i is the newest decoded picture whose timestamp is <= pts[i], so a packet the
// decoder drops (AVI "skip" frames, damaged data) repeats the previous picture, the
// same way sequential playback does.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"

namespace rm {

class VideoSource final : public FrameSource {
 public:
  static Expected<std::unique_ptr<VideoSource>> open(const std::string& path,
                                                     const OpenOptions& options = {});
  ~VideoSource() override;

  const StreamInfo& info() const override { return info_; }
  const std::string& path() const override { return path_; }
  Expected<cv::Mat> readRgb8(int64_t index) override;
  Expected<cv::Mat> readRgb16(int64_t index) override;
  Expected<cv::Mat> readAlpha16(int64_t index) override;
  Expected<DecodedPicture> readDecoded(int64_t index) override;
  std::string frameName(int64_t index) const override;

  // Presentation timestamp of each frame, in stream time base units.
  const std::vector<int64_t>& framePts() const { return pts_; }
  // Timestamp of frame `index` in seconds from the first frame.
  double frameTimeSeconds(int64_t index) const override;
  // Number of packets that failed to decode so far (damaged input); 0 for clean files.
  int decodeErrorCount() const { return decodeErrors_; }

 private:
  VideoSource() = default;
  Status openImpl(const std::string& path, const OpenOptions& options);
  Status buildIndex();
  Status openDecoder();
  // Seeks to keyframes_[keyframe] (or the start when keyframe < 0) and flushes.
  Status seekTo(int keyframe);
  // Decodes the next picture into decoded_; returns false at end of stream.
  Expected<bool> decodeNext();
  // Makes held_ the picture for frame `index`.
  Status position(int64_t index);
  // position() for a checked index; after a failure the next read starts afresh.
  Status moveTo(int64_t index);
  // Decoded picture's timestamp on the index's scale.
  int64_t pictureTimestamp(const AVFrame& frame);
  Status learnTimestampOffset();
  Expected<cv::Mat> convert(AVPixelFormat dst, int cvType);
  static int interruptCallback(void* opaque);

  std::string path_;
  OpenOptions options_;
  StreamInfo info_;
  av::InputFormatPtr format_;
  av::CodecContextPtr decoder_;
  av::PacketPtr packet_;
  av::FramePtr decoded_;
  av::FramePtr pending_;  // decoded picture past the last target, used next
  av::FramePtr held_;     // picture for heldIndex_
  av::SwsPtr sws8_, sws16_;
  int streamIndex_ = -1;
  AVRational timeBase_{1, 1};
  std::vector<int64_t> pts_;  // presentation order
  struct Keyframe {
    int64_t pts;
    int64_t dts;
  };
  std::vector<Keyframe> keyframes_;  // sorted by pts
  int64_t heldIndex_ = -1;           // frame index held_ belongs to
  int64_t heldPts_ = INT64_MIN;
  bool heldValid_ = false;
  bool pendingValid_ = false;
  bool positioned_ = false;    // demuxer/decoder state follows held_ (no seek needed)
  bool demuxerAtEof_ = false;  // decoder was sent the null (drain) packet
  int decodeErrors_ = 0;
  int64_t skipBefore_ = INT64_MIN;  // packets shown before this may skip non-ref decoding
  int64_t timestampOffset_ = 0;     // decoder timestamps minus index timestamps
  bool missingPts_ = false;         // the container gave decode times only (AVI)
  int64_t reorderMarginTicks_ = 0;
  static constexpr int64_t kAtStart = INT64_MIN + 1;  // lastPictureTs_ right after a seek to 0
  int64_t lastPictureTs_ = AV_NOPTS_VALUE;  // index-scale time of the last decoded picture
};

}  // namespace rm
