//! Described traffic equals the same records sent through the front door
//! (docs/behaviour.md §11.7): a simulator running producers and another one receiving, at each
//! producer tick, the PutRecords calls the producers stand for, built here from the documented
//! rules, end with the same bytes from GetRecords on every shard (closed ones included), the
//! same DescribeStream and the same metrics, stream-wide and per shard.
//!
//! The rules, as a client would follow them: each second a producer sends as many records as
//! its pattern gives for that clock minute (`RatePattern::rate`), the hot key's share first (key
//! 0, `hot_key_per_mille` thousandths, rounded down), then the others, record `j` of the
//! producer's life taking key number `j % key_count`. The second's records go out grouped by
//! open shard (by the MD5 of their key) in hash key order, in
//! calls of at most 500 records and 5 MiB. A producer that retries (as the Kinesis Producer
//! Library does, docs/behaviour.md §11.11) keeps the records a call did not store and sends each
//! shard, every second, first what waits for it (oldest put first; put in the same second, in
//! the hash key order of the shards they last waited for), then the second's own, at most 1,500
//! records and 1.5 MiB in all; it gives up on a record 30 s after putting it. Data comes from
//! `record_data` and rates from
//! `RatePattern::rate`, the pieces shared with the core: what a record says and how many there
//! are, not how they are counted.
//!
//! Cases (16 unless `PROPTEST_CASES` says otherwise): provisioned and on-demand streams, with and without the per-shard limits, one or two
//! producers, hot keys, enhanced monitoring, a reshard in the middle, and on-demand splits and
//! merges brought within the run by short scaling delays. Two fixed cases come first, and the
//! runner then checks that the cases reached throttling, splits, two producers and retried
//! records stored, so that it
//! cannot pass on empty cases.

use std::cell::Cell;

use kinesis_playground::playground::CallLog;
use kinesis_playground::sim::{
    Caller, Config, ConsumerSpec, Durations, Operation, ProducerSpec, RECORD_TTL_MS, RatePattern, Simulator,
    StartingPosition, base64, partition_key, record_data,
};
use md5::{Digest, Md5};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};
use serde_json::{Value, json};

use crate::support::call_minutes::{Minutes, count, same_minutes};

const T0: i64 = 1_700_000_000_000;
const STREAM: &str = "s";

#[derive(Clone, Debug)]
struct Case {
    on_demand: bool,
    shards: u32,
    limits_on: bool,
    monitoring: bool,
    producers: Vec<ProducerSpec>,
    /// Seconds the run lasts, and a second at which the stream is resharded to a count.
    seconds: i64,
    reshard: Option<(i64, u32)>,
    split_delay_ms: i64,
    merge_after_ms: i64,
}

fn pattern() -> impl Strategy<Value = RatePattern> {
    prop_oneof![
        2 => Just(RatePattern::Constant),
        1 => (1u64..2000, 1u32..3).prop_map(|(to, over_minutes)| RatePattern::Ramp { to, over_minutes }),
        1 => (2u32..4, 0u32..2, 1u32..2).prop_map(|(factor, after_minutes, lasting_minutes)| {
            RatePattern::Spike { factor, after_minutes, lasting_minutes }
        }),
        1 => (1u64..2000).prop_map(|peak| RatePattern::DailyCycle { peak }),
    ]
}

