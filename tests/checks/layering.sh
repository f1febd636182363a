#!/usr/bin/env bash
# The layering rules of the design, arrows pointing down only:
#   app -> widgets -> figures -> core. core/ includes no Qt and nothing above it; figures/
#   includes no widgets or app; no header under widgets/ includes torch; the view families of
#   widgets/ (attention, stimulus, training, results) include no other family, only common/, and common/
#   includes no family.
set -euo pipefail
root=${1:-$(git rev-parse --show-toplevel)}
cd "$root"
status=0
report() {
  echo "$1"; echo "$2"; status=1
}
if hits=$(grep -rnE '#\s*include\s*[<"]Q[A-Za-z]' core); then report "core/ includes Qt headers:" "$hits"; fi
if hits=$(grep -rnE '#\s*include\s*"(figures|widgets|app)/' core); then
  report "core/ includes a layer above it:" "$hits"
fi
if hits=$(grep -rnE '#\s*include\s*"(widgets|app)/' figures); then
  report "figures/ includes a layer above it:" "$hits"
fi
if hits=$(grep -rnE '#\s*include\s*"app/' widgets); then report "widgets/ includes app/:" "$hits"; fi
if hits=$(grep -rnE '#\s*include\s*[<"](torch|ATen|c10)/' widgets --include='*.h' --include='*.hpp'); then
  report "widgets/ headers include torch:" "$hits"
fi
families=(attention stimulus training results)
for family in "${families[@]}"; do
  for other in "${families[@]}"; do
    [[ $family == "$other" ]] && continue
    if hits=$(grep -rnE "#\s*include\s*\"widgets/$other/" "widgets/$family"); then
      report "widgets/$family includes the view family widgets/$other:" "$hits"
    fi
  done
  if hits=$(grep -rnE "#\s*include\s*\"widgets/$family/" widgets/common); then
    report "widgets/common includes the view family widgets/$family:" "$hits"
  fi
done
if hits=$(find widgets -maxdepth 1 -name '*.cpp' -o -maxdepth 1 -name '*.h'); [[ -n $hits ]]; then
  report "views outside a family folder of widgets/:" "$hits"
fi
[[ $status -eq 0 ]] && echo "layering: arrows point down; view families stay apart"
exit $status
