#!/usr/bin/env bash
# fovea-cli runs on a compute node without a desktop: it links no Qt Widgets, Charts, OpenGL
# widgets or VTK (its figures need only Qt Gui and Svg).
set -euo pipefail
binary=$1
needed=$(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
[[ -n "$needed" ]] || { echo "cannot read the dynamic section of $binary"; exit 1; }
if bad=$(grep -E '^lib(Qt6(Widgets|Charts|OpenGLWidgets)|vtk)' <<<"$needed"); then
  echo "$binary links desktop libraries: $bad"; exit 1
fi
echo "fovea-cli is headless: $(grep -c . <<<"$needed") direct libraries, no Widgets/Charts/VTK"
