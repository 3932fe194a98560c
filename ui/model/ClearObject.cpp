#include "ui/model/ClearObject.h"

#include <algorithm>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "ui/model/Document.h"

namespace rm::bridge {

int clearObject(Document* doc, int id, int first, int last, const QString& undoText) {
  if (!doc || !doc->isOpen() || id <= 0 || id > 255) return 0;
  first = std::clamp(first, 0, doc->frameCount() - 1);
  last = std::clamp(last, 0, doc->frameCount() - 1);
  std::vector<int> frames;
  for (int f = first; f <= last; ++f) {
    const cv::Mat* mask = doc->mask(f);
    const SoftLayers* layers = doc->softLayers(f);
    if ((mask && cv::countNonZero(*mask == id) > 0) || (layers && layers->count(id)))
      frames.push_back(f);
  }
  if (frames.empty()) return 0;
  QUndoStack* undo = doc->undoStack();
  if (frames.size() > 1) undo->beginMacro(undoText);
  for (int f : frames)
    doc->applyLayeredEdit(f, undoText, [id](cv::Mat& labels, SoftLayers& layers) {
      const cv::Mat hit = labels == id;
      cv::Rect region = cv::boundingRect(hit);
      labels.setTo(0, hit);
      if (const auto it = layers.find(id); it != layers.end()) {
        region |= cv::boundingRect(it->second);  // its soft tail reaches past its labels
        layers.erase(it);
      }
      return region;
    });
  if (frames.size() > 1) undo->endMacro();
  return static_cast<int>(frames.size());
}

}  // namespace rm::bridge
