#!/usr/bin/env bash
# Renders the main window on the bundled demo (vtest.avi, two painted pedestrians) under
# Xvfb and saves it as a PNG, so reviewers can see the workstation without a display.
#   scripts/screenshot.sh [out.png] [propagate-until-frame]
# The README's picture:  scripts/screenshot.sh docs/screenshot.png 24
# Env: ROTOMATCH_BIN (folder with the rotomatch binary; default build/release/bin),
#      ROTOMATCH_MODEL (feature model, when the binary's build tree has none),
#      SCREENSHOT_MAX_KB (default 300: larger pictures are reduced to a 256-colour PNG).
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
# Keep the picture small enough for a repository: a 256-colour palette (no dithering,
# which would defeat PNG compression) is indistinguishable at this size.
MAX_KB="${SCREENSHOT_MAX_KB:-300}"
if [ "$(( $(stat -c %s "$OUT") / 1024 ))" -gt "$MAX_KB" ] && command -v ffmpeg >/dev/null; then
  TMP="$(dirname "$OUT")/.palette-$$.png"
  ffmpeg -loglevel error -y -i "$OUT" \
    -vf "split[a][b];[a]palettegen=max_colors=256[p];[b][p]paletteuse=dither=none" "$TMP"
  mv "$TMP" "$OUT"
fi
printf '==> Wrote %s (%s KB)\n' "$OUT" "$(( $(stat -c %s "$OUT") / 1024 ))"
