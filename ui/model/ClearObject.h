#pragma once
// Per-object clear: removes one object from a frame or a range of frames, leaving the
// other objects as they are, as one undo step. The frames it touches become keyframes
// ("the object is not here"), so propagation does not bring it back.

#include <QString>

namespace rm::bridge {

class Document;

// Clears object `id` (its labels and its soft edge) on frames [first, last]; frames
// without it are untouched. Returns how many frames changed (0: no undo step).
int clearObject(Document* doc, int id, int first, int last, const QString& undoText);

}  // namespace rm::bridge
