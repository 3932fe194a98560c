#include "app/cli/BatchManifest.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "app/cli/ProjectKeyframes.h"
#include "app/cli/SegmentFlags.h"

namespace rm::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string> kTopKeys = {"version", "state_dir", "defaults", "shots"};
// Keys a shot may take from "defaults" (the rest are the shot's own).
const std::set<std::string> kSettingKeys = {"range",  "direction", "preset", "model",
                                            "device", "threads",   "outputs"};
const std::set<std::string> kOwnKeys = {"name", "source", "masks", "project"};
const std::set<std::string> kOutputKeys = {"format", "path", "instance", "start_number"};

// N of a {frame:N} or {frame:0N} token (1..9 digits), else 0.
int framePadding(const std::string& token) {
  if (token.rfind("frame:", 0) != 0) return 0;
  std::string digits = token.substr(6);
  if (digits.size() == 2 && digits[0] == '0') digits = digits.substr(1);
  return digits.size() == 1 && digits[0] >= '1' && digits[0] <= '9' ? digits[0] - '0' : 0;
}

bool validName(const std::string& name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  return true;
}

// Reads shot entries, resolving paths against the manifest's folder and noting problems.
class ManifestReader {
 public:
  explicit ManifestReader(ManifestRead* out) : out_(*out) {
    base_ = fs::path(out_.manifest.path).parent_path();
  }

  void problem(const std::string& where, const std::string& what) {
    out_.problems.push_back(out_.manifest.path + ": " + where + what);
  }

  std::string absolute(const std::string& path) const {
    return fs::path(path).is_absolute() ? path : (base_ / path).lexically_normal().string();
  }

  // A string member, or nullopt (with a problem when present but not a string).
  std::optional<std::string> text(const json& o, const char* key, const std::string& where) {
    if (!o.contains(key)) return std::nullopt;
    if (!o[key].is_string()) {
      problem(where, std::string("\"") + key + "\" must be a string");
      return std::nullopt;
    }
    return o[key].get<std::string>();
  }

  void unknownKeys(const json& o, const std::set<std::string>& known, const std::string& where) {
    for (const auto& [key, value] : o.items())
      if (!known.count(key)) problem(where, "unknown key \"" + key + "\"");
  }

  void readOutputs(const json& list, const std::string& where, BatchShot* shot) {
    if (!list.is_array() || list.empty()) {
      problem(where, "\"outputs\" must be a non-empty list");
      return;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const json& o = list[i];
      const std::string at = where + "outputs[" + std::to_string(i) + "]: ";
      if (!o.is_object()) {
        problem(at, "must be an object with format and path");
        continue;
      }
      unknownKeys(o, kOutputKeys, at);
      const auto formatName = text(o, "format", at);
      const auto path = text(o, "path", at);
      if (!formatName || !path) {
        if (!o.contains("format") || !o.contains("path"))
          problem(at, "needs \"format\" and \"path\"");
        continue;
      }
      auto format = parseMatteFormat(*formatName);
      if (!format) {
        problem(at, format.message());
        continue;
      }
      std::vector<int> instances{0};
      if (o.contains("instance")) {
        const json& v = o["instance"];
        instances.clear();
        for (const json& id : v.is_array() ? v : json::array({v})) {
          if (!id.is_number_integer() || id.get<int>() < 0 || id.get<int>() > 255)
            problem(at, "\"instance\" must be 0..255 or a list of them, got " + v.dump());
          else
            instances.push_back(id.get<int>());
        }
        if (instances.empty()) continue;
      }
      std::optional<int64_t> start;
      if (o.contains("start_number")) {
        if (!o["start_number"].is_number_integer() || o["start_number"].get<int64_t>() < 0)
          problem(at, "\"start_number\" must be a whole number >= 0");
        else
          start = o["start_number"].get<int64_t>();
      }
      if (!checkPattern(*path, *format, instances.size() > 1, at)) continue;
      for (int id : instances)
        shot->outputs.push_back({*format, absolute(*path), id, start});
    }
  }

