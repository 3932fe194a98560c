#pragma once
// The open shot: source clip facts, instances, per-frame label maps and their states,
// and the undo history. Lives on the GUI thread; every user edit goes through the undo
// stack (strokes store run-length diffs of the touched region, not whole frames).

#include <QList>
#include <QObject>
#include <QRect>
#include <QSize>
#include <QUndoStack>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "ui/model/FrameState.h"
#include "ui/model/MaskPainter.h"
#include "ui/model/MaskRle.h"
#include "ui/model/Stroke.h"

namespace rm::bridge {

class PropagationBatchCommand;

class Document : public QObject {
  Q_OBJECT
 public:
  explicit Document(QObject* parent = nullptr);
  ~Document() override;

  // Starts a new shot: drops instances, masks and undo history.
  void reset(const QString& sourcePath, QSize frameSize, int frameCount, double fps);
  bool isOpen() const { return frameCount_ > 0; }
  QString sourcePath() const { return sourcePath_; }
  void setSourcePath(const QString& path) { sourcePath_ = path; }  // relink
  QSize frameSize() const { return frameSize_; }
  int frameCount() const { return frameCount_; }
  double fps() const { return fps_; }

  // ---- instances (display order) ----
  const QList<Instance>& instances() const { return instances_; }
  const Instance* instance(int id) const;
  int indexOfInstance(int id) const;
  static QColor defaultColour(int index);  // distinct hues, golden-angle spaced

  int addInstance(const QString& name = {});  // undoable; returns the new id (0 if full)
  void removeInstance(int id);                // undoable; also clears its pixels
  void renameInstance(int id, const QString& name);
  void setInstanceColour(int id, const QColor& colour);
  void setInstanceVisible(int id, bool visible);
  void setInstanceLocked(int id, bool locked);
  void moveInstance(int id, int newIndex);

  // ---- masks and states ----
  const cv::Mat* mask(int frame) const;  // nullptr when the frame has none
  FrameState state(int frame) const;
  FrameActivity activity(int frame) const;
  void setActivity(int frame, FrameActivity activity);  // transient; emits frameStatesChanged
  std::vector<int> keyframes() const;
  std::vector<int> framesInState(FrameState state) const;
  int previousKeyframe(int frame) const;  // -1 when none
  int nextKeyframe(int frame) const;      // -1 when none
  // Locked-label table for painting with instance `id`.
  PaintTarget paintTarget(int id, bool erase) const;

  // ---- strokes: the viewer paints live into the mask, then commits one undo step ----
  // Starts a stroke on `frame` (its mask is created empty if needed) that becomes the undo
  // step `text`; a stroke still open on another frame is committed first.
  std::unique_ptr<Stroke> beginStroke(int frame, const QString& text);
  bool strokeActive() const { return strokeFrame_ >= 0; }
  // A whole-operation edit (fill holes, polygon, clear): `edit` returns the changed region.
  // Hard edits: soft alpha layers follow the label changes (syncLayersToLabels).
  bool applyEdit(int frame, const QString& text, const std::function<cv::Rect(cv::Mat&)>& edit);
  // An edit that updates the soft alpha layers itself.
  bool applyLayeredEdit(int frame, const QString& text,
                        const std::function<cv::Rect(cv::Mat&, SoftLayers&)>& edit);

  // ---- soft alpha (feathered brush edges) ----
  // The layers of a frame (nullptr when it has none); see MaskPainter.h for the model.
  const SoftLayers* softLayers(int frame) const;
  // Alpha of instance `id` on `frame` (CV_8UC1 0..255): its layer, or 255 on its label.
  // Empty when the frame has no mask.
  cv::Mat matte(int frame, int id) const;
  // Copy-on-write shares of a frame's layers, safe to read on any thread.
  SoftLayers sharedSoftLayers(int frame) const;

  // ---- propagation results ----
  void beginPropagationBatch();
  // Stores an engine result unless the frame is a keyframe (corrections stick);
  // `stale` marks a result computed from keyframes edited since. Returns false if dropped.
  // `encoded`: the labels run-length encoded already (off the GUI thread), for the undo
  // batch; encoded here when empty.
  bool applyPropagatedFrame(int frame, const cv::Mat& labels, bool stale = false,
                            MaskRle encoded = {});
  // Pushes the batch as one undo step (nothing if empty).
  void endPropagationBatch(const QString& text);

