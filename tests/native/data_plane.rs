//! The data plane's behaviour over time, beyond what the golden transcripts show byte for byte
//! (docs/behaviour.md §11): each shard's write and read limits, what a throttled call leaves
//! behind, closed shards, retention, writes during UPDATING, and the metrics of it all.

use kinesis_playground::sim::{Config, Durations, Simulator, StreamMetric, base64};
use serde_json::{Value, json};

const T0: i64 = 1_700_000_000_000;

fn call(simulator: &mut Simulator, operation: &str, body: Value, now_ms: i64) -> (u16, Value) {
    let target = format!("Kinesis_20131202.{operation}");
    let response = simulator.handle(&target, body.to_string().as_bytes(), now_ms);
    let value = if response.body.is_empty() { Value::Null } else { serde_json::from_slice(&response.body).unwrap() };
    (response.status, value)
}

/// A simulator with one ACTIVE stream `s` of `shards` shards, at `T0`.
fn stream_of(shards: u32, configure: impl FnOnce(&mut Config)) -> Simulator {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    configure(&mut config);
    let mut simulator = Simulator::new(config);
    let (status, _) = call(&mut simulator, "CreateStream", json!({"StreamName": "s", "ShardCount": shards}), T0 - 1000);
    assert_eq!(status, 200);
    simulator.advance(T0);
    simulator
}

fn records(count: usize, size: usize) -> Value {
    let data = base64::encode(&vec![b'x'; size]);
    Value::Array((0..count).map(|i| json!({"Data": data, "PartitionKey": format!("k{i}")})).collect())
}

fn put_records(simulator: &mut Simulator, count: usize, size: usize, now_ms: i64) -> Value {
    let (status, body) =
        call(simulator, "PutRecords", json!({"StreamName": "s", "Records": records(count, size)}), now_ms);
    assert_eq!(status, 200, "{body}");
    body
}

fn iterator(simulator: &mut Simulator, shard: &str, kind: &str, now_ms: i64) -> String {
    let body = json!({"StreamName": "s", "ShardId": shard, "ShardIteratorType": kind});
    let (status, answer) = call(simulator, "GetShardIterator", body, now_ms);
    assert_eq!(status, 200, "{answer}");
    answer["ShardIterator"].as_str().unwrap().to_owned()
}

/// Reads a shard to its tip, each call a second after the last; returns every record.
fn read_all(simulator: &mut Simulator, shard: &str, mut now_ms: i64) -> Vec<Value> {
    let mut it = iterator(simulator, shard, "TRIM_HORIZON", now_ms);
    let mut all = Vec::new();
    loop {
        now_ms += 1000;
        let (status, answer) = call(simulator, "GetRecords", json!({"ShardIterator": it}), now_ms);
        assert_eq!(status, 200, "{answer}");
        let batch = answer["Records"].as_array().unwrap();
        if batch.is_empty() {
            return all;
        }
        all.extend(batch.iter().cloned());
        match answer["NextShardIterator"].as_str() {
            Some(next) => it = next.to_owned(),
            None => return all,
        }
    }
}

#[test]
fn a_shard_takes_1000_records_a_second_and_throttled_records_are_not_stored() {
    let mut simulator = stream_of(1, |_| {});
    assert_eq!(put_records(&mut simulator, 500, 10, T0)["FailedRecordCount"], 0);
    assert_eq!(put_records(&mut simulator, 500, 10, T0)["FailedRecordCount"], 0);
    let third = put_records(&mut simulator, 500, 10, T0);
    assert_eq!(third["FailedRecordCount"], 500);
    assert_eq!(
        third["Records"][0],
        json!({"ErrorCode": "ProvisionedThroughputExceededException", "ErrorMessage": "Rate exceeded for shard shardId-000000000000 in stream s under account 123456789012."})
    );
    // Half a second refills half the records.
    let later = put_records(&mut simulator, 500, 10, T0 + 500);
    assert_eq!(later["FailedRecordCount"], 0);
    assert_eq!(put_records(&mut simulator, 10, 10, T0 + 500)["FailedRecordCount"], 10);
    let stored = read_all(&mut simulator, "shardId-000000000000", T0 + 10_000);
    assert_eq!(stored.len(), 1500);
    let sequence_numbers: Vec<u128> =
        stored.iter().map(|r| r["SequenceNumber"].as_str().unwrap()[..38].parse::<u128>().unwrap()).collect();
    assert!(sequence_numbers.windows(2).all(|w| w[0] < w[1]), "sequence numbers grow per shard");
}

