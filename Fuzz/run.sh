#!/usr/bin/env bash
# Fuzz the kernel with libFuzzer for a bounded time.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]    SECONDS per target (default 60); TARGET: wire, language
#   Fuzz/run.sh --regressions            only replay Fuzz/regressions/* and the seeds (no fuzzing)
#
# Builds Fuzz/ (a package that depends on the main one by path) with
# -sanitize=fuzzer,address in its own scratch directory (FUZZ_SCRATCH, default .build-fuzz),
# then runs each target on a working corpus (FUZZ_CORPUS, default .build-fuzz/corpus/TARGET)
# seeded from Fuzz/seeds, Tests/programs and Fuzz/regressions. A crash, trap,
# ASan report or timeout stops that target: the input is saved to Fuzz/artifacts/ and
# the script exits 1. Commit such inputs under Fuzz/regressions/TARGET/ with the fix.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
scratch="${FUZZ_SCRATCH:-$repo/.build-fuzz}"
jobs_flag=()
[ -n "${FUZZ_BUILD_JOBS:-}" ] && jobs_flag=(-j "$FUZZ_BUILD_JOBS")

mode=fuzz
seconds=60
if [ "${1:-}" = "--regressions" ]; then mode=regressions; shift
elif [ -n "${1:-}" ]; then seconds="$1"; shift; fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(wire language)

echo "== building fuzzers (scratch $scratch)"
(cd "$here" && swift build "${jobs_flag[@]}" --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -Ev '^\[|Cannot export local symbol' || true)
bin="$scratch/debug"
mkdir -p "$here/artifacts"
status=0

for target in "${targets[@]}"; do
  case "$target" in
    wire) exe="$bin/FuzzWire"; extra=(-max_len=4096 -timeout=10) ;;
    language) exe="$bin/FuzzLanguage"; extra=(-max_len=2048 -timeout=20 -rss_limit_mb=4096) ;;
    *) echo "unknown target $target (wire, language)"; exit 2 ;;
  esac
  [ -x "$exe" ] || { echo "build failed: $exe missing"; exit 1; }
  seeds=("$here/seeds/$target")
  [ -d "$here/regressions/$target" ] && seeds+=("$here/regressions/$target")
  [ "$target" = language ] && seeds+=("$repo/Tests/programs")
  dict=()
  [ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"

  if [ "$mode" = regressions ]; then
    echo "== $target: replaying seeds and regressions"
    files=()
    for d in "${seeds[@]}"; do for f in "$d"/*; do [ -f "$f" ] && files+=("$f"); done; done
    "$exe" "${extra[@]}" "${dict[@]}" "${files[@]}" 2>&1 | tail -n 3 || status=1
    continue
  fi

  corpus="${FUZZ_CORPUS:-$scratch/corpus}/$target"
  mkdir -p "$corpus"
  echo "== $target: fuzzing for $seconds s (corpus $corpus)"
  log="$here/artifacts/$target.log"
  if "$exe" "${extra[@]}" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$here/artifacts/$target-" "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    grep -E 'stat::number_of_executed_units|stat::new_units_added|cov:' "$log" | tail -n 3
  else
    status=1
    echo "!! $target found a problem; see $log and $here/artifacts/"
    grep -E 'ERROR|Fatal error|==[0-9]+==|SUMMARY|Test unit written' "$log" | head -n 10
  fi
done
exit $status
