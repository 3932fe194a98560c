#!/usr/bin/env bash
# Renders the main window on the bundled demo (vtest.avi, two painted pedestrians) under
# Xvfb and saves it as a PNG, so reviewers can see the workstation without a display.
#   scripts/screenshot.sh [out.png] [propagate-until-frame]
# Env: ROTOMATCH_BIN (folder with the rotomatch binary; default build/release/bin),
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build/screenshots/rotomatch-main-window.png}"
UNTIL="${2:-0}"
BIN="${ROTOMATCH_BIN:-$ROOT/build/release/bin}"
KEYFRAME="$ROOT/resources/demo/vtest-keyframe.json"
if [ ! -x "$BIN/rotomatch" ]; then
  echo "screenshot.sh: $BIN/rotomatch not found; build first (or set ROTOMATCH_BIN)" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run missing (apt-get install xvfb)" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
# A private settings folder: the screenshot never touches the user's preferences.
export XDG_CONFIG_HOME="$(mktemp -d)" XDG_DATA_HOME="$(mktemp -d)"
trap 'rm -rf "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"' EXIT
printf '==> Rendering %s (propagate until frame %s)\n' "$OUT" "$UNTIL"
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$BIN/rotomatch" --demo "$KEYFRAME" --screenshot "$OUT" --propagate-to "$UNTIL"
printf '==> Wrote %s\n' "$OUT"