  // Frames whose propagation depends on keyframe `frame`, on both sides: those between the
  // keyframe before it (or the start) and the one after it (or the end), keyframes excluded
  // (the engine's framesInvalidatedBy for two directions).
  std::set<int> framesDependingOn(int frame) const;
  // Of those, the propagated ones: now stale (a correction re-propagates both sides).
  std::vector<int> markDependentStale(int frame);

  // A read-only copy of a frame's mask that shares memory: masks are copy-on-write (every
  // in-place edit detaches a shared mask first), so the copy may be read on any thread.
  cv::Mat sharedMask(int frame) const;

  QUndoStack* undoStack() { return &undo_; }
  bool isDirty() const { return !undo_.isClean(); }
  // Monotonic per-frame mask revision, so savers write only changed masks.
  uint64_t maskRevision(int frame) const;

 signals:
  void documentReset();
  void instancesChanged();
  void maskChanged(int frame, QRect region);
  void frameStatesChanged();

 private:
  friend class Stroke;
  friend class DocumentLoader;
  friend class MaskEditCommand;
  friend class AddInstanceCommand;
  friend class RemoveInstanceCommand;
  friend class ModifyInstanceCommand;
  friend class MoveInstanceCommand;
  friend class PropagationBatchCommand;
  // Unchecked, non-undoable mutators: for the undo commands and DocumentLoader only.
  // Replaces the frame's labels; its soft layers (which described the old labels) go.
  void setMaskRaw(int frame, cv::Mat labels, FrameState state);
  void writeRegionRaw(int frame, const cv::Rect& region, const cv::Mat& data);
  void setStateRaw(int frame, FrameState state);
  void dropMaskRaw(int frame);  // also drops its soft layers
  void setSoftLayerRaw(int frame, int id, cv::Mat alpha);
  void dropSoftLayerRaw(int frame, int id);
  // Writes `data` into the region of the layer, creating the layer from the label map
  // (255 on `id`, else 0) when the frame has none for `id`.
  void writeSoftLayerRegionRaw(int frame, int id, const cv::Rect& region, const cv::Mat& data);
  void insertInstanceRaw(int index, const Instance& instance);
  void removeInstanceRaw(int id);
  void replaceInstanceRaw(const Instance& instance);
  void moveInstanceRaw(int id, int newIndex);

  // The stroke's storage: the frame's mask for in-place painting, its soft layers, the
  // live notification, and the commit (diff of `region` against the state at openStroke).
  cv::Mat& openStroke(int frame, const QString& text);
  SoftLayers& strokeLayers();
  void strokeUpdated(const cv::Rect& region);
  bool endStroke(const QString& text, const cv::Rect& region);

  bool validFrame(int frame) const { return frame >= 0 && frame < frameCount_; }
  void touch(int frame, const cv::Rect& region);
  cv::Mat& writableMask(int frame);  // creates or detaches before an in-place edit

  QString sourcePath_;
  QSize frameSize_;
  int frameCount_ = 0;
  double fps_ = 25.0;
  QList<Instance> instances_;
  std::map<int, cv::Mat> masks_;
  std::map<int, SoftLayers> layers_;  // frame -> soft alpha layers (only frames with some)
  std::vector<FrameState> states_;
  std::vector<FrameActivity> activity_;
  std::vector<uint64_t> revisions_;
  uint64_t revisionCounter_ = 0;
  QUndoStack undo_;

  int strokeFrame_ = -1;
  uint64_t strokeId_ = 0;  // the open Stroke's number (see Stroke::live)
  QString strokeText_;     // its undo step's name
  cv::Mat strokeBefore_;
  SoftLayers strokeLayersBefore_;                   // deep copies taken at beginStroke
  std::unique_ptr<PropagationBatchCommand> batch_;  // until pushed onto undo_
};

}  // namespace rm::bridge
