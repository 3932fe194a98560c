#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-14, ASan + UBSan) and runs each for
# SECONDS (default 600) under `nice -n 19`, JOBS at a time (default 1). New inputs go to
# build/fuzz/fuzz-corpus/<target>/, crashes to build/fuzz/fuzz-artifacts/<target>/, each
# run's log to build/fuzz/fuzz-logs/<target>.log; a summary line per target at the end.
#   scripts/fuzz.sh [SECONDS] [JOBS] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
jobs=${2:-1}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fuzz_mask_png fuzz_exr fuzz_media fuzz_polygon_keyframe
  fuzz_model_metadata fuzz_project fuzz_manifest fuzz_tfjs)

if ! command -v clang++-14 >/dev/null; then
  apt-get install -y clang-14 libclang-rt-14-dev
fi
[[ -f build/fuzz/CMakeCache.txt ]] || nice -n 10 cmake --preset fuzz
nice -n 10 cmake --build build/fuzz -j2 --target "${targets[@]}"

seeds_of() {  # the seed folders CTest passes (tests/fuzz/CMakeLists.txt)
  case $1 in
    fuzz_mask_png | fuzz_exr | fuzz_media) echo "build/fuzz/fuzz-seeds/${1#fuzz_}" ;;
    *) echo "tests/fuzz/seeds/${1#fuzz_}" ;;
  esac
  [[ ! -d tests/fuzz/regressions/$1 ]] || echo "tests/fuzz/regressions/$1"
}

export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p build/fuzz/fuzz-logs
run() {
  local t=$1
  mkdir -p "build/fuzz/fuzz-corpus/$t" "build/fuzz/fuzz-artifacts/$t"
  nice -n 19 "build/fuzz/bin/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
    -artifact_prefix="build/fuzz/fuzz-artifacts/$t/" -print_final_stats=1 \
    "build/fuzz/fuzz-corpus/$t" $(seeds_of "$t") > "build/fuzz/fuzz-logs/$t.log" 2>&1 || true
}
running=0
for t in "${targets[@]}"; do
  run "$t" &
  running=$((running + 1))
  if (( running >= jobs )); then wait -n; running=$((running - 1)); fi
done
wait
for t in "${targets[@]}"; do
  log=build/fuzz/fuzz-logs/$t.log
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo ?)
  crashes=$(ls "build/fuzz/fuzz-artifacts/$t" | wc -l)
  echo "$t: ${seconds}s, $execs executions, $crashes artifacts (build/fuzz/fuzz-artifacts/$t)"
done
