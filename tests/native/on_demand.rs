//! On-demand capacity over simulated time (docs/behaviour.md §11.5): hot shards split in the
//! background as a SplitShard would, traffic that more than doubles is throttled until the
//! splits land, a hot partition key stays throttled, the stream's maximum holds, and cold
//! neighbours merge back.

use kinesis_playground::sim::{Config, Durations, Simulator};
use serde_json::{Value, json};

/// A whole minute of the clock, so minutes in the tests start where the simulator's do.
const T0: i64 = 28_333_334 * 60_000;
const QUARTER: u128 = 1 << 126;

fn call(simulator: &mut Simulator, operation: &str, body: Value, now_ms: i64) -> (u16, Value) {
    let target = format!("Kinesis_20131202.{operation}");
    let response = simulator.handle(&target, body.to_string().as_bytes(), now_ms);
    let value = if response.body.is_empty() { Value::Null } else { serde_json::from_slice(&response.body).unwrap() };
    (response.status, value)
}

fn on_demand_stream(configure: impl FnOnce(&mut Config)) -> Simulator {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    configure(&mut config);
    let mut simulator = Simulator::new(config);
    let body = json!({"StreamName": "s", "StreamModeDetails": {"StreamMode": "ON_DEMAND"}});
    assert_eq!(call(&mut simulator, "CreateStream", body, T0 - 1000).0, 200);
    simulator.advance(T0);
    simulator
}

/// Sends `per_second` records of 10 KiB (with their 1-byte key) a second for `seconds`, from
/// `start_ms`, their hash keys spread evenly over `[low, low + width)`, in calls of up to 500.
/// Returns (accepted, throttled). Large records keep the record counts, and the tests' time,
/// low: 60 a second carry 600 KiB, over the 512 KiB that makes a shard hot.
fn traffic(
    simulator: &mut Simulator,
    start_ms: i64,
    seconds: i64,
    per_second: u128,
    low: u128,
    width: u128,
) -> (u64, u64) {
    let data = kinesis_playground::sim::base64::encode(&[7u8; 10 * 1024 - 1]);
    let (mut accepted, mut throttled) = (0, 0);
    for second in 0..seconds {
        let now = start_ms + second * 1000;
        let keys: Vec<u128> = (0..per_second).map(|i| low + width / per_second * i).collect();
        for chunk in keys.chunks(500) {
            let records: Vec<Value> = chunk
                .iter()
                .map(|key| json!({"Data": data, "PartitionKey": "p", "ExplicitHashKey": key.to_string()}))
                .collect();
            let (status, answer) = call(simulator, "PutRecords", json!({"StreamName": "s", "Records": records}), now);
            assert_eq!(status, 200, "{answer}");
            let failed = answer["FailedRecordCount"].as_u64().unwrap();
            throttled += failed;
            accepted += chunk.len() as u64 - failed;
        }
    }
    (accepted, throttled)
}

