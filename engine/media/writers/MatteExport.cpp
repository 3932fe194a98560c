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

}  // namespace

Status exportMattes(const MatteExportJob& job, MatteWriter& writer) {
  if (job.source == nullptr) return makeError("matte export: no source");
  const int64_t total = static_cast<int64_t>(job.maskFiles.size());
  const StreamInfo& info = job.source->info();
  const cv::Size size(info.width, info.height);
  constexpr size_t kQueueDepth = 3;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Item> queue;
  bool stop = false;

  std::thread reader([&] {
    for (int64_t i = 0; i < total; ++i) {
      Item item;
      auto labels = readLabelMap(job.maskFiles[static_cast<size_t>(i)], size);
      if (!labels.ok()) {
        item.frame = makeError(labels.message());
      } else {
        MatteFrame frame{*labels, {}};
        if (job.needPicture) {
          auto picture = info.bitDepth > 8 ? job.source->readRgb16(i) : job.source->readRgb8(i);
          if (picture.ok())
            frame.rgb = *picture;
          else
            item.frame = makeError(picture.message());
        }
        if (!job.needPicture || !frame.rgb.empty()) item.frame = frame;
      }
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
