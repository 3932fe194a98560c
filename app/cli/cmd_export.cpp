// `rotomatch-cli export --source SRC --masks DIR --format FORMAT --out PATH
//  [--instance K] [--range IN-OUT] [--start-number N]`: writes mattes from one label map per frame.
// A contract for pipelines: progress on stderr, exit 0 only on success, errors name
// the file; Ctrl-C (or any failure) leaves no partial movie at PATH.
#include <chrono>
#include <csignal>
#include <iostream>

#include "app/cli/Args.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/ShotExport.h"
#include "engine/media/LibavPtr.h"

namespace rm::cli {
namespace {

volatile std::sig_atomic_t gInterrupted = 0;
void onInterrupt(int) {
  gInterrupted = 1;
}

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli export: " << message << "\n";
  return code;
}

int runExport(const std::vector<std::string>& argv) {
  static const char* const kUsage =
      "usage: rotomatch-cli export --source SRC --masks DIR --format "
      "png8|png16|label|rgba|prores4444|ffv1|exr --out PATH [--instance K] [--range IN-OUT] "
      "[--start-number N]";
  auto args = Args::parse(argv);
  if (!args.ok()) return fail(args.message() + "\n" + kUsage, kExitUsage);
  if (Status known = args->rejectUnknown(
          {"source", "masks", "format", "out", "instance", "range", "start-number"});
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
  auto source = openFrameSource(sourcePath);
  if (!source.ok()) return fail(source.message());
  const StreamInfo& info = (*source)->info();
  auto range = resolveFrameRange(args->get("range"), info.frameCount, sourcePath);
  if (!range) return fail(range.message());
  // Output numbers follow the source's (frame IN of shot.1001.png is 1001 + IN).
  auto start = args->getInt("start-number", static_cast<int>(info.firstFrameNumber + range->first));
  if (!start.ok()) return fail(start.message(), kExitUsage);

  const std::string masksDir = *args->get("masks");
  auto allMasks = listMasks(masksDir);
  if (!allMasks.ok()) return fail(allMasks.message());
  auto masks = masksForRange(*allMasks, masksDir, **source, *range);
  if (!masks.ok()) return fail(masks.message());

  ShotExport shot;
  shot.source = source->get();
  shot.maskFiles = *masks;
  shot.firstFrame = range->first;
  shot.options.format = *format;
  shot.options.outPath = *args->get("out");
  shot.options.instance = *instance;
  shot.options.startNumber = *start;
  shot.cancelled = [] { return gInterrupted != 0; };
  auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  shot.progress = [&](int64_t done, int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastReport > std::chrono::milliseconds(250) || done == total) {
      std::cerr << "\rexport: " << done << "/" << total << " frames" << std::flush;
      lastReport = now;
    }
  };
  gInterrupted = 0;
  auto previous = std::signal(SIGINT, onInterrupt);
  std::vector<std::string> written;
  const Status status = exportShot(shot, &written);
  std::cerr << "\n";
  std::signal(SIGINT, previous);
  if (!status.ok() && gInterrupted != 0)
    return fail("interrupted: " + (isSequenceFormat(*format)
                                       ? std::to_string(written.size()) +
                                             " complete frames written to " + shot.options.outPath
                                       : "nothing written to " + shot.options.outPath));
  if (!status.ok()) return fail(status.message());
  std::cout << "wrote " << range->count() << " frames to " << shot.options.outPath << "\n";
  return kExitOk;
}

const RegisterCommand kExport{
    {"export",
     "--source SRC --masks DIR --format FORMAT --out PATH [--instance K] [--range IN-OUT] "
     "[--start-number N]",
     "write mattes (png8, png16, label, rgba, prores4444, ffv1, exr)", runExport}};

}  // namespace
}  // namespace rm::cli
