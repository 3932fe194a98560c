#include "ui/model/DocumentCommands.h"

#include <QCoreApplication>

#include <opencv2/core.hpp>

namespace rm::bridge {

MaskEditCommand::MaskEditCommand(Document* doc, int frame, const cv::Rect& region, MaskRle before,
                                 MaskRle after, FrameState stateBefore, const QString& text,
                                 std::vector<LayerDiff> layers)
    : QUndoCommand(text),
      doc_(doc),
      frame_(frame),
      region_(region),
      before_(std::move(before)),
      after_(std::move(after)),
      stateBefore_(stateBefore),
      layers_(std::move(layers)) {}

void MaskEditCommand::restoreLayer(int id, bool exists, const MaskRle& data) {
  if (!exists)
    doc_->dropSoftLayerRaw(frame_, id);
  else
    doc_->writeSoftLayerRegionRaw(frame_, id, data.empty() ? cv::Rect() : region_, data.decode());
}

void MaskEditCommand::redo() {
  // State first: listeners of maskChanged see the frame as a keyframe already.
  doc_->setStateRaw(frame_, FrameState::Keyframe);
  doc_->writeRegionRaw(frame_, region_, after_.decode());
  for (const LayerDiff& d : layers_)
    restoreLayer(d.id, d.existsAfter, d.after);
  madeStale_ = doc_->markDependentStale(frame_);
}

void MaskEditCommand::undo() {
  doc_->writeRegionRaw(frame_, region_, before_.decode());
  for (const LayerDiff& d : layers_)
    restoreLayer(d.id, d.existedBefore, d.before);
  for (int f : madeStale_)
    doc_->setStateRaw(f, FrameState::Propagated);
  doc_->setStateRaw(frame_, stateBefore_);
}

AddInstanceCommand::AddInstanceCommand(Document* doc, Instance instance, int index)
    : QUndoCommand(
          QCoreApplication::translate("rm::bridge::Document", "Add %1").arg(instance.name)),
      doc_(doc),
      instance_(std::move(instance)),
      index_(index) {}

void AddInstanceCommand::redo() {
  doc_->insertInstanceRaw(index_, instance_);
}
void AddInstanceCommand::undo() {
  doc_->removeInstanceRaw(instance_.id);
}

RemoveInstanceCommand::RemoveInstanceCommand(Document* doc, int id) : doc_(doc) {
  index_ = doc->indexOfInstance(id);
  instance_ = *doc->instance(id);
  setText(QCoreApplication::translate("rm::bridge::Document", "Delete %1").arg(instance_.name));
  for (int f = 0; f < doc->frameCount(); ++f) {
    const cv::Mat* m = doc->mask(f);
    if (m && cv::countNonZero(*m == id) > 0) framesBefore_.emplace_back(f, MaskRle::encode(*m));
    const SoftLayers* layers = doc->softLayers(f);
    if (layers && layers->count(id)) layersBefore_.emplace_back(f, layers->at(id));
  }
}

void RemoveInstanceCommand::redo() {
  for (const auto& [frame, layer] : layersBefore_)
    doc_->dropSoftLayerRaw(frame, instance_.id);
  for (const auto& [frame, before] : framesBefore_) {
    cv::Mat m = before.decode();
    m.setTo(0, m == instance_.id);
    doc_->writeRegionRaw(frame, {0, 0, m.cols, m.rows}, m);
  }
  doc_->removeInstanceRaw(instance_.id);
}

void RemoveInstanceCommand::undo() {
  doc_->insertInstanceRaw(index_, instance_);
  for (const auto& [frame, before] : framesBefore_)
    doc_->writeRegionRaw(frame, {0, 0, before.cols(), before.rows()}, before.decode());
  for (const auto& [frame, layer] : layersBefore_)
    doc_->setSoftLayerRaw(frame, instance_.id, layer);
}

ModifyInstanceCommand::ModifyInstanceCommand(Document* doc, Instance before, Instance after,
                                             const QString& text)
    : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)) {}

void ModifyInstanceCommand::redo() {
  doc_->replaceInstanceRaw(after_);
}
void ModifyInstanceCommand::undo() {
  doc_->replaceInstanceRaw(before_);
}

MoveInstanceCommand::MoveInstanceCommand(Document* doc, int id, int from, int to)
    : QUndoCommand(QCoreApplication::translate("rm::bridge::Document", "Reorder objects")),
      doc_(doc),
      id_(id),
      from_(from),
      to_(to) {}

void MoveInstanceCommand::redo() {
  doc_->moveInstanceRaw(id_, to_);
}
void MoveInstanceCommand::undo() {
  doc_->moveInstanceRaw(id_, from_);
}

PropagationBatchCommand::PropagationBatchCommand(Document* doc) : doc_(doc) {}

void PropagationBatchCommand::record(int frame, const cv::Mat* before, FrameState stateBefore,
                                     MaskRle after, FrameState stateAfter) {
  Entry e{frame,       before != nullptr, before ? MaskRle::encode(*before) : MaskRle(),
          stateBefore, std::move(after),  stateAfter};
  entries_.push_back(std::move(e));
}

void PropagationBatchCommand::redo() {
  if (applied_) return;
  for (const Entry& e : entries_) {
    if (doc_->state(e.frame) == FrameState::Keyframe) continue;
    doc_->setMaskRaw(e.frame, e.after.decode(), e.stateAfter);
  }
  applied_ = true;
}

void PropagationBatchCommand::undo() {
  // Newest first, so a frame recorded twice ends in its oldest state.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (doc_->state(it->frame) == FrameState::Keyframe) continue;
    if (it->hadMask)
      doc_->setMaskRaw(it->frame, it->before.decode(), it->stateBefore);
    else
      doc_->dropMaskRaw(it->frame);
  }
  applied_ = false;
}

}  // namespace rm::bridge
