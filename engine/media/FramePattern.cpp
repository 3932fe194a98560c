#include "engine/media/FramePattern.h"

#include <cctype>
#include <cstdio>

namespace rm {

namespace {
bool isDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
}  // namespace

std::optional<FramePattern> FramePattern::parse(const std::string& fileName) {
  for (size_t i = 0; i < fileName.size(); ++i) {
    if (fileName[i] == '#') {
      size_t end = i;
      while (end < fileName.size() && fileName[end] == '#')
        ++end;
      return FramePattern{fileName.substr(0, i), fileName.substr(end), static_cast<int>(end - i)};
    }
    if (fileName[i] == '%') {  // %d, %4d, %04d
      size_t j = i + 1;
      while (j < fileName.size() && isDigit(fileName[j]))
        ++j;
      if (j < fileName.size() && fileName[j] == 'd') {
        const std::string digits = fileName.substr(i + 1, j - i - 1);
        const int width = digits.empty() ? 0 : std::stoi(digits);
        return FramePattern{fileName.substr(0, i), fileName.substr(j + 1), width};
      }
    }
  }
  return std::nullopt;
}

std::string FramePattern::name(int64_t number) const {
  char digits[32];
  std::snprintf(digits, sizeof(digits), "%0*lld", width, static_cast<long long>(number));
  return prefix + digits + suffix;
}

std::optional<int64_t> FramePattern::match(const std::string& fileName) const {
  if (fileName.size() <= prefix.size() + suffix.size()) return std::nullopt;
  if (fileName.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  if (fileName.compare(fileName.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  const std::string digits =
      fileName.substr(prefix.size(), fileName.size() - prefix.size() - suffix.size());
  if (digits.size() < static_cast<size_t>(width) || digits.size() > 18) return std::nullopt;
  for (char c : digits)
    if (!isDigit(c)) return std::nullopt;
  return std::stoll(digits);
}

std::optional<FramePattern> numberedNameOf(const std::string& fileName) {
  const size_t dot = fileName.rfind('.');
  const size_t stemEnd = dot == std::string::npos || dot == 0 ? fileName.size() : dot;
  size_t start = stemEnd;
  while (start > 0 && isDigit(fileName[start - 1]))
    --start;
  if (start == stemEnd) return std::nullopt;
  // Numbers may grow past the padding (0999 -> 1000), so `width` is the minimum.
  return FramePattern{fileName.substr(0, start), fileName.substr(stemEnd),
                      static_cast<int>(stemEnd - start)};
}

}  // namespace rm
