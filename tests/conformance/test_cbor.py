"""Kinesis in CBOR over HTTP, as the AWS SDK for Java sends it (docs/behaviour.md §8.3): byte
strings for blobs, tag 1 with epoch milliseconds for timestamps. The same calls in JSON through
boto3 must see the same streams and records. (tests/native/endpoint_cbor.rs checks every golden
call in both formats without sockets.)
"""

import io
import time
import unittest

import boto3
import cbor2
# cbor2's pure-Python decoder, told to read tag 1 as the Java SDK does (epoch milliseconds): its
# own reading is seconds, which for milliseconds lands past the year 9999. cbor2 is pinned in
# requirements.txt; this process uses cbor2 for nothing else.
from cbor2 import _decoder

from endpoint import Endpoint, client_environment, post

CBOR = "application/x-amz-cbor-1.1"


_decoder.semantic_decoders[1] = lambda decoder: ("epoch_ms", decoder._decode())


def loads(raw):
    return _decoder.CBORDecoder(io.BytesIO(raw)).decode()


class CborOverHttp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint("--create-stream-ms", "0", "--update-stream-ms", "0")
        env = client_environment()
        cls.kinesis = boto3.client("kinesis", endpoint_url=cls.endpoint.url, region_name="us-east-1",
                                   aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                                   aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])

    @classmethod
    def tearDownClass(cls):
        code, out = cls.endpoint.stop()
        assert code == 0, out

    def call(self, operation, body, content_type=CBOR):
        status, headers, raw = post(self.endpoint.url, operation, cbor2.dumps(body), content_type)
        self.assertEqual(headers["Content-Type"], CBOR)
        return status, (loads(raw) if raw else None)

    def test_streams_and_records_agree_with_json(self):
        self.assertEqual(self.call("CreateStream", {"StreamName": "java", "ShardCount": 1}), (200, None))
        status, summary = self.call("DescribeStreamSummary", {"StreamName": "java"})
        self.assertEqual(status, 200)
        described = self.kinesis.describe_stream_summary(StreamName="java")["StreamDescriptionSummary"]
        created_ms = summary["StreamDescriptionSummary"]["StreamCreationTimestamp"]
        self.assertEqual(created_ms, ("epoch_ms", int(described["StreamCreationTimestamp"].timestamp() * 1000)))
        self.assertEqual(summary["StreamDescriptionSummary"]["StreamARN"], described["StreamARN"])

        before_ms = int(time.time() * 1000) - 1000
        data = bytes(range(256))
        status, put = self.call("PutRecord", {"StreamName": "java", "Data": data, "PartitionKey": "k"})
        self.assertEqual((status, put["ShardId"]), (200, "shardId-000000000000"))
        self.kinesis.put_record(StreamName="java", Data=b"from boto3", PartitionKey="j")

        # AT_TIMESTAMP as the Java SDK sends it: tag 1, epoch milliseconds.
        status, iterator = self.call("GetShardIterator", {
            "StreamName": "java", "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP",
            "Timestamp": cbor2.CBORTag(1, before_ms)})
        self.assertEqual(status, 200)
        status, records = self.call("GetRecords", {"ShardIterator": iterator["ShardIterator"]})
        self.assertEqual(status, 200)
        self.assertEqual([r["Data"] for r in records["Records"]], [data, b"from boto3"])
        self.assertEqual(records["Records"][0]["SequenceNumber"], put["SequenceNumber"])
        arrival = records["Records"][0]["ApproximateArrivalTimestamp"]
        self.assertEqual(arrival[0], "epoch_ms")
        self.assertLessEqual(before_ms, arrival[1])

        # boto3 reads the record written in CBOR, bytes for bytes.
        shard_iterator = self.kinesis.get_shard_iterator(
            StreamName="java", ShardId="shardId-000000000000", ShardIteratorType="AT_SEQUENCE_NUMBER",
            StartingSequenceNumber=put["SequenceNumber"])["ShardIterator"]
        first = self.kinesis.get_records(ShardIterator=shard_iterator)["Records"][0]
        self.assertEqual(first["Data"], data)
        self.assertEqual(int(first["ApproximateArrivalTimestamp"].timestamp() * 1000), arrival[1])

    def test_errors_are_cbor_with_the_json_types_and_texts(self):
        status, error = self.call("DescribeStreamSummary", {"StreamName": "nope"})
        self.assertEqual(status, 400)
        with self.assertRaises(self.kinesis.exceptions.ResourceNotFoundException) as raised:
            self.kinesis.describe_stream_summary(StreamName="nope")
        self.assertEqual(error, {"__type": "ResourceNotFoundException",
                                 "message": raised.exception.response["Error"]["Message"]})
        status, error = self.call("PutRecord", {"StreamName": "nope", "Data": "text, not bytes", "PartitionKey": "k"})
        self.assertEqual((status, error["__type"]), (400, "SerializationException"))


if __name__ == "__main__":
    unittest.main()
