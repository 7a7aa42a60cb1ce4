"""CloudWatch on the endpoint's port (docs/behaviour.md §8.4): GetMetricStatistics, GetMetricData
and ListMetrics for AWS/Kinesis through boto3 and the AWS CLI, in each of the three protocols the
CloudWatch model lists (botocore picks awsJson 1.0; the model is rewritten for a client to force
Smithy RPC v2 CBOR or awsQuery), and botocore's serializers and parsers on the raw bytes.
"""

import gzip
import json
import subprocess
import tempfile
import unittest
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import boto3
import botocore
import botocore.session
from botocore.config import Config
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from endpoint import ROOT, Endpoint, client_environment

PROTOCOLS = ("json", "smithy-rpc-v2-cbor", "query")
MODEL_FILE = Path(botocore.__file__).parent / "data" / "cloudwatch" / "2010-08-01" / "service-2.json.gz"
RECORDS = 30
# IncomingBytes counts a record's data and partition key: 100 bytes and key-0 … key-14, twice.
INCOMING_BYTES = RECORDS * 100 + 2 * sum(len(f"key-{i}") for i in range(RECORDS // 2))


def cloudwatch_model(protocol):
    model = json.loads(gzip.open(MODEL_FILE).read())
    model["metadata"]["protocol"] = protocol
    model["metadata"]["protocols"] = [protocol]
    return model


def session_for(protocol, models_dir):
    """A botocore session whose CloudWatch model lists only `protocol`."""
    folder = Path(models_dir) / protocol / "cloudwatch" / "2010-08-01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "service-2.json").write_text(json.dumps(cloudwatch_model(protocol)))
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, str(Path(models_dir) / protocol))
    return session


class CloudWatchMetrics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.endpoint = Endpoint("--create-stream-ms", "0", "--update-stream-ms", "0")
        cls.env = client_environment()
        cls.models = tempfile.TemporaryDirectory()
        credentials = dict(region_name="us-east-1", aws_access_key_id=cls.env["AWS_ACCESS_KEY_ID"],
                           aws_secret_access_key=cls.env["AWS_SECRET_ACCESS_KEY"], endpoint_url=cls.endpoint.url,
                           config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        cls.credentials = credentials
        cls.kinesis = boto3.client("kinesis", **credentials)
        cls.clients = {
            protocol: boto3.Session(botocore_session=session_for(protocol, cls.models.name)).client("cloudwatch",
                                                                                                      **credentials)
            for protocol in PROTOCOLS
        }
        # Records of 100 bytes on a stream of two shards, half of them after enhanced monitoring
        # is on for IncomingRecords.
        k = cls.kinesis
        k.create_stream(StreamName="watched", ShardCount=2)
        k.describe_stream_summary(StreamName="watched")
        cls.start = datetime.now(timezone.utc) - timedelta(minutes=5)
        for i in range(RECORDS // 2):
            k.put_record(StreamName="watched", Data=b"x" * 100, PartitionKey=f"key-{i}")
        k.enable_enhanced_monitoring(StreamName="watched", ShardLevelMetrics=["IncomingRecords"])
        k.put_records(StreamName="watched",
                      Records=[{"Data": b"y" * 100, "PartitionKey": f"key-{i}"} for i in range(RECORDS // 2)])
        cls.end = datetime.now(timezone.utc) + timedelta(minutes=2)

    @classmethod
    def tearDownClass(cls):
        code, out = cls.endpoint.stop()
        cls.models.cleanup()
        assert code == 0, out

    def statistics(self, client, metric, dimensions, statistics=("Sum", "SampleCount", "Maximum")):
        out = client.get_metric_statistics(Namespace="AWS/Kinesis", MetricName=metric, Dimensions=dimensions,
                                           StartTime=self.start, EndTime=self.end, Period=60,
                                           Statistics=list(statistics))
        return out

    def test_the_sdk_uses_json_and_each_protocol_reads_the_same_metrics(self):
        # botocore's own choice among the model's protocols (awsJson 1.0 today) works too.
        default = boto3.client("cloudwatch", **self.credentials)
        sent = []
        default.meta.events.register("before-send", lambda request, **_: sent.append(request.headers))
        out = self.statistics(default, "IncomingRecords", [{"Name": "StreamName", "Value": "watched"}])
        self.assertEqual(sum(p["Sum"] for p in out["Datapoints"]), RECORDS)
        self.assertEqual(sent[0]["X-Amz-Target"], b"GraniteServiceVersion20100801.GetMetricStatistics")
        stream = [{"Name": "StreamName", "Value": "watched"}]
        answers = {}
        for protocol, client in self.clients.items():
            with self.subTest(protocol=protocol):
                self.assertEqual(client.meta.service_model.protocol, protocol)
                out = self.statistics(client, "IncomingRecords", stream)
                self.assertEqual(out["Label"], "IncomingRecords")
                points = out["Datapoints"]
                self.assertEqual(sum(p["Sum"] for p in points), RECORDS)
                self.assertTrue(all(p["Unit"] == "Count" for p in points))
                self.assertTrue(all(p["Timestamp"].second == 0 and p["Timestamp"].tzinfo for p in points))
                # PutRecord adds one sample a record, PutRecords one a call.
                self.assertEqual(sum(p["SampleCount"] for p in points), RECORDS // 2 + 1)
                self.assertEqual(max(p["Maximum"] for p in points), RECORDS // 2)
                answers[protocol] = points
        self.assertEqual(answers["json"], answers["smithy-rpc-v2-cbor"])
        self.assertEqual(answers["json"], answers["query"])

    def test_shard_level_metrics_with_enhanced_monitoring(self):
        shards = ["shardId-000000000000", "shardId-000000000001"]
        for protocol, client in self.clients.items():
            with self.subTest(protocol=protocol):
                total = 0
                for shard in shards:
                    out = self.statistics(client, "IncomingRecords",
                                          [{"Name": "ShardId", "Value": shard}, {"Name": "StreamName", "Value": "watched"}])
                    total += sum(p["Sum"] for p in out["Datapoints"])
                # Only the records written after monitoring was turned on.
                self.assertEqual(total, RECORDS // 2)
                # IncomingBytes was not turned on at shard level: no data.
                out = self.statistics(client, "IncomingBytes",
                                      [{"Name": "StreamName", "Value": "watched"}, {"Name": "ShardId", "Value": shards[0]}])
                self.assertEqual(out["Datapoints"], [])

    def test_get_metric_data_and_list_metrics(self):
        queries = [
            {"Id": "records", "MetricStat": {"Metric": {"Namespace": "AWS/Kinesis", "MetricName": "IncomingRecords",
                                                        "Dimensions": [{"Name": "StreamName", "Value": "watched"}]},
                                             "Period": 300, "Stat": "Sum"}},
            {"Id": "bytes", "Label": "bytes in", "MetricStat": {
                "Metric": {"Namespace": "AWS/Kinesis", "MetricName": "IncomingBytes",
                           "Dimensions": [{"Name": "StreamName", "Value": "watched"}]},
                "Period": 60, "Stat": "Sum", "Unit": "Bytes"}},
            {"Id": "other", "ReturnData": False, "MetricStat": {
                "Metric": {"Namespace": "AWS/Kinesis", "MetricName": "IncomingBytes"}, "Period": 60, "Stat": "p99"}},
        ]
        lists = {}
        for protocol, client in self.clients.items():
            with self.subTest(protocol=protocol):
                out = client.get_metric_data(MetricDataQueries=queries, StartTime=self.start, EndTime=self.end)
                results = {r["Id"]: r for r in out["MetricDataResults"]}
                self.assertEqual(set(results), {"records", "bytes"})
                self.assertEqual(sum(results["records"]["Values"]), RECORDS)
                self.assertEqual(sum(results["bytes"]["Values"]), INCOMING_BYTES)
                self.assertEqual(results["bytes"]["Label"], "bytes in")
                self.assertEqual(results["records"]["StatusCode"], "Complete")
                stamps = results["bytes"]["Timestamps"]
                self.assertEqual(stamps, sorted(stamps, reverse=True))
                self.assertEqual(len(stamps), len(results["bytes"]["Values"]))

                # One datapoint a page: the rest follow NextToken.
                paged, token = [], None
                while True:
                    extra = {"NextToken": token} if token else {}
                    page = client.get_metric_data(MetricDataQueries=queries[1:2], StartTime=self.start,
                                                  EndTime=self.end, MaxDatapoints=1, ScanBy="TimestampAscending",
                                                  **extra)
                    paged += page["MetricDataResults"][0]["Values"]
                    token = page.get("NextToken")
                    if not token:
                        break
                self.assertEqual(sum(paged), INCOMING_BYTES)

                metrics = client.list_metrics(Namespace="AWS/Kinesis")["Metrics"]
                names = {(m["MetricName"], tuple(d["Value"] for d in m["Dimensions"])) for m in metrics}
                self.assertIn(("IncomingBytes", ("watched",)), names)
                self.assertIn(("PutRecords.Bytes", ("watched",)), names)
                self.assertIn(("IncomingRecords", ("watched", "shardId-000000000001")), names)
                self.assertNotIn(("IncomingBytes", ("watched", "shardId-000000000001")), names)
                shard_level = client.list_metrics(Dimensions=[{"Name": "ShardId"}], RecentlyActive="PT3H")["Metrics"]
                self.assertTrue(shard_level and all(len(m["Dimensions"]) == 2 for m in shard_level))
                self.assertEqual(client.list_metrics(Namespace="AWS/EC2")["Metrics"], [])
                lists[protocol] = metrics
        self.assertEqual(lists["json"], lists["query"])
        self.assertEqual(lists["json"], lists["smithy-rpc-v2-cbor"])

    def test_errors_are_the_sdks_own_exceptions_in_every_protocol(self):
        for protocol, client in self.clients.items():
            with self.subTest(protocol=protocol):
                with self.assertRaises(client.exceptions.InvalidParameterValueException) as raised:
                    client.get_metric_statistics(Namespace="AWS/Kinesis", MetricName="IncomingBytes",
                                                 StartTime=self.start, EndTime=self.end, Period=90,
                                                 Statistics=["Sum"])
                self.assertEqual(raised.exception.response["Error"]["Message"],
                                 "The parameter Period must be 1, 5, 10, 30 or a multiple of 60.")
                self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
                with self.assertRaises(client.exceptions.InvalidParameterCombinationException):
                    client.get_metric_statistics(Namespace="AWS/Kinesis", MetricName="IncomingBytes",
                                                 StartTime=self.start, EndTime=self.start + timedelta(days=2),
                                                 Period=60, Statistics=["Sum"])
                with self.assertRaises(client.exceptions.InvalidNextToken):
                    client.list_metrics(NextToken="bm90IGEgdG9rZW4")

    def test_the_cli_reads_metrics_unchanged(self):
        env = dict(self.env)
        out = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "aws"), "--endpoint-url", self.endpoint.url, "cloudwatch",
             "get-metric-statistics", "--namespace", "AWS/Kinesis", "--metric-name", "IncomingBytes",
             "--dimensions", "Name=StreamName,Value=watched", "--statistics", "Sum",
             "--start-time", self.start.isoformat(), "--end-time", self.end.isoformat(), "--period", "60"],
            env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        answer = json.loads(out.stdout)
        self.assertEqual(answer["Label"], "IncomingBytes")
        self.assertEqual(sum(p["Sum"] for p in answer["Datapoints"]), INCOMING_BYTES)

    def test_the_readmes_autoscaler_follows_the_metrics(self):
        k = self.kinesis
        k.create_stream(StreamName="hot", ShardCount=1)
        k.create_stream(StreamName="quiet", ShardCount=4)
        k.describe_stream_summary(StreamName="hot")
        # 1 MiB a second per shard: records of 100 KiB in a row are throttled from the eleventh.
        with self.assertRaises(k.exceptions.ProvisionedThroughputExceededException):
            for _ in range(30):
                k.put_record(StreamName="hot", Data=b"x" * 102_400, PartitionKey="one")
        k.put_record(StreamName="quiet", Data=b"x", PartitionKey="one")

        def autoscale(stream):
            out = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "examples" / "autoscaler.py"),
                                  "--endpoint-url", self.endpoint.url, "--stream", stream, "--once"],
                                 env=self.env, capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            return out.stdout

        self.assertIn("throttled: 1 -> 2 shards", autoscale("hot"))
        self.assertIn("4 -> 2 shards", autoscale("quiet"))
        for stream, shards in (("hot", 2), ("quiet", 2)):
            summary = k.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
            self.assertEqual(summary["OpenShardCount"], shards)

    def test_botocore_parses_the_raw_bytes_of_every_operation(self):
        requests = {
            "GetMetricStatistics": dict(Namespace="AWS/Kinesis", MetricName="IncomingRecords",
                                        Dimensions=[{"Name": "StreamName", "Value": "watched"}],
                                        StartTime=self.start, EndTime=self.end, Period=60,
                                        Statistics=["Sum", "Average"], ExtendedStatistics=["p0", "p99"]),
            "GetMetricData": dict(MetricDataQueries=[{"Id": "m", "MetricStat": {
                "Metric": {"Namespace": "AWS/Kinesis", "MetricName": "IncomingRecords",
                           "Dimensions": [{"Name": "StreamName", "Value": "watched"}]},
                "Period": 60, "Stat": "Maximum"}}], StartTime=self.start, EndTime=self.end),
            "ListMetrics": dict(Namespace="AWS/Kinesis", MetricName="IncomingRecords"),
        }
        for protocol in PROTOCOLS:
            model = ServiceModel(cloudwatch_model(protocol), "cloudwatch")
            serializer, parser = create_serializer(protocol), create_parser(protocol)
            for operation, params in requests.items():
                with self.subTest(protocol=protocol, operation=operation):
                    operation_model = model.operation_model(operation)
                    request = serializer.serialize_to_request(params, operation_model)
                    headers = dict(request["headers"])
                    headers.update({"X-Amz-Date": "20231114T221320Z",
                                    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/"
                                                     "monitoring/aws4_request, SignedHeaders=host, Signature=abc"})
                    body = request["body"]
                    if isinstance(body, dict):  # awsQuery's form, before botocore encodes it
                        body = urllib.parse.urlencode(body).encode()
                        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
                    raw = urllib.request.Request(self.endpoint.url.rstrip("/") + request["url_path"], data=body,
                                                 method="POST", headers=headers)
                    with urllib.request.urlopen(raw) as response:
                        status, answer_headers, content = response.status, response.headers, response.read()
                    self.assertEqual(status, 200)
                    parsed = parser.parse({"status_code": status, "body": content,
                                           "headers": {k.lower(): v for k, v in answer_headers.items()}},
                                          operation_model.output_shape)
                    if operation == "GetMetricStatistics":
                        points = parsed["Datapoints"]
                        self.assertEqual(sum(p["Sum"] for p in points), RECORDS)
                        # p0 is the minimum, known from a statistic set; p99 is not (docs/behaviour.md §8.4).
                        self.assertTrue(points and all("p0" in p["ExtendedStatistics"] for p in points))
                    elif operation == "GetMetricData":
                        self.assertEqual(max(parsed["MetricDataResults"][0]["Values"]), RECORDS // 2)
                    else:
                        metrics = parsed["Metrics"]  # the stream's, and its shards'
                        self.assertGreaterEqual(len(metrics), 2)
                        self.assertTrue(all(m["MetricName"] == "IncomingRecords" for m in metrics))


if __name__ == "__main__":
    unittest.main()
