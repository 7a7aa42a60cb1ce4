#![cfg(not(target_arch = "wasm32"))]
//! The memory budget of stored records (docs/behaviour.md §8.6): past it, the account's oldest
//! records go early, whatever their stream, as if their retention had passed; the newest stay.

use kinesis_playground::sim::{Config, Durations, Simulator, TARGET_PREFIX, base64};
use serde_json::{Value, json};

const NOW: i64 = 1_700_000_000_000;
const BUDGET: u64 = 4 << 20;

fn call(sim: &mut Simulator, operation: &str, body: Value, at: i64) -> Value {
    let answer = sim.handle(&format!("{TARGET_PREFIX}.{operation}"), body.to_string().as_bytes(), at);
    assert_eq!(answer.status, 200, "{operation}: {}", String::from_utf8_lossy(&answer.body));
    serde_json::from_slice(&answer.body).unwrap_or(Value::Null)
}

fn first_record(sim: &mut Simulator, stream: &str, at: i64) -> Option<String> {
    let iterator = call(
        sim,
        "GetShardIterator",
        json!({"StreamName": stream, "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"}),
        at,
    );
    let records = call(sim, "GetRecords", json!({"ShardIterator": iterator["ShardIterator"], "Limit": 1}), at);
    let data = records["Records"][0]["Data"].as_str()?;
    Some(String::from_utf8(base64::decode(data).unwrap()).unwrap())
}

#[test]
fn past_the_budget_the_oldest_records_go_first_whatever_their_stream() {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    config.limits.shard_throughput = false;
    config.limits.record_memory_bytes = Some(BUDGET);
    let mut sim = Simulator::new(config);
    call(&mut sim, "CreateStream", json!({"StreamName": "old", "ShardCount": 1}), NOW);
    call(&mut sim, "CreateStream", json!({"StreamName": "new", "ShardCount": 1}), NOW);
    let mut at = NOW + 10_000;
    // 3 MB to the first stream, then 3 MB to the second, in records of 1 KB.
    for (stream, calls) in [("old", 6), ("new", 6)] {
        for call_number in 0..calls {
            at += 1_000;
            let records: Vec<Value> = (0..500)
                .map(|i| {
                    let data = format!("{stream} {call_number} {i:03} ").into_bytes();
                    let mut padded = data.clone();
                    padded.resize(1000, b'.');
                    json!({"Data": base64::encode(&padded), "PartitionKey": format!("k{i}")})
                })
                .collect();
            let out = call(&mut sim, "PutRecords", json!({"StreamName": stream, "Records": records}), at);
            assert_eq!(out["FailedRecordCount"], 0);
            assert!(sim.record_bytes() <= BUDGET, "{} bytes held", sim.record_bytes());
        }
    }
    let (dropped, bytes) = sim.records_dropped_early();
    assert!(dropped > 1000 && bytes > 1_500_000, "{dropped} records, {bytes} bytes dropped");
    assert!(sim.record_bytes() > BUDGET - (1 << 20), "the budget is used, not emptied: {}", sim.record_bytes());
    // The old stream lost its oldest records (or all of them); the new one kept everything.
    let oldest_left = first_record(&mut sim, "old", at);
    assert!(oldest_left.as_deref().is_none_or(|data| !data.starts_with("old 0 ")), "{oldest_left:?}");
    assert_eq!(first_record(&mut sim, "new", at).unwrap().get(..10), Some("new 0 000 "));
    // Without a budget nothing goes.
    let mut unbounded = Simulator::new(Config::default());
    call(&mut unbounded, "CreateStream", json!({"StreamName": "s", "ShardCount": 1}), NOW);
    let big = json!({"StreamName": "s", "Data": base64::encode(&vec![0; 1 << 19]), "PartitionKey": "k"});
    for i in 0..16 {
        call(&mut unbounded, "PutRecord", big.clone(), NOW + 60_000 + i * 1_000);
    }
    assert_eq!(unbounded.records_dropped_early(), (0, 0));
    assert!(unbounded.record_bytes() > 8 << 20);
}
