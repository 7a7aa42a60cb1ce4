//! Described consumers equal the same GetRecords loops through the front door
//! (docs/behaviour.md §11.10): a simulator running consumers and another one receiving, at each
//! poll, the calls a consumer stands for, built here from the documented rules, end with the
//! same metrics (stream-wide and per shard) and the same usage.
//!
//! The rules, as a client would follow them: half a second into every second from its start, a
//! consumer lists the stream's shards; on its first poll it takes a LATEST iterator on every
//! open shard (and counts the closed ones as read), or none for TRIM_HORIZON; it then takes a
//! TRIM_HORIZON iterator on every listed shard it neither reads nor has read whose parents it
//! has read to their end (or are no longer listed); and it calls GetRecords with Limit 10000 on
//! each shard it reads, in shard order, keeping the next iterator, dropping the shard when the
//! answer has none, and keeping the old iterator when the call is throttled.
//!
//! Cases (16 unless `PROPTEST_CASES` says otherwise): provisioned and on-demand streams, one
//! producer of small or large records, one to four consumers from either position, a reshard,
//! and splits within the run. The simulator with described consumers advances in one jump, so
//! its producer's steady seconds are stored ahead of the polls that read them.

use std::collections::{BTreeMap, BTreeSet};

use kinesis_playground::sim::{
    Caller, Config, ConsumerSpec, Durations, Operation, ProducerSpec, RatePattern, Simulator, StartingPosition,
    StreamMetric,
};
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
    monitoring: bool,
    producer: ProducerSpec,
    consumers: Vec<ConsumerSpec>,
    seconds: i64,
    reshard: Option<(i64, u32)>,
    split_delay_ms: i64,
}

fn consumer(index: usize) -> impl Strategy<Value = ConsumerSpec> {
    (any::<bool>(), 0i64..6000).prop_map(move |(latest, start)| ConsumerSpec {
        name: format!("c{index}"),
        stream_name: STREAM.into(),
        starting_position: if latest { StartingPosition::Latest } else { StartingPosition::TrimHorizon },
        start_ms: T0 + 1_000 + start,
    })
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        1u32..4,
        any::<bool>(),
        (prop_oneof![1u64..1500, 2000u64..4000], prop_oneof![10u32..400, 100_000u32..400_000], 1u32..50),
        prop::collection::vec(any::<bool>(), 1..5),
        prop::option::of(5i64..30),
        prop_oneof![Just(5_000i64), Just(60_000)],
    )
        .prop_flat_map(|(on_demand, shards, monitoring, (rate, data_bytes, keys), consumers, reshard, delay)| {
            let consumers: Vec<_> = (0..consumers.len()).map(consumer).collect();
            consumers.prop_map(move |consumers| {
                // Large records come a few a second: enough to overdraw the read limit.
                let records_per_second = if data_bytes > 50_000 { rate % 5 + 1 } else { rate };
                Case {
                    on_demand,
                    shards,
                    monitoring,
                    producer: ProducerSpec {
                        name: "p".into(),
                        stream_name: STREAM.into(),
                        records_per_second,
                        pattern: RatePattern::Constant,
                        data_bytes,
                        key_count: keys,
                        hot_key_per_mille: 0,
                        start_ms: T0 + 1_500,
                        stop_ms: Some(T0 + 35_000),
                        retries: false,
                    },
                    consumers,
                    seconds: 45,
                    // Doubling: a count UpdateShardCount always takes.
                    reshard: if on_demand { None } else { reshard.map(|at| (at, shards * 2)) },
                    split_delay_ms: delay,
                }
            })
        })
}

fn simulator(case: &Case) -> Simulator {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    config.scaling.split_delay_ms = case.split_delay_ms;
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
            T0 + 600,
        );
    }
    simulator.start_producer(case.producer.clone()).unwrap();
    simulator
}

fn call(simulator: &mut Simulator, operation: &str, body: Value, now_ms: i64) -> (u16, Value) {
    let response = simulator.handle(&format!("Kinesis_20131202.{operation}"), body.to_string().as_bytes(), now_ms);
    let body = if response.body.is_empty() { Value::Null } else { serde_json::from_slice(&response.body).unwrap() };
    (response.status, body)
}

