#!/usr/bin/env bash
# The first README command: set up, build, and start the workbench on the main job.
#   tools/run.sh             the GUI, training the demo while you watch
#   tools/run.sh --headless  the same job without a display (fovea-cli demo)
set -euo pipefail
cd "$(dirname "$0")/.."
headless=0
for arg in "$@"; do
  case "$arg" in
    --headless) headless=1 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "tools/run.sh: unknown argument '$arg' (use --headless or --help)" >&2; exit 2 ;;
  esac
done
tools/build.sh release
if [[ $headless -eq 1 ]]; then
  exec build/release/app/cli/fovea-cli demo
fi
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "tools/run.sh: no display to show the GUI on; run 'tools/run.sh --headless'," \
       "or start it on a virtual one: xvfb-run -a build/release/app/gui/fovea --run-demo" >&2
  exit 2
fi
exec build/release/app/gui/fovea --run-demo
