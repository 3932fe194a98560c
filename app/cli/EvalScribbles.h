#pragma once
// `rotomatch-cli eval --scribbles N`: the smart brush under the simulated DAVIS interactive
// protocol (engine/segment/ScribbleEval.h), IoU after each of 1..N scribbles.

#include "app/cli/Args.h"

namespace rm::cli {

int runScribbleEval(const Args& args);

}  // namespace rm::cli
