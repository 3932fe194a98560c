// Subcommands whose engine parts have not landed yet. Each entry moves to its own
// cmd_<name>.cpp when implemented; until then it says so and exits with a failure code.
#include <iostream>

#include "app/cli/CommandRegistry.h"

namespace rm::cli {
namespace {

Command planned(const std::string& name, const std::string& usage, const std::string& summary) {
  return Command{name, usage, summary, [name](const std::vector<std::string>&) {
                   std::cerr << "rotomatch-cli " << name
                             << ": not available in this build yet\n";
                   return kExitFailure;
                 }};
}

const RegisterCommand kInfo{planned("info", "FILE [--json]", "print stream facts of a clip")};
const RegisterCommand kExport{planned(
    "export", "--source SRC --masks DIR --format FORMAT --out PATH [--instance K] [--start-number N]",
    "write mattes (png8, png16, label, rgba, prores4444, ffv1, exr)")};
const RegisterCommand kPropagate{planned(
    "propagate", "--input SRC --mask FRAME=PNG [...] --out DIR [--direction forward|backward|both]",
    "propagate keyframe masks through a clip")};
const RegisterCommand kEval{planned("eval", "--dataset ROOT [--sequences a,b] [--json FILE]",
                                    "score propagation on a DAVIS-layout dataset (J and F)")};
const RegisterCommand kTrain{planned("train", "--dataset ROOT --out MODEL [--iterations N]",
                                     "train the matching network end to end")};
const RegisterCommand kModelPath{planned("model-path", "", "print the default model's path")};

}  // namespace
}  // namespace rm::cli