  // {shot}, {instance}, {frame} and {frame:N} only; {frame} exactly for sequences.
  bool checkPattern(const std::string& path, MatteFormat format, bool manyInstances,
                    const std::string& at) {
    bool ok = true;
    int frames = 0;
    bool instance = false;
    if (path.find('%') != std::string::npos || path.find('#') != std::string::npos) {
      problem(at, "path " + path + ": use {frame} or {frame:N} for the frame number, not % or #");
      ok = false;
    }
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      const size_t close = path.find('}', open);
      const std::string token =
          close == std::string::npos ? path.substr(open) : path.substr(open + 1, close - open - 1);
      if (token == "shot") continue;
      if (token == "instance") {
        instance = true;
      } else if (token == "frame" || framePadding(token) > 0) {
        ++frames;
      } else {
        problem(at, "path " + path + ": unknown token {" + token +
                        "} (use {shot}, {instance}, {frame} or {frame:04})");
        ok = false;
      }
    }
    if (!ok) return false;  // one message per problem: the tokens first
    if (isSequenceFormat(format) && frames != 1) {
      problem(at, "path " + path + ": a " + matteFormatName(format) +
                      " sequence needs one {frame} or {frame:N} token");
      ok = false;
    }
    if (!isSequenceFormat(format) && frames > 0) {
      problem(at, "path " + path + ": a " + matteFormatName(format) +
                      " movie is one file, it takes no {frame} token");
      ok = false;
    }
    if (manyInstances && !instance) {
      problem(at, "path " + path + ": several instances need an {instance} token");
      ok = false;
    }
    return ok;
  }

  void readShot(const json& entry, size_t index, const json& defaults) {
    std::string where = "shots[" + std::to_string(index) + "]: ";
    if (!entry.is_object()) {
      problem(where, "must be an object");
      return;
    }
    BatchShot shot;
    const auto name = text(entry, "name", where);
    if (!name || !validName(*name)) {
      problem(where, name ? "name \"" + *name + "\" may hold only letters, digits, '.', '_', '-'"
                          : std::string("needs a \"name\""));
      return;
    }
    shot.name = *name;
    where = "shot \"" + shot.name + "\": ";
    if (!names_.insert(shot.name).second) {
      problem(where, "duplicate shot name");  // the first one with this name is checked
      return;
    }
    std::set<std::string> known = kOwnKeys;
    known.insert(kSettingKeys.begin(), kSettingKeys.end());
    unknownKeys(entry, known, where);

    json merged = defaults.is_object() ? defaults : json::object();
    for (const auto& [key, value] : entry.items())
      if (known.count(key)) merged[key] = value;

    if (const auto project = text(merged, "project", where)) {
      shot.project = absolute(*project);
      auto keys = readProjectKeyframes(shot.project);
      if (!keys) {
        problem(where, keys.message());
      } else {
        shot.masks = keys->masks;
        shot.source = keys->source;
        if (keys->inPoint >= 0 || keys->outPoint >= 0)
          shot.range = FrameRange{std::max<int64_t>(keys->inPoint, 0), keys->outPoint};
      }
    }
    if (const auto source = text(merged, "source", where)) shot.source = absolute(*source);
    if (shot.source.empty() && shot.project.empty()) problem(where, "needs a \"source\"");
    if (merged.contains("masks")) {
      if (!merged["masks"].is_array() || merged["masks"].empty()) {
        problem(where, "\"masks\" must be a non-empty list of \"FRAME=PNG\"");
      } else {
        shot.masks.clear();
        for (const json& spec : merged["masks"]) {
          auto mask = spec.is_string() ? parseMaskSpec(spec.get<std::string>())
                                       : Expected<MaskSpec>(makeError("not a string"));
          if (!mask)
            problem(where,
                    "masks: " + spec.dump() + ": expected \"FRAME=PNG\" (" + mask.message() + ")");
          else
            shot.masks.push_back({mask->frame, absolute(mask->file)});
        }
      }
    } else if (shot.project.empty()) {
      problem(where, "needs \"masks\" (a list of \"FRAME=PNG\") or a \"project\" folder");
    }
    if (const auto range = text(merged, "range", where)) {
      if (auto parsed = parseFrameRange(*range, "range"); !parsed)
        problem(where, parsed.message());
      else
        shot.range = *parsed;
    }
    if (const auto direction = text(merged, "direction", where)) {
      auto parsed = parseDirection(*direction);
      if (!parsed)
        problem(where, parsed.message());
      else
        shot.direction = *parsed;
    }
    if (const auto preset = text(merged, "preset", where)) {
      if (*preset != "default" && *preset != "paper")
        problem(where, "preset must be default or paper, got \"" + *preset + "\"");
      shot.params.preset = *preset;
    }
    if (const auto model = text(merged, "model", where))
      shot.params.model = (model->empty() || isColourModel(*model)) ? *model : absolute(*model);
    if (const auto device = text(merged, "device", where)) shot.params.device = *device;
    if (merged.contains("threads")) {
      if (!merged["threads"].is_number_integer() || merged["threads"].get<int>() < 0)
        problem(where, "\"threads\" must be a whole number >= 0");
      else
        shot.params.threads = merged["threads"].get<int>();
    }
    if (merged.contains("outputs"))
      readOutputs(merged["outputs"], where, &shot);
    else
      problem(where, "needs \"outputs\" (here or in \"defaults\")");
    for (const BatchOutput& output : shot.outputs) {
      const std::string path = output.pathFor(shot.name);
      const auto [it, fresh] = writers_.emplace(path, shot.name);
      if (!fresh)
        problem(where, "output " + path + " is also written by shot \"" + it->second + "\"");
    }

    // Without a source or keyframes there is nothing more to check (and one message said so).
    if (shot.source.empty() || shot.masks.empty()) return;

    // What the shot's result depends on (threads do not change it).
    shot.settings = merged;
    shot.settings.erase("threads");
    shot.settings["source"] = shot.source;
    json masks = json::array();
    for (const MaskSpec& m : shot.masks)
      masks.push_back(std::to_string(m.frame) + "=" + m.file);
    shot.settings["masks"] = masks;
    json outputs = json::array();
    for (const BatchOutput& o : shot.outputs)
      outputs.push_back({matteFormatName(o.format), o.pathFor(shot.name), o.instance,
                         o.startNumber ? *o.startNumber : -1});
    shot.settings["outputs"] = outputs;
    out_.manifest.shots.push_back(std::move(shot));
  }

 private:
  ManifestRead& out_;
  fs::path base_;
  std::set<std::string> names_;
  std::map<std::string, std::string> writers_;  // output path -> shot
};

}  // namespace