fn open_shards(simulator: &mut Simulator, now_ms: i64) -> Vec<(String, String, String)> {
    let (status, answer) = call(simulator, "ListShards", json!({"StreamName": "s"}), now_ms);
    assert_eq!(status, 200);
    answer["Shards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["SequenceNumberRange"].get("EndingSequenceNumber").is_none())
        .map(|s| {
            let id = s["ShardId"].as_str().unwrap().to_owned();
            let range = &s["HashKeyRange"];
            (
                id,
                range["StartingHashKey"].as_str().unwrap().to_owned(),
                range["EndingHashKey"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_hot_shard_splits_within_15_minutes_as_a_split_shard_would() {
    let mut simulator = on_demand_stream(|_| {});
    assert_eq!(open_shards(&mut simulator, T0).len(), 4, "a new on-demand stream has 4 shards");
    // 600 KiB a second into shard 0 for a minute: over half its 1 MiB.
    let (accepted, throttled) = traffic(&mut simulator, T0, 60, 60, 0, QUARTER);
    assert_eq!((accepted, throttled), (3600, 0));
    assert_eq!(open_shards(&mut simulator, T0 + 15 * 60_000 - 1).len(), 4);
    assert_eq!(simulator.stream("s").unwrap().status.as_str(), "ACTIVE", "scaling leaves the status alone");
    let open = open_shards(&mut simulator, T0 + 15 * 60_000);
    assert_eq!(open.len(), 5);
    let halves: Vec<_> =
        open.iter().filter(|(id, ..)| id == "shardId-000000000004" || id == "shardId-000000000005").collect();
    assert_eq!(halves[0].1, "0");
    assert_eq!(halves[0].2, "42535295865117307932921825928971026431");
    assert_eq!(halves[1].1, "42535295865117307932921825928971026432");
    let (_, answer) = call(&mut simulator, "DescribeStream", json!({"StreamName": "s"}), T0 + 15 * 60_000);
    let shards = answer["StreamDescription"]["Shards"].as_array().unwrap();
    assert!(shards[0]["SequenceNumberRange"]["EndingSequenceNumber"].is_string(), "the parent closed");
    assert_eq!(shards[4]["ParentShardId"], "shardId-000000000000");
    // The same traffic now spreads over two children, neither of them hot.
    traffic(&mut simulator, T0 + 16 * 60_000, 60, 60, 0, QUARTER);
    assert_eq!(open_shards(&mut simulator, T0 + 40 * 60_000).len(), 5);
}

#[test]
fn traffic_that_more_than_doubles_is_throttled_until_the_splits_land() {
    let mut simulator = on_demand_stream(|config| config.scaling.split_delay_ms = 60_000);
    // 1.5 MiB a second into one shard's range: half again its limit.
    let (accepted, throttled) = traffic(&mut simulator, T0, 60, 150, 0, QUARTER);
    assert!(throttled > 2500 && accepted <= 6200, "{accepted} {throttled}");
    // The split lands a minute after the minute it turned hot: the two children take it all.
    let (_, throttled) = traffic(&mut simulator, T0 + 60_000, 60, 150, 0, QUARTER);
    assert_eq!(throttled, 0);
    assert_eq!(open_shards(&mut simulator, T0 + 119_999).len(), 5);
    // At 750 KiB a second each, the children turned hot too, and split a minute later: 4 shards
    // of 375 KiB a second carry the range, about double its peak.
    assert_eq!(open_shards(&mut simulator, T0 + 120_000).len(), 7);
    traffic(&mut simulator, T0 + 120_000, 60, 150, 0, QUARTER);
    assert_eq!(open_shards(&mut simulator, T0 + 600_000).len(), 7);
}

#[test]
fn one_hot_partition_key_stays_throttled_on_demand() {
    let mut simulator = on_demand_stream(|config| config.scaling.split_delay_ms = 60_000);
    // Every record with the same hash key: splits cannot spread it.
    for minute in 0..4 {
        let (accepted, throttled) = traffic(&mut simulator, T0 + minute * 60_000, 40, 150, 7, 1);
        assert!(throttled >= 1900, "minute {minute}: {accepted} accepted, {throttled} throttled");
    }
    assert!(open_shards(&mut simulator, T0 + 300_000).len() > 4, "the hot shard still split");
}

#[test]
fn cold_neighbours_merge_back_after_a_day_but_not_below_4() {
    let mut simulator = on_demand_stream(|config| config.scaling.split_delay_ms = 60_000);
    // 750 KiB a second into each of the 4 shards: all of them split.
    traffic(&mut simulator, T0, 60, 300, 0, u128::MAX);
    assert_eq!(open_shards(&mut simulator, T0 + 10 * 60_000).len(), 8);
    let day = 24 * 3_600_000;
    assert_eq!(open_shards(&mut simulator, T0 + day).len(), 8, "a day after the split, not yet");
    assert_eq!(open_shards(&mut simulator, T0 + 2 * 60_000 + day).len(), 4, "then pairs merge");
    assert_eq!(open_shards(&mut simulator, T0 + 5 * day).len(), 4, "never below 4");
}

#[test]
fn switching_to_provisioned_stops_the_scaling() {
    let mut simulator = on_demand_stream(|_| {});
    traffic(&mut simulator, T0, 60, 60, 0, QUARTER);
    let arn = simulator.stream("s").unwrap().arn.clone();
    let body = json!({"StreamARN": arn, "StreamModeDetails": {"StreamMode": "PROVISIONED"}});
    assert_eq!(call(&mut simulator, "UpdateStreamMode", body, T0 + 61_000).0, 200);
    assert_eq!(open_shards(&mut simulator, T0 + 30 * 60_000).len(), 4, "no split once PROVISIONED");
}
