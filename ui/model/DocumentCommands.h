#pragma once
// Undo steps of the document. Mask edits keep run-length snapshots of the touched
// rectangle only; propagation batches keep one snapshot per frame they changed.

#include <QUndoCommand>
#include <vector>

#include "ui/model/Document.h"
#include "ui/model/MaskRle.h"

namespace rm::bridge {

// A stroke or tool operation on one frame; the frame becomes a keyframe and the
// propagated frames that depend on it (both sides, up to the neighbouring keyframes) turn
// stale.
class MaskEditCommand : public QUndoCommand {
 public:
  // A soft alpha layer's change inside the region. A layer that does not exist on one
  // side is recreated from the label map outside the region, which the edit left as is.
  struct LayerDiff {
    int id;
    bool existedBefore;
    bool existsAfter;
    MaskRle before;
    MaskRle after;
  };
  MaskEditCommand(Document* doc, int frame, const cv::Rect& region, MaskRle before, MaskRle after,
                  FrameState stateBefore, const QString& text, std::vector<LayerDiff> layers = {});
  void undo() override;
  void redo() override;

 private:
  // Labels first: a layer recreated from the label map must see the restored labels.
  void restoreLayer(int id, bool exists, const MaskRle& data);

  Document* doc_;
  int frame_;
  cv::Rect region_;
  MaskRle before_;
  MaskRle after_;
  FrameState stateBefore_;
  std::vector<LayerDiff> layers_;
  std::vector<int> madeStale_;
};

class AddInstanceCommand : public QUndoCommand {
 public:
  AddInstanceCommand(Document* doc, Instance instance, int index);
  void undo() override;
  void redo() override;

 private:
  Document* doc_;
  Instance instance_;
  int index_;
};

// Removes an instance and its pixels on every frame.
class RemoveInstanceCommand : public QUndoCommand {
 public:
  RemoveInstanceCommand(Document* doc, int id);
  void undo() override;
  void redo() override;

 private:
  Document* doc_;
  Instance instance_;
  int index_ = 0;
  std::vector<std::pair<int, MaskRle>> framesBefore_;  // frames that held the id
  std::vector<std::pair<int, cv::Mat>> layersBefore_;  // its soft layers (shared)
};

// Name, colour, visibility or lock change.
class ModifyInstanceCommand : public QUndoCommand {
 public:
  ModifyInstanceCommand(Document* doc, Instance before, Instance after, const QString& text);
  void undo() override;
  void redo() override;

 private:
  Document* doc_;
  Instance before_;
  Instance after_;
};

class MoveInstanceCommand : public QUndoCommand {
 public:
  MoveInstanceCommand(Document* doc, int id, int from, int to);
  void undo() override;
  void redo() override;

 private:
  Document* doc_;
  int id_, from_, to_;
};

// The frames one propagation run produced, undone as a whole. Frames that became
// keyframes since are left alone both ways.
class PropagationBatchCommand : public QUndoCommand {
 public:
  explicit PropagationBatchCommand(Document* doc);
  void record(int frame, const cv::Mat* before, FrameState stateBefore, MaskRle after,
              FrameState stateAfter);
  bool isEmpty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  void undo() override;
  void redo() override;

 private:
  struct Entry {
    int frame;
    bool hadMask;
    MaskRle before;
    FrameState stateBefore;
    MaskRle after;
    FrameState stateAfter;
  };
  Document* doc_;
  std::vector<Entry> entries_;
  bool applied_ = true;  // results were applied live as they streamed in
};

}  // namespace rm::bridge
