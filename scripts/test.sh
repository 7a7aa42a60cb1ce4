#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and runs every test: the core natively, the
# components in headless Chromium, then the release bundle end to end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --check
cargo clippy --offline --quiet --all-targets -- -D warnings

step "core and playground logic (native)"
cargo test --offline --quiet

step "components (wasm-bindgen-test in headless Chromium)"
cargo test --offline --target wasm32-unknown-unknown --test components

step "release bundle: size, first paint, tick time"
trunk build --release --offline
scripts/size.sh
node scripts/perf.mjs

step "release bundle of the local endpoint"
cargo build --offline --quiet --release --bin kinesis-endpoint

step "end to end (playwright-core, Chromium: the release bundle, the endpoint from another origin)"
node --test tests/e2e/

step "local endpoint with real clients (boto3, botocore's parser, the AWS CLI)"
.venv/bin/python -m unittest discover --start-directory tests/conformance --top-level-directory tests/conformance -v

step "local endpoint under load (wrk, 64 connections, loopback)"
tests/load/load-test.sh
