#!/usr/bin/env bash
# Renders the main window on the bundled demo (vtest.avi, two painted pedestrians) under
# Xvfb and saves it as a PNG, so reviewers can see the workstation without a display.
#   scripts/screenshot.sh [out.png] [propagate-until-frame]
# The README's picture:  scripts/screenshot.sh docs/screenshot.png 24
# Env: ROTOMATCH_BIN (folder with the rotomatch binary; default build/release/bin),
#      ROTOMATCH_MODEL (feature model, when the binary's build tree has none),
#      SCREENSHOT_MAX_KB (default 300: larger pictures are reduced to a 256-colour PNG).
#   scripts/screenshot.sh --views DIR
#     the views of issue #20, driven by `rotomatch --automation` on the demo: the backward
#     pass of F5, the selected object's matte, onion skin, side by side at the working zoom,
#     the preferences, the export dialog, and the recovery prompt after a crash.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VIEWS=""
if [ "${1:-}" = "--views" ]; then
  VIEWS="$(mkdir -p "${2:?--views needs a folder}" && cd "$2" && pwd)"
fi
OUT="" UNTIL=0
if [ -z "$VIEWS" ]; then
  OUT="${1:-$ROOT/build/screenshots/rotomatch-main-window.png}"
  UNTIL="${2:-0}"
  mkdir -p "$(dirname "$OUT")"
fi
BIN="${ROTOMATCH_BIN:-$ROOT/build/release/bin}"
KEYFRAME="$ROOT/resources/demo/vtest-keyframe.json"
if [ ! -x "$BIN/rotomatch" ]; then
  echo "screenshot.sh: $BIN/rotomatch not found; build first (or set ROTOMATCH_BIN)" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run missing (apt-get install xvfb)" >&2; exit 1; }
# A private settings folder: the screenshot never touches the user's preferences.
export XDG_CONFIG_HOME="$(mktemp -d)" XDG_DATA_HOME="$(mktemp -d)"
trap 'rm -rf "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"' EXIT
# Keep a picture small enough for a repository: a 256-colour palette (no dithering,
# which would defeat PNG compression) is indistinguishable at this size.
shrink() {
  local out="$1" max_kb="${SCREENSHOT_MAX_KB:-300}"
  if [ "$(( $(stat -c %s "$out") / 1024 ))" -gt "$max_kb" ] && command -v ffmpeg >/dev/null; then
    local tmp
    tmp="$(dirname "$out")/.palette-$$.png"
    ffmpeg -loglevel error -y -i "$out" \
      -vf "split[a][b];[a]palettegen=max_colors=256[p];[b][p]paletteuse=dither=none" "$tmp"
    mv "$tmp" "$out"
  fi
  printf '==> Wrote %s (%s KB)\n' "$out" "$(( $(stat -c %s "$out") / 1024 ))"
}
run() { xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN/rotomatch" "$@"; }

if [ -z "$VIEWS" ]; then
  printf '==> Rendering %s (propagate until frame %s)\n' "$OUT" "$UNTIL"
  run --demo "$KEYFRAME" --screenshot "$OUT" --propagate-to "$UNTIL"
  shrink "$OUT"
  exit 0
fi

printf '==> Rendering the issue #20 views into %s\n' "$VIEWS"
SCRIPT="$XDG_CONFIG_HOME/views.json"
cat > "$SCRIPT" <<JSON
[
  {"do": "waitShown"},
  {"do": "propagate", "direction": "forward", "first": 0, "last": 20},
  {"do": "waitIdle"},
  {"do": "frame", "frame": 20},
  {"do": "select", "object": 2},
  {"do": "menu", "text": "Clear Selected Object on Frame"},
  {"do": "propagate", "direction": "both", "first": 0, "last": 30},
  {"do": "wait", "ms": 4000},
  {"do": "grab", "path": "$VIEWS/f5-backward-pass.png"},
  {"do": "menu", "text": "Cancel Propagation"},
  {"do": "waitIdle"},
  {"do": "frame", "frame": 12},
  {"do": "select", "object": 1},
  {"do": "menu", "text": "Overlay: Matte"},
  {"do": "grab", "path": "$VIEWS/matte-selected-object.png"},
  {"do": "menu", "text": "Overlay: Outline"},
  {"do": "menu", "text": "Onion Skin (Previous/Next Frame Outline)"},
  {"do": "zoom", "factor": 2.0},
  {"do": "grab", "path": "$VIEWS/onion-skin.png"},
  {"do": "menu", "text": "Onion Skin (Previous/Next Frame Outline)"},
  {"do": "menu", "text": "Side by Side: Source | Overlay"},
  {"do": "grab", "path": "$VIEWS/side-by-side-zoom.png"},
  {"do": "menu", "text": "Preferences..."},
  {"do": "grabDialog", "title": "Preferences", "path": "$VIEWS/preferences.png"},
  {"do": "menu", "text": "Export Mattes..."},
  {"do": "grabDialog", "title": "Export Mattes", "path": "$VIEWS/export-dialog.png"},
  {"do": "wait", "ms": 2500},
  {"do": "crash"}
]
JSON
run --demo "$KEYFRAME" --automation "$SCRIPT" || true  # the last step kills it
cat > "$SCRIPT" <<JSON
[
  {"do": "grabDialog", "title": "Recover unsaved work", "path": "$VIEWS/recovery-prompt.png"},
  {"do": "quit"}
]
JSON
run --automation "$SCRIPT"
for view in f5-backward-pass matte-selected-object onion-skin side-by-side-zoom preferences \
  export-dialog recovery-prompt; do
  shrink "$VIEWS/$view.png"
done
