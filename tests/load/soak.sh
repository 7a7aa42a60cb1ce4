#!/usr/bin/env bash
# The soak of BENCHMARKS.md, not run in CI: 64 connections writing and reading at once
# (tests/load/mixed.lua: PutRecords of 100 records of 1 KiB, GetRecords following iterators) for
# SECONDS (default 600), the endpoint's resident memory and open descriptors sampled every 30 s.
# Extra arguments go to kinesis-endpoint (e.g. --state-dir DIR). Fails on any malformed answer,
# socket error or unclean shutdown; prints the samples to judge whether memory stayed flat.
#   tests/load/soak.sh [SECONDS] [kinesis-endpoint flags…]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
source tests/load/endpoint.sh
samples=$(mktemp)
start_endpoint "$@"
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log" "$samples"' EXIT
create_stream 4

(
  start=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    printf '%4d s  %8d kB  %4d fds\n' $(($(date +%s) - start)) \
      "$(rss_kb)" "$(ls "/proc/$pid/fd" | wc -l)"
    sleep 30
  done
) > "$samples" &
sampler=$!

result=$(wrk -t2 -c64 -d"${seconds}s" --latency -s tests/load/mixed.lua "$url")
kill "$sampler" 2>/dev/null || true
echo "$result" | grep -E "Requests/sec|Latency|99%|checked responses|PutRecords:|records stored|Socket errors" || true
echo "resident memory and descriptors:"
cat "$samples"
echo "peak resident: $(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status") kB"

status=0
malformed=$(echo "$result" | sed -n 's/.* well-formed, \([0-9]*\) malformed/\1/p')
[ "${malformed:-1}" = 0 ] || { echo "soak: $malformed malformed answers" >&2; status=1; }
if echo "$result" | grep -q "Socket errors"; then echo "soak: socket errors" >&2; status=1; fi
kill -INT "$pid"
wait "$pid" || { echo "soak: unclean shutdown" >&2; status=1; }
grep -E "warning|state in" "$log" || true
exit $status
