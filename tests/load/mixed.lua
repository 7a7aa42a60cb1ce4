-- wrk script: writers and readers at once on the stream "load" (SHARDS shards, default 4). Every
-- other request is a PutRecords of RECORDS records (default 100) of 1 KiB; the others read: a
-- GetRecords with an iterator a previous answer gave, or, when the thread has none left, a
-- GetShardIterator (LATEST, shard after shard). Every answer is checked by its kind, recognised
-- from its first member: a PutRecords or GetRecords or GetShardIterator answer, or an AWS error
-- body; anything else is counted as malformed. Used by the soak in BENCHMARKS.md.
local records = tonumber(os.getenv("RECORDS") or "100")
local shards = tonumber(os.getenv("SHARDS") or "4")

local data = string.rep("AAAA", 341) .. "AA=="
local entries = {}
for i = 1, records do
  entries[i] = string.format('{"Data":"%s","PartitionKey":"key-%d"}', data, i)
end
local put_body = '{"StreamName":"load","Records":[' .. table.concat(entries, ",") .. "]}"
local auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, "
  .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  puts, reads, iterators, errors, malformed, stored, read_records = 0, 0, 0, 0, 0, 0, 0
  pool = {}
  sent = 0
  next_shard = 0
end

local function call(operation, body)
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Target"] = "Kinesis_20131202." .. operation,
    ["X-Amz-Date"] = "20231114T221320Z",
    ["Authorization"] = auth,
  }, body)
end

function request()
  sent = sent + 1
  if sent % 2 == 1 then
    return call("PutRecords", put_body)
  end
  local iterator = table.remove(pool)
  if iterator then
    return call("GetRecords", '{"ShardIterator":"' .. iterator .. '","Limit":1000}')
  end
  next_shard = (next_shard + 1) % shards
  return call("GetShardIterator", string.format(
    '{"StreamName":"load","ShardId":"shardId-%012d","ShardIteratorType":"LATEST"}', next_shard))
end

function response(status, headers, body)
  if status == 200 and body:sub(1, 20) == '{"EncryptionType":"N' then
    local failed = body:match('"FailedRecordCount":(%d+)')
    if failed then
      puts = puts + 1
      stored = stored + records - tonumber(failed)
      return
    end
  elseif status == 200 and body:sub(1, 22) == '{"MillisBehindLatest":' then
    local next_iterator = body:match('"NextShardIterator":"([^"]+)"')
    if next_iterator then
      reads = reads + 1
      local _, count = body:gsub('"PartitionKey":', "")
      read_records = read_records + count
      table.insert(pool, next_iterator)
      return
    end
  elseif status == 200 and body:sub(1, 18) == '{"ShardIterator":"' then
    iterators = iterators + 1
    table.insert(pool, body:match('"ShardIterator":"([^"]+)"'))
    return
  elseif status == 400 and body:sub(1, 10) == '{"__type":' then
    errors = errors + 1
    return
  end
  malformed = malformed + 1
end

function done(summary, latency, requests)
  local total = { puts = 0, reads = 0, iterators = 0, errors = 0, malformed = 0, stored = 0, read_records = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(total) do
      total[name] = total[name] + thread:get(name)
    end
  end
  local well_formed = total.puts + total.reads + total.iterators + total.errors
  io.write(string.format("checked responses: %d well-formed, %d malformed\n", well_formed, total.malformed))
  io.write(string.format("PutRecords: %d, GetRecords: %d, GetShardIterator: %d, errors: %d\n",
    total.puts, total.reads, total.iterators, total.errors))
  io.write(string.format("records stored: %d, read: %d\n", total.stored, total.read_records))
  io.write(string.format("p99 latency: %.0f us\n", latency:percentile(99)))
end
