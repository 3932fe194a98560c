#pragma once
// The artist's loop measured on a DAVIS-layout dataset (issue #16):
//  - `rotomatch-cli eval --scribbles N`: the smart brush under the simulated DAVIS
//    interactive protocol (engine/segment/ScribbleEval.h), IoU after each of 1..N scribbles;
//  - `rotomatch-cli eval --corrections N`: propagation from frame 0, then N simulated
//    corrections of the worst frame (engine/segment/CorrectionEval.h), J and F after each.

#include "app/cli/Args.h"

namespace rm::cli {

int runScribbleEval(const Args& args);
int runCorrectionEval(const Args& args);

}  // namespace rm::cli
