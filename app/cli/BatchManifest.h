#pragma once
// The shot manifest of `rotomatch-cli batch` (format in README, "Running on a farm"): a
// JSON file listing shots (source, keyframe masks or a GUI project, range, matching
// settings, outputs with {shot}/{instance}/{frame:N} path patterns). Reading collects every
// problem instead of stopping at the first, so `batch validate` reports them all at once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/FrameRange.h"
#include "app/cli/ShotPropagate.h"
#include "engine/media/writers/MatteWriter.h"
#include "engine/segment/Segmenter.h"

namespace rm::cli {

struct BatchOutput {
  MatteFormat format = MatteFormat::Png8;
  std::string pattern;                 // absolute, with the manifest's tokens
  int instance = 0;                    // 0: union of all instances
  std::optional<int64_t> startNumber;  // default: the source number of the range's first frame
  // The writer's path for `shot`: {shot} and {instance} filled in, {frame:N} -> %0Nd.
  std::string pathFor(const std::string& shot) const;
};

struct BatchShot {
  std::string name;
  std::string source;               // absolute
  std::vector<MaskSpec> masks;      // absolute files (from "masks" or the project)
  std::string project;              // absolute project folder, or empty
  std::optional<FrameRange> range;  // unset: the whole clip, or the project's in/out
  Direction direction = Direction::Both;
  SegmenterParams params;  // threads 0: chosen by the runner
  std::vector<BatchOutput> outputs;
  nlohmann::json settings;  // the shot's resolved entry (defaults merged): part of its hash
};

struct BatchManifest {
  std::string path;      // the manifest file, absolute
  std::string stateDir;  // per-shot records and logs, batch-report.json
  std::vector<BatchShot> shots;
  // Index of the shot named or numbered (0-based) `key`; nullopt when there is none.
  std::optional<size_t> find(const std::string& key) const;
};

struct ManifestRead {
  BatchManifest manifest;
  std::vector<std::string> problems;  // one line each, naming the manifest and the shot
};

// Parses and checks the manifest's structure: JSON syntax, unknown keys, types, duplicate
// shot names, formats, path tokens, outputs two shots would both write. Reads no media.
ManifestRead readManifest(const std::string& path);

// Everything that can be checked before running `shot`: its source opens, its range fits the
// clip, each keyframe mask exists, fits the clip's size and range and is not empty, the model
// file exists, each output folder can be created. Writes nothing.
std::vector<std::string> checkShot(const BatchShot& shot);

}  // namespace rm::cli
