#include "ui/model/DemoLoader.h"
#include "ui/model/DocumentLoader.h"

namespace rm::bridge {

Status openClip(const QString& path, Document* doc, StreamInfo* info) {
  Expected<std::unique_ptr<FrameSource>> source = makeError("");
  try {  // the GUI boundary: a library exception is an error naming the clip
    source = openFrameSource(path.toStdString());
  } catch (const std::exception& e) {
    return makeError("cannot open " + path.toStdString() + ": " + e.what());
  }
  if (!source) return source.error();
  const StreamInfo& facts = source.value()->info();
  if (facts.width <= 0 || facts.height <= 0 || facts.frameCount <= 0)
    return makeError(path.toStdString() + ": no decodable video frames");
  doc->reset(path, QSize(facts.width, facts.height), static_cast<int>(facts.frameCount),
             facts.fps.value());
  if (info) *info = facts;
  return {};
}

Status applyPolygonKeyframe(const PolygonKeyframe& key, Document* doc) {
  if (key.width != doc->frameSize().width() || key.height != doc->frameSize().height())
    return makeError("keyframe is " + std::to_string(key.width) + "x" + std::to_string(key.height) +
                     " but the clip is " + std::to_string(doc->frameSize().width()) + "x" +
                     std::to_string(doc->frameSize().height()));
  if (key.frame < 0 || key.frame >= doc->frameCount())
    return makeError("keyframe index " + std::to_string(key.frame) + " is outside the clip");
  int index = static_cast<int>(doc->instances().size());
  for (const PolygonInstance& p : key.instances) {
    if (doc->instance(p.id)) continue;
    Instance inst;
    inst.id = p.id;
    inst.name = QString::fromStdString(p.name);
    inst.colour = QColor(QString::fromStdString(p.colour));
    if (!inst.colour.isValid()) inst.colour = Document::defaultColour(p.id - 1);
    DocumentLoader(doc).insertInstance(index++, inst);
  }
  DocumentLoader(doc).setMask(static_cast<int>(key.frame), key.rasterize(), FrameState::Keyframe);
  doc->undoStack()->clear();
  doc->undoStack()->setClean();
  return {};
}

}  // namespace rm::bridge
