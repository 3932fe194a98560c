#include "ui/model/Document.h"

#include <algorithm>
#include <cmath>

#include "engine/segment/Segmenter.h"
#include "ui/model/DocumentCommands.h"

#include <opencv2/core.hpp>

namespace rm::bridge {

namespace {
QRect toQt(const cv::Rect& r) {
  return {r.x, r.y, r.width, r.height};
}
}  // namespace

QString frameStateName(FrameState state) {
  switch (state) {
    case FrameState::Empty:
      return QStringLiteral("empty");
    case FrameState::Keyframe:
      return QStringLiteral("keyframe");
    case FrameState::Propagated:
      return QStringLiteral("propagated");
    case FrameState::Stale:
      return QStringLiteral("stale");
  }
  return {};
}

bool frameStateFromName(const QString& name, FrameState* state) {
  for (FrameState s :
       {FrameState::Empty, FrameState::Keyframe, FrameState::Propagated, FrameState::Stale}) {
    if (frameStateName(s) == name) {
      *state = s;
      return true;
    }
  }
  return false;
}

Document::Document(QObject* parent) : QObject(parent) {}

Document::~Document() = default;

void Document::reset(const QString& sourcePath, QSize frameSize, int frameCount, double fps) {
  undo_.clear();
  batch_.reset();
  strokeFrame_ = -1;
  sourcePath_ = sourcePath;
  frameSize_ = frameSize;
  frameCount_ = std::max(0, frameCount);
  fps_ = fps > 0 ? fps : 25.0;
  instances_.clear();
  masks_.clear();
  layers_.clear();
  strokeLayersBefore_.clear();
  states_.assign(static_cast<size_t>(frameCount_), FrameState::Empty);
  activity_.assign(static_cast<size_t>(frameCount_), FrameActivity::Idle);
  revisions_.assign(static_cast<size_t>(frameCount_), 0);
  emit documentReset();
  emit instancesChanged();
  emit frameStatesChanged();
}

// ---------------------------------------------------------------- instances

const Instance* Document::instance(int id) const {
  for (const Instance& i : instances_)
    if (i.id == id) return &i;
  return nullptr;
}

int Document::indexOfInstance(int id) const {
  for (int i = 0; i < instances_.size(); ++i)
    if (instances_[i].id == id) return i;
  return -1;
}

QColor Document::defaultColour(int index) {
  // Golden-angle hue steps starting at orange: neighbours are always far apart in hue.
  const double hue = std::fmod(30.0 + index * 137.508, 360.0);
  const double value = (index / 6) % 2 == 0 ? 0.95 : 0.8;
  // Quantised to 8 bits per channel: what project files store.
  return QColor(
      QColor::fromHsvF(static_cast<float>(hue / 360.0), 0.75f, static_cast<float>(value)).rgb());
}

int Document::addInstance(const QString& name) {
  int id = 1;
  while (id <= 255 && instance(id))
    ++id;
  if (id > 255) return 0;
  Instance inst;
  inst.id = id;
  inst.name = name.isEmpty() ? tr("Object %1").arg(id) : name;
  inst.colour = defaultColour(id - 1);
  undo_.push(new AddInstanceCommand(this, inst, static_cast<int>(instances_.size())));
  return id;
}

void Document::removeInstance(int id) {
  if (instance(id)) undo_.push(new RemoveInstanceCommand(this, id));
}

void Document::renameInstance(int id, const QString& name) {
  const Instance* cur = instance(id);
  if (!cur || cur->name == name || name.trimmed().isEmpty()) return;
  Instance after = *cur;
  after.name = name.trimmed();
  undo_.push(new ModifyInstanceCommand(this, *cur, after, tr("Rename %1").arg(cur->name)));
}

void Document::setInstanceColour(int id, const QColor& colour) {
  const Instance* cur = instance(id);
  if (!cur || cur->colour == colour || !colour.isValid()) return;
  Instance after = *cur;
  after.colour = colour;
  undo_.push(new ModifyInstanceCommand(this, *cur, after, tr("Colour of %1").arg(cur->name)));
}

void Document::setInstanceVisible(int id, bool visible) {
  const Instance* cur = instance(id);
  if (!cur || cur->visible == visible) return;
  Instance after = *cur;
  after.visible = visible;
  undo_.push(new ModifyInstanceCommand(
      this, *cur, after, visible ? tr("Show %1").arg(cur->name) : tr("Hide %1").arg(cur->name)));
}

void Document::setInstanceLocked(int id, bool locked) {
  const Instance* cur = instance(id);
  if (!cur || cur->locked == locked) return;
  Instance after = *cur;
  after.locked = locked;
  undo_.push(new ModifyInstanceCommand(
      this, *cur, after, locked ? tr("Lock %1").arg(cur->name) : tr("Unlock %1").arg(cur->name)));
}

void Document::moveInstance(int id, int newIndex) {
  const int from = indexOfInstance(id);
  if (from < 0) return;
  newIndex = std::clamp(newIndex, 0, static_cast<int>(instances_.size()) - 1);
  if (newIndex != from) undo_.push(new MoveInstanceCommand(this, id, from, newIndex));
}

void Document::insertInstanceRaw(int index, const Instance& instance) {
  instances_.insert(std::clamp(index, 0, static_cast<int>(instances_.size())), instance);
  emit instancesChanged();
}

void Document::removeInstanceRaw(int id) {
  const int index = indexOfInstance(id);
  if (index >= 0) instances_.removeAt(index);
  emit instancesChanged();
}

void Document::replaceInstanceRaw(const Instance& instance) {
  const int index = indexOfInstance(instance.id);
  if (index >= 0) instances_[index] = instance;
  emit instancesChanged();
  // Colour/visibility changes repaint every frame's overlay.
  emit maskChanged(-1, {});
}

void Document::moveInstanceRaw(int id, int newIndex) {
  const int from = indexOfInstance(id);
  if (from < 0) return;
  instances_.move(from, std::clamp(newIndex, 0, static_cast<int>(instances_.size()) - 1));
  emit instancesChanged();
}

// ---------------------------------------------------------------- masks, states

const cv::Mat* Document::mask(int frame) const {
  const auto it = masks_.find(frame);
  return it == masks_.end() ? nullptr : &it->second;
}

FrameState Document::state(int frame) const {
  return validFrame(frame) ? states_[static_cast<size_t>(frame)] : FrameState::Empty;
}

FrameActivity Document::activity(int frame) const {
  return validFrame(frame) ? activity_[static_cast<size_t>(frame)] : FrameActivity::Idle;
}

void Document::setActivity(int frame, FrameActivity activity) {
  if (!validFrame(frame) || activity_[static_cast<size_t>(frame)] == activity) return;
  activity_[static_cast<size_t>(frame)] = activity;
  emit frameStatesChanged();
}

std::vector<int> Document::framesInState(FrameState wanted) const {
  std::vector<int> out;
  for (int f = 0; f < frameCount_; ++f)
    if (states_[static_cast<size_t>(f)] == wanted) out.push_back(f);
  return out;
}

std::vector<int> Document::keyframes() const {
  return framesInState(FrameState::Keyframe);
}

int Document::previousKeyframe(int frame) const {
  for (int f = std::min(frame, frameCount_) - 1; f >= 0; --f)
    if (states_[static_cast<size_t>(f)] == FrameState::Keyframe) return f;
  return -1;
}

int Document::nextKeyframe(int frame) const {
  for (int f = std::max(frame + 1, 0); f < frameCount_; ++f)
    if (states_[static_cast<size_t>(f)] == FrameState::Keyframe) return f;
  return -1;
}

PaintTarget Document::paintTarget(int id, bool erase) const {
  PaintTarget t;
  t.id = id;
  t.erase = erase;
  for (const Instance& i : instances_)
    if (i.locked && i.id != id) t.locked[static_cast<size_t>(i.id)] = true;
  return t;
}

uint64_t Document::maskRevision(int frame) const {
  return validFrame(frame) ? revisions_[static_cast<size_t>(frame)] : 0;
}

void Document::touch(int frame, const cv::Rect& region) {
  if (validFrame(frame)) revisions_[static_cast<size_t>(frame)] = ++revisionCounter_;
  emit maskChanged(frame, toQt(region));
}

void Document::setMaskRaw(int frame, cv::Mat labels, FrameState state) {
  if (!validFrame(frame)) return;
  masks_[frame] = std::move(labels);
  layers_.erase(frame);
  states_[static_cast<size_t>(frame)] = state;
  touch(frame, {0, 0, frameSize_.width(), frameSize_.height()});
  emit frameStatesChanged();
}

cv::Mat& Document::writableMask(int frame) {
  auto it = masks_.find(frame);
  if (it == masks_.end())
    it = masks_
             .emplace(frame,
                      cv::Mat(frameSize_.height(), frameSize_.width(), CV_8UC1, cv::Scalar(0)))
             .first;
  else if (it->second.u && it->second.u->refcount > 1)
    it->second = it->second.clone();  // a snapshot still reads the old pixels
  return it->second;
}

cv::Mat Document::sharedMask(int frame) const {
  const auto it = masks_.find(frame);
  if (it == masks_.end()) return {};
  // The stroke in progress paints in place without detaching on every dab.
  return frame == strokeFrame_ ? it->second.clone() : it->second;
}

void Document::writeRegionRaw(int frame, const cv::Rect& region, const cv::Mat& data) {
  if (!validFrame(frame) || region.empty()) return;
  data.copyTo(writableMask(frame)(region));
  touch(frame, region);
}

void Document::setStateRaw(int frame, FrameState state) {
  if (!validFrame(frame) || states_[static_cast<size_t>(frame)] == state) return;
  states_[static_cast<size_t>(frame)] = state;
  emit frameStatesChanged();
}

void Document::dropMaskRaw(int frame) {
  if (!validFrame(frame)) return;
  masks_.erase(frame);
  layers_.erase(frame);
  states_[static_cast<size_t>(frame)] = FrameState::Empty;
  touch(frame, {0, 0, frameSize_.width(), frameSize_.height()});
  emit frameStatesChanged();
}

const SoftLayers* Document::softLayers(int frame) const {
  const auto it = layers_.find(frame);
  return it == layers_.end() || it->second.empty() ? nullptr : &it->second;
}

cv::Mat Document::matte(int frame, int id) const {
  if (const SoftLayers* layers = softLayers(frame)) {
    const auto it = layers->find(id);
    if (it != layers->end()) return frame == strokeFrame_ ? it->second.clone() : it->second;
  }
  const cv::Mat* labels = mask(frame);
  return labels ? cv::Mat(*labels == id) : cv::Mat();
}

SoftLayers Document::sharedSoftLayers(int frame) const {
  const SoftLayers* layers = softLayers(frame);
  if (!layers) return {};
  SoftLayers out = *layers;
  if (frame == strokeFrame_)  // painted in place right now
    for (auto& [id, layer] : out)
      layer = layer.clone();
  return out;
}

void Document::setSoftLayerRaw(int frame, int id, cv::Mat alpha) {
  if (!validFrame(frame) || alpha.type() != CV_8UC1 || alpha.cols != frameSize_.width() ||
      alpha.rows != frameSize_.height())
    return;
  layers_[frame][id] = std::move(alpha);
  touch(frame, {0, 0, frameSize_.width(), frameSize_.height()});
}

void Document::dropSoftLayerRaw(int frame, int id) {
  auto it = layers_.find(frame);
  if (it == layers_.end() || it->second.erase(id) == 0) return;
  if (it->second.empty()) layers_.erase(it);
  touch(frame, {0, 0, frameSize_.width(), frameSize_.height()});
}

void Document::writeSoftLayerRegionRaw(int frame, int id, const cv::Rect& region,
                                       const cv::Mat& data) {
  if (!validFrame(frame)) return;
  SoftLayers& layers = layers_[frame];
  auto it = layers.find(id);
  if (it == layers.end()) {
    const cv::Mat& labels = writableMask(frame);
    it = layers.emplace(id, cv::Mat(labels == id)).first;
  } else if (it->second.u && it->second.u->refcount > 1) {
    it->second = it->second.clone();  // a snapshot still reads the old alpha
  }
  if (!region.empty()) data.copyTo(it->second(region));
  touch(frame, region.empty() ? cv::Rect(0, 0, frameSize_.width(), frameSize_.height()) : region);
}

std::set<int> Document::framesDependingOn(int frame) const {
  std::set<int64_t> keys;
  for (int k : keyframes())
    keys.insert(k);
  std::set<int> out;
  for (int64_t f : framesInvalidatedBy(keys, frame, 0, frameCount_ - 1, Direction::Both))
    if (f != frame) out.insert(int(f));
  return out;
}

std::vector<int> Document::markDependentStale(int frame) {
  std::vector<int> changed;
  for (int f : framesDependingOn(frame)) {
    FrameState& s = states_[static_cast<size_t>(f)];
    if (s == FrameState::Propagated) {
      s = FrameState::Stale;
      changed.push_back(f);
    }
  }
  if (!changed.empty()) emit frameStatesChanged();
  return changed;
}

// ---------------------------------------------------------------- strokes

std::unique_ptr<Stroke> Document::beginStroke(int frame, const QString& text) {
  if (!validFrame(frame)) return nullptr;
  openStroke(frame, text);
  return std::unique_ptr<Stroke>(new Stroke(this, frame, strokeId_, text));
}

cv::Mat& Document::openStroke(int frame, const QString& text) {
  Q_ASSERT(validFrame(frame));
  // An edit landing while the viewer's stroke is open (the smart brush): that stroke is
  // committed first, over the whole frame since only the Stroke knows where it painted.
  if (strokeFrame_ >= 0)
    endStroke(strokeText_, cv::Rect(0, 0, frameSize_.width(), frameSize_.height()));
  cv::Mat& mask = writableMask(frame);
  strokeFrame_ = frame;
  strokeText_ = text;
  ++strokeId_;
  strokeBefore_ = mask.clone();
  strokeLayersBefore_.clear();
  if (auto it = layers_.find(frame); it != layers_.end()) {
    for (auto& [id, layer] : it->second) {
      strokeLayersBefore_[id] = layer.clone();
      if (layer.u && layer.u->refcount > 1) layer = layer.clone();  // painted in place
    }
  }
  return mask;
}

SoftLayers& Document::strokeLayers() {
  Q_ASSERT(strokeFrame_ >= 0);
  return layers_[strokeFrame_];
}

void Document::strokeUpdated(const cv::Rect& region) {
  if (strokeFrame_ >= 0 && !region.empty()) emit maskChanged(strokeFrame_, toQt(region));
}

bool Document::endStroke(const QString& text, const cv::Rect& region) {
  const int frame = strokeFrame_;
  strokeFrame_ = -1;
  if (frame < 0) return false;
  cv::Mat before = std::move(strokeBefore_);
  SoftLayers layersBefore = std::move(strokeLayersBefore_);
  strokeLayersBefore_.clear();
  const cv::Mat& after = masks_[frame];
  const cv::Rect r = region & cv::Rect(0, 0, after.cols, after.rows);

  // Layers left without a soft value say no more than the label map: drop them.
  SoftLayers& layersAfter = layers_[frame];
  for (auto it = layersAfter.begin(); it != layersAfter.end();)
    it = hasSoftValues(it->second) ? std::next(it) : layersAfter.erase(it);
  std::vector<int> ids;
  for (const auto& [id, layer] : layersBefore)
    ids.push_back(id);
  for (const auto& [id, layer] : layersAfter)
    if (!layersBefore.count(id)) ids.push_back(id);
  std::vector<MaskEditCommand::LayerDiff> layerDiffs;
  for (int id : ids) {
    const auto was = layersBefore.find(id);
    const auto now = layersAfter.find(id);
    const bool had = was != layersBefore.end();
    const bool has = now != layersAfter.end();
    if (had && has && (r.empty() || cv::countNonZero(was->second(r) != now->second(r)) == 0))
      continue;
    layerDiffs.push_back({id, had, has,
                          had && !r.empty() ? MaskRle::encode(was->second(r)) : MaskRle(),
                          has && !r.empty() ? MaskRle::encode(now->second(r)) : MaskRle()});
  }
  if (layersAfter.empty()) layers_.erase(frame);

  const bool labelsChanged = !r.empty() && cv::countNonZero(before(r) != after(r)) > 0;
  if (!labelsChanged && layerDiffs.empty()) {
    if (state(frame) == FrameState::Empty && cv::countNonZero(after) == 0) masks_.erase(frame);
    return false;
  }
  // The touched rectangle is the diff; the command re-applies it (idempotent) on push.
  undo_.push(new MaskEditCommand(this, frame, r, MaskRle::encode(before(r)),
                                 MaskRle::encode(after(r)), state(frame), text,
                                 std::move(layerDiffs)));
  return true;
}

bool Document::applyEdit(int frame, const QString& text,
                         const std::function<cv::Rect(cv::Mat&)>& edit) {
  if (!validFrame(frame)) return false;
  return applyLayeredEdit(frame, text, [&](cv::Mat& labels, SoftLayers& layers) {
    if (layers.empty()) return edit(labels);
    const cv::Mat before = labels.clone();
    const cv::Rect r = edit(labels) & cv::Rect(0, 0, labels.cols, labels.rows);
    syncLayersToLabels(labels, before(r), r, layers);
    return r;
  });
}

bool Document::applyLayeredEdit(int frame, const QString& text,
                                const std::function<cv::Rect(cv::Mat&, SoftLayers&)>& edit) {
  if (!validFrame(frame)) return false;
  cv::Mat& m = openStroke(frame, text);
  const cv::Rect r = edit(m, strokeLayers());
  return endStroke(text, r);
}

// ---------------------------------------------------------------- propagation

void Document::beginPropagationBatch() {
  batch_ = std::make_unique<PropagationBatchCommand>(this);
}

bool Document::applyPropagatedFrame(int frame, const cv::Mat& labels, bool stale, MaskRle encoded) {
  if (!validFrame(frame) || state(frame) == FrameState::Keyframe) return false;
  if (labels.type() != CV_8UC1 || labels.cols != frameSize_.width() ||
      labels.rows != frameSize_.height())
    return false;
  if (strokeFrame_ == frame) return false;  // the user is painting it right now
  const FrameState after = stale ? FrameState::Stale : FrameState::Propagated;
  if (batch_) {
    if (encoded.rows() != labels.rows || encoded.cols() != labels.cols)
      encoded = MaskRle::encode(labels);
    batch_->record(frame, mask(frame), state(frame), std::move(encoded), after);
  }
  setMaskRaw(frame, labels.clone(), after);
  return true;
}

void Document::endPropagationBatch(const QString& text) {
  std::unique_ptr<PropagationBatchCommand> batch = std::move(batch_);
  if (!batch || batch->isEmpty()) return;
  batch->setText(text);
  undo_.push(batch.release());  // the undo stack owns its commands
}

}  // namespace rm::bridge
