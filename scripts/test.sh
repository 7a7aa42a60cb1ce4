#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and runs the tests, all of them by default (what CI
# runs) or one stage by name, so that a stage can be rerun alone:
#
#   scripts/test.sh [all|core|components|bundle|e2e|endpoint]
#
#   core        format, lints, and every native test (the core, the playground's logic, goldens)
#   components  the yew components in headless Chromium (wasm-bindgen-test)
#   bundle      the release bundle: build, size budget, first paint and tick time
#   e2e         the release bundle end to end in Chromium (builds the bundle and the endpoint)
#   endpoint    the local endpoint with real clients, then under load
#
# tests/README.md says what each folder checks and how long each stage takes.
set -euo pipefail
cd "$(dirname "$0")/.."

stage=${1:-all}
case "$stage" in
  all | core | components | bundle | e2e | endpoint) ;;
  *)
    echo "usage: scripts/test.sh [all|core|components|bundle|e2e|endpoint] (unknown stage: $stage)" >&2
    exit 2
    ;;
esac

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
wanted() { [ "$stage" = all ] || [ "$stage" = "$1" ]; }

build_bundle() { trunk build --release --offline; }
build_endpoint() { cargo build --offline --quiet --release --bin kinesis-endpoint; }

if wanted core; then
  step "core: format and lints"
  cargo fmt --check
  cargo clippy --offline --quiet --all-targets -- -D warnings
  step "core: the simulator and the playground's logic (native)"
  cargo test --offline --quiet
fi

if wanted components; then
  step "components (wasm-bindgen-test in headless Chromium)"
  cargo test --offline --target wasm32-unknown-unknown --test components
fi

if wanted bundle; then
  step "bundle: build, size, first paint, tick time"
  build_bundle
  scripts/size.sh
  node scripts/perf.mjs
fi

if wanted e2e; then
  step "e2e (playwright-core, Chromium: the release bundle, the endpoint from another origin)"
  # In a full run the bundle stage has just built it.
  [ "$stage" = all ] || build_bundle
  build_endpoint
  node --test tests/e2e/
fi

if wanted endpoint; then
  step "endpoint: real clients (boto3, botocore's parser, the AWS CLI) and hostile sockets"
  build_endpoint
  .venv/bin/python -m unittest discover --start-directory tests/conformance --top-level-directory tests/conformance -v
  step "endpoint: under load (wrk, 64 connections, loopback)"
  tests/load/load-test.sh
fi
