#include "engine/media/writers/MatteExport.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/media/MaskIO.h"

namespace rm {

namespace {

struct Item {
  Expected<MatteFrame> frame = makeError("");
};

// Mask `index`'s label map and, when the format carries it, its source picture:
// the decoded picture while the writer takes it (`useDecoded`, cleared for good the
// first time it does not), else RGB at the source's depth.
Expected<MatteFrame> readFrame(const MatteExportJob& job, const MatteWriter& writer, int64_t index,
                               bool& useDecoded) {
  FrameSource& source = *job.source;
  const StreamInfo& info = source.info();
  auto masks = job.masks(index);
  if (!masks.ok()) return masks.error();
  MatteFrame frame = std::move(*masks);
  if (!job.needPicture) return frame;
  if (useDecoded) {
    auto decoded = source.readDecoded(job.firstFrame + index);
    if (decoded.ok() && *decoded && writer.acceptsDecoded(**decoded)) {
      frame.decoded = *decoded;
      return frame;
    }
    useDecoded = false;  // RGB from here on (re-reading the held frame costs no decode)
  }
  const int64_t frameIndex = job.firstFrame + index;
  auto picture = info.bitDepth > 8 ? source.readRgb16(frameIndex) : source.readRgb8(frameIndex);
  if (!picture.ok()) return makeError(picture.message());
  frame.rgb = *picture;
  return frame;
}

}  // namespace

MatteMaskReader labelMapFiles(std::vector<std::string> files, cv::Size size) {
  return [files = std::move(files), size](int64_t index) -> Expected<MatteFrame> {
    if (index < 0 || index >= static_cast<int64_t>(files.size()))
      return makeError("matte export: no mask file for frame " + std::to_string(index));
    auto labels = readLabelMap(files[static_cast<size_t>(index)], size);
    if (!labels.ok()) return makeError(labels.message());
    return MatteFrame(*labels, {});
  };
}

void takeSourceTiming(MatteWriterOptions& options, const FrameSource& source, int64_t firstFrame,
                      int64_t frames) {
  const StreamInfo& info = source.info();
  options.width = info.width;
  options.height = info.height;
  options.fps = info.fps;
  options.frameSeconds.clear();
  if (info.variableFrameRate) {  // keep the source's timing (a constant rate changed it)
    const double start = source.frameTimeSeconds(firstFrame);
    for (int64_t i = 0; i < frames; ++i)
      options.frameSeconds.push_back(source.frameTimeSeconds(firstFrame + i) - start);
  }
  options.timecode = firstFrame == 0 ? info.timecode : std::string();
  options.sourceBitDepth = info.bitDepth;
}

Status exportMattes(const MatteExportJob& job, MatteWriter& writer) {
  if (job.source == nullptr) return makeError("matte export: no source");
  if (!job.masks) return makeError("matte export: no masks");
  const int64_t total = job.frameCount;
  constexpr size_t kQueueDepth = 3;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Item> queue;
  bool stop = false;

  std::thread reader([&] {
    bool useDecoded = job.decodedPictures;
    for (int64_t i = 0; i < total; ++i) {
      Item item;
      item.frame = readFrame(job, writer, i, useDecoded);
      const bool failed = !item.frame.ok();
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return stop || queue.size() < kQueueDepth; });
      if (stop) return;
      queue.push_back(std::move(item));
      changed.notify_all();
      if (failed) return;
    }
  });

  Status status;
  for (int64_t i = 0; i < total && status.ok(); ++i) {
    if (job.cancelled && job.cancelled()) {
      status = makeError("export cancelled");
      break;
    }
    Item item;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !queue.empty(); });
      item = std::move(queue.front());
      queue.pop_front();
      changed.notify_all();
    }
    status = item.frame.ok() ? writer.write(*item.frame) : Status(makeError(item.frame.message()));
    if (status.ok() && job.progress) job.progress(i + 1, total);
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  changed.notify_all();
  reader.join();
  if (!status.ok()) return status;
  return writer.finish();
}

}  // namespace rm
