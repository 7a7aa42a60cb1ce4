"""The memory budget of stored records (docs/behaviour.md §8.6): a client writing far past it
leaves the endpoint's resident size under the budget plus a margin, the oldest records go early
with one warning, and the newest are there to read.
"""

import base64
import http.client
import json
import os
import tempfile
import unittest

from endpoint import Endpoint

BUDGET_MIB = 64
# Past the budget: the process itself, a call's body being read and parsed, and what the
# allocator keeps between calls (BENCHMARKS.md measures about 11 MiB at this budget).
MARGIN_MIB = 48
HEADERS = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Date": "20231114T221320Z",
           "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, "
                            "SignedHeaders=host, Signature=abc"}


@unittest.skipUnless(os.path.exists("/proc/self/status"), "reads memory figures from /proc")
class RecordMemoryBudget(unittest.TestCase):
    def test_writing_eight_times_the_budget_stays_within_it(self):
        self.write_past_the_budget(margin_mib=MARGIN_MIB)

    def test_with_state_dir_too(self):
        # Records dropped while a snapshot is written stay until it is done, up to a quarter of
        # the budget before writes wait for it (docs/behaviour.md §8.6).
        with tempfile.TemporaryDirectory() as state:
            self.write_past_the_budget(MARGIN_MIB + BUDGET_MIB // 4, "--state-dir", state)

    def write_past_the_budget(self, margin_mib, *flags):
        endpoint = Endpoint("--record-memory-mib", str(BUDGET_MIB), "--no-throughput-limits", "--no-rate-limits",
                            "--create-stream-ms", "0", *flags)
        try:
            connection = http.client.HTTPConnection(*endpoint.address, timeout=30)

            def call(operation, body):
                connection.request("POST", "/", body=json.dumps(body),
                                   headers={**HEADERS, "X-Amz-Target": f"Kinesis_20131202.{operation}"})
                response = connection.getresponse()
                return response.status, response.read()

            self.assertEqual(call("CreateStream", {"StreamName": "s", "ShardCount": 4})[0], 200)
            call("DescribeStreamSummary", {"StreamName": "s"})
            resident = []
            for i in range(BUDGET_MIB * 8):
                # About 1 MiB a call: 500 records of 2,000 bytes, their first bytes the call's number.
                data = base64.b64encode(f"{i:06d}".encode().ljust(2000, b".")).decode()
                records = [{"Data": data, "PartitionKey": f"key-{k}"} for k in range(500)]
                status, answer = call("PutRecords", {"StreamName": "s", "Records": records})
                self.assertEqual((status, json.loads(answer)["FailedRecordCount"]), (200, 0))
                if i % 32 == 0:
                    resident.append(endpoint.proc_status("VmRSS"))
            peak_mib = endpoint.proc_status("VmHWM") / 1024
            self.assertLess(peak_mib, BUDGET_MIB + margin_mib, f"resident kB as the writes went: {resident}")
            # Flat once the budget is full: the last samples within a few MiB of each other.
            self.assertLess(max(resident[-8:]) - min(resident[-8:]), 8 * 1024, resident)

            # The newest records are there; the oldest went.
            oldest = {}
            for shard in ("shardId-000000000000", "shardId-000000000003"):
                status, answer = call("GetShardIterator",
                                      {"StreamName": "s", "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"})
                iterator = json.loads(answer)["ShardIterator"]
                status, answer = call("GetRecords", {"ShardIterator": iterator, "Limit": 1})
                oldest[shard] = int(base64.b64decode(json.loads(answer)["Records"][0]["Data"])[:6])
            self.assertTrue(all(BUDGET_MIB * 6 < number < BUDGET_MIB * 8 for number in oldest.values()), oldest)
            connection.close()
        finally:
            code, out = endpoint.stop()
        self.assertEqual(code, 0, out)
        self.assertEqual(out.count("warning: stored records reached their memory budget of 64 MiB"), 1, out)


if __name__ == "__main__":
    unittest.main()
