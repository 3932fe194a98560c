#pragma once
// Quoting for commands handed to /bin/sh (popen) or written into job scripts.

#include <string>

namespace rm::cli {

// `s` single-quoted for /bin/sh: any text, spaces and quotes included, as one word.
inline std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace rm::cli
