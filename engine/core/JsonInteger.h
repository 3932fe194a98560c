#pragma once
// Integer fields of user JSON (model metadata, keyframe polygons, projects): nlohmann's
// get<int>() converts a float such as 3e25 with a plain cast, which is undefined behaviour
// (fuzz_model_metadata found {"channels": 3.3e25}). A field is taken only as an integer, or
// a float with an integral value, inside the range the caller allows; nullopt otherwise.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

namespace rm {

inline std::optional<int64_t> jsonInteger(const nlohmann::json& value, int64_t lo, int64_t hi) {
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    const auto s = static_cast<int64_t>(v);
    return s >= lo && s <= hi ? std::optional<int64_t>(s) : std::nullopt;
  }
  if (value.is_number_integer()) {
    const int64_t v = value.get<int64_t>();
    return v >= lo && v <= hi ? std::optional<int64_t>(v) : std::nullopt;
  }
  if (value.is_number_float()) {  // range checked before the cast
    const double d = value.get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) ||
        d > static_cast<double>(hi))
      return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace rm
