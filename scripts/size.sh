#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (wasm and JS, raw and gzipped) and fails if the
# wasm and JS together exceed the budget of 250 KB gzipped. Build it first: trunk build --release.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_GZIP_BYTES=$((250 * 1024))

shopt -s nullglob
wasm=(dist/*.wasm) js=(dist/*.js)
if [ ${#wasm[@]} -eq 0 ] || [ ${#js[@]} -eq 0 ]; then
  echo "size: no bundle in dist/; run trunk build --release first" >&2
  exit 1
fi

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
total_gzip=0
printf '%-6s %12s %12s\n' file raw gzipped
for kind in wasm js; do
  raw=0 gz=0
  files=(dist/*."$kind")
  for f in "${files[@]}"; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
  done
  total_gzip=$((total_gzip + gz))
  printf '%-6s %12s %12s\n' "$kind" "$(kb $raw)" "$(kb $gz)"
done
printf '%-6s %12s %12s   (budget %s)\n' total "" "$(kb $total_gzip)" "$(kb $BUDGET_GZIP_BYTES)"
if [ "$total_gzip" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "size: the bundle is over budget" >&2
  exit 1
fi
