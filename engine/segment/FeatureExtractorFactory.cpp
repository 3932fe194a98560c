// createFeatureExtractor(): "colour" selects the built-in colour features, anything else is
// a TorchScript file loaded by the converter's loader.
#include <filesystem>

#include "engine/segment/ColourFeatureExtractor.h"
#include "engine/segment/FeatureExtractor.h"
#include "engine/segment/Segmenter.h"

#include "engine/segment/TorchScriptExtractor.h"

namespace rm {

Expected<std::unique_ptr<FeatureExtractor>> createFeatureExtractor(const std::string& model,
                                                                   const DeviceOptions& device) {
  if (isColourModel(model)) {
    // Colour features are cheap: they always run on the CPU.
    return makeColourFeatureExtractor();
  }
  if (model.empty()) return makeError("no feature model given (a TorchScript file or \"colour\")");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(model, ec))
    return makeError("model file " + model + " does not exist or is not a file");
  return loadTorchScriptExtractor(model, device);
}

}  // namespace rm
