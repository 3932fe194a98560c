#pragma once
// Movie matte formats through libav: ProRes 4444 / 4444 XQ with alpha and ProRes
// 422 HQ matte-only in .mov (prores_ks), FFV1 with alpha in .mkv. The file is
// encoded into a temporary sibling; finish() drains the encoder, writes the trailer,
// syncs and renames. Destroying an unfinished writer deletes the temporary file.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/media/LibavPtr.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm {

class MovieMatteWriter final : public MatteWriter {
 public:
  static Expected<std::unique_ptr<MovieMatteWriter>> create(const MatteWriterOptions& options);
  ~MovieMatteWriter() override;

  Status write(const MatteFrame& frame) override;
  Status finish() override;
  bool acceptsDecoded(const AVFrame& picture) const override;
  std::vector<std::string> outputs() const override { return {options_.outPath}; }

 private:
  explicit MovieMatteWriter(MatteWriterOptions options) : options_(std::move(options)) {}
  Status open();
  // A frame of frames_ the encoder no longer references (a new one when all are busy).
  Expected<AVFrame*> writableFrame();
  Status fillFrame(const MatteFrame& frame);
  Status fillFromDecoded(const AVFrame& picture);
  void fillAlpha(const MatteFrame& frame);
  Status encode(AVFrame* frame);  // nullptr drains
  void discard();
  // Timestamp (encoder ticks) of frame `index`: its index at a constant rate, else its
  // source time on the kVariableRateTicks clock, kept strictly increasing.
  int64_t presentationTime(int64_t index);

  static constexpr int kVariableRateTicks = 90000;  // the MPEG clock: exact for common rates

  MatteWriterOptions options_;
  std::filesystem::path temp_;
  av::OutputFormatPtr format_;
  av::CodecContextPtr encoder_;
  std::vector<av::FramePtr> frames_;  // encoder input frames, reused once released
  AVFrame* frame_ = nullptr;          // the one being filled (in frames_)
  av::PacketPtr packet_;
  av::SwsPtr sws_;                          // RGB (or grey matte) to the encoder's format
  av::SwsPtr swsDecoded_;                   // decoded Y'CbCr to the encoder's Y'CbCr
  std::array<uint16_t, 256> alphaCodes_{};  // ProRes 4444: 10-bit alpha per label value
  std::array<uint16_t, 256> greyCodes_{};   // ... and per 8-bit soft alpha value
  AVStream* stream_ = nullptr;              // owned by format_
  int64_t next_ = 0;
  int64_t lastPts_ = 0;
  bool finished_ = false;
  bool failed_ = false;
};

}  // namespace rm
