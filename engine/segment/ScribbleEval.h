#pragma once
// The DAVIS interactive protocol for the smart brush, simulated and deterministic: on one
// frame of each sequence, start from an empty mask; each round draws one scribble along the
// medial line of the largest wrong region (foreground scribble in a missed region,
// background scribble in a false one), reruns the smart brush with every scribble so far and
// scores the IoU with the ground truth (every labelled object counts as the object).

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/Expected.h"
#include "engine/segment/SmartBrush.h"

namespace rm {

struct Scribble {
  cv::Mat pixels;  // CV_8UC1 0/255; empty when the prediction has no wrong pixel
  bool foreground = true;
};

// The scribble for the largest connected wrong region (8-connected) of `prediction` against
// `truth` (both CV_8UC1, non-zero = object; a tie goes to the missed region): its skeleton
// after eroding it by a third of its depth, so the line keeps clear of its edges, drawn
// `width` pixels wide and clipped to the region.
Scribble nextScribble(const cv::Mat& prediction, const cv::Mat& truth, int width = 3);

struct ScribbleEvalOptions {
  int scribbles = 5;
  int frame = 0;  // the annotated frame of each sequence
  int width = 3;  // scribble width in pixels
};

struct ScribbleSequenceScore {
  std::string name;
  std::vector<double> iou;            // after 1..scribbles
  std::vector<bool> foreground;       // the kind of each scribble
  double featureSeconds = 0;          // extracting the frame's features (once)
  std::vector<double> strokeSeconds;  // each smart brush run (matching + snap)
};

// ROOT in the DAVIS layout (see DavisEval.h).
Expected<ScribbleSequenceScore> evaluateScribbles(SmartBrush& brush, const std::string& root,
                                                  const std::string& name,
                                                  const ScribbleEvalOptions& options = {});

}  // namespace rm
