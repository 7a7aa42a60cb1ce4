#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh), builds the release bundle and serves the playground
# at http://127.0.0.1:8080 (rebuilding on changes). Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
echo "Serving the playground at http://127.0.0.1:8080"
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