#[test]
fn a_shard_takes_1_mib_a_second_partition_keys_included() {
    let mut simulator = stream_of(1, |_| {});
    // 4 records of 256 KiB less their 2-byte keys: exactly 1 MiB.
    let body = put_records(&mut simulator, 4, 256 * 1024 - 2, T0);
    assert_eq!(body["FailedRecordCount"], 0);
    let body = put_records(&mut simulator, 1, 1, T0);
    assert_eq!(body["FailedRecordCount"], 1, "1 MiB taken, not one byte more");
    // PutRecord fails as a whole, and is charged its size rounded up to a whole KiB.
    let data = base64::encode(&[b'x'; 1030]);
    let one = json!({"StreamName": "s", "Data": data, "PartitionKey": "k"});
    let (status, answer) = call(&mut simulator, "PutRecord", one.clone(), T0);
    assert_eq!(status, 400);
    assert_eq!(answer["__type"], "ProvisionedThroughputExceededException");
    assert_eq!(
        answer["message"],
        "Rate exceeded for shard shardId-000000000000 in stream s under account 123456789012."
    );
    // 1 ms refills 1048 bytes: not the 2048 PutRecord charges for 1031 bytes, but enough for
    // PutRecords, which charges them as they are.
    assert_eq!(call(&mut simulator, "PutRecord", one.clone(), T0 + 1).0, 400);
    let batch = json!({"StreamName": "s", "Records": [{"Data": data, "PartitionKey": "k"}]});
    assert_eq!(call(&mut simulator, "PutRecords", batch, T0 + 1).1["FailedRecordCount"], 0);
    assert_eq!(call(&mut simulator, "PutRecord", one, T0 + 3).0, 200);
}

#[test]
fn limits_off_takes_everything() {
    let mut simulator = stream_of(1, |config| config.limits.shard_throughput = false);
    for _ in 0..3 {
        assert_eq!(put_records(&mut simulator, 500, 1000, T0)["FailedRecordCount"], 0);
    }
    let it = iterator(&mut simulator, "shardId-000000000000", "TRIM_HORIZON", T0);
    for _ in 0..20 {
        let (status, _) = call(&mut simulator, "GetRecords", json!({"ShardIterator": it, "Limit": 10}), T0);
        assert_eq!(status, 200);
    }
}

#[test]
fn reads_take_five_calls_a_second_and_a_10_mib_answer_blocks_5_seconds() {
    let mut simulator = stream_of(1, |config| config.limits.shard_throughput = true);
    // 11 MiB written over 11 seconds, in records of 512 KiB.
    for second in 0..11 {
        let body = put_records(&mut simulator, 2, 512 * 1024 - 3, T0 + second * 1000);
        assert_eq!(body["FailedRecordCount"], 0);
    }
    let now = T0 + 20_000;
    let it = iterator(&mut simulator, "shardId-000000000000", "TRIM_HORIZON", now);
    let (status, answer) = call(&mut simulator, "GetRecords", json!({"ShardIterator": it}), now);
    assert_eq!(status, 200);
    assert_eq!(answer["Records"].as_array().unwrap().len(), 20, "10 MiB at most");
    assert!(answer["MillisBehindLatest"].as_i64().unwrap() > 0);
    let next = answer["NextShardIterator"].as_str().unwrap().to_owned();
    for after in [1, 1000, 4999] {
        let (status, answer) = call(&mut simulator, "GetRecords", json!({"ShardIterator": next}), now + after);
        assert_eq!((status, answer["__type"].as_str()), (400, Some("ProvisionedThroughputExceededException")));
    }
    let (status, answer) = call(&mut simulator, "GetRecords", json!({"ShardIterator": next}), now + 5000);
    assert_eq!(status, 200);
    assert_eq!(answer["Records"].as_array().unwrap().len(), 2);
    assert_eq!(answer["MillisBehindLatest"], 0);

    // Five calls a second, of GetRecords and of GetShardIterator.
    let later = now + 60_000;
    let statuses: Vec<u16> =
        (0..7).map(|_| call(&mut simulator, "GetRecords", json!({"ShardIterator": it}), later).0).collect();
    assert_eq!(statuses, [200, 400, 400, 400, 400, 400, 400], "the first answer overdraws 2 MiB");
    let body = json!({"StreamName": "s", "ShardId": "shardId-000000000000", "ShardIteratorType": "LATEST"});
    let statuses: Vec<u16> = (0..7).map(|_| call(&mut simulator, "GetShardIterator", body.clone(), later).0).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 400, 400]);
}

