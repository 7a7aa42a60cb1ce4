-- wrk script: PutRecords to the stream "load", signed-looking as an SDK sends it. Each call carries
-- RECORDS records (default 100) of RECORD_BYTES bytes (default 1024), under different partition
-- keys so that they spread over the shards. Every response is checked: a 200 whose
-- FailedRecordCount is read, or a 400 AWS error body; anything else is counted as malformed.
-- The records stored (sent less failed) are reported at the end, with records a second.
local records = tonumber(os.getenv("RECORDS") or "100")
local record_bytes = tonumber(os.getenv("RECORD_BYTES") or "1024")

-- Base64 of record_bytes zero bytes, worked out rather than encoded: "AAAA" is three of them.
local data = string.rep("AAAA", math.floor(record_bytes / 3)) .. ({ "", "AA==", "AAA=" })[record_bytes % 3 + 1]
local entries = {}
for i = 1, records do
  entries[i] = string.format('{"Data":"%s","PartitionKey":"key-%d"}', data, i)
end

wrk.method = "POST"
wrk.body = '{"StreamName":"load","Records":[' .. table.concat(entries, ",") .. "]}"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "Kinesis_20131202.PutRecords"
wrk.headers["X-Amz-Date"] = "20231114T221320Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  malformed = 0
  stored = 0
  failed = 0
end

function response(status, headers, body)
  local count = status == 200 and body:match('"FailedRecordCount":(%d+)')
  if count then
    ok = ok + 1
    failed = failed + tonumber(count)
    stored = stored + records - tonumber(count)
  elseif status == 400 and body:sub(1, 10) == '{"__type":' then
    ok = ok + 1
  else
    malformed = malformed + 1
  end
end

function done(summary, latency, requests)
  local total = { ok = 0, malformed = 0, stored = 0, failed = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(total) do
      total[name] = total[name] + thread:get(name)
    end
  end
  io.write(string.format("checked responses: %d well-formed, %d malformed\n", total.ok, total.malformed))
  io.write(string.format("records stored: %d, failed: %d\n", total.stored, total.failed))
  io.write(string.format("records/s: %.0f\n", total.stored / (summary.duration / 1e6)))
  io.write(string.format("bytes stored: %d\n", total.stored * record_bytes))
  io.write(string.format("p99 latency: %.0f us\n", latency:percentile(99)))
end
