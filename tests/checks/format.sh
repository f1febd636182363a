#!/usr/bin/env bash
# Fails when any C++ file of the repository differs from what clang-format makes of it.
set -euo pipefail
root=${1:-$(git rev-parse --show-toplevel)}
cd "$root"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | grep -v '^build/')
else
  mapfile -t files < <(find app core figures widgets tests -name '*.cpp' -o -name '*.h')
fi
[[ ${#files[@]} -gt 0 ]] || { echo "no C++ files found under $root"; exit 1; }
status=0
for file in "${files[@]}"; do
  [[ -f "$file" ]] || continue
  if ! clang-format --dry-run --Werror "$file" 2>/dev/null; then
    echo "not formatted: $file (run: clang-format -i $file)"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "format: ${#files[@]} files clean"
exit $status
