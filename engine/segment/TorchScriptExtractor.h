#pragma once
// Feature extractor backed by a TorchScript file: forward(x) takes float RGB [N,3,H,W] in
// [0,1] and returns features [N,C,ceil(H/s),ceil(W/s)]; the file carries its metadata as the
// extra file rotomatch.json (see ModelMetadata.h). The default backbone, trained models and
// studios' own networks all load through here.

#include <memory>
#include <string>

#include "engine/segment/FeatureExtractor.h"

namespace rm {

// Loads `path` onto the resolved device (the thread count is the process's: see
// rm::setComputeThreads). Errors name the file (missing, corrupt, not TorchScript, no metadata).
Expected<std::unique_ptr<FeatureExtractor>> loadTorchScriptExtractor(const std::string& path,
                                                                     const DeviceOptions& options);

}  // namespace rm