/// A consumer as a client writes it, through the front door.
struct Naive {
    spec: ConsumerSpec,
    started: bool,
    reading: BTreeMap<u32, Value>,
    done: BTreeSet<u32>,
}

fn index_of(shard_id: &Value) -> u32 {
    shard_id.as_str().unwrap().trim_start_matches("shardId-").parse().unwrap()
}

impl Naive {
    fn iterator(simulator: &mut Simulator, index: u32, kind: &str, now_ms: i64) -> Value {
        let body = json!({"StreamName": STREAM, "ShardId": format!("shardId-{index:012}"), "ShardIteratorType": kind});
        let (status, answer) = call(simulator, "GetShardIterator", body, now_ms);
        assert_eq!(status, 200, "{answer}");
        answer["ShardIterator"].clone()
    }

    /// One poll; returns (throttled calls, shards finished) for the run's tally, and sums its
    /// calls up in `minutes`.
    fn poll(&mut self, simulator: &mut Simulator, now_ms: i64, minutes: &mut Minutes) -> (u32, u32) {
        let (status, listed) =
            call(simulator, "ListShards", json!({"StreamName": STREAM, "MaxResults": 10000}), now_ms);
        assert_eq!(status, 200, "{listed}");
        let shards: Vec<(u32, Vec<u32>, bool)> = listed["Shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|shard| {
                let parents = ["ParentShardId", "AdjacentParentShardId"]
                    .iter()
                    .filter(|name| !shard[**name].is_null())
                    .map(|name| index_of(&shard[*name]))
                    .collect();
                (index_of(&shard["ShardId"]), parents, shard["SequenceNumberRange"]["EndingSequenceNumber"].is_null())
            })
            .collect();
        if !self.started {
            self.started = true;
            if self.spec.starting_position == StartingPosition::Latest {
                for (index, _, open) in &shards {
                    if *open {
                        let iterator = Self::iterator(simulator, *index, "LATEST", now_ms);
                        self.reading.insert(*index, iterator);
                    } else {
                        self.done.insert(*index);
                    }
                }
            }
        }
        for (index, parents, _) in &shards {
            if self.reading.contains_key(index) || self.done.contains(index) {
                continue;
            }
            let listed = |parent: &u32| shards.iter().any(|(other, ..)| other == parent);
            if parents.iter().all(|parent| self.done.contains(parent) || !listed(parent)) {
                let iterator = Self::iterator(simulator, *index, "TRIM_HORIZON", now_ms);
                self.reading.insert(*index, iterator);
            }
        }
        let (mut throttled, mut finished) = (0, 0);
        let indexes: Vec<u32> = self.reading.keys().copied().collect();
        for index in indexes {
            let request = json!({"ShardIterator": self.reading[&index], "Limit": 10000});
            let response = simulator.handle("Kinesis_20131202.GetRecords", request.to_string().as_bytes(), now_ms);
            let (status, raw) = (response.status, String::from_utf8(response.body).unwrap());
            let answer: Value = serde_json::from_str(&raw).unwrap();
            let (records, refused) = answer["Records"].as_array().map_or((0, 1), |records| (records.len() as u64, 0));
            count(minutes, &self.spec.name, now_ms, &request.to_string(), &raw, records, refused);
            if status == 400 {
                assert_eq!(answer["__type"], "ProvisionedThroughputExceededException", "{answer}");
                throttled += 1;
                continue;
            }
            assert_eq!(status, 200, "{answer}");
            if answer["NextShardIterator"].is_null() {
                self.reading.remove(&index);
                self.done.insert(index);
                finished += 1;
            } else {
                self.reading.insert(index, answer["NextShardIterator"].clone());
            }
        }
        (throttled, finished)
    }
}

#[derive(Default)]
struct Reached {
    /// Minutes whose first call, written out again, was throttled.
    throttled_samples: u32,
    throttled: u32,
    finished: u32,
    behind: u32,
}

