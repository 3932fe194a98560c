#include "app/cli/ShotExport.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "engine/media/FramePattern.h"
#include "engine/media/MaskIO.h"
#include "engine/media/writers/MatteExport.h"

namespace rm::cli {

namespace fs = std::filesystem;

namespace {

// Frame order of two mask names: by the number they end in when both are numbered
// alike (1.png < 2.png < 10.png), else by name.
bool maskBefore(const fs::path& a, const fs::path& b) {
  const std::string na = a.filename().string(), nb = b.filename().string();
  const auto pa = numberedNameOf(na), pb = numberedNameOf(nb);
  if (pa && pb && pa->prefix == pb->prefix && pa->suffix == pb->suffix) {
    const auto ia = pa->match(na), ib = pb->match(nb);
    if (ia && ib && *ia != *ib) return *ia < *ib;
  }
  return na < nb;
}

}  // namespace

Expected<std::vector<std::string>> listMasks(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return makeError("masks folder " + dir + " does not exist");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (entry.is_regular_file(ec) && entry.path().filename().string().front() != '.' &&
        (ext == ".png" || ext == ".tif" || ext == ".tiff" || ext == ".bmp"))
      files.push_back(entry.path().string());
  }
  if (ec) return makeError("cannot list masks folder " + dir + ": " + ec.message());
  if (files.empty()) return makeError("masks folder " + dir + " holds no label-map images");
  std::sort(files.begin(), files.end(),
            [](const std::string& a, const std::string& b) { return maskBefore(a, b); });
  return files;
}

Expected<std::vector<std::string>> masksForRange(const std::vector<std::string>& files,
                                                 const std::string& dir, FrameSource& source,
                                                 const FrameRange& range) {
  const int64_t count = static_cast<int64_t>(files.size());
  const int64_t frameCount = source.info().frameCount;
  if (count == frameCount)
    return std::vector<std::string>(files.begin() + range.first, files.begin() + range.last + 1);
  if (count == range.count()) return files;
  const bool whole = range.first == 0 && range.last == frameCount - 1;
  return makeError(
      "masks folder " + dir + " holds " + std::to_string(count) + " label maps but " +
      source.path() + " has " + std::to_string(frameCount) + " frames" +
      (whole ? "" : " (range " + range.str() + ": " + std::to_string(range.count()) + ")"));
}

Status exportShot(const ShotExport& shot, std::vector<std::string>* outputs) {
  const StreamInfo& info = shot.source->info();
  // Check every mask before writing anything, and gather the instance ids (EXR layers).
  std::set<int> ids;
  const cv::Size size(info.width, info.height);
  for (const std::string& file : shot.maskFiles) {
    auto labels = readLabelMap(file, size);
    if (!labels.ok()) return makeError(labels.message());
    bool seen[256] = {false};
    for (int y = 0; y < labels->rows; ++y) {
      const uint8_t* row = labels->ptr<uint8_t>(y);
      for (int x = 0; x < labels->cols; ++x)
        seen[row[x]] = true;
    }
    for (int v = 1; v < 256; ++v)
      if (seen[v]) ids.insert(v);
  }
  MatteWriterOptions options = shot.options;
  if (options.instance > 0 && ids.count(options.instance) == 0)
    std::cerr << "warning: instance " << options.instance
              << " appears in no mask; its matte is empty\n";
  options.instances.assign(ids.begin(), ids.end());
  takeSourceTiming(options, *shot.source, shot.firstFrame,
                   static_cast<int64_t>(shot.maskFiles.size()));
  options.cancelled = shot.cancelled;
  auto writer = createMatteWriter(options);
  if (!writer.ok()) return makeError(writer.message());

  MatteExportJob job;
  job.source = shot.source;
  job.frameCount = static_cast<int64_t>(shot.maskFiles.size());
  job.masks = labelMapFiles(shot.maskFiles, size);
  job.firstFrame = shot.firstFrame;
  job.needPicture = usesSourcePicture(options.format);
  job.cancelled = shot.cancelled;
  job.progress = shot.progress;
  const Status status = exportMattes(job, **writer);
  if (outputs) *outputs = (*writer)->outputs();
  return status;  // the writer goes here: an unfinished movie removes its temporary file
}

}  // namespace rm::cli
