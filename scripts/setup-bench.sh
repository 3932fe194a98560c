#!/usr/bin/env bash
# Extra Debian packages for the benchmarks only (not needed to build, test or run Rotomatch):
# Debian's PyTorch and OpenCV for Python, used by the PyTorch reference implementation that
# `rotomatch-cli bench segment --reference-python` times against the engine
# (tools/reference/videomatch_reference.py; same LibTorch 1.13 as the engine). Idempotent.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(python3 python3-torch python3-opencv python3-numpy)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  printf '==> Installing Debian packages: %s\n' "${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
# The reference runs under Debian's interpreter (a python3 earlier on PATH may lack torch).
/usr/bin/python3 -c 'import torch, cv2, numpy' &&
  echo "==> Benchmark set-up done: rotomatch-cli bench segment --preset paper --reference-python"
