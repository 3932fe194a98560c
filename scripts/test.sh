#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the whole test suite with CTest, offscreen.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${ROTOMATCH_PRESET:-release}"
bash "$ROOT/scripts/setup.sh"
printf '\n==> Running tests (preset %s)\n' "$PRESET"
cd "$ROOT"
QT_QPA_PLATFORM=offscreen ctest --preset "$PRESET" --output-on-failure -j "$(nproc)"
