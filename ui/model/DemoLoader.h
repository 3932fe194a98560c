#pragma once
// Setting up a shot: probing a clip and seeding it with polygon keyframes (the bundled
// demo's resources/demo/*.json).

#include <QString>

#include "engine/core/PolygonKeyframe.h"
#include "engine/media/FrameSource.h"
#include "ui/model/Document.h"

namespace rm::bridge {

// Opens `path` once for its stream facts and resets `doc` to an empty shot of it.
Status openClip(const QString& path, Document* doc, StreamInfo* info = nullptr);

// Adds the keyframe's instances (ids, names, colours) and its rasterised label map as a
// keyframe; the result is the document's clean starting point (not undoable).
Status applyPolygonKeyframe(const PolygonKeyframe& key, Document* doc);

}  // namespace rm::bridge