fn producer(index: usize) -> impl Strategy<Value = ProducerSpec> {
    (
        prop_oneof![7 => 1u64..2000, 1 => 3000u64..4500],
        prop_oneof![0u32..40, 200u32..3000, Just(300_000u32)],
        1u32..300,
        prop_oneof![Just(0u32), 1u32..=1000],
        0i64..5,
        5i64..40,
        pattern(),
        prop_oneof![3 => Just(true), 1 => Just(false)],
    )
        .prop_map(move |(rate, data_bytes, key_count, hot, start, length, pattern, retries)| {
            // Large records come slowly and steadily: a few a second are enough to throttle.
            let large = data_bytes > 100_000;
            ProducerSpec {
                name: format!("p{index}"),
                stream_name: STREAM.to_owned(),
                records_per_second: if large { rate % 9 + 1 } else { rate },
                pattern: if large { RatePattern::Constant } else { pattern },
                data_bytes,
                key_count,
                hot_key_per_mille: hot,
                start_ms: T0 + 2_000 + start * 1000 + start * 137,
                stop_ms: Some(T0 + 2_000 + (start + length) * 1000),
                retries,
            }
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        1u32..5,
        prop_oneof![4 => Just(true), 1 => Just(false)],
        any::<bool>(),
        prop_oneof![producer(0).prop_map(|p| vec![p]), (producer(0), producer(1)).prop_map(|(a, b)| vec![a, b])],
        prop::option::of((3i64..30, 1u32..6)),
        prop_oneof![Just(5_000i64), Just(60_000)],
        prop_oneof![Just(20_000i64), Just(86_400_000)],
    )
        .prop_map(
            |(on_demand, shards, limits_on, monitoring, producers, reshard, split_delay_ms, merge_after_ms)| {
                let seconds = 50;
                Case {
                    on_demand,
                    shards,
                    limits_on,
                    monitoring,
                    producers,
                    seconds,
                    reshard,
                    split_delay_ms,
                    merge_after_ms,
                }
            },
        )
}

fn simulator(case: &Case) -> Simulator {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    config.limits.shard_throughput = case.limits_on;
    config.scaling.split_delay_ms = case.split_delay_ms;
    config.scaling.merge_after_ms = case.merge_after_ms;
    let mut simulator = Simulator::new(config);
    let create = if case.on_demand {
        json!({"StreamName": STREAM, "StreamModeDetails": {"StreamMode": "ON_DEMAND"}})
    } else {
        json!({"StreamName": STREAM, "ShardCount": case.shards})
    };
    call(&mut simulator, "CreateStream", create, T0);
    if case.monitoring {
        call(
            &mut simulator,
            "EnableEnhancedMonitoring",
            json!({"StreamName": STREAM, "ShardLevelMetrics": ["ALL"]}),
            T0 + 1000,
        );
    }
    simulator
}

fn call(simulator: &mut Simulator, operation: &str, body: Value, now_ms: i64) -> (u16, Vec<u8>) {
    let response = simulator.handle(&format!("Kinesis_20131202.{operation}"), body.to_string().as_bytes(), now_ms);
    (response.status, response.body)
}

/// One producer as a client: the records it puts each second and those it holds to retry.
struct Naive {
    spec: ProducerSpec,
    /// Each key's hash key, by number.
    hash_keys: Vec<u128>,
    next_j: u64,
    /// Records put and not yet stored, in the order they are sent.
    buffer: Vec<Held>,
}

/// A record the producer holds: when it was put, the start of the hash key range of the shard
/// it last went to (0 until it is sent), and what it is.
struct Held {
    put_ms: i64,
    lane: u128,
    hash_key: u128,
    partition_key: String,
    data: Vec<u8>,
}

impl Naive {
    fn new(spec: ProducerSpec) -> Self {
        let hash = |key: &str| u128::from_be_bytes(Md5::digest(key.as_bytes()).into());
        let hash_keys = (0..spec.key_count).map(|k| hash(&partition_key(k, spec.key_count))).collect();
        Self { spec, hash_keys, next_j: 0, buffer: Vec::new() }
    }

    fn first_tick_ms(&self) -> i64 {
        (self.spec.start_ms + 999).div_euclid(1000) * 1000
    }

    fn records(&mut self, tick_ms: i64) -> Vec<(u128, String, Vec<u8>)> {
        let first_minute = self.first_tick_ms().div_euclid(60_000);
        let all = self.spec.pattern.rate(self.spec.records_per_second, first_minute, tick_ms.div_euclid(60_000));
        let hot = all * u64::from(self.spec.hot_key_per_mille) / 1000;
        let key = |k: u32| partition_key(k, self.spec.key_count);
        let mut out = Vec::new();
        for rank in 0..all {
            let number = if rank < hot { 0 } else { (self.next_j + rank - hot) % u64::from(self.spec.key_count) };
            let hash_key = self.hash_keys[number as usize];
            let number = number as u32;
            let mut data = Vec::new();
            record_data(&self.spec.name, tick_ms, rank, self.spec.data_bytes as usize, &mut data);
            out.push((hash_key, key(number), data));
        }
        self.next_j += all - hot;
        out
    }
}

/// What the run reached, over all cases.
#[derive(Default)]
struct Reached {
    throttled: Cell<u32>,
    split: Cell<u32>,
    two_producers: Cell<u32>,
    /// Cases where a retried record was stored a second or more after it was put.
    resent: Cell<u32>,
    /// Minutes whose first call, written out again for the inspector, had throttled records.
    throttled_samples: Cell<u32>,
}

fn run_case(case: &Case, reached: &Reached) -> Result<(), TestCaseError> {
    let mut described = simulator(case);
    let mut sent = simulator(case);
    for spec in &case.producers {
        described.start_producer(spec.clone()).map_err(TestCaseError::fail)?;
    }
    let mut naive: Vec<Naive> = case.producers.iter().cloned().map(Naive::new).collect();
    let end_ms = T0 + case.seconds * 1000;
    let mut throttled = false;
    let mut resent = false;
    let mut minutes = Minutes::new();
    for second in 1..case.seconds {
        let tick_ms = T0 + second * 1000;
        if let Some((at, count)) = case.reshard
            && at == second
        {
            let body = json!({"StreamName": STREAM, "TargetShardCount": count, "ScalingType": "UNIFORM_SCALING"});
            let a = call(&mut described, "UpdateShardCount", body.clone(), tick_ms - 1);
            let b = call(&mut sent, "UpdateShardCount", body, tick_ms - 1);
            prop_assert_eq!(a, b);
        }
        sent.advance(tick_ms);
        for producer in &mut naive {
            let stop = producer.spec.stop_ms.unwrap_or(i64::MAX);
            if tick_ms < producer.first_tick_ms() || tick_ms >= stop {
                continue;
            }
            let records = producer.records(tick_ms);
            if producer.spec.retries {
                producer.buffer.retain(|held| tick_ms - held.put_ms < RECORD_TTL_MS);
            } else {
                producer.buffer.clear();
            }
            producer.buffer.extend(records.into_iter().map(|(hash_key, partition_key, data)| Held {
                put_ms: tick_ms,
                lane: 0,
                hash_key,
                partition_key,
                data,
            }));
            producer.buffer.sort_by_key(|held| (held.put_ms, held.lane));
            let Some(stream) = sent.stream(STREAM) else { continue };
            let mut open: Vec<(u128, u128)> = stream
                .shards
                .iter()
                .filter(|shard| shard.is_open())
                .map(|shard| (shard.starting_hash_key, shard.ending_hash_key))
                .collect();
            open.sort();
            let size = producer.buffer.first().map_or(1, |held| held.partition_key.len() + held.data.len());
            // The KPL's rate limiter: 150 % of a shard's 1,000 records and 1 MiB a second.
            let sendable = if producer.spec.retries { 1500.min(3 * 1024 * 1024 / 2 / size) } else { usize::MAX };
            let mut grouped = Vec::new();
            for (start, end) in open {
                let here: Vec<usize> = (0..producer.buffer.len())
                    .filter(|&at| (start..=end).contains(&producer.buffer[at].hash_key))
                    .collect();
                for &at in &here {
                    producer.buffer[at].lane = start;
                }
                grouped.extend(here.into_iter().take(sendable));
            }
            let per_call = 500.min(5 * 1024 * 1024 / size);
            let mut stored = vec![false; producer.buffer.len()];
            for chunk in grouped.chunks(per_call) {
                let entries: Vec<Value> = chunk
                    .iter()
                    .map(|&at| {
                        let held = &producer.buffer[at];
                        json!({"Data": base64::encode(&held.data), "PartitionKey": held.partition_key})
                    })
                    .collect();
                let request = json!({"StreamName": STREAM, "Records": entries});
                let request_text = request.to_string();
                let (status, body) = call(&mut sent, "PutRecords", request, tick_ms);
                prop_assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                throttled |= !body.starts_with(b"{\"EncryptionType\":\"NONE\",\"FailedRecordCount\":0,");
                let answer: Value = serde_json::from_slice(&body).unwrap();
                let failed = answer["FailedRecordCount"].as_u64().unwrap();
                let response = String::from_utf8(body.clone()).unwrap();
                let name = &producer.spec.name;
                count(&mut minutes, name, tick_ms, &request_text, &response, chunk.len() as u64, failed);
                for (&at, result) in chunk.iter().zip(answer["Records"].as_array().unwrap()) {
                    stored[at] = result.get("SequenceNumber").is_some();
                    resent |= stored[at] && producer.buffer[at].put_ms < tick_ms;
                }
            }
            let mut at = 0;
            producer.buffer.retain(|_| {
                at += 1;
                !stored[at - 1]
            });
        }
    }
    described.advance(end_ms);
    sent.advance(end_ms);
    let shards = same_state(&mut described, &mut sent, end_ms)?;
    for sample in same_minutes(&mut described, Caller::Producer, &minutes)? {
        prop_assert_eq!((sample.operation, sample.status), (Operation::PutRecords, 200));
        // The requests are the same JSON; the model's order is Records, then StreamName.
        prop_assert!(sample.request.starts_with("{\"Records\":[{\"Data\":\""), "{}", &sample.request[..40]);
        if !sample.response.contains("\"FailedRecordCount\":0,") {
            reached.throttled_samples.set(reached.throttled_samples.get() + 1);
        }
    }
    if shards.len() as u32 > case.shards.max(4) {
        reached.split.set(reached.split.get() + u32::from(case.reshard.is_none()));
    }
    reached.throttled.set(reached.throttled.get() + u32::from(throttled));
    reached.two_producers.set(reached.two_producers.get() + u32::from(case.producers.len() > 1));
    reached.resent.set(reached.resent.get() + u32::from(resent));
    Ok(())
}

/// Checks that two simulators at `end_ms` hold the same stream: the same shards, metrics and
/// DescribeStream, and the same bytes from GetRecords on every shard from TRIM_HORIZON to its
/// end. Returns the shards.
fn same_state(a: &mut Simulator, b: &mut Simulator, end_ms: i64) -> Result<Vec<u32>, TestCaseError> {
    let shards: Vec<u32> = b.stream(STREAM).unwrap().shards.iter().map(|shard| shard.index).collect();
    prop_assert_eq!(&shards, &a.stream(STREAM).unwrap().shards.iter().map(|shard| shard.index).collect::<Vec<_>>());

    let (from, to) = (T0, end_ms + 60_000);
    let rows = |simulator: &Simulator| {
        let metrics = &simulator.stream(STREAM).unwrap().metrics;
        let mut out = serde_json::to_string(&metrics.minutes(from, to).collect::<Vec<_>>()).unwrap();
        for shard in metrics.shards() {
            out += &serde_json::to_string(&metrics.shard_minutes(shard, from, to).collect::<Vec<_>>()).unwrap();
        }
        out
    };
    prop_assert_eq!(rows(a), rows(b), "metrics");
    prop_assert_eq!(a.stream(STREAM).unwrap().usage(end_ms), b.stream(STREAM).unwrap().usage(end_ms), "usage");
    let describe = json!({"StreamName": STREAM});
    prop_assert_eq!(call(a, "DescribeStream", describe.clone(), end_ms), call(b, "DescribeStream", describe, end_ms));

    // Every shard read from TRIM_HORIZON to its end, a call every 6 seconds: even a 10 MiB answer
    // blocks reads for only 5.
    let mut now_ms = end_ms;
    for &shard in &shards {
        let body = json!({"StreamName": STREAM, "ShardId": format!("shardId-{shard:012}"), "ShardIteratorType": "TRIM_HORIZON"});
        let first = call(a, "GetShardIterator", body.clone(), now_ms);
        prop_assert_eq!(&first, &call(b, "GetShardIterator", body, now_ms));
        let mut iterator: Value = serde_json::from_slice::<Value>(&first.1).unwrap()["ShardIterator"].clone();
        for _ in 0..1000 {
            if iterator.is_null() {
                break;
            }
            now_ms += 6000;
            let body = json!({"ShardIterator": iterator, "Limit": 2000});
            let x = call(a, "GetRecords", body.clone(), now_ms);
            let y = call(b, "GetRecords", body, now_ms);
            prop_assert_eq!(x.0, 200);
            let differ = x.1.iter().zip(&y.1).position(|(p, q)| p != q).unwrap_or(x.1.len().min(y.1.len()));
            let around = |body: &[u8]| {
                String::from_utf8_lossy(&body[differ.saturating_sub(300)..body.len().min(differ + 200)]).into_owned()
            };
            prop_assert!(
                x == y,
                "GetRecords on shard {} differs at byte {}:\n{}\n{}",
                shard,
                differ,
                around(&x.1),
                around(&y.1)
            );
            let page: Value = serde_json::from_slice(&x.1).unwrap();
            if page["Records"].as_array().is_some_and(Vec::is_empty) && page["MillisBehindLatest"] == 0 {
                break;
            }
            iterator = page["NextShardIterator"].clone();
        }
    }
    Ok(shards)
}

/// An on-demand stream whose shards all turn hot and split within the run, and a provisioned
/// shard with a hot key and a second producer, throttled.
fn anchors() -> [Case; 2] {
    let spec = |name: &str, records_per_second, hot_key_per_mille, length_s: i64| ProducerSpec {
        name: name.into(),
        stream_name: STREAM.into(),
        records_per_second,
        pattern: RatePattern::Constant,
        data_bytes: 20,
        key_count: 200,
        hot_key_per_mille,
        start_ms: T0 + 2_000,
        stop_ms: Some(T0 + 2_000 + length_s * 1000),
        retries: true,
    };
    let base = Case {
        on_demand: true,
        shards: 4,
        limits_on: true,
        monitoring: true,
        producers: vec![spec("p0", 4_400, 0, 40)],
        seconds: 50,
        reshard: None,
        split_delay_ms: 5_000,
        merge_after_ms: 86_400_000,
    };
    let provisioned = Case {
        on_demand: false,
        shards: 1,
        monitoring: false,
        producers: vec![spec("p0", 1_500, 500, 20), spec("p1", 300, 0, 30)],
        ..base.clone()
    };
    [base, provisioned]
}

#[test]
fn described_traffic_equals_the_same_calls_through_the_front_door() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(16);
    let mut runner = TestRunner::new(RunnerConfig { cases, failure_persistence: None, ..RunnerConfig::default() });
    let reached = Reached::default();
    // Two fixed cases first, so that splits, throttling and two producers are always covered;
    // the random ones may or may not reach them.
    for anchor in anchors() {
        if let Err(error) = run_case(&anchor, &reached) {
            panic!("{error}\n{anchor:#?}");
        }
    }
    let result = runner.run(&case(), |case| run_case(&case, &reached));
    if let Err(error) = result {
        panic!("{error}");
    }
    assert!(reached.throttled.get() > 0, "some case throttled");
    assert!(reached.split.get() > 0, "some on-demand stream split");
    assert!(reached.two_producers.get() > 0, "some case had two producers");
    assert!(reached.resent.get() > 0, "some case stored a retried record");
    assert!(reached.throttled_samples.get() > 0, "some sampled call had throttled records");
}

