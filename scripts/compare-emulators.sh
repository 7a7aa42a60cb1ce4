#!/usr/bin/env bash
# Measures the same DescribeStreamSummary load against this endpoint and the emulators people use
# today, side by side in one run on loopback: kinesalite (npm), kinesis-mock (npm kinesis-local)
# and moto (PyPI moto[server]); then the same PutRecords load (100 records of 1 KiB a call)
# against this endpoint and kinesalite, in records stored a second. Writes the tables to
# BENCHMARKS.md.
#   scripts/compare-emulators.sh [SECONDS]   (default 10 per tool; needs scripts/setup.sh first)
# The emulators are installed under target/emulators/, from the registries only.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=64
tools=target/emulators
mkdir -p "$tools"

KINESALITE=3.3.3 KINESIS_LOCAL=0.6.2 MOTO=5.2.5
if [ ! -x "$tools/node_modules/.bin/kinesalite" ] || [ ! -f "$tools/node_modules/kinesis-local/main.js" ]; then
  echo "installing kinesalite@$KINESALITE and kinesis-local@$KINESIS_LOCAL"
  # A package.json of its own, or npm installs into the repository's node_modules above it.
  [ -f "$tools/package.json" ] || echo '{"private": true}' > "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --omit=optional --loglevel=error --no-save \
    "kinesalite@$KINESALITE" "kinesis-local@$KINESIS_LOCAL" >/dev/null)
fi
if [ ! -x "$tools/venv/bin/moto_server" ]; then
  echo "installing moto[server]==$MOTO"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO"
fi
cargo build --offline --quiet --release --bin kinesis-endpoint
# Other work on the machine lowers every figure; the table says how busy it was.
load=$(cut -d' ' -f1-3 /proc/loadavg)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

call() { # url operation body
  curl -s -X POST "$1" -H 'Content-Type: application/x-amz-json-1.1' -H "X-Amz-Target: Kinesis_20131202.$2" \
    -H 'X-Amz-Date: 20231114T221320Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=a' \
    -d "$3"
}

# Starts a server in the background; waits until it answers on its port.
start() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" > "$tools/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.1
  done
  echo "$name did not start; see $tools/$name.log" >&2
  return 1
}

measure() { # name url
  local name=$1 url=$2
  call "$url" CreateStream '{"StreamName":"load","ShardCount":4}' > /dev/null
  for _ in $(seq 100); do
    call "$url" DescribeStreamSummary '{"StreamName":"load"}' | grep -q '"ACTIVE"' && break
    sleep 0.1
  done
  local out
  out=$(CHECK=0 wrk -t2 -c"$connections" -d"${seconds}s" --latency -s tests/load/describe_stream_summary.lua "$url")
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errors=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  printf '| %s | %s | %s | %s |\n' "$name" "$rps" "$p99" "${errors:-0}" | tee -a "$tools/rows.md"
}

# PutRecords to the stream `measure` made, every response read for its FailedRecordCount. A
# long timeout, so that slow answers count rather than being dropped.
measure_writes() { # name url file-stem
  local name=$1 url=$2
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s tests/load/put_records.lua "$url")
  local records calls p99 failed
  records=$(echo "$out" | awk '/^records\/s:/ { print $2 }')
  calls=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  failed=$(echo "$out" | sed -n 's/^records stored: .*, failed: \([0-9]*\)/\1/p')
  echo "$records" > "$tools/$3.records"
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$records" "$calls" "$p99" "${failed:-?}" | tee -a "$tools/writes.md"
}

: > "$tools/rows.md"
: > "$tools/writes.md"
# Throughput limits off too: kinesalite has none, and one shard takes only 1,000 records a second.
start kinesis-endpoint 14567 target/release/kinesis-endpoint --port 14567 --no-rate-limits --no-throughput-limits \
  --create-stream-ms 0
measure "kinesis-endpoint (this project)" http://127.0.0.1:14567/
measure_writes "kinesis-endpoint (this project)" http://127.0.0.1:14567/ endpoint
start kinesalite 14568 "$tools/node_modules/.bin/kinesalite" --port 14568 --createStreamMs 0
measure "kinesalite $KINESALITE" http://127.0.0.1:14568/
measure_writes "kinesalite $KINESALITE" http://127.0.0.1:14568/ kinesalite
ratio=$(awk -v a="$(cat "$tools/endpoint.records")" -v b="$(cat "$tools/kinesalite.records")" \
  'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')
echo "PutRecords: kinesis-endpoint stores ${ratio}x the records a second of kinesalite"
KINESIS_MOCK_PLAIN_PORT=14569 KINESIS_MOCK_TLS_PORT=14570 CREATE_STREAM_DURATION=0ms LOG_LEVEL=ERROR \
  start kinesis-mock 14569 bash -c "cd $tools/node_modules/kinesis-local && exec node main.js"
measure "kinesis-mock $KINESIS_LOCAL (npm kinesis-local)" http://127.0.0.1:14569/
start moto 14571 "$tools/venv/bin/moto_server" -p 14571
measure "moto $MOTO (moto_server)" http://127.0.0.1:14571/

{
  echo "# Benchmarks"
  echo
  echo "The same load against each local Kinesis endpoint, one after the other in one run of"
  echo "\`scripts/compare-emulators.sh $seconds\`: DescribeStreamSummary of one 4-shard stream, $connections"
  echo "connections over loopback, wrk with 2 threads for $seconds s, on the same machine"
  echo "($(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))."
  echo "Load average before the run (1, 5 and 15 minutes): $load (near 0, the tools had the cores to themselves)."
  echo "Rate limits are off in this endpoint for the run (the others have none)."
  echo
  echo "Measured $(date -u +%Y-%m-%d)."
  echo
  echo "| endpoint | requests/s | p99 latency | non-2xx responses |"
  echo "| --- | ---: | ---: | ---: |"
  cat "$tools/rows.md"
  echo
  echo "## Writes"
  echo
  echo "PutRecords of 100 records of 1 KiB each, under 100 partition keys, to the same stream: $connections"
  echo "connections, wrk with 2 threads for $seconds s, every answer read for its FailedRecordCount; records/s"
  echo "counts the records stored. This endpoint's per-shard throughput limits are off"
  echo "(\`--no-throughput-limits\`); kinesalite has none. kinesis-mock and moto are not measured here."
  echo
  echo "| endpoint | records/s | PutRecords calls/s | p99 latency | failed records |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  cat "$tools/writes.md"
  echo
  echo "kinesis-endpoint stores ${ratio}× the records a second of kinesalite."
} > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
