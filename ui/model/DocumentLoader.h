#pragma once
// Building a Document outside its undo history: loading a project or the demo, a new clip's
// first object, test fixtures. What a loader sets is the document's starting state;
// everything the artist does goes through the Document's undoable edits (and the undo
// commands alone use its unchecked mutators otherwise).

#include "ui/model/Document.h"

namespace rm::bridge {

class DocumentLoader {
 public:
  explicit DocumentLoader(Document* document) : doc_(document) {}

  void insertInstance(int index, const Instance& instance) {
    doc_->insertInstanceRaw(index, instance);
  }
  void removeInstance(int id) { doc_->removeInstanceRaw(id); }
  // Replaces the frame's labels; its soft layers (which described the old labels) go.
  void setMask(int frame, cv::Mat labels, FrameState state) {
    doc_->setMaskRaw(frame, std::move(labels), state);
  }
  void dropMask(int frame) { doc_->dropMaskRaw(frame); }
  void setSoftLayer(int frame, int id, cv::Mat alpha) {
    doc_->setSoftLayerRaw(frame, id, std::move(alpha));
  }
  void dropSoftLayer(int frame, int id) { doc_->dropSoftLayerRaw(frame, id); }

 private:
  Document* doc_;
};

}  // namespace rm::bridge