/// A provisioned stream of one shard, every limit on, for producers started by the test.
fn one_provisioned_shard() -> Case {
    Case {
        on_demand: false,
        shards: 1,
        limits_on: true,
        monitoring: false,
        producers: Vec::new(),
        seconds: 0,
        reshard: None,
        split_delay_ms: 60_000,
        merge_after_ms: 86_400_000,
    }
}

/// A producer of 10 records of 10 bytes a second over 3 keys, from T0.
fn trickle(name: &str, retries: bool) -> ProducerSpec {
    ProducerSpec {
        name: name.into(),
        stream_name: STREAM.into(),
        records_per_second: 10,
        pattern: RatePattern::Constant,
        data_bytes: 10,
        key_count: 3,
        hot_key_per_mille: 0,
        start_ms: T0,
        stop_ms: None,
        retries,
    }
}

#[test]
fn the_inspector_lists_minutes_newest_first_and_callers_in_the_order_started() {
    let mut simulator = simulator(&one_provisioned_shard());
    let spec = |name: &str| trickle(name, false);
    let reader = ConsumerSpec {
        name: "c".into(),
        stream_name: STREAM.into(),
        starting_position: StartingPosition::TrimHorizon,
        start_ms: T0,
    };
    simulator.advance(T0 + 1_000);
    let first = simulator.start_producer(spec("p1")).unwrap();
    simulator.start_producer(spec("p2")).unwrap();
    simulator.start_consumer(reader).unwrap();
    // T0 is 20 s into its minute (0): minutes 0 and 1 end, minute 2 is under way when p1 stops
    // in it, which ends p1's minute 2.
    simulator.advance(T0 + 130_000);
    assert!(simulator.stop_producer(first));
    simulator.advance(T0 + 150_000);
    let mut log = CallLog::default();
    log.add(simulator.take_call_minutes());
    let rows = log.newest(simulator.call_minutes_under_way());
    let minute = |ms: i64| (ms - (T0 - 20_000)) / 60_000;
    let listed: Vec<(i64, &str)> = rows.rows.iter().map(|m| (minute(m.minute_ms), m.name.as_str())).collect();
    assert_eq!(rows.under_way, 2, "p2's and c's minute 2");
    // The minutes under way first, then those ended, newest first, callers in the order started.
    let expected = [(2, "p2"), (2, "c"), (2, "p1"), (1, "p1"), (1, "p2"), (1, "c"), (0, "p1"), (0, "p2"), (0, "c")];
    assert_eq!(listed, expected);
    assert!(simulator.take_call_minutes().is_empty(), "each ended minute is taken once");
}

