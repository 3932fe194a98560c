#pragma once
// The metadata every Rotomatch TorchScript feature model carries as the extra file
// rotomatch.json: what the features are (stride, channels, cell-centre offset) and where
// the weights come from (licence, source package).

#include <string>

#include "engine/core/Expected.h"
#include "engine/segment/FeatureExtractor.h"

namespace rm {

// Name of the extra file inside the TorchScript archive.
inline constexpr const char* kModelMetadataFile = "rotomatch.json";

// Parses rotomatch.json; `file` names the model in error messages.
Expected<FeatureInfo> parseModelMetadata(const std::string& json, const std::string& file);

}  // namespace rm
