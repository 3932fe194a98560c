#include "engine/segment/ModelMetadata.h"

#include <nlohmann/json.hpp>

#include "engine/core/JsonInteger.h"

namespace rm {

Expected<FeatureInfo> parseModelMetadata(const std::string& json, const std::string& file) {
  const std::string where = file + ": " + kModelMetadataFile + ": ";
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const std::exception& e) {
    return makeError(where + "not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) return makeError(where + "not a JSON object");
  FeatureInfo info;
  try {
    if (!j.contains("stride") || !j.contains("channels"))
      return makeError(where + "missing \"stride\" or \"channels\"");
    const auto stride = jsonInteger(j.at("stride"), 1, 256);
    const auto channels = jsonInteger(j.at("channels"), 1, 65536);
    if (!stride) return makeError(where + "stride out of range");
    if (!channels) return makeError(where + "channels out of range");
    info.stride = static_cast<int>(*stride);
    info.channels = static_cast<int>(*channels);
    info.name = j.value("name", std::string("unnamed"));
    info.cellOffset = j.value("cellOffset", (info.stride - 1) / 2.0);
    info.licence = j.value("licence", std::string("unknown"));
    info.source = j.value("source", std::string("unknown"));
    // Training learns the softmax temperature; tuning holds knobs measured for this model.
    if (j.contains("softmaxScale"))
      info.tuning["softmaxScale"] = j.at("softmaxScale").get<double>();
    if (j.contains("tuning")) {
      if (!j.at("tuning").is_object()) return makeError(where + "\"tuning\" is not an object");
      for (const auto& [name, value] : j.at("tuning").items())
        info.tuning[name] = value.get<double>();
    }
  } catch (const std::exception& e) {
    return makeError(where + "malformed field (" + e.what() + ")");
  }
  if (info.stride < 1 || info.stride > 256) return makeError(where + "stride out of range");
  if (info.channels < 1 || info.channels > 65536) return makeError(where + "channels out of range");
  return info;
}

}  // namespace rm