#[test]
fn a_stopped_producer_sends_nothing_more_and_leaves_the_list() {
    let case = one_provisioned_shard();
    let mut simulator = simulator(&case);
    let spec = trickle("p", true);
    assert!(simulator.start_producer(ProducerSpec { name: "bad name".into(), ..spec.clone() }).is_err());
    let id = simulator.start_producer(spec).unwrap();
    simulator.advance(T0 + 10_000);
    assert_eq!(simulator.producers().map(|(id, _)| id).collect::<Vec<_>>(), [id]);
    assert!(simulator.stop_producer(id));
    assert!(!simulator.stop_producer(id), "stopped once");
    simulator.advance(T0 + 60_000);
    assert_eq!(simulator.producers().count(), 0);
    let stored: u64 = simulator
        .stream(STREAM)
        .unwrap()
        .metrics
        .series(kinesis_playground::sim::StreamMetric::IncomingRecords, 0, i64::MAX)
        .map(|(_, point)| point.sum)
        .sum();
    // Ticks at T0+1s..=T0+10s; the stream was ACTIVE from T0+500 ms (fast durations).
    assert_eq!(stored, 100);
}

/// Advancing the clock in jumps runs a producer's steady seconds at once
/// (`traffic::steady_ticks`): the rest of a minute, when every shard stores all it is sent or
/// the same number every tick. The stream must end exactly as if the clock had moved one second
/// at a time, over minutes of patterns, throttling and splits.
#[test]
fn advancing_in_jumps_equals_advancing_second_by_second() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12);
    let mut runner = TestRunner::new(RunnerConfig { cases, failure_persistence: None, ..RunnerConfig::default() });
    let jumps = prop::collection::vec(1i64..=90, 1..40);
    let strategy = (case(), producer(0), jumps, prop_oneof![3 => Just(false), 1 => Just(true)]);
    let unmonitored = Cell::new(0);
    let result = runner.run(&strategy, |(case, spec, jumps, monitoring)| {
        let seconds = 300;
        let case = Case { monitoring, split_delay_ms: 60_000, ..case };
        let spec = ProducerSpec { stop_ms: spec.stop_ms.map(|_| T0 + 2_000 + 280_000), ..spec };
        let (mut by_second, mut by_jump) = (simulator(&case), simulator(&case));
        by_second.start_producer(spec.clone()).map_err(TestCaseError::fail)?;
        by_jump.start_producer(spec).map_err(TestCaseError::fail)?;
        let end_ms = T0 + seconds * 1000;
        for second in 1..=seconds {
            by_second.advance(T0 + second * 1000);
        }
        let mut now_ms = T0;
        for jump in jumps.iter().cycle() {
            now_ms = (now_ms + jump * 1000 + jump % 7 * 100).min(end_ms);
            by_jump.advance(now_ms);
            if now_ms == end_ms {
                break;
            }
        }
        unmonitored.set(unmonitored.get() + u32::from(!case.monitoring));
        same_state(&mut by_second, &mut by_jump, end_ms).map(|_| ())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    assert!(unmonitored.get() > 0, "some case could run steady ticks at once (not with shard-level metrics)");
}

/// A retrying producer that keeps a provisioned shard saturated settles, after 30 s, into
/// storing each second the first records of the block put 29 s before
/// (docs/behaviour.md §11.11); its minutes then run at once, and leave the stream, the waiting
/// records and the failed ones exactly as second by second.
#[test]
fn a_saturated_shard_runs_its_minutes_at_once_and_as_second_by_second() {
    let case = one_provisioned_shard();
    let spec = ProducerSpec {
        name: "p".into(),
        stream_name: STREAM.into(),
        records_per_second: 3000,
        pattern: RatePattern::Constant,
        data_bytes: 100,
        key_count: 50,
        hot_key_per_mille: 0,
        start_ms: T0 + 2_000,
        stop_ms: None,
        retries: true,
    };
    let (mut by_second, mut by_jump) = (simulator(&case), simulator(&case));
    by_second.start_producer(spec.clone()).unwrap();
    by_jump.start_producer(spec).unwrap();
    let end_ms = T0 + 250_000;
    for second in 1..=250 {
        by_second.advance(T0 + second * 1000);
    }
    let mut now_ms = T0;
    while now_ms < end_ms {
        now_ms = (now_ms + 37_000).min(end_ms);
        by_jump.advance(now_ms);
    }
    let producer = |simulator: &Simulator| {
        let (_, producer) = simulator.producers().next().expect("running");
        (producer.waiting(), producer.failed, producer.ticks_at_once)
    };
    let (waiting, failed, at_once) = producer(&by_jump);
    assert_eq!((waiting, failed), (producer(&by_second).0, producer(&by_second).1));
    assert!(failed > 0 && waiting > 0, "saturated: records wait and fail");
    assert!(at_once >= 120, "the minutes after the first ran at once: {at_once} ticks");
    if let Err(error) = same_state(&mut by_second, &mut by_jump, end_ms) {
        panic!("{error}");
    }
}
