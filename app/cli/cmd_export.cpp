// `rotomatch-cli export --source SRC --masks DIR --format FORMAT --out PATH
//  [--instance K] [--start-number N]`: writes mattes from one label map per frame.
// A contract for pipelines: progress on stderr, exit 0 only on success, errors name
// the file; Ctrl-C (or any failure) leaves no partial movie at PATH.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>

#include "app/cli/Args.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/Interrupt.h"
#include "app/cli/OutputTarget.h"
#include "engine/media/FramePattern.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"
#include "engine/media/MaskIO.h"
#include "engine/media/writers/MatteExport.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

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

// Label maps of DIR in frame order.
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

struct ExportTarget {
  std::vector<fs::path> present;  // what an earlier export left there
  std::vector<fs::path> written;  // what this one writes (and clears)
};

// Files of `out` for `frames` frames: a sequence's numbered files (any earlier frame of
// the pattern too), or the movie file.
Expected<ExportTarget> exportTargetFiles(MatteFormat format, const std::string& out, int64_t start,
                                         int64_t frames) {
  ExportTarget target;
  std::error_code ec;
  if (!isSequenceFormat(format)) {
    if (fs::exists(out, ec)) target.present.push_back(out);
    target.written.push_back(out);
    return target;
  }
  const fs::path pattern(out);
  const auto parsed = FramePattern::parse(pattern.filename().string());
  if (!parsed) return sequenceFileName(out, start).error();  // the writer's message
  const fs::path dir = pattern.has_parent_path() ? pattern.parent_path() : fs::path(".");
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && parsed->match(entry.path().filename().string()))
      target.present.push_back(entry.path());
  target.written = target.present;
  for (int64_t i = 0; i < frames; ++i)
    target.written.push_back(dir / parsed->name(start + i));
  return target;
}

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli export: " << message << "\n";
  return code;
}

