#!/usr/bin/env bash
# Installs what Fovea needs (idempotent), then configures and builds a CMake preset
# (default: release). Used by tools/run.sh and tools/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
tools/setup-debian.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