std::string BatchOutput::pathFor(const std::string& shot) const {
  std::string path;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      path += pattern[i];
      continue;
    }
    const std::string token = pattern.substr(i + 1, close - i - 1);
    if (token == "shot")
      path += shot;
    else if (token == "instance")
      path += std::to_string(instance);
    else if (token == "frame")
      path += "%d";
    else if (framePadding(token) > 0)
      path += "%0" + std::to_string(framePadding(token)) + "d";
    else
      path += "{" + token + "}";
    i = close;
  }
  return path;
}

std::optional<size_t> BatchManifest::find(const std::string& key) const {
  for (size_t i = 0; i < shots.size(); ++i)
    if (shots[i].name == key) return i;
  size_t index = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
  if (ec == std::errc() && end == key.data() + key.size() && index < shots.size()) return index;
  return std::nullopt;
}

ManifestRead readManifest(const std::string& path) {
  ManifestRead read;
  std::error_code ec;
  read.manifest.path = fs::absolute(path, ec).lexically_normal().string();
  ManifestReader reader(&read);
  std::ifstream in(path);
  if (!in) {
    read.problems.push_back("cannot read manifest " + path);
    return read;
  }
  json root;
  try {
    root = json::parse(in);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e99999 (fuzz_manifest)
    read.problems.push_back(read.manifest.path + ": not valid JSON: " + e.what());
    return read;
  }
  if (!root.is_object()) {
    reader.problem("", "must be a JSON object with \"version\" and \"shots\"");
    return read;
  }
  reader.unknownKeys(root, kTopKeys, "");
  if (root.value("version", json()) != json(1)) reader.problem("", "\"version\" must be 1");
  const fs::path manifestPath(read.manifest.path);
  read.manifest.stateDir = manifestPath.parent_path() / (manifestPath.stem().string() + ".batch");
  if (const auto state = reader.text(root, "state_dir", ""))
    read.manifest.stateDir = reader.absolute(*state);
  json defaults = root.value("defaults", json::object());
  if (!defaults.is_object()) {
    reader.problem("", "\"defaults\" must be an object");
    defaults = json::object();
  }
  reader.unknownKeys(defaults, kSettingKeys, "defaults: ");
  for (auto it = defaults.begin(); it != defaults.end();)
    it = kSettingKeys.count(it.key()) ? std::next(it) : defaults.erase(it);
  const json shots = root.value("shots", json());
  if (!shots.is_array() || shots.empty()) {
    reader.problem("", "\"shots\" must be a non-empty list");
    return read;
  }
  for (size_t i = 0; i < shots.size(); ++i)
    reader.readShot(shots[i], i, defaults);
  return read;
}

std::vector<std::string> checkShot(const BatchShot& shot) {
  std::vector<std::string> problems;
  const std::string where = "shot \"" + shot.name + "\": ";
  auto add = [&](const std::string& what) { problems.push_back(where + what); };
  const auto& model = shot.params.model;
  std::error_code ec;
  if (!model.empty() && !isColourModel(model) && !fs::is_regular_file(model, ec))
    add("model " + model + " does not exist");
  for (const BatchOutput& output : shot.outputs) {
    // The nearest existing folder above the output must be a writable folder.
    fs::path folder = fs::path(output.pathFor(shot.name)).parent_path();
    while (!folder.empty() && !fs::exists(folder, ec) && folder != folder.root_path())
      folder = folder.parent_path();
    if (!fs::is_directory(folder, ec) || ::access(folder.c_str(), W_OK) != 0)
      add("output " + output.pathFor(shot.name) + ": cannot create files under " + folder.string());
  }
  auto source = openFrameSource(shot.source);
  if (!source) {
    add(source.message());
    for (const MaskSpec& mask : shot.masks)
      if (!fs::is_regular_file(mask.file, ec)) add("mask " + mask.file + " does not exist");
    return problems;
  }
  const int64_t frameCount = (*source)->info().frameCount;
  auto range = resolveFrameRange(shot.range, frameCount, shot.source, "range");
  if (!range) {
    add(range.message());
    range = FrameRange{0, frameCount - 1};  // still check the masks' sizes
  }
  for (const MaskSpec& mask : shot.masks)
    if (auto labels = loadKeyframe(mask, **source, *range); !labels) add(labels.message());
  return problems;
}

}  // namespace rm::cli
