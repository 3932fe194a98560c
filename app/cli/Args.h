#pragma once
// Minimal command-line parsing for rotomatch-cli subcommands:
// `--key value`, `--key=value`, repeatable keys, boolean `--flag`s and positionals.
// A value starting with `--` must use the `--key=value` form (`--out --threads` is an
// error, not a folder named --threads).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/Expected.h"

namespace rm::cli {

class Args {
 public:
  // `flags` are options that take no value; every other --option takes one.
  static Expected<Args> parse(const std::vector<std::string>& argv,
                              const std::set<std::string>& flags = {});

  bool has(const std::string& key) const { return values_.count(key) > 0; }
  std::optional<std::string> get(const std::string& key) const;
  std::string get(const std::string& key, const std::string& fallback) const;
  std::vector<std::string> getAll(const std::string& key) const;
  // Comma-separated value of `key` ("a,b,,c" -> {a, b, c}); empty when absent.
  std::vector<std::string> getList(const std::string& key) const;
  Expected<int> getInt(const std::string& key, int fallback) const;
  Expected<double> getDouble(const std::string& key, double fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Error naming the first option not in `known`, if any.
  Status rejectUnknown(const std::set<std::string>& known) const;

 private:
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace rm::cli