fn metrics(simulator: &Simulator, end_ms: i64) -> String {
    let metrics = &simulator.stream(STREAM).unwrap().metrics;
    let mut out = serde_json::to_string(&metrics.minutes(T0, end_ms + 60_000).collect::<Vec<_>>()).unwrap();
    for shard in metrics.shards() {
        out += &serde_json::to_string(&metrics.shard_minutes(shard, T0, end_ms + 60_000).collect::<Vec<_>>()).unwrap();
    }
    out
}

fn run_case(case: &Case, reached: &mut Reached) -> Result<(), TestCaseError> {
    let mut described = simulator(case);
    let mut sent = simulator(case);
    for spec in &case.consumers {
        described.start_consumer(spec.clone()).map_err(TestCaseError::fail)?;
    }
    let mut naive: Vec<Naive> = case
        .consumers
        .iter()
        .map(|spec| Naive { spec: spec.clone(), started: false, reading: BTreeMap::new(), done: BTreeSet::new() })
        .collect();
    let end_ms = T0 + case.seconds * 1000;
    let mut minutes = Minutes::new();
    if let Some((at, count)) = case.reshard {
        let body = json!({"StreamName": STREAM, "TargetShardCount": count, "ScalingType": "UNIFORM_SCALING"});
        let at_ms = T0 + at * 1000 + 200;
        described.advance(at_ms - 1);
        prop_assert_eq!(call(&mut described, "UpdateShardCount", body.clone(), at_ms).0, 200);
        // The other simulator gets it at the same time, between its polls.
        let mut poll_ms = T0 + 500;
        while poll_ms < at_ms {
            poll_all(&mut naive, &mut sent, poll_ms, reached, &mut minutes);
            poll_ms += 1000;
        }
        prop_assert_eq!(call(&mut sent, "UpdateShardCount", body, at_ms).0, 200);
        while poll_ms <= end_ms {
            poll_all(&mut naive, &mut sent, poll_ms, reached, &mut minutes);
            poll_ms += 1000;
        }
    } else {
        let mut poll_ms = T0 + 500;
        while poll_ms <= end_ms {
            poll_all(&mut naive, &mut sent, poll_ms, reached, &mut minutes);
            poll_ms += 1000;
        }
    }
    described.advance(end_ms);
    sent.advance(end_ms);
    prop_assert_eq!(metrics(&described, end_ms), metrics(&sent, end_ms), "metrics");
    for sample in same_minutes(&mut described, Caller::Consumer, &minutes)? {
        prop_assert_eq!(sample.operation, Operation::GetRecords);
        // The requests are the same JSON; the model's order is ShardIterator, then Limit.
        prop_assert!(sample.request.starts_with("{\"ShardIterator\":"), "{}", sample.request);
        reached.throttled_samples += u32::from(sample.status == 400);
    }
    prop_assert_eq!(described.stream(STREAM).unwrap().usage(end_ms), sent.stream(STREAM).unwrap().usage(end_ms));
    reached.behind += u32::from(described.consumers().any(|(_, consumer)| consumer.behind_ms > 0));
    let read: u64 = described
        .stream(STREAM)
        .unwrap()
        .metrics
        .series(StreamMetric::GetRecordsRecords, 0, i64::MAX)
        .map(|(_, point)| point.sum)
        .sum();
    prop_assert!(read > 0 || case.consumers.iter().all(|c| c.starting_position == StartingPosition::Latest));
    Ok(())
}

/// Polls every consumer due at `poll_ms`, in the order they started.
fn poll_all(
    naive: &mut [Naive],
    simulator: &mut Simulator,
    poll_ms: i64,
    reached: &mut Reached,
    minutes: &mut Minutes,
) {
    for consumer in naive.iter_mut().filter(|consumer| consumer.spec.start_ms <= poll_ms) {
        let (throttled, finished) = consumer.poll(simulator, poll_ms, minutes);
        reached.throttled += throttled;
        reached.finished += finished;
    }
}

