// `rotomatch-cli export --source SRC --masks DIR --format FORMAT --out PATH
//  [--instance K] [--range IN-OUT] [--start-number N]`: writes mattes from one label map per frame.
// A contract for pipelines: progress on stderr, exit 0 only on success, errors name
// the file; Ctrl-C (or any failure) leaves no partial movie at PATH.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/cli/Args.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/Interrupt.h"
#include "app/cli/ShotExport.h"
#include "engine/media/LibavPtr.h"
#include "engine/media/writers/OutputTarget.h"

namespace rm::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli export: " << message << "\n";
  return code;
}

int runExport(const std::vector<std::string>& argv) {
  static const char* const kUsage =
      "usage: rotomatch-cli export --source SRC --masks DIR --format "
      "png8|png16|label|rgba|prores4444|ffv1|exr --out PATH [--overwrite] [--instance K] "
      "[--range IN-OUT] [--start-number N]";
  auto args = Args::parse(argv, {"overwrite"});
  if (!args.ok()) return fail(args.message() + "\n" + kUsage, kExitUsage);
  if (Status known = args->rejectUnknown(
          {"source", "masks", "format", "out", "overwrite", "instance", "range", "start-number"});
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

  if (const auto text = args->get("range"))
    if (auto syntax = parseFrameRange(*text); !syntax) return fail(syntax.message(), kExitUsage);

  av_log_set_level(AV_LOG_FATAL);  // our errors name the file and carry libav's reason
  const std::string sourcePath = *args->get("source");
  InterruptGuard interrupt;
  OpenOptions openOptions;
  openOptions.cancelled = InterruptGuard::poll();
  auto source = openFrameSource(sourcePath, openOptions);
  if (!source.ok()) return fail(source.message());
  const StreamInfo& info = (*source)->info();
  auto range = resolveFrameRange(args->get("range"), info.frameCount, sourcePath);
  if (!range) return fail(range.message());
  // Output numbers follow the source's (frame IN of shot.1001.png is 1001 + IN).
  auto start = args->getInt("start-number", static_cast<int>(info.firstFrameNumber + range->first));
  if (!start.ok()) return fail(start.message(), kExitUsage);
  if (*start < 0)
    return fail("--start-number must be 0 or more, got " + std::to_string(*start), kExitUsage);

  const std::string masksDir = *args->get("masks");
  auto allMasks = listMasks(masksDir);
  if (!allMasks.ok()) return fail(allMasks.message());
  auto masks = masksForRange(*allMasks, masksDir, **source, *range);
  if (!masks.ok()) return fail(masks.message());

  // The target: never an input, never mixed with an earlier export.
  const std::string outPath = *args->get("out");
  std::vector<fs::path> inputs = sourceFiles(sourcePath);
  inputs.insert(inputs.end(), masks->begin(), masks->end());
  auto targetFiles = matteTargetFiles(*format, outPath, *start, range->count());
  if (!targetFiles.ok()) return fail(targetFiles.message());
  if (Status s = refuseInputs(targetFiles->written, inputs); !s) return fail(s.message());
  if (Status s =
          clearTarget(targetFiles->present, targetFiles->present, outPath, args->has("overwrite"));
      !s)
    return fail(s.message());

  ShotExport shot;
  shot.source = source->get();
  shot.maskFiles = *masks;
  shot.firstFrame = range->first;
  shot.options.format = *format;
  shot.options.outPath = outPath;
  shot.options.instance = *instance;
  shot.options.startNumber = *start;
  shot.cancelled = InterruptGuard::poll();
  auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  shot.progress = [&](int64_t done, int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastReport > std::chrono::milliseconds(250) || done == total) {
      std::cerr << "\rexport: " << done << "/" << total << " frames" << std::flush;
      lastReport = now;
    }
  };
  std::vector<std::string> written;
  const Status status = exportShot(shot, &written);
  std::cerr << "\n";
  const std::string done = isSequenceFormat(*format) ? std::to_string(written.size()) + " of " +
                                                           std::to_string(range->count()) +
                                                           " complete frames written to " + outPath
                                                     : "nothing written to " + outPath;
  if (!status.ok() && InterruptGuard::interrupted()) return fail("interrupted: " + done);
  if (!status.ok()) return fail(status.message() + " (" + done + ")");
  std::cout << "wrote " << range->count() << " frames to " << outPath << "\n";
  return kExitOk;
}

const RegisterCommand kExport{
    {"export",
     "--source SRC --masks DIR --format FORMAT --out PATH [--overwrite] [--instance K] "
     "[--range IN-OUT] "
     "[--start-number N]",
     "write mattes (png8, png16, label, rgba, prores4444, ffv1, exr)", runExport}};

}  // namespace
}  // namespace rm::cli
