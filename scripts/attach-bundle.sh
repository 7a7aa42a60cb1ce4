#!/usr/bin/env bash
# Trunk's post-build step (Trunk.toml): builds attach mode's page (`?endpoint=`) as a bundle of its
# own beside the playground's, `kinesis-attach.js` and `kinesis-attach_bg.wasm` in the staging
# directory, so that the playground's page does not carry it (12.5 KB gzipped; BENCHMARKS.md).
# The same steps as trunk's for the page: cargo, wasm-bindgen, and for a release wasm-opt. The
# page's loader (Trunk.toml) picks this bundle when the address has `endpoint`.
set -euo pipefail
cd "$(dirname "$0")/.."
staging=${TRUNK_STAGING_DIR:?run by trunk, which sets TRUNK_STAGING_DIR}
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  profile=wasm-release out=wasm-release
else
  profile=dev out=debug
fi
cargo build --quiet --profile "$profile" --target wasm32-unknown-unknown --bin kinesis-attach
wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$out/kinesis-attach.wasm"
wasm-bindgen --target web --no-typescript --out-dir "$staging" --out-name kinesis-attach "$wasm"
if [ "$profile" = wasm-release ]; then
  # The page's own flags (index.html's data-wasm-opt-params).
  wasm-opt -Oz --converge --strip-debug --strip-producers --strip-target-features --low-memory-unused \
    "$staging/kinesis-attach_bg.wasm" -o "$staging/kinesis-attach_bg.wasm"
fi
