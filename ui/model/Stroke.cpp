#include "ui/model/Stroke.h"

#include "ui/model/Document.h"

namespace rm::bridge {

Stroke::Stroke(Document* document, int frame, uint64_t id, QString text)
    : doc_(document), frame_(frame), id_(id), text_(std::move(text)) {}

Stroke::~Stroke() {
  commit();
}

bool Stroke::live() const {
  return doc_ && doc_->strokeId_ == id_ && doc_->strokeFrame_ == frame_;
}

cv::Rect Stroke::paint(cv::Point2d a, cv::Point2d b, double radius, double hardness,
                       const PaintTarget& target) {
  if (!live()) return {};
  const cv::Rect r =
      paintSoftCapsule(doc_->masks_[frame_], doc_->strokeLayers(), a, b, radius, hardness, target);
  dirty_ |= r;
  doc_->strokeUpdated(r);
  return r;
}

bool Stroke::commit() {
  if (!live()) return false;
  return doc_->endStroke(text_, dirty_);
}

}  // namespace rm::bridge