#[test]
fn a_closed_shard_ends_with_its_children() {
    let mut simulator = stream_of(1, |_| {});
    put_records(&mut simulator, 3, 10, T0);
    let it = iterator(&mut simulator, "shardId-000000000000", "TRIM_HORIZON", T0);
    let body = json!({"StreamName": "s", "TargetShardCount": 2, "ScalingType": "UNIFORM_SCALING"});
    assert_eq!(call(&mut simulator, "UpdateShardCount", body, T0).0, 200);
    // Writes go on while UPDATING, into the shard map from before.
    let during = put_records(&mut simulator, 2, 10, T0 + 100);
    assert_eq!(during["Records"][1]["ShardId"], "shardId-000000000000");
    simulator.advance(T0 + 1000);
    let after = put_records(&mut simulator, 20, 10, T0 + 1000);
    assert!(after["Records"].as_array().unwrap().iter().all(|r| r["ShardId"] != "shardId-000000000000"));

    let (status, answer) = call(&mut simulator, "GetRecords", json!({"ShardIterator": it}), T0 + 2000);
    assert_eq!(status, 200);
    assert_eq!(answer["Records"].as_array().unwrap().len(), 5);
    assert!(answer.get("NextShardIterator").is_none(), "{answer}");
    assert_eq!(
        answer["ChildShards"],
        json!([
            {"HashKeyRange": {"EndingHashKey": "170141183460469231731687303715884105727", "StartingHashKey": "0"}, "ParentShards": ["shardId-000000000000"], "ShardId": "shardId-000000000001"},
            {"HashKeyRange": {"EndingHashKey": "340282366920938463463374607431768211455", "StartingHashKey": "170141183460469231731687303715884105728"}, "ParentShards": ["shardId-000000000000"], "ShardId": "shardId-000000000002"}
        ])
    );
    // LATEST on the closed shard is its end.
    let end = iterator(&mut simulator, "shardId-000000000000", "LATEST", T0 + 3000);
    let (_, answer) = call(&mut simulator, "GetRecords", json!({"ShardIterator": end}), T0 + 3000);
    assert_eq!(answer["Records"], json!([]));
    assert!(answer["ChildShards"].is_array() && answer.get("NextShardIterator").is_none());
}

#[test]
fn records_leave_with_the_retention_period() {
    let mut simulator = stream_of(1, |_| {});
    put_records(&mut simulator, 2, 10, T0);
    put_records(&mut simulator, 3, 10, T0 + 3_600_000);
    let day = 24 * 3_600_000;
    assert_eq!(read_all(&mut simulator, "shardId-000000000000", T0 + day - 2000).len(), 5);
    assert_eq!(read_all(&mut simulator, "shardId-000000000000", T0 + day).len(), 3, "TRIM_HORIZON moves");
    // An AT_TIMESTAMP before the trim horizon starts at it.
    let body = json!({"StreamName": "s", "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": (T0 / 1000) as f64});
    let (_, answer) = call(&mut simulator, "GetShardIterator", body, T0 + day + 10_000);
    let (_, answer) =
        call(&mut simulator, "GetRecords", json!({"ShardIterator": answer["ShardIterator"]}), T0 + day + 10_000);
    assert_eq!(answer["Records"].as_array().unwrap().len(), 3);
}

