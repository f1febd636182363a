#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks that the installed fovea-cli reads the
# experiments installed beside it (share/fovea/experiments), not the source tree's.
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
test -f "$prefix/share/fovea/experiments/crowding-quick.toml" || {
  echo "install_layout: crowding-quick.toml is not installed" >&2; exit 1; }
test -f "$prefix/share/fovea/experiments/stimuli/paper.toml" || {
  echo "install_layout: the stimulus presets are not installed" >&2; exit 1; }
# An unknown name is looked up where the program looks: the message names the folder.
set +e
message=$("$prefix/bin/fovea-cli" sweep status no-such-experiment 2>&1)
code=$?
set -e
[ "$code" -eq 2 ] || { echo "install_layout: exit $code, expected 2: $message" >&2; exit 1; }
case $message in
  *"$prefix/share/fovea/experiments/no-such-experiment.toml"*) ;;
  *) echo "install_layout: not looked up in the installed folder: $message" >&2; exit 1 ;;
esac
# A shipped experiment loads from there.
set +e
message=$("$prefix/bin/fovea-cli" sweep status crowding-quick --out "$prefix/none" 2>&1)
set -e
case $message in
  *"no sweep here"*) echo "install_layout: ok" ;;
  *) echo "install_layout: crowding-quick did not load: $message" >&2; exit 1 ;;
esac
