#pragma once
// Value types shared by the document, the controller and the widgets.

#include <QColor>
#include <QString>
#include <cstdint>

namespace rm::bridge {

// Persistent per-frame state, saved with the project and undone with the edits.
enum class FrameState : uint8_t {
  Empty,       // no mask yet
  Keyframe,    // painted (or corrected) by the user: never overwritten by propagation
  Propagated,  // computed by the engine from the keyframes
  Stale,       // propagated, but an upstream keyframe changed since
};

// Transient per-frame activity of the running propagation; not saved, not undoable.
enum class FrameActivity : uint8_t { Idle, InProgress, Failed };

// One object being rotoscoped; `id` is its value in the label maps (1..255).
struct Instance {
  int id = 0;
  QString name;
  QColor colour;
  bool visible = true;
  bool locked = false;  // locked instances are protected from painting by other instances
};

QString frameStateName(FrameState state);  // "keyframe", ... (project files)
bool frameStateFromName(const QString& name, FrameState* state);

}  // namespace rm::bridge