#[test]
fn metrics_count_what_was_put_throttled_and_read() {
    let mut simulator = stream_of(1, |_| {});
    put_records(&mut simulator, 500, 10, T0);
    put_records(&mut simulator, 500, 10, T0);
    put_records(&mut simulator, 100, 10, T0);
    read_all(&mut simulator, "shardId-000000000000", T0 + 60_000);
    let stream = simulator.stream("s").unwrap();
    let minute = |metric| stream.metrics.series(metric, T0, T0 + 60_000).next().map(|(_, d)| d);
    let incoming = minute(StreamMetric::IncomingRecords).unwrap();
    assert_eq!((incoming.sum, incoming.sample_count, incoming.maximum), (1000, 2, 500));
    let throttled = minute(StreamMetric::WriteProvisionedThroughputExceeded).unwrap();
    assert_eq!((throttled.sum, throttled.sample_count), (100, 3));
    assert_eq!(minute(StreamMetric::PutRecordsSuccess).unwrap().sum, 2);
    let key_bytes: u64 = (0..500).map(|i| format!("k{i}").len() as u64).sum();
    assert_eq!(minute(StreamMetric::IncomingBytes).unwrap().sum, 2 * (500 * 10 + key_bytes), "data and keys");
    let read = stream.metrics.series(StreamMetric::GetRecordsRecords, T0 + 60_000, T0 + 120_000);
    assert_eq!(read.map(|(_, d)| d.sum).sum::<u64>(), 1000);
}

#[test]
fn a_record_holds_1_mib_with_its_key_and_a_call_5_mib() {
    let mut simulator = stream_of(1, |config| config.limits.shard_throughput = false);
    let mib = 1024 * 1024;
    let put = |simulator: &mut Simulator, size: usize, key: &str| {
        let body = json!({"StreamName": "s", "Data": base64::encode(&vec![0u8; size]), "PartitionKey": key});
        call(simulator, "PutRecord", body, T0)
    };
    assert_eq!(put(&mut simulator, mib - 1, "k").0, 200);
    let (status, answer) = put(&mut simulator, mib, "k");
    assert_eq!((status, answer["message"].as_str()), (400, Some("Record size exceeds 1 MB limit")));
    let (status, answer) = put(&mut simulator, mib + 1, "k");
    assert_eq!(status, 400);
    assert_eq!(
        answer["message"],
        format!(
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim={0} cap={0}]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
            mib + 1
        )
    );
    // Exactly 5 MiB of records and keys fit one call; one byte more does not.
    let body = |over: usize| {
        let mut records = records(5, mib - 2);
        records[0]["Data"] = json!(base64::encode(&vec![b'x'; mib - 3]));
        records.as_array_mut().unwrap().push(json!({"Data": base64::encode(&vec![b'y'; over]), "PartitionKey": "z"}));
        json!({"StreamName": "s", "Records": records})
    };
    assert_eq!(call(&mut simulator, "PutRecords", body(0), T0).1["FailedRecordCount"], 0);
    let (status, answer) = call(&mut simulator, "PutRecords", body(1), T0);
    assert_eq!((status, answer["message"].as_str()), (400, Some("Records size exceeds 5 MB limit")));
}

#[test]
fn a_longer_retention_does_not_bring_expired_records_back() {
    let mut simulator = stream_of(2, |_| {});
    let put = |simulator: &mut Simulator, key: &str, now_ms| {
        let body = json!({"StreamName": "s", "Data": "eA==", "PartitionKey": key});
        assert_eq!(call(simulator, "PutRecord", body, now_ms).0, 200);
    };
    // md5("a") falls in shard 0, md5("b") in shard 1.
    put(&mut simulator, "a", T0);
    put(&mut simulator, "b", T0);
    let day = 24 * 3_600_000;
    put(&mut simulator, "a", T0 + day + 1000);
    let body = json!({"StreamName": "s", "RetentionPeriodHours": 48});
    assert_eq!(call(&mut simulator, "IncreaseStreamRetentionPeriod", body, T0 + day + 1000).0, 200);
    assert_eq!(read_all(&mut simulator, "shardId-000000000000", T0 + day + 2000).len(), 1);
    assert_eq!(read_all(&mut simulator, "shardId-000000000001", T0 + day + 2000).len(), 0, "expired stays expired");
}
