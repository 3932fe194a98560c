#include "engine/media/writers/SequenceMatteWriter.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/AtomicFile.h"
#include "engine/media/ExrIO.h"
#include "engine/media/MaskIO.h"

namespace rm {
namespace fs = std::filesystem;

Status SequenceMatteWriter::write(const MatteFrame& frame) {
  if (options_.cancelled && options_.cancelled())
    return makeError("writing " + options_.outPath + " was cancelled");
  auto file = sequenceFileName(options_.outPath, options_.startNumber + next_);
  if (!file.ok()) return makeError(file.message());
  // A killed earlier export of this folder left hidden temporaries behind.
  if (next_ == 0) removeOrphanedTemporaries(fs::path(*file).parent_path());
  if (const std::string problem = matteFrameProblem(frame, options_.width, options_.height);
      !problem.empty())
    return makeError("cannot write " + *file + ": " + problem);
  if (Status status = writeFile(*file, frame); !status.ok()) return status;
  outputs_.push_back(*file);
  ++next_;
  return {};
}

Status SequenceMatteWriter::writeFile(const std::string& file, const MatteFrame& frame) {
  const int instance = options_.instance;
  switch (options_.format) {
    case MatteFormat::Label: {
      if (instance == 0) return writeLabelMap(file, frame.labels);
      cv::Mat only = cv::Mat::zeros(frame.labels.size(), CV_8UC1);
      only.setTo(instance, frame.labels == instance);
      return writeLabelMap(file, only);
    }
    case MatteFormat::Exr: {
      std::vector<std::pair<std::string, cv::Mat>> layers;
      std::vector<int> ids = options_.instances;
      if (instance > 0) ids = {instance};
      if (ids.empty()) ids = {1};
      for (int id : ids)
        layers.emplace_back("obj" + std::to_string(id) + ".A", matteOf(frame, id, false));
      return writeAtomically(
          file, [&](const fs::path& temp) { return writeExrChannels(temp.string(), layers); });
    }
    default:
      break;
  }
  cv::Mat image;
  if (options_.format == MatteFormat::Rgba) {
    if (frame.rgb.empty() || frame.rgb.size() != frame.labels.size())
      return makeError("cannot write " + file + ": no source picture of the mask's size");
    const bool wide = frame.rgb.depth() == CV_16U;
    cv::Mat bgr;
    cv::cvtColor(frame.rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<cv::Mat> planes;
    cv::split(bgr, planes);
    planes.push_back(matteOf(frame, instance, wide));  // straight alpha: RGB untouched
    cv::merge(planes, image);
  } else {
    image = matteOf(frame, instance, options_.format == MatteFormat::Png16);
  }
  // Encoded in memory, then written by writeFileAtomically: a failed write names its reason
  // (cv::imwrite only says false, so a full disk read "cannot write r.0007.png").
  std::vector<uchar> encoded;
  try {
    if (!cv::imencode(fs::path(file).extension().string(), image, encoded))
      return makeError("cannot encode " + file);
  } catch (const cv::Exception& e) {
    return makeError("cannot encode " + file + ": " + e.what());
  }
  return writeFileAtomically(file, std::string(encoded.begin(), encoded.end()));
}

}  // namespace rm
