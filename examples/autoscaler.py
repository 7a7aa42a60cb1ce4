"""A small autoscaler for a provisioned Kinesis stream, driven by its CloudWatch metrics.

Every minute it reads the stream's IncomingBytes, IncomingRecords and
WriteProvisionedThroughputExceeded of the last five minutes with GetMetricData, works out how
many shards would carry the busiest of those minutes at 70% of a shard's write limits (1 MiB and
1,000 records a second), doubles the shards at once if any write was throttled (a minute's
average hides the peaks that were), and calls UpdateShardCount within its bounds (at most double,
at least half). Against kinesis-endpoint, compare it with an on-demand stream under the same load.

    python examples/autoscaler.py --endpoint-url http://127.0.0.1:4567 --stream orders [--once]
"""

import argparse
import math
import time
from datetime import datetime, timedelta, timezone

import boto3

SHARD_BYTES_PER_SECOND = 1024 * 1024
SHARD_RECORDS_PER_SECOND = 1000
TARGET_USE = 0.7
WINDOW = timedelta(minutes=5)


def busiest_minute(cloudwatch, stream):
    """The highest bytes and records per second of a minute in the window, and the throttled
    writes in it."""
    def query(query_id, metric):
        return {"Id": query_id, "MetricStat": {"Metric": {
            "Namespace": "AWS/Kinesis", "MetricName": metric,
            "Dimensions": [{"Name": "StreamName", "Value": stream}]}, "Period": 60, "Stat": "Sum"}}

    now = datetime.now(timezone.utc)
    answer = cloudwatch.get_metric_data(
        MetricDataQueries=[query("bytes", "IncomingBytes"), query("records", "IncomingRecords"),
                           query("throttled", "WriteProvisionedThroughputExceeded")],
        StartTime=now - WINDOW, EndTime=now + timedelta(minutes=1))
    values = {result["Id"]: result["Values"] for result in answer["MetricDataResults"]}
    return (max(values["bytes"], default=0) / 60, max(values["records"], default=0) / 60,
            sum(values["throttled"]))


def step(kinesis, cloudwatch, stream):
    """One decision: returns the shard count before and the one asked for."""
    summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    current = summary["OpenShardCount"]
    if summary["StreamStatus"] != "ACTIVE":
        return current, current
    bytes_per_second, records_per_second, throttled = busiest_minute(cloudwatch, stream)
    wanted = max(1,
                 math.ceil(bytes_per_second / (SHARD_BYTES_PER_SECOND * TARGET_USE)),
                 math.ceil(records_per_second / (SHARD_RECORDS_PER_SECOND * TARGET_USE)))
    if throttled:
        wanted = max(wanted, current * 2)
    # UpdateShardCount goes at most to double and at least to half the open shards.
    wanted = min(max(wanted, math.ceil(current / 2)), current * 2)
    if wanted != current:
        kinesis.update_shard_count(StreamName=stream, TargetShardCount=wanted, ScalingType="UNIFORM_SCALING")
    print(f"{datetime.now():%H:%M:%S} {stream}: {bytes_per_second:,.0f} B/s, {records_per_second:,.0f} records/s, "
          f"{throttled:,.0f} throttled: {current} -> {wanted} shards", flush=True)
    return current, wanted


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint-url", help="e.g. http://127.0.0.1:4567 for kinesis-endpoint")
    parser.add_argument("--stream", required=True)
    parser.add_argument("--interval", type=float, default=60, help="seconds between decisions")
    parser.add_argument("--once", action="store_true", help="decide once and stop")
    args = parser.parse_args()
    kinesis = boto3.client("kinesis", endpoint_url=args.endpoint_url)
    cloudwatch = boto3.client("cloudwatch", endpoint_url=args.endpoint_url)
    while True:
        step(kinesis, cloudwatch, args.stream)
        if args.once:
            return
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
