#!/usr/bin/env bash
# Installs everything the playground needs to build and test, only what is missing or at the wrong
# version, from the package registries alone (crates.io, npm, Debian). Safe to run again: a second
# run takes a few seconds. docs/toolchain.md §2 says why each pin is what it is.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
# The API model of the 2021-11-30 release, which the tests check every response against: the
# kinesis folder of the botocore 1.23.17 wheel on PyPI (docs/behaviour.md §1.3).
BOTOCORE_VERSION=1.23.17
MODEL_DIR=target/reference
MODEL_SHA256=df0e643bedf130c386e21b1a794dbfeca544c7c8383057e54704748d06e76d25
log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# The wasm-bindgen cli must match the crate exactly; Cargo.lock is the single source of truth.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_trunk() {
  if trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then return; fi
  log "installing trunk $TRUNK_VERSION (about 5 minutes, once)"
  # trunk's own release profile (fat LTO) doubles its build time for no benefit here.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version --quiet
}

install_wasm_bindgen() {
  local want; want=$(wasm_bindgen_version)
  if wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $want"; then return; fi
  log "installing wasm-bindgen-cli $want (about 3 minutes, once)"
  # Not --locked: its lock file names a webpki-roots release the registry no longer has.
  cargo install wasm-bindgen-cli --version "$want" --quiet
}

fetch_model() {
  local model="$MODEL_DIR/kinesis-2013-12-02.service-2.json"
  if [ -f "$model" ] && echo "$MODEL_SHA256  $model" | sha256sum --check --status; then return; fi
  log "fetching the 2021-11-30 API model (botocore $BOTOCORE_VERSION from PyPI)"
  local wheels; wheels=$(mktemp -d)
  python3 -m pip download --no-deps --quiet --disable-pip-version-check \
    "botocore==$BOTOCORE_VERSION" -d "$wheels"
  mkdir -p "$MODEL_DIR"
  python3 - "$wheels"/botocore-*.whl "$MODEL_DIR" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in ("service-2.json", "waiters-2.json", "paginators-1.json"):
        data = z.read("botocore/data/kinesis/2013-12-02/" + name)
        open(f"{out}/kinesis-2013-12-02.{name}", "wb").write(data)
PY
  rm -rf "$wheels"
  echo "$MODEL_SHA256  $model" | sha256sum --check --status || { echo "setup: the model's checksum does not match" >&2; exit 1; }
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Debian packages: Chromium for the browser tests, wrk for the endpoint's load test.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v wrk >/dev/null; then
  log "installing Debian chromium, chromium-driver and wrk"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver wrk >/dev/null
fi

# PyPI: boto3 and the AWS CLI for the endpoint's conformance test, pinned in requirements.txt.
requirements=tests/conformance/requirements.txt
if [ ! -x .venv/bin/aws ] || [ "$requirements" -nt .venv/.installed ]; then
  log "installing boto3 and awscli into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  touch .venv/.installed
fi

# npm: wasm-opt (binaryen), playwright-core and axe-core (the e2e accessibility checks), pinned
# by package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (binaryen, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

fetch_model

# The two cargo installs are independent: run them side by side.
cargo fetch --quiet
install_trunk & trunk_pid=$!
install_wasm_bindgen & wb_pid=$!
wait "$trunk_pid"; wait "$wb_pid"

log "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null)"
