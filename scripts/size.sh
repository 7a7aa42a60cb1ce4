#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (wasm and JS, raw and gzipped) and fails if the
# wasm and JS together exceed the budget of 300 KB gzipped. Build it first: trunk build --release.
set -euo pipefail
cd "$(dirname "$0")/.."
# Issue 14's 300 KB with all its views, reached on 2026-12-06; how it moved, and what each part
# of the page costs, is in BENCHMARKS.md ("The page bundle").
BUDGET_GZIP_BYTES=$((300 * 1024))

# The page's bundle: the wasm and the wasm-bindgen module that loads it. Attach mode's bundle
# (loaded instead with `?endpoint=`), embed.js (loaded by host pages, not by the playground) and
# sw.js (the service worker) are printed apart.
shopt -s nullglob
wasm=(dist/kinesis-playground-*.wasm) js=(dist/kinesis-playground-*.js)
if [ ${#wasm[@]} -eq 0 ] || [ ${#js[@]} -eq 0 ]; then
  echo "size: no bundle in dist/; run trunk build --release first" >&2
  exit 1
fi

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
# Brotli at its best quality, as static hosts serve it; node's zlib has it (no extra tool). The
# budget stays on gzip, which every host serves.
brotli_bytes() {
  if command -v node > /dev/null; then
    node -e 'const z = require("zlib"); const b = require("fs").readFileSync(process.argv[1]);
      console.log(z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length)' "$1"
  else
    echo 0
  fi
}
total_gzip=0 total_brotli=0
printf '%-6s %12s %12s %12s\n' file raw gzipped brotli
for kind in wasm js; do
  raw=0 gz=0 br=0
  if [ "$kind" = wasm ]; then files=("${wasm[@]}"); else files=("${js[@]}"); fi
  for f in "${files[@]}"; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(brotli_bytes "$f")))
  done
  total_gzip=$((total_gzip + gz))
  total_brotli=$((total_brotli + br))
  printf '%-6s %12s %12s %12s\n' "$kind" "$(kb $raw)" "$(kb $gz)" "$(kb $br)"
done
printf '%-6s %12s %12s %12s   (budget %s gzipped)\n' total "" "$(kb $total_gzip)" "$(kb $total_brotli)" "$(kb $BUDGET_GZIP_BYTES)"
for f in dist/kinesis-attach_bg.wasm dist/kinesis-attach.js dist/embed.js dist/sw.js; do
  [ -f "$f" ] && printf '%-24s %10s %10s   (not part of the page bundle)\n' "${f#dist/}" "$(kb "$(stat -c %s "$f")")" "$(kb "$(gzip -9 -c "$f" | wc -c)")"
done
if [ "$total_gzip" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "size: the bundle is over budget" >&2
  exit 1
fi
