#pragma once
// TF.js *layers* models (Keras model_config) expressed as the equivalent GraphDef ops, so one
// emitter converts both formats. Each layer's last op carries the layer's name (tap "mixed7").

#include <nlohmann/json.hpp>

#include "engine/core/Expected.h"
#include "tools/tfjs_convert/TfjsGraph.h"

namespace rm::tfjs {

// Appends nodes for `modelTopology.model_config` to `graph` (whose weights are loaded).
Status appendKerasLayers(const nlohmann::json& modelTopology, Graph& graph);

}  // namespace rm::tfjs
