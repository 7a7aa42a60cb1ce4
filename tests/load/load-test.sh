#!/usr/bin/env bash
# Load test of the local endpoint with wrk on loopback: 64 connections of DescribeStreamSummary,
# every response checked, and the endpoint's memory sampled after a warm-up and at the end; then
# 64 connections of PutRecords (100 records of 1 KiB a call), every record stored; then 64
# connections writing and reading at once (tests/load/mixed.lua), every answer checked.
# Fails on any malformed response or failed record, on memory growth over the limit (for writes,
# beyond what the records kept account for), or on an unclean shutdown.
#   tests/load/load-test.sh [SECONDS]     (default 10; the test command uses this default)
#   WRITE_SECONDS=N                       how long the writes, and then the mix, run (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
write_seconds=${WRITE_SECONDS:-3}
max_growth_kb=${MAX_GROWTH_KB:-8192}
source tests/load/endpoint.sh
start_endpoint
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
create_stream 4

wrk -t2 -c64 -d2s -s tests/load/describe_stream_summary.lua "$url" > /dev/null   # warm-up
before=$(rss_kb)
result=$(wrk -t2 -c64 -d"${seconds}s" --latency -s tests/load/describe_stream_summary.lua "$url")
after=$(rss_kb)
echo "$result" | grep -E "Requests/sec|Latency|checked responses|p99|Non-2xx|Socket errors" || true
echo "memory (RSS): ${before} kB after warm-up, ${after} kB after ${seconds} s"

status=0
malformed=$(echo "$result" | sed -n 's/.* well-formed, \([0-9]*\) malformed/\1/p')
[ "${malformed:-1}" = 0 ] || { echo "load-test: $malformed malformed responses" >&2; status=1; }
if echo "$result" | grep -q "Socket errors"; then echo "load-test: socket errors" >&2; status=1; fi
[ $((after - before)) -le "$max_growth_kb" ] || { echo "load-test: memory grew by $((after - before)) kB" >&2; status=1; }

# Writes. Records are kept for the retention period, so memory grows with them: by their data
# and at most 256 bytes of bookkeeping each, beyond the same slack as the reads.
before=$(rss_kb)
result=$(wrk -t2 -c64 -d"${write_seconds}s" --latency -s tests/load/put_records.lua "$url")
after=$(rss_kb)
echo "$result" | grep -E "Requests/sec|Latency|checked responses|records|p99|Non-2xx|Socket errors" || true
stored=$(echo "$result" | sed -n 's/^records stored: \([0-9]*\), failed: .*/\1/p')
failed=$(echo "$result" | sed -n 's/^records stored: .*, failed: \([0-9]*\)/\1/p')
stored_kb=$(((stored * (1024 + 256)) / 1024))
echo "memory (RSS): ${before} kB before writes, ${after} kB after ${write_seconds} s; ${stored} records kept"
malformed=$(echo "$result" | sed -n 's/.* well-formed, \([0-9]*\) malformed/\1/p')
[ "${malformed:-1}" = 0 ] || { echo "load-test: $malformed malformed responses to writes" >&2; status=1; }
[ "${failed:-1}" = 0 ] && [ "${stored:-0}" -gt 0 ] || { echo "load-test: ${failed:-?} records failed, ${stored:-0} stored" >&2; status=1; }
if echo "$result" | grep -q "Socket errors"; then echo "load-test: socket errors in writes" >&2; status=1; fi
[ $((after - before)) -le $((stored_kb + max_growth_kb)) ] ||
  { echo "load-test: memory grew by $((after - before)) kB for ${stored_kb} kB of records" >&2; status=1; }

# Writers and readers at once: PutRecords, GetShardIterator and GetRecords answers all checked.
result=$(wrk -t2 -c64 -d"${write_seconds}s" --latency -s tests/load/mixed.lua "$url")
echo "$result" | grep -E "Requests/sec|checked responses|PutRecords:|records stored|p99|Socket errors" || true
malformed=$(echo "$result" | sed -n 's/.* well-formed, \([0-9]*\) malformed/\1/p')
[ "${malformed:-1}" = 0 ] || { echo "load-test: $malformed malformed responses to the mix" >&2; status=1; }
reads=$(echo "$result" | sed -n 's/.*GetRecords: \([0-9]*\),.*/\1/p')
[ "${reads:-0}" -gt 0 ] || { echo "load-test: no GetRecords answered in the mix" >&2; status=1; }
if echo "$result" | grep -q "Socket errors"; then echo "load-test: socket errors in the mix" >&2; status=1; fi

kill -INT "$pid"
wait "$pid" || { echo "load-test: unclean shutdown" >&2; status=1; }
grep -q "kinesis-endpoint stopped" "$log" || { echo "load-test: no clean stop" >&2; status=1; }
exit $status
