//! What a stream has used of what AWS bills (docs/behaviour.md §11.8), through the front door:
//! time in each mode, open shards over time, records stored and offered in each mode's units,
//! and bytes read.

use kinesis_playground::sim::{Config, Durations, Simulator, Units};
use serde_json::{Value, json};

const T0: i64 = 1_700_000_000_000;
const HOUR: i64 = 3_600_000;

fn call(simulator: &mut Simulator, operation: &str, body: Value, now_ms: i64) -> (u16, Value) {
    let target = format!("Kinesis_20131202.{operation}");
    let response = simulator.handle(&target, body.to_string().as_bytes(), now_ms);
    let value = if response.body.is_empty() { Value::Null } else { serde_json::from_slice(&response.body).unwrap() };
    (response.status, value)
}

#[test]
fn a_stream_accounts_its_shard_hours_stream_hours_and_records() {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    let mut sim = Simulator::new(config);
    assert_eq!(call(&mut sim, "CreateStream", json!({"StreamName": "s", "ShardCount": 2}), T0).0, 200);
    // An hour provisioned with 2 shards, then 4 from when the reshard's UPDATING ends.
    sim.advance(T0 + 60_000);
    let body = json!({"StreamName": "s", "TargetShardCount": 4, "ScalingType": "UNIFORM_SCALING"});
    assert_eq!(call(&mut sim, "UpdateShardCount", body, T0 + HOUR).0, 200);
    let resharded_ms = sim.next_transition_ms().expect("UPDATING ends");
    sim.advance(resharded_ms);
    // Then on-demand for an hour, from when that switch's UPDATING ends.
    let switch = json!({"StreamARN": sim.stream("s").unwrap().arn, "StreamModeDetails": {"StreamMode": "ON_DEMAND"}});
    assert_eq!(call(&mut sim, "UpdateStreamMode", switch, T0 + 2 * HOUR).0, 200);
    let switched_ms = sim.next_transition_ms().expect("UPDATING ends");
    sim.advance(switched_ms);

    // Records of 4.5 KiB with a 1-byte key: 5 KiB of on-demand data in and one PUT payload unit
    // each; one of them read back.
    let data = "A".repeat(4607 / 3 * 4 + 4);
    let records: Vec<Value> = (0..3).map(|_| json!({"Data": data, "PartitionKey": "k"})).collect();
    let (status, _) = call(&mut sim, "PutRecords", json!({"StreamName": "s", "Records": records}), T0 + 3 * HOUR);
    assert_eq!(status, 200);
    let shard = sim.stream("s").unwrap().shards.iter().find(|s| s.is_open() && s.contains(md5_of("k"))).unwrap().index;
    let iterator =
        json!({"StreamName": "s", "ShardId": format!("shardId-{shard:012}"), "ShardIteratorType": "TRIM_HORIZON"});
    let (_, iterator) = call(&mut sim, "GetShardIterator", iterator, T0 + 3 * HOUR);
    let (_, page) =
        call(&mut sim, "GetRecords", json!({"ShardIterator": iterator["ShardIterator"], "Limit": 1}), T0 + 3 * HOUR);
    assert_eq!(page["Records"].as_array().unwrap().len(), 1);

    let usage = sim.stream("s").unwrap().usage(T0 + 4 * HOUR);
    // No shards are listed while CREATING: shard time runs from ACTIVE.
    let first = T0 + Durations::FAST.create_stream_ms;
    assert_eq!(
        usage.provisioned_shard_ms,
        (2 * (resharded_ms - first) + 4 * (switched_ms - resharded_ms)) as u64,
        "2 shards until the reshard ended, 4 until the switch ended"
    );
    assert_eq!(usage.on_demand_ms, (T0 + 4 * HOUR - switched_ms) as u64);
    let size = 4608 + 1;
    let three = Units { records: 3, bytes: 3 * size, billed_kib: 3 * 5, put_payload_units: 3 };
    assert_eq!((usage.stored_on_demand, usage.offered), (three, three), "stored in the mode the stream was in");
    assert_eq!(usage.stored_provisioned, Units::default());
    assert_eq!((usage.out_bytes, usage.out_bytes_on_demand), (size, size), "as GetRecords.Bytes counts it");
    assert_eq!((usage.busiest_second.records, usage.busiest_second.bytes), (3, 3 * size));
    assert_eq!(usage.last_minute(T0 + 3 * HOUR + 60_000).stored, three, "the current rate");
}

fn md5_of(key: &str) -> u128 {
    use md5::{Digest, Md5};
    u128::from_be_bytes(Md5::digest(key.as_bytes()).into())
}
