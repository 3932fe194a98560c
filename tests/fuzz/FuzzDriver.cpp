// Standalone driver for the fuzz targets in builds without libFuzzer (g++, CI): runs every
// seed file, then a fixed number of deterministic mutations of them, through
// LLVMFuzzerTestOneInput. Takes libFuzzer's syntax for what it understands
// (`-runs=N`, `-seed=N`, `-max_len=N`, corpus folders or files) and ignores other flags,
// so CTest and scripts/fuzz.sh call both kinds of binary the same way.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Values that often sit on a parser's boundaries.
constexpr uint8_t kInteresting[] = {0, 1, 0x7f, 0x80, 0xff, '0', '9', '-', '"', '{', '[', ':'};

// One of libFuzzer's simpler mutations, chosen by `rng`; `other` is a second seed to splice.
void mutate(Bytes& b, const Bytes& other, std::mt19937& rng, size_t maxLen) {
  auto pick = [&](size_t n) { return n == 0 ? size_t(0) : size_t(rng() % n); };
  switch (rng() % 8) {
    case 0:  // flip a bit
      if (!b.empty()) b[pick(b.size())] ^= uint8_t(1u << (rng() % 8));
      break;
    case 1:  // set a byte to an interesting value
      if (!b.empty()) b[pick(b.size())] = kInteresting[pick(sizeof kInteresting)];
      break;
    case 2:  // random byte
      if (!b.empty()) b[pick(b.size())] = uint8_t(rng());
      break;
    case 3:  // insert a run of one byte
      b.insert(b.begin() + std::ptrdiff_t(pick(b.size() + 1)), 1 + pick(16), uint8_t(rng()));
      break;
    case 4:  // erase a range
      if (!b.empty()) {
        const size_t at = pick(b.size());
        b.erase(b.begin() + std::ptrdiff_t(at),
                b.begin() + std::ptrdiff_t(std::min(b.size(), at + 1 + pick(32))));
      }
      break;
    case 5:  // truncate
      b.resize(pick(b.size() + 1));
      break;
    case 6:  // copy a chunk of itself elsewhere
      if (b.size() > 1) {
        const size_t from = pick(b.size()), len = 1 + pick(std::min<size_t>(64, b.size() - from));
        const Bytes chunk(b.begin() + std::ptrdiff_t(from), b.begin() + std::ptrdiff_t(from + len));
        b.insert(b.begin() + std::ptrdiff_t(pick(b.size() + 1)), chunk.begin(), chunk.end());
      }
      break;
    default:  // splice: our head, the other seed's tail
      if (!other.empty()) {
        b.resize(pick(b.size() + 1));
        b.insert(b.end(), other.begin() + std::ptrdiff_t(pick(other.size())), other.end());
      }
  }
  if (b.size() > maxLen) b.resize(maxLen);
}

long flagValue(const char* arg, const char* name, long fallback) {
  const size_t n = std::strlen(name);
  return std::strncmp(arg, name, n) == 0 ? std::strtol(arg + n, nullptr, 10) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 1000, seed = 1, maxLen = 1 << 20;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') {
      runs = flagValue(argv[i], "-runs=", runs);
      seed = flagValue(argv[i], "-seed=", seed);
      maxLen = flagValue(argv[i], "-max_len=", maxLen);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(argv[i], ec)) {
      for (const auto& entry : fs::directory_iterator(argv[i], ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (fs::is_regular_file(argv[i], ec)) {
      files.push_back(argv[i]);
    } else {
      std::fprintf(stderr, "%s: no such corpus file or folder\n", argv[i]);
      return 1;
    }
  }
  std::sort(files.begin(), files.end());  // deterministic order, whatever the file system
  std::vector<Bytes> seeds;
  for (const auto& f : files)
    seeds.push_back(readBytes(f));
  if (seeds.empty()) seeds.push_back({});
  for (const Bytes& s : seeds)
    LLVMFuzzerTestOneInput(s.data(), s.size());
  std::mt19937 rng(static_cast<uint32_t>(seed));
  for (long r = 0; r < runs; ++r) {
    Bytes input = seeds[rng() % seeds.size()];
    const int stacked = 1 + int(rng() % 4);
    for (int m = 0; m < stacked; ++m)
      mutate(input, seeds[rng() % seeds.size()], rng, static_cast<size_t>(maxLen));
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("%zu seeds and %ld mutations ran clean\n", seeds.size(), runs);
  return 0;
}
