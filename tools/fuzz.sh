#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset, clang) and runs each for SECONDS (default 60)
# from its seed corpus in tests/fuzz/corpus/<target>, in a scratch copy; prints executions and
# corpus sizes, and exits 1 with the crashing input's path when a target fails.
#   tools/fuzz.sh [SECONDS] [TARGET...]      e.g. tools/fuzz.sh 600 fuzz_idx
#   FUZZ_RUNS=N FUZZ_SEED=S tools/fuzz.sh      N inputs per target from seed S: the same run
#                                             every time (what CI does)
# New inputs that reach new code stay in build/fuzz/corpus/<target>; merge them into the seed
# corpus by hand when they are worth keeping.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_idx fuzz_metrics fuzz_stimulus_spec fuzz_tensor_archive
                                 fuzz_experiment_spec fuzz_checkpoint_header)
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz
status=0
for target in "${targets[@]}"; do
  work=build/fuzz/corpus/$target
  crashes=build/fuzz/crashes/$target
  mkdir -p "$work" "$crashes"
  cp -n tests/fuzz/corpus/"${target#fuzz_}"/* "$work"/ 2>/dev/null || true
  log=build/fuzz/$target.log
  budget=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && budget=(-runs="$FUZZ_RUNS")
  started=$(date +%s)
  if build/fuzz/tests/fuzz/"$target" "${budget[@]}" -seed="${FUZZ_SEED:-0}" -timeout=10 \
       -rss_limit_mb=2048 -artifact_prefix="$crashes"/ -print_final_stats=1 "$work" \
       > "$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $target: $runs executions in $(($(date +%s) - started)) s, corpus" \
         "$(ls "$work" | wc -l) inputs, no crash"
  else
    echo "fuzz: $target FAILED; input and log: $crashes, $log" >&2
    tail -30 "$log" >&2
    status=1
  fi
done
exit $status
