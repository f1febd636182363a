#!/usr/bin/env bash
# The second README command: set up, build, and run the whole test suite; then build the
# configuration without the GUI (what a compute node runs) under AddressSanitizer and UBSan and
# run its fast tests; then the fuzzers. Extra arguments
# go to the first ctest, e.g. `tools/test.sh -L unit` or `tools/test.sh -R Cli`.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
tools/build.sh release
built=$(date +%s)
ctest --preset release "$@"
tested=$(date +%s)
# The sanitizer pass: the core and the CLI without the GUI, built with -fsanitize=address,undefined
# (jemalloc off; ccache serves a fresh clone, see the asan preset); the unit and CLI tests, not
# the slow trainings done above.
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -LE slow
headless=$(date +%s)
# Each libFuzzer target for a fixed number of inputs from its seed corpus and a fixed seed, so
# CI is the same run every time (longer, random runs: tools/fuzz.sh 600).
FUZZ_RUNS=200000 FUZZ_SEED=1 tools/fuzz.sh
echo "tools/test.sh: build $((built - start)) s, tests $((tested - built)) s," \
     "sanitizer build and tests $((headless - tested)) s, fuzzing $(($(date +%s) - headless)) s"
