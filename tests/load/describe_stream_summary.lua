-- wrk script: DescribeStreamSummary of the stream "load", signed-looking as an SDK sends it.
-- Every response is checked: a 200 with the summary, or a 400 AWS error body; anything else is
-- counted as malformed and reported at the end.
wrk.method = "POST"
wrk.body = '{"StreamName":"load"}'
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "Kinesis_20131202.DescribeStreamSummary"
wrk.headers["X-Amz-Date"] = "20231114T221320Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  malformed = 0
end

function response(status, headers, body)
  if (status == 200 and body:sub(1, 28) == '{"StreamDescriptionSummary":')
      or (status == 400 and body:sub(1, 10) == '{"__type":') then
    ok = ok + 1
  else
    malformed = malformed + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_malformed = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_malformed = total_malformed + thread:get("malformed")
  end
  io.write(string.format("checked responses: %d well-formed, %d malformed\n", total_ok, total_malformed))
  io.write(string.format("p99 latency: %.0f us\n", latency:percentile(99)))
end

-- CHECK=0 measures the server alone: no per-response work in wrk.
if os.getenv("CHECK") == "0" then
  response = nil
  done = nil
end
