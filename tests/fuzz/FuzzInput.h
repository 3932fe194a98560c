#pragma once
// Fuzz inputs as the parsers meet them: files on disk. Each process writes into its own
// temporary folder (removed at exit), so parallel fuzzing jobs never share a file.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>

namespace rm::fuzz {

class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/rotomatch-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The process's scratch folder.
inline const std::filesystem::path& scratch() {
  static ScratchDir dir;
  return dir.path();
}

// Writes `bytes` to `name` in the scratch folder (replacing it) and returns its path.
inline std::string writeInput(const std::string& name, std::string_view bytes) {
  const std::filesystem::path file = scratch() / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return file.string();
}

inline std::string_view asText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits an input holding two files at its first NUL byte (a JSON document, then a
// binary side file); without a NUL the second part is empty.
inline std::pair<std::string_view, std::string_view> splitAtNul(std::string_view input) {
  const size_t nul = input.find('\0');
  if (nul == std::string_view::npos) return {input, {}};
  return {input.substr(0, nul), input.substr(nul + 1)};
}

}  // namespace rm::fuzz
