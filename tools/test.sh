#!/usr/bin/env bash
# The second README command: set up, build, and run the whole test suite. Extra arguments go to
# ctest, e.g. `tools/test.sh -L unit` or `tools/test.sh -R Cli`.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
tools/build.sh release
built=$(date +%s)
ctest --preset release "$@"
echo "tools/test.sh: build $((built - start)) s, tests $(($(date +%s) - built)) s"
