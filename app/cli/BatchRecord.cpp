#include "app/cli/BatchRecord.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/core/AtomicFile.h"
#include "engine/core/Version.h"

namespace rm::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// FNV-1a, 64 bits: a change detector, not a security measure.
class Fnv {
 public:
  void add(const std::string& text) {
    for (unsigned char c : text) {
      hash_ ^= c;
      hash_ *= 1099511628211ull;
    }
    add('\n');
  }
  void add(char c) {
    hash_ ^= static_cast<unsigned char>(c);
    hash_ *= 1099511628211ull;
  }
  // A file's path, size and modification time (or that it is missing).
  void addFile(const fs::path& file) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    const auto time = fs::last_write_time(file, ec);
    add(file.string() + " " +
        (ec ? "missing"
            : std::to_string(size) + " " + std::to_string(time.time_since_epoch().count())));
  }
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
    return text;
  }

 private:
  uint64_t hash_ = 1469598103934665603ull;
};

std::string recordPath(const BatchManifest& manifest, const BatchShot& shot) {
  return (fs::path(shotFolder(manifest, shot)) / "record.json").string();
}

}  // namespace

std::string shotFolder(const BatchManifest& manifest, const BatchShot& shot) {
  return (fs::path(manifest.stateDir) / shot.name).string();
}

std::string shotLogPath(const BatchManifest& manifest, const BatchShot& shot) {
  return (fs::path(shotFolder(manifest, shot)) / "log.txt").string();
}

std::string shotInputHash(const BatchShot& shot) {
  Fnv fnv;
  fnv.add(kVersion);
  fnv.add(shot.settings.dump());
  std::error_code ec;
  // The source: a movie file, a folder of frames, or a pattern's folder.
  fs::path source(shot.source);
  if (!fs::exists(source, ec)) source = source.parent_path();
  if (fs::is_directory(source, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(source, ec))
      files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files)
      fnv.addFile(file);
  } else {
    fnv.addFile(source);
  }
  for (const MaskSpec& mask : shot.masks)
    fnv.addFile(mask.file);
  if (!shot.project.empty()) fnv.addFile(fs::path(shot.project) / "project.json");
  if (!shot.params.model.empty() && !isColourModel(shot.params.model))
    fnv.addFile(shot.params.model);
  return fnv.hex();
}

std::optional<ShotRecord> readShotRecord(const BatchManifest& manifest, const BatchShot& shot) {
  std::ifstream in(recordPath(manifest, shot));
  if (!in) return std::nullopt;
  try {
    const json j = json::parse(in);
    ShotRecord record;
    record.status = j.at("status").get<std::string>();
    record.reason = j.value("reason", std::string());
    record.hash = j.value("hash", std::string());
    record.frames = j.value("frames", int64_t(0));
    record.seconds = j.value("seconds", 0.0);
    record.patterns = j.value("outputs", std::vector<std::string>());
    for (const json& f : j.value("files", json::array()))
      record.files.push_back({f.at("path").get<std::string>(), f.at("size").get<uint64_t>()});
    return record;
  } catch (const json::exception&) {
    return std::nullopt;  // unreadable: as if the shot never finished
  }
}

Status writeShotRecord(const BatchManifest& manifest, const BatchShot& shot,
                       const ShotRecord& record) {
  json files = json::array();
  for (const ShotOutputFile& f : record.files)
    files.push_back({{"path", f.path}, {"size", f.size}});
  const json j = {{"shot", shot.name},          {"status", record.status},
                  {"reason", record.reason},    {"hash", record.hash},
                  {"frames", record.frames},    {"seconds", record.seconds},
                  {"outputs", record.patterns}, {"files", files}};
  std::error_code ec;
  fs::create_directories(shotFolder(manifest, shot), ec);
  return writeFileAtomically(recordPath(manifest, shot), j.dump(1) + "\n");
}

Status removeShotRecord(const BatchManifest& manifest, const BatchShot& shot) {
  std::error_code ec;
  fs::remove(recordPath(manifest, shot), ec);
  if (ec) return makeError("cannot remove " + recordPath(manifest, shot) + ": " + ec.message());
  return {};
}

bool shotUpToDate(const BatchManifest& manifest, const BatchShot& shot) {
  const auto record = readShotRecord(manifest, shot);
  if (!record || record->status != "done" || record->hash != shotInputHash(shot)) return false;
  std::error_code ec;
  for (const ShotOutputFile& f : record->files)
    if (fs::file_size(f.path, ec) != f.size || ec) return false;
  return !record->files.empty();
}

Expected<bool> writeBatchReport(const BatchManifest& manifest, const std::set<size_t>& skipped) {
  json shots = json::array();
  std::map<std::string, int> counts;
  std::ostringstream table;
  char line[512];
  std::snprintf(line, sizeof line, "%-24s %7s %9s  %-8s %s\n", "shot", "frames", "seconds",
                "status", "outputs");
  table << line;
  bool allDone = true;
  for (size_t i = 0; i < manifest.shots.size(); ++i) {
    const BatchShot& shot = manifest.shots[i];
    const auto record = readShotRecord(manifest, shot);
    std::string status = record ? record->status : "missing";
    if (status == "done" && skipped.count(i)) status = "skipped";
    allDone = allDone && record && record->status == "done";
    ++counts[status];
    json entry = {{"name", shot.name},
                  {"status", status},
                  {"frames", record ? record->frames : 0},
                  {"seconds", record ? record->seconds : 0.0},
                  {"outputs", record ? record->patterns : std::vector<std::string>()},
                  {"files", record ? record->files.size() : 0},
                  {"log", shotLogPath(manifest, shot)}};
    std::string detail;
    if (record && record->status == "failed") {
      entry["reason"] = record->reason;
      detail = record->reason;
    } else if (!record) {
      entry["reason"] = "no record: the shot did not run or did not finish (see its log)";
      detail = entry["reason"].get<std::string>();
    } else {
      for (const std::string& p : record->patterns)
        detail += (detail.empty() ? "" : ", ") + p;
    }
    shots.push_back(entry);
    std::snprintf(line, sizeof line, "%-24s %7lld %9.1f  %-8s ", shot.name.c_str(),
                  static_cast<long long>(record ? record->frames : 0),
                  record ? record->seconds : 0.0, status.c_str());
    table << line << detail << "\n";
  }
  const json report = {
      {"manifest", manifest.path}, {"shots", shots}, {"counts", counts}, {"allDone", allDone}};
  std::error_code ec;
  fs::create_directories(manifest.stateDir, ec);
  const fs::path state(manifest.stateDir);
  if (Status s = writeFileAtomically(state / "batch-report.json", report.dump(2) + "\n"); !s)
    return makeError(s.message());
  if (Status s = writeFileAtomically(state / "batch-report.txt", table.str()); !s)
    return makeError(s.message());
  std::cout << table.str() << "report: " << (state / "batch-report.json").string() << "\n";
  return allDone;
}

}  // namespace rm::cli
