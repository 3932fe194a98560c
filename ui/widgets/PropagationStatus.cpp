#include "ui/widgets/PropagationStatus.h"

#include <algorithm>
#include <cmath>

namespace rm::ui {

PropagationStatus PropagationStatus::of(const bridge::PropagationProgress& p) {
  using Phase = bridge::PropagationProgress::Phase;
  PropagationStatus s;
  if (p.phase == Phase::Frames) {
    s.maximum = std::max(1, p.total);
    s.value = p.done;
    s.barFormat = QStringLiteral("%1/%2").arg(p.done).arg(p.total);
    s.text = tr("Propagating %1/%2 frames").arg(p.done).arg(p.total);
    if (p.fps > 0) s.text += tr(" · %1 fps").arg(p.fps, 0, 'f', 1);
  } else if (p.phase == Phase::BackwardPass) {
    // Nothing shows until the forward chain fuses this pass: count it instead.
    s.maximum = std::max(1, p.backwardTotal);
    s.value = p.backwardDone;
    s.barFormat = QStringLiteral("%1/%2").arg(p.backwardDone).arg(p.backwardTotal);
    s.text = tr("Preparing backward pass… %1/%2 frames").arg(p.backwardDone).arg(p.backwardTotal);
  } else {
    s.text = tr("Preparing propagation…");
  }
  s.text += p.etaSeconds >= 0 ? tr(" · ETA %1 s").arg(std::lround(p.etaSeconds))
                              : tr(" · estimating time…");
  return s;
}

}  // namespace rm::ui
