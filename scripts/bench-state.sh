#!/usr/bin/env bash
# The endpoint's figures of BENCHMARKS.md for --state-dir and the memory budget, side by side in
# one run on this machine (run it when the machine is quiet, twice to see the noise):
#
# 1. Writes: 64 connections of PutRecords (100 records of 1 KiB) for SECONDS (default 3) in
#    memory, with --state-dir, and with --state-dir --sync-writes, throughput limits off.
# 2. Restart: RECORDS_KEPT (default 1,000,000) records of 100 bytes written with --state-dir, the
#    endpoint killed with SIGKILL, then started again on the directory: the time until it
#    listens, first with the journal to replay, then from the snapshot it wrote.
# 3. Memory: 8 x BUDGET_MIB (default 256) of records written under --record-memory-mib
#    BUDGET_MIB, in memory and with --state-dir: resident memory at the end and at its peak.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_EACH:-3}
records=${RECORDS_KEPT:-1000000}
budget=${BUDGET_MIB:-256}
cargo build --offline --quiet --release --bin kinesis-endpoint
source tests/load/endpoint.sh
work=$(mktemp -d)
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$log" "$work"' EXIT

stop() { kill "${1:--TERM}" "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
stored() { sed -n 's/^records stored: \([0-9]*\).*/\1/p'; }

echo "== writes: PutRecords of 100 x 1 KiB, 64 connections, ${seconds} s each"
for mode in memory state-dir sync-writes; do
  rm -rf "$work/state"
  case $mode in
    memory) start_endpoint ;;
    state-dir) start_endpoint --state-dir "$work/state" ;;
    sync-writes) start_endpoint --state-dir "$work/state" --sync-writes ;;
  esac
  create_stream 8
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s tests/load/put_records.lua "$url")
  printf '%-12s %8d records/s  p99 %s\n' "$mode" $(($(echo "$out" | stored) / seconds)) \
    "$(echo "$out" | awk '$1 == "99%" { print $2 }')"
  stop
done

echo "== restart with $records records of 100 bytes kept"
rm -rf "$work/state"
start_endpoint --state-dir "$work/state"
create_stream 8
# Exactly $records records: PutRecords of 500, one connection.
written=$(python3 - "$url" "$records" <<'PY'
import base64, http.client, json, sys, urllib.parse
url, records = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Kinesis_20131202.PutRecords",
           "X-Amz-Date": "20231114T221320Z",
           "Authorization": "AWS4-HMAC-SHA256 Credential=A/20231114/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=a"}
data = base64.b64encode(b"." * 100).decode()
body = json.dumps({"StreamName": "load", "Records": [{"Data": data, "PartitionKey": f"k{i}"} for i in range(500)]})
stored = 0
for _ in range(records // 500):
    connection.request("POST", "/", body=body, headers=headers)
    answer = json.loads(connection.getresponse().read())
    stored += 500 - answer["FailedRecordCount"]
print(stored)
PY
)
stop -KILL
echo "written: $written records; on disk: $(du -sh "$work/state" | cut -f1)"
for round in "with the journal to replay" "from the snapshot written then"; do
  start_endpoint --state-dir "$work/state"
  echo "listening after ${listening_ms} ms ($round): $(grep -o 'state in.*' "$log")"
  # Wait for the snapshot started after a replay, then stop as a crash would.
  for _ in $(seq 600); do [ -e "$work/state/snapshot.tmp" ] || break; sleep 0.1; done
  sleep 1
  stop -KILL
done

echo "== memory: $((budget * 8)) MiB of records under a budget of $budget MiB"
for mode in memory state-dir; do
  rm -rf "$work/state"
  case $mode in
    memory) start_endpoint --record-memory-mib "$budget" ;;
    state-dir) start_endpoint --record-memory-mib "$budget" --state-dir "$work/state" ;;
  esac
  create_stream 4
  written=0
  while [ "$written" -lt $((budget * 8 * 1024)) ]; do
    out=$(RECORDS=500 RECORD_BYTES=2000 wrk -t1 -c8 -d1s -s tests/load/put_records.lua "$url")
    written=$((written + $(echo "$out" | stored) * 2))
  done
  printf '%-10s resident %d MiB at the end, %d MiB at the peak\n' "$mode" \
    $(($(rss_kb) / 1024)) $(($(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status") / 1024))
  stop
done
