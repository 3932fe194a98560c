#pragma once
// Image-sequence matte formats (png8, png16, label, rgba, exr): one file per frame,
// each written atomically, named from the pattern and the start number.

#include <string>
#include <vector>

#include "engine/media/writers/MatteWriter.h"

namespace rm {

class SequenceMatteWriter final : public MatteWriter {
 public:
  explicit SequenceMatteWriter(MatteWriterOptions options) : options_(std::move(options)) {}
  Status write(const MatteFrame& frame) override;
  Status finish() override { return {}; }
  std::vector<std::string> outputs() const override { return outputs_; }

 private:
  Status writeFile(const std::string& file, const MatteFrame& frame);

  MatteWriterOptions options_;
  int64_t next_ = 0;
  std::vector<std::string> outputs_;
};

}  // namespace rm
