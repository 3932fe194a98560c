#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs Rotomatch on the bundled demo:
# Debian opencv-doc's vtest.avi with two pedestrians painted on frame 0.
# With a display: opens the GUI on the clip. Without one: the headless demo
# (rotomatch-cli demo) propagates the masks and exports mattes, printing where they went.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${ROTOMATCH_PRESET:-release}"
bash "$ROOT/scripts/setup.sh"
BIN="$ROOT/build/$PRESET/bin"
KEYFRAME="$ROOT/resources/demo/vtest-keyframe.json"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$BIN/rotomatch" ]; then
  printf '\n==> Opening the GUI on the demo clip\n'
  exec "$BIN/rotomatch" --demo "$KEYFRAME"
fi
OUT="${ROTOMATCH_DEMO_OUT:-$ROOT/build/demo-output}"
printf '\n==> No display: running the headless demo into %s\n' "$OUT"
exec "$BIN/rotomatch-cli" demo --keyframe "$KEYFRAME" --out "$OUT" "$@"
