#include "engine/media/writers/OutputTarget.h"

#include "engine/media/FramePattern.h"

namespace rm {
namespace fs = std::filesystem;

std::vector<fs::path> sourceFiles(const std::string& source) {
  std::error_code ec;
  fs::path folder = source;
  if (fs::is_regular_file(source, ec)) return {fs::path(source)};
  if (!fs::is_directory(folder, ec)) folder = folder.parent_path();  // a pattern
  if (folder.empty()) folder = ".";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
  return files;
}

Status refuseInputs(const std::vector<fs::path>& outputs, const std::vector<fs::path>& inputs) {
  for (const fs::path& out : outputs) {
    std::error_code ec;
    if (!fs::exists(out, ec)) continue;  // a file still to be made is no input
    for (const fs::path& in : inputs)
      if (fs::equivalent(out, in, ec))
        return makeError("refusing to write " + out.string() + ": it is the input " + in.string());
  }
  return {};
}

Status clearTarget(const std::vector<fs::path>& present, const std::vector<fs::path>& replaced,
                   const std::string& target, bool overwrite) {
  if (present.empty()) return {};
  if (!overwrite)
    return makeError(target + " is not empty (" + present.front().filename().string() +
                     (present.size() > 1 ? " and " + std::to_string(present.size() - 1) + " more"
                                         : std::string()) +
                     "); choose an empty target or pass --overwrite to replace its files");
  for (const fs::path& file : replaced) {
    std::error_code ec;
    if (!fs::remove(file, ec) && ec)
      return makeError("cannot remove " + file.string() + " before overwriting: " + ec.message());
  }
  return {};
}

Expected<MatteTarget> matteTargetFiles(MatteFormat format, const std::string& out,
                                       int64_t startNumber, int64_t frames) {
  MatteTarget target;
  std::error_code ec;
  if (!isSequenceFormat(format)) {
    if (fs::exists(out, ec)) target.present.push_back(out);
    target.written.push_back(out);
    return target;
  }
  const fs::path pattern(out);
  const auto parsed = FramePattern::parse(pattern.filename().string());
  if (!parsed) return sequenceFileName(out, startNumber).error();  // the writer's message
  const fs::path dir = pattern.has_parent_path() ? pattern.parent_path() : fs::path(".");
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && parsed->match(entry.path().filename().string()))
      target.present.push_back(entry.path());
  target.written = target.present;
  for (int64_t i = 0; i < frames; ++i)
    target.written.push_back(dir / parsed->name(startNumber + i));
  return target;
}

}  // namespace rm
