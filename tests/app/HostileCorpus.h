#pragma once
// The hostile-input corpus of tst_cli_hostile_corpus, written at test time into one folder:
// valid inputs to combine with (frames/, clip.mp4, mask.png, masks/) and, under bad/, broken
// or abusive ones of every kind rotomatch-cli reads (media, masks, models, manifests,
// projects). Names are what the test rows refer to.

#include <filesystem>

#include "engine/core/Expected.h"

namespace rm::test {

// Writes the corpus into `root` (created); an error names what could not be made.
Status writeHostileCorpus(const std::filesystem::path& root);

}  // namespace rm::test
