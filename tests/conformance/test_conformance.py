"""Conformance of the local endpoint with clients nobody here wrote: boto3, botocore's parser with
the 2021-11-30 model, and the AWS CLI. Run by scripts/test.sh after building the release binary.
"""

import base64
import json
import signal
import socket
import subprocess
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
import urllib.request
from datetime import datetime

import boto3
from botocore.config import Config
from botocore.model import ServiceModel
from botocore.parsers import create_parser

from endpoint import ROOT, Endpoint, client_environment, post

ACCOUNT = "123456789012"
MODEL = ROOT / "target" / "reference" / "kinesis-2013-12-02.service-2.json"


def arn(name):
    return f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{name}"


class Boto3(unittest.TestCase):
    """boto3 against an endpoint with half-second transitions."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint("--create-stream-ms", "500", "--update-stream-ms", "500", "--delete-stream-ms", "500")
        env = client_environment()
        cls.kinesis = boto3.client(
            "kinesis",
            endpoint_url=cls.endpoint.url,
            region_name="us-east-1",
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
            # LimitExceededException is retried by default; the tests want to see it.
            config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
        )

    @classmethod
    def tearDownClass(cls):
        code, _ = cls.endpoint.stop()
        assert code == 0, code

    def wait_active(self, name):
        self.kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 10})

    def test_capacity_modes_through_the_sdk(self):
        k = self.kinesis
        k.create_stream(StreamName="sdk-orders", StreamModeDetails={"StreamMode": "ON_DEMAND"})
        summary = k.describe_stream_summary(StreamName="sdk-orders")["StreamDescriptionSummary"]
        self.assertEqual(summary["StreamStatus"], "CREATING")
        self.wait_active("sdk-orders")

        summary = k.describe_stream_summary(StreamName="sdk-orders")["StreamDescriptionSummary"]
        self.assertEqual(summary["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.assertEqual(summary["OpenShardCount"], 4)
        self.assertEqual(summary["StreamARN"], arn("sdk-orders"))
        self.assertIsInstance(summary["StreamCreationTimestamp"], datetime)

        with self.assertRaises(k.exceptions.ResourceInUseException):
            k.create_stream(StreamName="sdk-orders", ShardCount=1)
        with self.assertRaises(k.exceptions.ValidationException):
            k.update_shard_count(StreamName="sdk-orders", TargetShardCount=8, ScalingType="UNIFORM_SCALING")

        # Two switches, then the third inside 24 hours is refused.
        k.update_stream_mode(StreamARN=arn("sdk-orders"), StreamModeDetails={"StreamMode": "PROVISIONED"})
        with self.assertRaises(k.exceptions.ResourceInUseException):
            k.update_stream_mode(StreamARN=arn("sdk-orders"), StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.wait_active("sdk-orders")
        summary = k.describe_stream_summary(StreamName="sdk-orders")["StreamDescriptionSummary"]
        self.assertEqual((summary["StreamModeDetails"]["StreamMode"], summary["OpenShardCount"]), ("PROVISIONED", 4))
        k.update_stream_mode(StreamARN=arn("sdk-orders"), StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.wait_active("sdk-orders")
        with self.assertRaises(k.exceptions.LimitExceededException):
            k.update_stream_mode(StreamARN=arn("sdk-orders"), StreamModeDetails={"StreamMode": "PROVISIONED"})

        limits = k.describe_limits()
        self.assertEqual(set(limits) - {"ResponseMetadata"},
                         {"ShardLimit", "OpenShardCount", "OnDemandStreamCount", "OnDemandStreamCountLimit"})
        self.assertEqual((limits["ShardLimit"], limits["OnDemandStreamCountLimit"]), (500, 50))
        self.assertGreaterEqual(limits["OnDemandStreamCount"], 1)

    def test_errors_are_the_sdks_own_exceptions(self):
        k = self.kinesis
        with self.assertRaises(k.exceptions.ResourceNotFoundException) as raised:
            k.describe_stream(StreamName="sdk-missing")
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         f"Stream sdk-missing under account {ACCOUNT} not found.")
        self.assertTrue(raised.exception.response["ResponseMetadata"]["RequestId"])
        with self.assertRaises(k.exceptions.InvalidArgumentException):
            k.create_stream(StreamName="sdk-bad", ShardCount=1, StreamModeDetails={"StreamMode": "ON_DEMAND"})

    def test_resharding_and_paging(self):
        k = self.kinesis
        k.create_stream(StreamName="sdk-shards", ShardCount=2)
        self.wait_active("sdk-shards")
        out = k.update_shard_count(StreamName="sdk-shards", TargetShardCount=3, ScalingType="UNIFORM_SCALING")
        self.assertEqual((out["CurrentShardCount"], out["TargetShardCount"]), (2, 3))
        self.wait_active("sdk-shards")
        # Not botocore's list_shards paginator: it resends StreamName with the NextToken, which the
        # service refuses ("NextToken and StreamName cannot be provided together."), and so does this.
        with self.assertRaises(k.exceptions.InvalidArgumentException):
            list(k.get_paginator("list_shards").paginate(StreamName="sdk-shards", PaginationConfig={"PageSize": 2}))
        page = k.list_shards(StreamName="sdk-shards", MaxResults=2)
        pages = [page]
        while "NextToken" in page:
            page = k.list_shards(NextToken=page["NextToken"], MaxResults=2)
            pages.append(page)
        shards = [s for page in pages for s in page["Shards"]]
        self.assertEqual(len(pages), 4)
        self.assertEqual(len([s for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"]]), 3)
        described = k.get_paginator("describe_stream").paginate(StreamName="sdk-shards", PaginationConfig={"PageSize": 2})
        self.assertEqual(sum(len(p["StreamDescription"]["Shards"]) for p in described), len(shards))


class RawBytesWith2021Model(unittest.TestCase):
    """Raw responses parsed by botocore's own parser against the 2021-11-30 model."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint("--create-stream-ms", "0", "--update-stream-ms", "0")
        cls.model = ServiceModel(json.loads(MODEL.read_text()), "kinesis")
        cls.parser = create_parser("json")

    @classmethod
    def tearDownClass(cls):
        cls.endpoint.stop()

    def call(self, operation, body):
        status, headers, raw = post(self.endpoint.url, operation, json.dumps(body).encode())
        shape = self.model.operation_model(operation).output_shape
        parsed = self.parser.parse(
            {"status_code": status, "headers": {k.lower(): v for k, v in headers.items()}, "body": raw}, shape)
        return status, raw, parsed

    def test_every_simulated_read_parses(self):
        self.assertEqual(self.call("CreateStream", {"StreamName": "raw", "ShardCount": 2})[:2], (200, b""))
        self.call("DescribeStreamSummary", {"StreamName": "raw"})  # settles the 0 ms CREATING
        status, raw, parsed = self.call("DescribeStream", {"StreamName": "raw"})
        self.assertEqual(status, 200)
        description = parsed["StreamDescription"]
        self.assertEqual(description["StreamModeDetails"], {"StreamMode": "PROVISIONED"})
        self.assertIsInstance(description["StreamCreationTimestamp"], datetime)
        self.assertIn(b'"StreamCreationTimestamp":1.', raw)
        self.assertEqual(description["Shards"][1]["HashKeyRange"]["StartingHashKey"],
                         "170141183460469231731687303715884105728")
        status, _, limits = self.call("DescribeLimits", {})
        self.assertEqual((status, limits["ShardLimit"], limits["OpenShardCount"]), (200, 500, 2))
        for operation, body in [
            ("ListStreams", {}),
            ("ListShards", {"StreamName": "raw"}),
            ("ListTagsForStream", {"StreamName": "raw"}),
            ("UpdateShardCount", {"StreamName": "raw", "TargetShardCount": 3, "ScalingType": "UNIFORM_SCALING"}),
        ]:
            status, _, parsed = self.call(operation, body)
            self.assertEqual(status, 200, (operation, parsed))

    def test_records_parse(self):
        self.assertEqual(self.call("CreateStream", {"StreamName": "raw-records", "ShardCount": 1})[:2], (200, b""))
        self.call("DescribeStreamSummary", {"StreamName": "raw-records"})  # settles the 0 ms CREATING
        data = bytes(range(256))
        status, raw, put = self.call("PutRecord", {"StreamName": "raw-records", "PartitionKey": "k",
                                                   "Data": base64.b64encode(data).decode()})
        self.assertEqual(status, 200, raw)
        self.assertEqual((put["ShardId"], put["EncryptionType"]), ("shardId-000000000000", "NONE"))
        self.assertEqual(len(put["SequenceNumber"]), 56)
        status, raw, batch = self.call("PutRecords", {"StreamName": "raw-records", "Records": [
            {"PartitionKey": "k", "Data": ""}, {"PartitionKey": "k", "Data": "AA=="}]})
        self.assertEqual((status, batch["FailedRecordCount"], len(batch["Records"])), (200, 0, 2), raw)
        self.assertIn(b'"FailedRecordCount":0', raw)

        status, raw, parsed = self.call("GetShardIterator", {"StreamName": "raw-records", "ShardId": "shardId-000000000000",
                                                             "ShardIteratorType": "TRIM_HORIZON"})
        self.assertEqual(status, 200, raw)
        status, raw, parsed = self.call("GetRecords", {"ShardIterator": parsed["ShardIterator"]})
        self.assertEqual(status, 200, raw)
        # Blobs come back as bytes and the arrival time as a datetime, from the JSON number.
        self.assertEqual([r["Data"] for r in parsed["Records"]], [data, b"", b"\x00"])
        self.assertEqual(parsed["Records"][0]["SequenceNumber"], put["SequenceNumber"])
        self.assertIsInstance(parsed["Records"][0]["ApproximateArrivalTimestamp"], datetime)
        self.assertEqual(parsed["MillisBehindLatest"], 0)

        # The end of a closed shard: ChildShards, in the 2021 model's shapes, and no next iterator.
        self.call("UpdateShardCount", {"StreamName": "raw-records", "TargetShardCount": 2,
                                       "ScalingType": "UNIFORM_SCALING"})
        self.call("DescribeStreamSummary", {"StreamName": "raw-records"})  # settles the 0 ms UPDATING
        status, raw, parsed = self.call("GetRecords", {"ShardIterator": parsed["NextShardIterator"]})
        self.assertEqual(status, 200, raw)
        self.assertNotIn("NextShardIterator", parsed)
        self.assertEqual([c["ShardId"] for c in parsed["ChildShards"]], ["shardId-000000000001", "shardId-000000000002"])
        self.assertEqual(parsed["ChildShards"][0]["ParentShards"], ["shardId-000000000000"])

    def test_errors_parse_to_codes_and_messages(self):
        status, _, parsed = self.call("DescribeStream", {"StreamName": "nope"})
        self.assertEqual(status, 400)
        self.assertEqual(parsed["Error"], {"Code": "ResourceNotFoundException",
                                           "Message": f"Stream nope under account {ACCOUNT} not found."})
        status, _, parsed = self.call("CreateStream", {"StreamName": "a b", "ShardCount": 0})
        self.assertEqual(parsed["Error"]["Code"], "ValidationException")
        self.assertTrue(parsed["Error"]["Message"].startswith("2 validation errors detected: "))
        status, _, parsed = self.call("CreateStream", {"StreamName": 5})
        self.assertEqual(parsed["Error"]["Code"], "SerializationException")
        self.assertIn("TruncatingBigNumber", parsed["Error"]["Message"])


