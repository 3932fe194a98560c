// `rotomatch-cli info FILE [--json]`: stream facts of a movie or image sequence.
// The JSON keys are a contract for scripts: width, height, frames, fps ("num/den"),
// pixel_format, bit_depth, rotation (and more, never fewer).
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/Args.h"
#include "app/cli/CommandRegistry.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"

namespace rm::cli {
namespace {

nlohmann::json toJson(const FrameSource& source) {
  const StreamInfo& info = source.info();
  return {{"path", source.path()},
          {"width", info.width},
          {"height", info.height},
          {"frames", info.frameCount},
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