int runExport(const std::vector<std::string>& argv) {
  static const char* const kUsage =
      "usage: rotomatch-cli export --source SRC --masks DIR --format "
      "png8|png16|label|rgba|prores4444|ffv1|exr --out PATH [--overwrite] [--instance K] "
      "[--start-number N]";
  auto args = Args::parse(argv, {"overwrite"});
  if (!args.ok()) return fail(args.message() + "\n" + kUsage, kExitUsage);
  if (Status known = args->rejectUnknown(
          {"source", "masks", "format", "out", "overwrite", "instance", "start-number"});
      !known.ok())
    return fail(known.message() + "\n" + kUsage, kExitUsage);
  for (const char* required : {"source", "masks", "format", "out"})
    if (!args->has(required))
      return fail(std::string("missing --") + required + "\n" + kUsage, kExitUsage);
  if (!args->positional().empty())
    return fail("unexpected argument " + args->positional().front() + "\n" + kUsage, kExitUsage);
  auto format = parseMatteFormat(*args->get("format"));
  if (!format.ok()) return fail(format.message(), kExitUsage);
  auto instance = args->getInt("instance", 0);
  if (!instance.ok()) return fail(instance.message(), kExitUsage);
  if (*instance < 0 || *instance > 255) return fail("--instance must be 1..255", kExitUsage);

  av_log_set_level(AV_LOG_FATAL);  // our errors name the file and carry libav's reason
  const std::string sourcePath = *args->get("source");
  InterruptGuard interrupt;
  OpenOptions openOptions;
  openOptions.cancelled = InterruptGuard::poll();
  auto source = openFrameSource(sourcePath, openOptions);
  if (!source.ok()) return fail(source.message());
  const StreamInfo& info = (*source)->info();
  auto start = args->getInt("start-number", static_cast<int>(info.firstFrameNumber));
  if (!start.ok()) return fail(start.message(), kExitUsage);
  if (*start < 0)
    return fail("--start-number must be 0 or more, got " + std::to_string(*start), kExitUsage);

  auto masks = listMasks(*args->get("masks"));
  if (!masks.ok()) return fail(masks.message());
  if (static_cast<int64_t>(masks->size()) != info.frameCount)
    return fail("masks folder " + *args->get("masks") + " holds " + std::to_string(masks->size()) +
                " label maps but " + sourcePath + " has " + std::to_string(info.frameCount) +
                " frames");

  // Check every mask before writing anything, and gather the instance ids (EXR layers).
  std::set<int> ids;
  const cv::Size size(info.width, info.height);
  for (const std::string& file : *masks) {
    auto labels = readLabelMap(file, size);
    if (!labels.ok()) return fail(labels.message());
    bool seen[256] = {false};
    for (int y = 0; y < labels->rows; ++y) {
      const uint8_t* row = labels->ptr<uint8_t>(y);
      for (int x = 0; x < labels->cols; ++x)
        seen[row[x]] = true;
    }
    for (int v = 1; v < 256; ++v)
      if (seen[v]) ids.insert(v);
  }
  if (*instance > 0 && ids.count(*instance) == 0)
    std::cerr << "rotomatch-cli export: warning: instance " << *instance
              << " appears in no mask; its matte is empty\n";

  // The target: never an input, never mixed with an earlier export.
  const std::string outPath = *args->get("out");
  std::vector<fs::path> inputs = sourceFiles(sourcePath);
  inputs.insert(inputs.end(), masks->begin(), masks->end());
  auto targetFiles = exportTargetFiles(*format, outPath, *start, info.frameCount);
  if (!targetFiles.ok()) return fail(targetFiles.message());
  if (Status s = refuseInputs(targetFiles->written, inputs); !s) return fail(s.message());
  if (Status s =
          clearTarget(targetFiles->present, targetFiles->present, outPath, args->has("overwrite"));
      !s)
    return fail(s.message());

  MatteWriterOptions options;
  options.format = *format;
  options.outPath = outPath;
  options.width = info.width;
  options.height = info.height;
  options.instance = *instance;
  options.instances.assign(ids.begin(), ids.end());
  options.startNumber = *start;
  options.fps = info.fps;
  if (info.variableFrameRate)  // keep the source's timing (a constant rate changed it)
    for (int64_t i = 0; i < info.frameCount; ++i)
      options.frameSeconds.push_back((*source)->frameTimeSeconds(i));
  options.timecode = info.timecode;
  options.sourceBitDepth = info.bitDepth;
  options.cancelled = InterruptGuard::poll();
  auto writer = createMatteWriter(options);
  if (!writer.ok()) return fail(writer.message());

  MatteExportJob job;
  job.source = source->get();
  job.maskFiles = *masks;
  job.needPicture = usesSourcePicture(*format);
  job.cancelled = options.cancelled;
  auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  job.progress = [&](int64_t done, int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastReport > std::chrono::milliseconds(250) || done == total) {
      std::cerr << "\rexport: " << done << "/" << total << " frames" << std::flush;
      lastReport = now;
    }
  };
  const Status status = exportMattes(job, **writer);
  std::cerr << "\n";
  const size_t framesWritten = (*writer)->outputs().size();
  writer->reset();  // an unfinished movie removes its temporary file here
  const std::string done = isSequenceFormat(*format)
                               ? std::to_string(framesWritten) + " of " +
                                     std::to_string(info.frameCount) +
                                     " complete frames written to " + options.outPath
                               : "nothing written to " + options.outPath;
  if (!status.ok() && InterruptGuard::interrupted()) return fail("interrupted: " + done);
  if (!status.ok()) return fail(status.message() + " (" + done + ")");
  std::cout << "wrote " << info.frameCount << " frames to " << options.outPath << "\n";
  return kExitOk;
}

const RegisterCommand kExport{
    {"export",
     "--source SRC --masks DIR --format FORMAT --out PATH [--overwrite] [--instance K] "
     "[--start-number N]",
     "write mattes (png8, png16, label, rgba, prores4444, ffv1, exr)", runExport}};

}  // namespace
}  // namespace rm::cli