#[test]
fn described_consumers_equal_the_same_calls_through_the_front_door() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(16);
    let mut runner = TestRunner::new(RunnerConfig { cases, failure_persistence: None, ..RunnerConfig::default() });
    let reached = std::cell::RefCell::new(Reached::default());
    // Fixed cases first: three consumers sharing a provisioned shard of large records (the read
    // limit throttles them and they fall behind), and a reshard that closes the shards read.
    let producer = |records_per_second, data_bytes| ProducerSpec {
        name: "p".into(),
        stream_name: STREAM.into(),
        records_per_second,
        pattern: RatePattern::Constant,
        data_bytes,
        key_count: 20,
        hot_key_per_mille: 0,
        start_ms: T0 + 1_500,
        stop_ms: Some(T0 + 35_000),
        retries: false,
    };
    let reader = |index: usize, position| ConsumerSpec {
        name: format!("c{index}"),
        stream_name: STREAM.into(),
        starting_position: position,
        start_ms: T0 + 1_000,
    };
    let shared = Case {
        on_demand: false,
        shards: 1,
        monitoring: true,
        producer: producer(3, 300_000),
        consumers: (0..3).map(|i| reader(i, StartingPosition::TrimHorizon)).collect(),
        seconds: 45,
        reshard: None,
        split_delay_ms: 60_000,
    };
    let resharded = Case {
        shards: 2,
        producer: producer(800, 100),
        consumers: vec![reader(0, StartingPosition::Latest), reader(1, StartingPosition::TrimHorizon)],
        reshard: Some((10, 3)),
        ..shared.clone()
    };
    for anchor in [shared, resharded] {
        if let Err(error) = run_case(&anchor, &mut reached.borrow_mut()) {
            panic!("{error}\n{anchor:#?}");
        }
    }
    let result = runner.run(&case(), |case| run_case(&case, &mut reached.borrow_mut()));
    if let Err(error) = result {
        panic!("{error}");
    }
    let reached = reached.borrow();
    assert!(reached.throttled > 0, "some read was throttled");
    assert!(reached.finished > 0, "some consumer read a closed shard to its end");
    assert!(reached.behind > 0, "some consumer fell behind");
    assert!(reached.throttled_samples > 0, "some sampled call was throttled");
}

#[test]
fn a_consumer_follows_a_closed_shard_into_its_children() {
    let case = Case {
        on_demand: false,
        shards: 1,
        monitoring: false,
        producer: ProducerSpec {
            name: "p".into(),
            stream_name: STREAM.into(),
            records_per_second: 100,
            pattern: RatePattern::Constant,
            data_bytes: 10,
            key_count: 50,
            hot_key_per_mille: 0,
            start_ms: T0 + 1_500,
            stop_ms: None,
            retries: false,
        },
        consumers: Vec::new(),
        seconds: 0,
        reshard: None,
        split_delay_ms: 60_000,
    };
    let mut simulator = simulator(&case);
    let spec = ConsumerSpec {
        name: "reader".into(),
        stream_name: STREAM.into(),
        starting_position: StartingPosition::Latest,
        start_ms: T0,
    };
    assert!(simulator.start_consumer(ConsumerSpec { name: "a b".into(), ..spec.clone() }).is_err());
    let id = simulator.start_consumer(spec).unwrap();
    simulator.advance(T0 + 10_000);
    let shards = |simulator: &Simulator| simulator.consumers().next().unwrap().1.shards().collect::<Vec<u32>>();
    assert_eq!(shards(&simulator), [0]);
    let body = json!({"StreamName": STREAM, "TargetShardCount": 2, "ScalingType": "UNIFORM_SCALING"});
    assert_eq!(call(&mut simulator, "UpdateShardCount", body, T0 + 10_100).0, 200);
    simulator.advance(T0 + 20_000);
    assert_eq!(shards(&simulator), [1, 2], "the parent read to its end, then its children");
    assert_eq!(simulator.consumers().next().unwrap().1.behind_ms, 0, "it keeps up");
    assert!(simulator.stop_consumer(id));
    assert!(!simulator.stop_consumer(id));
    assert_eq!(simulator.consumers().count(), 0);
}
