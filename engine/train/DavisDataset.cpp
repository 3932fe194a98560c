#include "engine/train/DavisDataset.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "engine/media/ImageSequenceSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisEval.h"

namespace rm::train {
namespace fs = std::filesystem;

static std::vector<fs::path> sortedFiles(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == extension)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

static Expected<TrainingSequence> loadSequence(const fs::path& root, const std::string& name,
                                               int height) {
  const fs::path frameDir = root / "JPEGImages" / "480p" / name;
  const fs::path maskDir = root / "Annotations" / "480p" / name;
  auto source = ImageSequenceSource::open(frameDir.string());
  if (!source) return source.error();
  const auto masks = sortedFiles(maskDir, ".png");
  if (masks.empty()) return makeError("sequence " + name + " has no masks in " + maskDir.string());
  const int64_t count = (*source)->info().frameCount;
  if (static_cast<int64_t>(masks.size()) != count)
    return makeError("sequence " + name + ": " + std::to_string(count) + " frames in " +
                     frameDir.string() + " but " + std::to_string(masks.size()) + " masks in " +
                     maskDir.string());
  TrainingSequence seq;
  seq.name = name;
  for (int64_t i = 0; i < count; ++i) {
    auto rgb = (*source)->readRgb8(i);
    if (!rgb) return rgb.error();
    auto labels = readLabelMap(masks[i].string(), rgb->size());
    if (!labels) return labels.error();
    const double f = static_cast<double>(height) / rgb->rows;
    cv::Mat small, smallMask;
    cv::resize(*rgb, small, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::resize(*labels > 0, smallMask, small.size(), 0, 0, cv::INTER_NEAREST);
    seq.frames.push_back(small);
    seq.masks.push_back(smallMask / 255);
  }
  return seq;
}

Expected<std::vector<TrainingSequence>> loadDavisSequences(
    const std::string& root, const std::vector<std::string>& sequences, int height) {
  std::vector<std::string> names = sequences;
  if (names.empty()) {
    auto all = listDavisSequences(root);
    if (!all) return all.error();
    names = *all;
  }
  std::vector<TrainingSequence> out;
  for (const auto& name : names) {
    auto seq = loadSequence(root, name, height);
    if (!seq) return seq.error();
    out.push_back(std::move(*seq));
  }
  return out;
}

}  // namespace rm::train
