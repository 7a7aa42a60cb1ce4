"""Records through the local endpoint with real clients: boto3 writing and reading them, across a
reshard and over a shard's throughput limits, and the AWS CLI's put-record and get-records
(docs/behaviour.md §11). Streams go ACTIVE at once, so each test takes well under a second.
"""

import base64
import importlib.metadata
import json
import subprocess
import tempfile
import unittest
from datetime import datetime

import boto3
from botocore.config import Config

from endpoint import ROOT, Endpoint, client_environment

ACCOUNT = "123456789012"
INSTANT = ("--create-stream-ms", "0", "--update-stream-ms", "0", "--delete-stream-ms", "0")


def boto3_client(url):
    env = client_environment()
    return boto3.client(
        "kinesis",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        # botocore retries ProvisionedThroughputExceededException; the tests want to see it.
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )


class Boto3Records(unittest.TestCase):
    """boto3's put_record, put_records, get_shard_iterator and get_records, limits on."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint(*INSTANT)
        cls.kinesis = boto3_client(cls.endpoint.url)

    @classmethod
    def tearDownClass(cls):
        code, out = cls.endpoint.stop()
        assert code == 0, out

    def create(self, name, shards):
        self.kinesis.create_stream(StreamName=name, ShardCount=shards)
        self.kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5})

    def read_shard(self, name, shard_id, iterator_type="TRIM_HORIZON", **position):
        """Every answer of GetRecords from `iterator_type` until a call returns no records (open
        shard) or no NextShardIterator (closed shard)."""
        k = self.kinesis
        iterator = k.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType=iterator_type,
                                        **position)["ShardIterator"]
        answers = []
        for _ in range(5):  # at most a shard's five reads a second
            answer = k.get_records(ShardIterator=iterator)
            answers.append(answer)
            iterator = answer.get("NextShardIterator")
            if iterator is None or not answer["Records"]:
                break
        return answers

    def test_records_come_back_as_written(self):
        k = self.kinesis
        self.create("rec", 2)
        # Bytes that are not text, an empty record and one of 100 KiB, under keys of both shards.
        sent = [bytes(range(256)), b"", b"\xff" * 102_400, "caf\u00e9".encode(), b"\x00"]
        written = []
        for i, data in enumerate(sent):
            out = k.put_record(StreamName="rec", Data=data, PartitionKey=f"key-{i}")
            self.assertEqual(out["EncryptionType"], "NONE")
            written.append((out["ShardId"], out["SequenceNumber"], data))
        batch = [{"Data": f"batch {i}".encode(), "PartitionKey": f"key-{i}"} for i in range(20)]
        out = k.put_records(StreamName="rec", Records=batch)
        self.assertEqual(out["FailedRecordCount"], 0)
        self.assertEqual(len(out["Records"]), 20)
        written += [(r["ShardId"], r["SequenceNumber"], b["Data"]) for r, b in zip(out["Records"], batch)]

        shards = [s["ShardId"] for s in k.list_shards(StreamName="rec")["Shards"]]
        self.assertEqual({shard for shard, _, _ in written}, set(shards))
        for shard in shards:
            answers = self.read_shard("rec", shard)
            records = [r for answer in answers for r in answer["Records"]]
            expected = [(seq, data) for s, seq, data in written if s == shard]
            self.assertEqual([(r["SequenceNumber"], r["Data"]) for r in records], expected)
            numbers = [int(r["SequenceNumber"]) for r in records]
            self.assertEqual(numbers, sorted(set(numbers)), "sequence numbers increase within a shard")
            self.assertTrue(all(isinstance(r["ApproximateArrivalTimestamp"], datetime) for r in records))
            self.assertTrue(all("MillisBehindLatest" in answer for answer in answers))
            self.assertEqual(answers[-1]["MillisBehindLatest"], 0)

            # AFTER_SEQUENCE_NUMBER of the first record gives the rest; LATEST gives nothing yet.
            rest = self.read_shard("rec", shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=expected[0][0])
            self.assertEqual([r["Data"] for a in rest for r in a["Records"]], [d for _, d in expected[1:]])
            self.assertEqual(self.read_shard("rec", shard, "LATEST")[0]["Records"], [])

    def test_reading_across_a_reshard(self):
        k = self.kinesis
        self.create("reshard", 1)
        for i in range(5):
            k.put_record(StreamName="reshard", Data=f"before {i}".encode(), PartitionKey=f"key-{i}")
        k.update_shard_count(StreamName="reshard", TargetShardCount=2, ScalingType="UNIFORM_SCALING")
        k.get_waiter("stream_exists").wait(StreamName="reshard", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        after = {}
        for i in range(10):
            out = k.put_record(StreamName="reshard", Data=f"after {i}".encode(), PartitionKey=f"key-{i}")
            after.setdefault(out["ShardId"], []).append(f"after {i}".encode())

        # The parent, read to its end: the last answer names the children and has no next iterator.
        answers = self.read_shard("reshard", "shardId-000000000000")
        self.assertEqual([r["Data"] for a in answers for r in a["Records"]],
                         [f"before {i}".encode() for i in range(5)])
        last = answers[-1]
        self.assertNotIn("NextShardIterator", last)
        self.assertEqual(last["MillisBehindLatest"], 0)
        children = last["ChildShards"]
        self.assertEqual([c["ShardId"] for c in children], ["shardId-000000000001", "shardId-000000000002"])
        self.assertTrue(all(c["ParentShards"] == ["shardId-000000000000"] for c in children))
        self.assertEqual(children[0]["HashKeyRange"]["StartingHashKey"], "0")
        self.assertEqual(int(children[0]["HashKeyRange"]["EndingHashKey"]) + 1,
                         int(children[1]["HashKeyRange"]["StartingHashKey"]))
        self.assertTrue(all("ChildShards" not in a for a in answers[:-1]))

        # Then the children, from their start: the records written after the reshard.
        for child in children:
            records = [r for a in self.read_shard("reshard", child["ShardId"]) for r in a["Records"]]
            self.assertEqual([r["Data"] for r in records], after.get(child["ShardId"], []))
        self.assertEqual(sum(len(v) for v in after.values()), 10)
        self.assertEqual(set(after), {c["ShardId"] for c in children})

    def test_throttling_is_the_sdks_own_exception(self):
        k = self.kinesis
        self.create("hot", 1)
        # 1 MiB a second per shard: the eleventh record of 100 KiB in a row cannot fit.
        with self.assertRaises(k.exceptions.ProvisionedThroughputExceededException) as raised:
            for i in range(30):
                k.put_record(StreamName="hot", Data=b"x" * 102_400, PartitionKey="one")
        self.assertGreaterEqual(i, 9)
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         f"Rate exceeded for shard shardId-000000000000 in stream hot under account {ACCOUNT}.")
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

        # 1,000 records a second: two calls of 500 take them, so most of a third fails, alone.
        batch = [{"Data": b"r", "PartitionKey": "other"} for _ in range(500)]
        results = [k.put_records(StreamName="hot", Records=batch) for _ in range(3)]
        out = results[-1]
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertGreater(out["FailedRecordCount"], 0)
        failed = [r for r in out["Records"] if "ErrorCode" in r]
        self.assertEqual(len(failed), out["FailedRecordCount"])
        self.assertEqual({r["ErrorCode"] for r in failed}, {"ProvisionedThroughputExceededException"})
        self.assertEqual({r["ErrorMessage"] for r in failed},
                         {f"Rate exceeded for shard shardId-000000000000 in stream hot under account {ACCOUNT}."})
        stored = [r for r in out["Records"] if "ErrorCode" not in r]
        self.assertEqual(len(stored) + len(failed), 500)
        self.assertTrue(all(set(r) == {"SequenceNumber", "ShardId"} for r in stored))

        # Five reads and five iterators a second per shard.
        with self.assertRaises(k.exceptions.ProvisionedThroughputExceededException):
            for _ in range(10):
                iterator = k.get_shard_iterator(StreamName="hot", ShardId="shardId-000000000000",
                                                ShardIteratorType="LATEST")["ShardIterator"]
        with self.assertRaises(k.exceptions.ProvisionedThroughputExceededException):
            for _ in range(10):
                k.get_records(ShardIterator=iterator, Limit=1)

    def test_the_limits_can_be_turned_off(self):
        endpoint = Endpoint(*INSTANT, "--no-throughput-limits")
        try:
            k = boto3_client(endpoint.url)
            k.create_stream(StreamName="cold", ShardCount=1)
            k.get_waiter("stream_exists").wait(StreamName="cold", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
            for _ in range(15):
                k.put_record(StreamName="cold", Data=b"x" * 102_400, PartitionKey="one")
            batch = [{"Data": b"r", "PartitionKey": "one"} for _ in range(500)]
            self.assertEqual([k.put_records(StreamName="cold", Records=batch)["FailedRecordCount"]
                              for _ in range(3)], [0, 0, 0])
            iterator = k.get_shard_iterator(StreamName="cold", ShardId="shardId-000000000000",
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            for _ in range(10):
                self.assertEqual(len(k.get_records(ShardIterator=iterator, Limit=1)["Records"]), 1)
        finally:
            code, out = endpoint.stop()
        self.assertEqual(code, 0, out)


class AwsCliRecords(unittest.TestCase):
    """`aws kinesis put-record` and `get-records`: blobs in and out of the CLI's JSON. The stream and
    the iterator come from boto3, as each CLI call costs a second of start-up."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint(*INSTANT)
        aws = str(ROOT / ".venv" / "bin" / "aws")
        cls.aws = [aws, "--endpoint-url", cls.endpoint.url, "--output", "json", "kinesis"]
        try:  # the venv's CLI is a Python package; asking it is a second faster than `aws --version`
            version = importlib.metadata.version("awscli")
        except importlib.metadata.PackageNotFoundError:
            version = subprocess.run([aws, "--version"], capture_output=True, text=True).stdout.removeprefix("aws-cli/")
        # CLI v2 reads a blob given as text as base64 unless told otherwise; v1 sends the text as
        # it is, and has no such option.
        cls.blob_text = ["--cli-binary-format", "raw-in-base64-out"] if version.startswith("2.") else []

    @classmethod
    def tearDownClass(cls):
        cls.endpoint.stop()

    def cli(self, *args):
        done = subprocess.run([*self.aws, *args], capture_output=True, text=True, env=client_environment(), timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)

    def test_put_record_and_get_records(self):
        k = boto3_client(self.endpoint.url)
        k.create_stream(StreamName="cli-rec", ShardCount=1)
        k.get_waiter("stream_exists").wait(StreamName="cli-rec", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        first = self.cli("put-record", "--stream-name", "cli-rec", "--partition-key", "k", "--data", "hello",
                         *self.blob_text)
        self.assertEqual(first["ShardId"], "shardId-000000000000")
        with tempfile.NamedTemporaryFile(suffix=".bin") as blob:
            blob.write(b"\x00\x01\xfe\xff")
            blob.flush()
            second = self.cli("put-record", "--stream-name", "cli-rec", "--partition-key", "k",
                              "--data", f"fileb://{blob.name}")
        self.assertGreater(int(second["SequenceNumber"]), int(first["SequenceNumber"]))

        iterator = k.get_shard_iterator(StreamName="cli-rec", ShardId="shardId-000000000000",
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        out = self.cli("get-records", "--shard-iterator", iterator)
        # The CLI prints blobs in base64.
        self.assertEqual([base64.b64decode(r["Data"]) for r in out["Records"]], [b"hello", b"\x00\x01\xfe\xff"])
        self.assertEqual([r["SequenceNumber"] for r in out["Records"]],
                         [first["SequenceNumber"], second["SequenceNumber"]])
        self.assertEqual(out["MillisBehindLatest"], 0)
        self.assertIn("NextShardIterator", out)


if __name__ == "__main__":
    unittest.main()
