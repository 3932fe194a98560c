// `rotomatch-cli info FILE [--json]`: stream facts of a movie or image sequence.
// The JSON keys are a contract for scripts: width, height, frames, fps ("num/den"),
// pixel_format, bit_depth, rotation (and more, never fewer). `frames` counts the
// frames up to the last one that decodes; `frames_indexed` what the container lists.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/Args.h"
#include "app/cli/CommandRegistry.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"

namespace rm::cli {
namespace {

// Frames up to the last one that decodes: the container's index also counts the
// lost tail of a truncated file. Looks back at most 16 frames (one GOP's decode each).
int64_t decodableFrames(FrameSource& source) {
  const int64_t indexed = source.info().frameCount;
  for (int64_t i = indexed - 1; i >= 0 && i >= indexed - 16; --i)
    if (source.readRgb8(i).ok()) return i + 1;
  return indexed;  // nothing at the end decodes: leave the reads to report it
}

nlohmann::json toJson(FrameSource& source) {
  const StreamInfo& info = source.info();
  const int64_t frames = decodableFrames(source);
  if (frames != info.frameCount)
    std::cerr << "rotomatch-cli info: warning: the last " << info.frameCount - frames << " of "
              << info.frameCount << " indexed frames of " << source.path()
              << " do not decode (damaged or truncated); frames counts those that do\n";
  return {{"path", source.path()},
          {"width", info.width},
          {"height", info.height},
          {"frames", frames},
          {"frames_indexed", info.frameCount},
          {"fps", info.fps.str()},
          {"duration", info.durationSeconds},
          {"pixel_format", info.pixelFormat},
          {"bit_depth", info.bitDepth},
          {"rotation", info.rotation},
          {"codec", info.codec},
          {"timecode", info.timecode},
          {"first_frame_number", info.firstFrameNumber},
          {"variable_frame_rate", info.variableFrameRate},
          {"has_alpha", info.hasAlpha}};
}

int runInfo(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv, {"json"});
  if (!args.ok()) {
    std::cerr << "rotomatch-cli info: " << args.message() << "\n";
    return kExitUsage;
  }
  if (Status known = args->rejectUnknown({"json"}); !known.ok()) {
    std::cerr << "rotomatch-cli info: " << known.message() << "\n";
    return kExitUsage;
  }
  if (args->positional().size() != 1) {
    std::cerr << "usage: rotomatch-cli info FILE [--json]\n";
    return kExitUsage;
  }
  av_log_set_level(AV_LOG_FATAL);  // our error names the file and carries libav's reason
  auto source = openFrameSource(args->positional().front());
  if (!source.ok()) {
    std::cerr << "rotomatch-cli info: " << source.message() << "\n";
    return kExitFailure;
  }
  const nlohmann::json facts = toJson(**source);
  if (args->has("json")) {
    std::cout << facts.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& [key, value] : facts.items())
    std::cout << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump())
              << "\n";
  return kExitOk;
}

const RegisterCommand kInfo{{"info", "FILE [--json]", "print stream facts of a clip", runInfo}};

}  // namespace
}  // namespace rm::cli
