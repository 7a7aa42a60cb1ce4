"""--state-dir with a real process (docs/behaviour.md §8.5): killed with SIGKILL in the middle of a
PutRecords load, restarted on the same directory, the endpoint gives back every record it
acknowledged, in order, and none it refused. (tests/native/endpoint_state.rs checks the restored
account field for field, and journals cut short.)
"""

import signal
import tempfile
import threading
import time
import unittest

import boto3
from botocore.config import Config

from endpoint import Endpoint, client_environment

INSTANT = ("--create-stream-ms", "0", "--update-stream-ms", "0", "--delete-stream-ms", "0")
WRITERS = 4


def client(url):
    env = client_environment()
    return boto3.client("kinesis", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                        config=Config(retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=5))


class KilledMidLoad(unittest.TestCase):
    def test_acknowledged_records_survive_sigkill_and_refused_ones_do_not(self):
        with tempfile.TemporaryDirectory() as state:
            endpoint = Endpoint("--state-dir", state, *INSTANT)
            kinesis = client(endpoint.url)
            kinesis.create_stream(StreamName="load", ShardCount=2)
            kinesis.describe_stream_summary(StreamName="load")
            kinesis.add_tags_to_stream(StreamName="load", Tags={"team": "data"})

            acknowledged, refused = [], set()
            lock, stop = threading.Lock(), threading.Event()

            def write(writer):
                k = client(endpoint.url)
                call = 0
                while not stop.is_set():
                    # 100 records of 1 KiB: four writers offer several times two shards' 2 MiB a second.
                    records = [{"Data": f"w{writer}-c{call}-r{i}-".encode().ljust(1024, b"."),
                                "PartitionKey": f"key-{writer}-{i}"} for i in range(100)]
                    try:
                        out = k.put_records(StreamName="load", Records=records)
                    except Exception:
                        return  # the endpoint was killed: this call's outcome is unknown
                    with lock:
                        for sent, result in zip(records, out["Records"]):
                            if "ErrorCode" in result:
                                refused.add(sent["Data"])
                            else:
                                acknowledged.append((result["ShardId"], result["SequenceNumber"], sent["Data"]))
                    call += 1

            writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
            for writer in writers:
                writer.start()
            time.sleep(2.5)
            code, _ = endpoint.stop(signal.SIGKILL)
            stop.set()
            for writer in writers:
                writer.join()
            self.assertEqual(code, -signal.SIGKILL)
            self.assertGreater(len(acknowledged), 1000)
            self.assertGreater(len(refused), 100, "the load should exceed the shards' limits")

            # Restarted on the same directory (reads unthrottled, to read everything back at once).
            restarted = Endpoint("--state-dir", state, "--no-throughput-limits", *INSTANT)
            try:
                k = client(restarted.url)
                summary = k.describe_stream_summary(StreamName="load")["StreamDescriptionSummary"]
                self.assertEqual((summary["StreamStatus"], summary["OpenShardCount"]), ("ACTIVE", 2))
                self.assertEqual(k.list_tags_for_stream(StreamName="load")["Tags"], [{"Key": "team", "Value": "data"}])
                stored = {}
                for shard in ("shardId-000000000000", "shardId-000000000001"):
                    iterator = k.get_shard_iterator(StreamName="load", ShardId=shard,
                                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
                    records = []
                    while True:
                        out = k.get_records(ShardIterator=iterator, Limit=10000)
                        records += out["Records"]
                        if not out["Records"]:
                            break
                        iterator = out["NextShardIterator"]
                    numbers = [int(r["SequenceNumber"]) for r in records]
                    self.assertEqual(numbers, sorted(numbers))
                    stored[shard] = [(r["SequenceNumber"], r["Data"]) for r in records]

                # Every acknowledged record, in its shard, under its sequence number, in order.
                for shard, records in stored.items():
                    position = {sequence: i for i, (sequence, _) in enumerate(records)}
                    mine = [(seq, data) for s, seq, data in acknowledged if s == shard]
                    self.assertTrue(all(seq in position for seq, _ in mine),
                                    f"{sum(seq not in position for seq, _ in mine)} acknowledged records lost in {shard}")
                    self.assertTrue(all(records[position[seq]][1] == data for seq, data in mine))
                    places = [position[seq] for seq, _ in sorted(mine, key=lambda r: int(r[0]))]
                    self.assertEqual(places, sorted(places))
                # None that was refused; a few calls in flight at the kill may have been stored.
                data = {d for records in stored.values() for _, d in records}
                self.assertFalse(data & refused, f"{len(data & refused)} refused records came back")
                self.assertLessEqual(len(data) - len(acknowledged), WRITERS * 100)
                print(f"\n  acknowledged {len(acknowledged)} records, refused {len(refused)}; after the restart "
                      f"{len(data)} stored: every acknowledged one, no refused one, and "
                      f"{len(data) - len(acknowledged)} of calls in flight at the kill", end=" ")
            finally:
                code, out = restarted.stop()
                self.assertEqual(code, 0, out)
            self.assertIn("1 streams restored", out)


if __name__ == "__main__":
    unittest.main()
