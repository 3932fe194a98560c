#pragma once
// Test fixtures: small movies encoded with libav at test time, whose frames carry
// their own index as a row of black/white blocks so a decoded picture can be
// identified independently of the reader under test.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"

namespace rm::test {

struct ClipSpec {
  std::string encoder = "libx264";  // libav encoder name
  int width = 64;
  int height = 48;
  int frames = 30;
  int gop = 12;
  int bframes = 2;
  int fpsNum = 25, fpsDen = 1;
  // Optional explicit presentation times in 1/timeBaseDen seconds (variable frame rate).
  std::vector<int64_t> pts;
  int timeBaseDen = 1000;
  int rotation = 0;  // display rotation, degrees clockwise
  std::string pixelFormat = "yuv420p";
  std::map<std::string, std::string> options;       // encoder private options
  std::map<std::string, std::string> muxerOptions;  // e.g. movflags=+faststart
  std::string timecode;                             // "HH:MM:SS:FF" stream metadata
  // Colour: BT.709 (tagged) instead of untagged BT.601; full instead of limited range.
  bool bt709 = false;
  bool fullRange = false;
  // RGB8 picture of frame i; empty: syntheticFrame (needed for frameIdOf).
  std::function<cv::Mat(int)> picture;
};

// The RGB8 picture of frame `index` (index coded in the top row of 8x8 blocks).
cv::Mat syntheticFrame(int index, int width, int height);
// Index read back from the block row of a (decoded) RGB8 picture.
int frameIdOf(const cv::Mat& rgb);

// Encodes `spec` to `path` (container from the extension).
Status makeClip(const std::string& path, const ClipSpec& spec);

// An audio-only file (a second of silence, PCM in .wav or AAC in .m4a).
Status makeAudioOnly(const std::string& path);

}  // namespace rm::test
