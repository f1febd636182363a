#!/usr/bin/env bash
# The GUI must not link Qt 5 of its own choosing: its direct dependencies hold no Qt 5 library
# and no VTK Qt module (Debian builds those on Qt 5). Qt 5 may still arrive indirectly through
# Debian's libtorch -> libopencv_highgui (toolchain.md, pitfall 6); that is Debian's, not ours.
set -euo pipefail
binary=$1
needed=$(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
[[ -n "$needed" ]] || { echo "cannot read the dynamic section of $binary"; exit 1; }
status=0
if bad=$(grep -E '^libQt5' <<<"$needed"); then
  echo "$binary links Qt 5 directly: $bad"; status=1
fi
if bad=$(ldd "$binary" | grep -E 'libvtk[A-Za-z]*(GUISupportQt|RenderingQt|ViewsQt)'); then
  echo "$binary loads a VTK Qt module: $bad"; status=1
fi
grep -q '^libQt6Widgets' <<<"$needed" || { echo "$binary does not link Qt 6 Widgets"; status=1; }
[[ $status -eq 0 ]] && echo "no Qt 5 of our own: $(grep -c . <<<"$needed") direct libraries checked"
exit $status
