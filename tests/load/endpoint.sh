# Sourced by the load scripts (load-test.sh, soak.sh, scripts/bench-state.sh): a kinesis-endpoint
# of this checkout on a free loopback port, without rate and throughput limits (they measure the
# endpoint, not the service's quotas), and the stream "load" they write to.

binary=target/release/kinesis-endpoint
[ -x "$binary" ] || cargo build --offline --quiet --release --bin kinesis-endpoint
log=$(mktemp)
pid=

# Starts an endpoint with the extra flags given and waits until it listens: sets `pid`, `url`,
# and `listening_ms`, how long that took. Its output goes to `$log`.
start_endpoint() {
  "$binary" --port 0 --no-rate-limits --no-throughput-limits --create-stream-ms 0 "$@" > "$log" 2>&1 &
  pid=$!
  local started; started=$(date +%s%N)
  for _ in $(seq 1200); do grep -q listening "$log" && break; sleep 0.01; done
  listening_ms=$((($(date +%s%N) - started) / 1000000))
  url=$(grep -o 'http://[^ ]*' "$log")
}

# The resident memory of the endpoint, in kB.
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }

# Creates the stream "load" with $1 shards, as an SDK would ask.
create_stream() {
  curl -sf -X POST "$url" -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: Kinesis_20131202.CreateStream' -H 'X-Amz-Date: 20231114T221320Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=A/20231114/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=a' \
    -d "{\"StreamName\":\"load\",\"ShardCount\":$1}" > /dev/null
}
