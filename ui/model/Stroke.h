#pragma once
// A brush stroke in progress on one frame of the Document: each paint() goes live into the
// frame's label map and soft layers (views repaint the touched region at once), and the
// whole stroke becomes ONE undo step when committed. The viewer holds this object instead
// of a pointer into the document's storage. A stroke not committed explicitly is committed
// when it goes, so painted pixels never bypass the undo history.

#include <QPointer>
#include <QString>
#include <cstdint>

#include <opencv2/core/types.hpp>

#include "ui/model/MaskPainter.h"

namespace rm::bridge {

class Document;

class Stroke {
 public:
  Stroke(const Stroke&) = delete;
  Stroke& operator=(const Stroke&) = delete;
  ~Stroke();

  int frame() const { return frame_; }
  // A soft capsule from `a` to `b` (paintSoftCapsule); returns the region it touched
  // (empty once the stroke is committed or the document was reset meanwhile).
  cv::Rect paint(cv::Point2d a, cv::Point2d b, double radius, double hardness,
                 const PaintTarget& target);
  // The undo step, named as given at Document::beginStroke; the frame becomes a keyframe.
  // False when nothing changed (no step) or the stroke is over.
  bool commit();

 private:
  friend class Document;
  Stroke(Document* document, int frame, uint64_t id, QString text);
  bool live() const;

  QPointer<Document> doc_;
  int frame_;
  uint64_t id_;  // the document's stroke number: a reset or a newer stroke ends this one
  QString text_;
  cv::Rect dirty_;
};

}  // namespace rm::bridge
