#include "engine/segment/Segmenter.h"

namespace rm {

// Replaced by the VideoMatch propagator.
Expected<std::unique_ptr<Segmenter>> createSegmenter(const SegmenterParams&) {
  return makeError("no segmenter in this build");
}

}  // namespace rm