class AwsCli(unittest.TestCase):
    """`aws --endpoint-url … kinesis …`, with instant transitions so the CLI's waiter never sleeps."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint("--create-stream-ms", "0", "--update-stream-ms", "0", "--delete-stream-ms", "0")
        cls.aws = [str(ROOT / ".venv" / "bin" / "aws"), "--endpoint-url", cls.endpoint.url, "--output", "json", "kinesis"]

    @classmethod
    def tearDownClass(cls):
        cls.endpoint.stop()

    def cli(self, *args, ok=True):
        done = subprocess.run([*self.aws, *args], capture_output=True, text=True, env=client_environment(), timeout=60)
        if ok:
            self.assertEqual(done.returncode, 0, done.stderr)
        return done

    def test_the_same_through_the_cli(self):
        self.cli("create-stream", "--stream-name", "cli", "--stream-mode-details", "StreamMode=ON_DEMAND")
        self.cli("wait", "stream-exists", "--stream-name", "cli")
        summary = json.loads(self.cli("describe-stream-summary", "--stream-name", "cli").stdout)
        self.assertEqual(summary["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"], "ON_DEMAND")
        self.cli("update-stream-mode", "--stream-arn", arn("cli"), "--stream-mode-details", "StreamMode=PROVISIONED")
        self.cli("wait", "stream-exists", "--stream-name", "cli")
        limits = json.loads(self.cli("describe-limits").stdout)
        self.assertEqual(limits["OpenShardCount"], 4)
        self.assertEqual(limits["OnDemandStreamCount"], 0)

        failed = self.cli("describe-stream", "--stream-name", "cli-missing", ok=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("ResourceNotFoundException", failed.stderr)
        self.assertIn("Stream cli-missing under account 123456789012 not found.", failed.stderr)
        failed = self.cli("create-stream", "--stream-name", "cli", "--shard-count", "1", ok=False)
        self.assertIn("ResourceInUseException", failed.stderr)
        self.cli("update-stream-mode", "--stream-arn", arn("cli"), "--stream-mode-details", "StreamMode=ON_DEMAND")
        self.cli("wait", "stream-exists", "--stream-name", "cli")
        failed = self.cli("update-stream-mode", "--stream-arn", arn("cli"), "--stream-mode-details",
                          "StreamMode=PROVISIONED", ok=False)
        self.assertIn("LimitExceededException", failed.stderr)

        self.cli("delete-stream", "--stream-name", "cli")
        self.cli("wait", "stream-not-exists", "--stream-name", "cli")

    def test_the_playgrounds_copy_as_cli_form_runs(self):
        # The inspector's "Copy as AWS CLI" gives `aws kinesis <op> --cli-input-json '<body as sent>'`.
        body = '{\n  "StreamName": "copied",\n  "ShardCount": 1,\n  "StreamModeDetails": {\n    "StreamMode": "PROVISIONED"\n  }\n}'
        self.cli("create-stream", "--cli-input-json", body)
        summary = json.loads(self.cli("describe-stream-summary", "--cli-input-json", '{"StreamName":"copied"}').stdout)
        self.assertEqual(summary["StreamDescriptionSummary"]["StreamName"], "copied")
        self.cli("describe-limits")
        self.cli("delete-stream", "--cli-input-json", '{"StreamName":"copied"}')
        self.cli("wait", "stream-not-exists", "--stream-name", "copied")


SIGNED_HEADERS = {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Date": "20231114T221320Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, "
                     "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc",
}


def raw_call(url, operation, body):
    """One signed-looking POST; returns (status, body bytes)."""
    headers = dict(SIGNED_HEADERS, **{"X-Amz-Target": f"Kinesis_20131202.{operation}"})
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Robustness(unittest.TestCase):
    """Concurrency and hostile input over HTTP: AWS-shaped errors or a closed connection, never a
    crash or a stuck worker."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint("--no-rate-limits")
        host, port = cls.endpoint.url.removeprefix("http://").split(":")
        cls.address = (host, int(port))

    @classmethod
    def tearDownClass(cls):
        code, out = cls.endpoint.stop()
        assert code == 0, out

    def healthy(self):
        self.assertEqual(raw_call(self.endpoint.url, "ListStreams", b"{}")[0], 200)

    def test_concurrent_creates_of_one_name_give_one_success(self):
        barrier = threading.Barrier(32)

        def create(_):
            barrier.wait()
            return raw_call(self.endpoint.url, "CreateStream", b'{"StreamName":"race","ShardCount":1}')

        with ThreadPoolExecutor(max_workers=32) as pool:
            results = list(pool.map(create, range(32)))
        self.assertEqual(sum(1 for status, _ in results if status == 200), 1)
        others = {json.loads(body)["__type"] for status, body in results if status != 200}
        self.assertEqual(others, {"ResourceInUseException"})

    def send_raw(self, data, read=True):
        with socket.create_connection(self.address, timeout=15) as connection:
            connection.sendall(data)
            if not read:
                return b""
            connection.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
            return b"".join(chunks)

    def test_garbage_truncated_and_oversized_requests(self):
        answer = self.send_raw(b"\x00\xff garbage \r\n\r\n")
        self.assertTrue(answer == b"" or answer.startswith(b"HTTP/1.1 400"), answer[:80])
        # A body shorter than its Content-Length: the connection is closed without an answer.
        self.assertEqual(self.send_raw(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"a\""), b"")
        # Over the 7 MB limit: 413.
        head = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
        answer = self.send_raw(head + b"Content-Length: 8000000\r\n\r\n" + b"{" * 8_000_000)
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:80])
        # Any path, a missing target, a GET.
        self.assertEqual(raw_call(self.endpoint.url + "/some/path?x=1", "ListStreams", b"{}")[0], 200)
        status, body = raw_call(self.endpoint.url, "", b"{}")
        self.assertEqual((status, json.loads(body)), (400, {"__type": "UnknownOperationException"}))
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(self.endpoint.url, timeout=10)
        self.assertEqual(raised.exception.code, 403)
        self.healthy()

    def test_idle_and_slow_clients_do_not_hold_up_others(self):
        idle = [socket.create_connection(self.address) for _ in range(100)]
        slow = socket.create_connection(self.address)
        slow.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the rest
        try:
            started = time.monotonic()
            self.healthy()
            self.assertLess(time.monotonic() - started, 2)
        finally:
            for connection in [*idle, slow]:
                connection.close()
        self.healthy()


class Shutdown(unittest.TestCase):
    def test_sigint_and_sigterm_end_it_cleanly(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            endpoint = Endpoint()
            code, out = endpoint.stop(sig)
            self.assertEqual(code, 0, out)
            self.assertIn("kinesis-endpoint stopped", out)


if __name__ == "__main__":
    unittest.main()
