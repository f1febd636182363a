#!/usr/bin/env bash
# The layering rules of the design: core/ includes no Qt header; no header under widgets/
# includes torch.
set -euo pipefail
root=${1:-$(git rev-parse --show-toplevel)}
cd "$root"
status=0
if hits=$(grep -rnE '#\s*include\s*[<"]Q[A-Za-z]' core); then
  echo "core/ includes Qt headers:"; echo "$hits"; status=1
fi
if hits=$(grep -rnE '#\s*include\s*[<"](torch|ATen|c10)/' widgets --include='*.h' --include='*.hpp'); then
  echo "widgets/ headers include torch:"; echo "$hits"; status=1
fi
[[ $status -eq 0 ]] && echo "layering: core is Qt-free, widget headers are torch-free"
exit $status
