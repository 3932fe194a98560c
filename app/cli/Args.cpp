#include "app/cli/Args.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace rm::cli {

Expected<Args> Args::parse(const std::vector<std::string>& argv,
                           const std::set<std::string>& flags) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& token = argv[i];
    if (token.rfind("--", 0) != 0 || token == "--") {
      args.positional_.push_back(token);
      continue;
    }
    std::string key = token.substr(2);
    const auto eq = key.find('=');
    if (eq != std::string::npos) {
      args.values_.emplace(key.substr(0, eq), key.substr(eq + 1));
    } else if (flags.count(key)) {
      args.values_.emplace(key, "1");
    } else if (i + 1 < argv.size() && argv[i + 1].rfind("--", 0) == 0) {
      // `--out --threads 2` is a forgotten value, not a folder named --threads
      // (a value that really starts with -- is given as --key=value).
      return makeError("option --" + key + " needs a value, got option " + argv[i + 1]);
    } else if (i + 1 < argv.size()) {
      args.values_.emplace(key, argv[++i]);
    } else {
      return makeError("option --" + key + " needs a value");
    }
  }
  return args;
}

std::optional<std::string> Args::get(const std::string& key) const {
  auto range = values_.equal_range(key);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;  // the last occurrence wins
}

std::string Args::get(const std::string& key, const std::string& fallback) const {
  return get(key).value_or(fallback);
}

std::vector<std::string> Args::getAll(const std::string& key) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it)
    out.push_back(it->second);
  return out;
}

std::vector<std::string> Args::getList(const std::string& key) const {
  std::vector<std::string> out;
  std::stringstream ss(get(key, ""));
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

Expected<int> Args::getInt(const std::string& key, int fallback) const {
  const auto text = get(key);
  if (!text) return fallback;
  int value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size())
    return makeError("--" + key + " expects an integer, got '" + *text + "'");
  return value;
}

Expected<double> Args::getDouble(const std::string& key, double fallback) const {
  const auto text = get(key);
  if (!text) return fallback;
  try {
    size_t used = 0;
    const double value = std::stod(*text, &used);
    // nan and inf are never meaningful settings (--finetune inf trained forever).
    if (used == text->size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  return makeError("--" + key + " expects a finite number, got '" + *text + "'");
}

Status Args::rejectUnknown(const std::set<std::string>& known) const {
  for (const auto& [key, value] : values_)
    if (!known.count(key)) return makeError("unknown option --" + key);
  return {};
}

}  // namespace rm::cli
