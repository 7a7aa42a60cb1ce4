//! Described traffic at the scale the playground runs it (docs/behaviour.md §11.7).
//!
//! `cargo bench --bench traffic` (release profile, one thread):
//!
//! 1. One simulated hour of a producer offering 200 MiB/s (204,800 records of 1 KiB a second,
//!    10,000 partition keys) to an on-demand stream that starts with 4 shards and splits as AWS
//!    documents, with every limit on: the time `Simulator::advance` takes for the hour, and the
//!    heap the simulator holds afterwards and at its peak (a counting allocator).
//! 2. GetRecords anywhere in that hour: 200 reads, each from an AT_TIMESTAMP iterator at a
//!    random second on a random shard open in that second (so holding records), with Limit 100, 1000 (about
//!    what a shard takes in a second) and the default 10,000; median, p99 and slowest call, and
//!    beside them base64-encoding the same data alone, which no GetRecords can avoid.
//!
//! 3. One simulated day of a producer at the on-demand maximum of 200 MiB/s (4 KiB records), the
//!    same set-up: what "Advance 1 day" costs the core. Steady minutes run at once
//!    (docs/behaviour.md §11.7). The same day over the stream's maximum, which throttles every
//!    second, runs second by second, and is shown for information.
//!
//! As in `front_door`, a reference workload on the same machine, in the same run, gives a ratio
//! that other machines can compare: serde_json parsing one PutRecords body of 500 records of
//! 1 KiB and base64-decoding its data, the JSON work one call of the producer would cost.

use std::hint::black_box;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use kinesis_playground::sim::{
    Config, ConsumerSpec, Operation, ProducerSpec, RatePattern, Simulator, StartingPosition, StreamMetric, base64,
};

mod common;
use common::{ALLOCATED, Counting, PEAK, mb, micros, percentile, print_table, thousands, verdict};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// 2023-11-14T22:13:20Z.
const START_MS: i64 = 1_700_000_000_000;
const HOUR_MS: i64 = 3_600_000;
const HOUR_TARGET: Duration = Duration::from_secs(1);
const DAY_MS: i64 = 24 * HOUR_MS;
/// Issue 14 asks for a day in under 2 s in the browser; the page is measured there, and this
/// is the core's share of it, natively.
const DAY_TARGET: Duration = Duration::from_secs(2);
const MEMORY_TARGET_BYTES: f64 = 64e6;
const READ_TARGET: Duration = Duration::from_millis(1);

fn call(sim: &mut Simulator, operation: Operation, body: &str, now_ms: i64) -> (u16, Vec<u8>) {
    let response = sim.handle(&operation.target(), body.as_bytes(), now_ms);
    (response.status, response.body)
}

/// A small deterministic generator, for the read positions.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

struct Hour {
    sim: Simulator,
    elapsed: Duration,
    heap: usize,
    peak: usize,
    end_ms: i64,
}

fn one_hour() -> Hour {
    offer(HOUR_MS, 204_800, 1016, 0, false)
}

/// A producer offering `records_per_second` records of `data_bytes` (plus an 8-byte key) for
/// `span_ms` to an on-demand stream that starts with 4 shards, every limit on, read by
/// `consumers` described consumers from LATEST, timed; retrying throttled records or not
/// (docs/behaviour.md §11.11).
fn offer(span_ms: i64, records_per_second: u64, data_bytes: u32, consumers: u32, retries: bool) -> Hour {
    let mut config = Config::default();
    config.limits.rate_limits = false;
    let baseline = ALLOCATED.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let mut sim = Simulator::new(config);
    let create = r#"{"StreamName":"hour","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#;
    assert_eq!(call(&mut sim, Operation::CreateStream, create, START_MS).0, 200);
    // The first tick comes a second after the clock's time.
    let start_ms = sim.advance(START_MS + 30_000) + 1000;
    sim.start_producer(ProducerSpec {
        name: "bench".into(),
        stream_name: "hour".into(),
        records_per_second,
        pattern: RatePattern::Constant,
        // Keys are 8 bytes (`key-0042`).
        data_bytes,
        key_count: 10_000,
        hot_key_per_mille: 0,
        start_ms,
        stop_ms: Some(start_ms + span_ms),
        retries,
    })
    .expect("a valid producer");
    for n in 0..consumers {
        sim.start_consumer(ConsumerSpec {
            name: format!("reader-{n}"),
            stream_name: "hour".into(),
            starting_position: StartingPosition::Latest,
            start_ms,
        })
        .expect("a valid consumer");
    }
    let started = Instant::now();
    let end_ms = sim.advance(black_box(start_ms + span_ms - 1000));
    let elapsed = started.elapsed();
    let heap = ALLOCATED.load(Ordering::Relaxed) - baseline;
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    Hour { sim, elapsed, heap, peak, end_ms }
}

/// One simulated day: the time, the heap at its peak, and the open shards at the end.
fn one_day(records_per_second: u64, data_bytes: u32, consumers: u32, retries: bool) -> (Duration, usize, usize) {
    let Hour { sim, elapsed, peak, .. } = offer(DAY_MS, records_per_second, data_bytes, consumers, retries);
    let open = sim.stream("hour").expect("the stream").shards.iter().filter(|s| s.is_open()).count();
    (elapsed, peak, open)
}

/// The JSON and base64 work of one PutRecords call of 500 records of 1 KiB, median of 200.
fn reference() -> Duration {
    let entries: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"Data":"{}","PartitionKey":"key-{i:04}"}}"#, base64::encode(&[i as u8; 1016])))
        .collect();
    let body = format!(r#"{{"StreamName":"hour","Records":[{}]}}"#, entries.join(","));
    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let started = Instant::now();
            let value: serde_json::Value = serde_json::from_slice(black_box(body.as_bytes())).expect("JSON");
            let decoded: usize = value["Records"]
                .as_array()
                .expect("Records")
                .iter()
                .map(|record| base64::decode(record["Data"].as_str().expect("Data")).expect("base64").len())
                .sum();
            black_box(decoded);
            started.elapsed()
        })
        .collect();
    times.sort_unstable();
    percentile(&times, 0.5)
}

/// GetRecords calls from random places in the hour, and the reference on their bytes.
struct Reads {
    median: Duration,
    p99: Duration,
    slowest: Duration,
    /// Median of base64-encoding, into a fresh buffer, the data each call returned: what a
    /// writer that encodes every byte pays (described records' padding is copied, not encoded).
    reference: Duration,
    /// Median of copying an answer's bytes once: a floor for any writer.
    copy: Duration,
    records: usize,
    /// The answers' bytes, all together.
    bytes: usize,
}

/// 200 GetRecords calls with `limit`, each from an AT_TIMESTAMP iterator at a random second of
/// the hour on a random shard. `now_ms` is the clock, moved on past the reads.
fn reads(sim: &mut Simulator, end_ms: i64, now_ms: &mut i64, limit: u32) -> Reads {
    // Each shard's index and the time it was open.
    let shards: Vec<(u32, i64, i64)> = sim
        .stream("hour")
        .expect("the stream")
        .shards
        .iter()
        .map(|s| (s.index, s.created_at_ms, s.closed_at_ms.unwrap_or(i64::MAX)))
        .collect();
    let mut rng = Lcg(limit.into());
    let (mut records, mut bytes, mut copies) = (0, 0, Vec::new());
    let (mut times, mut references): (Vec<Duration>, Vec<Duration>) = (0..200)
        .map(|_| {
            // Six seconds apart: a 10 MiB answer blocks its shard's reads for five.
            *now_ms += 6_000;
            // A second of the hour, and one of the shards open then: where records are.
            let at_s = (end_ms - HOUR_MS) / 1000 + (rng.next() % 3600) as i64;
            let open: Vec<u32> = shards
                .iter()
                .filter(|(_, created, closed)| *created <= at_s * 1000 && at_s * 1000 < *closed)
                .map(|(index, ..)| *index)
                .collect();
            let shard = open[rng.next() as usize % open.len()];
            let body = format!(
                r#"{{"StreamName":"hour","ShardId":"shardId-{shard:012}","ShardIteratorType":"AT_TIMESTAMP","Timestamp":{at_s}}}"#
            );
            let (status, answer) = call(sim, Operation::GetShardIterator, &body, *now_ms);
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
            let iterator: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
            let body = format!(r#"{{"ShardIterator":{},"Limit":{limit}}}"#, iterator["ShardIterator"]);
            let started = Instant::now();
            let (status, answer) = call(sim, Operation::GetRecords, black_box(&body), *now_ms);
            let elapsed = started.elapsed();
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
            let page: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
            let data: Vec<Vec<u8>> = page["Records"]
                .as_array()
                .expect("Records")
                .iter()
                .map(|record| base64::decode(record["Data"].as_str().expect("Data")).expect("base64"))
                .collect();
            records += data.len();
            bytes += answer.len();
            // The floor for any writer: copying the answer's bytes once.
            let started = Instant::now();
            black_box(black_box(&answer).clone());
            let copy = started.elapsed();
            let started = Instant::now();
            let mut out = Vec::new();
            for bytes in black_box(&data) {
                base64::encode_into(&mut out, bytes);
            }
            black_box(out);
            copies.push(copy);
            (elapsed, started.elapsed())
        })
        .unzip();
    times.sort_unstable();
    references.sort_unstable();
    copies.sort_unstable();
    Reads {
        median: percentile(&times, 0.5),
        p99: percentile(&times, 0.99),
        slowest: times[times.len() - 1],
        reference: percentile(&references, 0.5),
        copy: percentile(&copies, 0.5),
        records,
        bytes,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("traffic: run it with `cargo bench --bench traffic`");
        return;
    }
    let mode = if cfg!(debug_assertions) { "debug build: figures are not meaningful" } else { "release build" };
    println!("traffic benchmark ({mode}, one thread)\n");
    // `cargo bench --bench traffic -- day`: only the day at 200 MiB/s, three times (to profile it).
    if std::env::args().any(|arg| arg == "day") {
        for _ in 0..3 {
            let (day, _, open) = one_day(51_200, 4088, 0, false);
            let (retried, _, _) = one_day(51_200, 4088, 0, true);
            let (below, _, _) = one_day(51_000, 4088, 0, true);
            println!(
                "a day at 200 MiB/s: {:.3} s, {open} open shards; retrying: {:.3} s; retrying at 199.2 MiB/s: {:.3} s",
                day.as_secs_f64(),
                retried.as_secs_f64(),
                below.as_secs_f64()
            );
        }
        return;
    }

    // `cargo bench --bench traffic -- read-day`: the same day with a consumer on every shard.
    if std::env::args().any(|arg| arg == "read-day") {
        let (read_day, _, open) = one_day(51_200, 4088, 1, false);
        println!("a day at 200 MiB/s read by a consumer: {:.3} s, {open} open shards", read_day.as_secs_f64());
        return;
    }

    let Hour { mut sim, elapsed, heap, peak, end_ms } = one_hour();
    let reference = reference();
    let stream = sim.stream("hour").expect("the stream");
    let open = stream.shards.iter().filter(|s| s.is_open()).count();
    let sum = |metric| stream.metrics.series(metric, 0, i64::MAX).map(|(_, point)| point.sum).sum::<u64>();
    let (stored, throttled) =
        (sum(StreamMetric::IncomingRecords), sum(StreamMetric::WriteProvisionedThroughputExceeded));
    let offered = 204_800u64 * 3600;
    assert_eq!(stored + throttled, offered, "every record offered was stored or throttled");

    // A day at the on-demand maximum in bytes, and one over it in records (the stream's
    // maximum then throttles every second, which leaves no steady minute to run at once).
    let (day, day_peak, day_open) = one_day(51_200, 4088, 0, false);
    let (retried_day, _, _) = one_day(51_200, 4088, 0, true);
    let (retried_below, _, _) = one_day(51_000, 4088, 0, true);
    let (read_day, _, _) = one_day(51_200, 4088, 1, false);
    let (over, _, _) = one_day(204_800, 1016, 0, false);

    let mut rows = vec![
        [
            "One simulated hour of 200 MiB/s offered to an on-demand stream from 4 shards: time".into(),
            format!(
                "{:.3} s; {:.0} reference calls",
                elapsed.as_secs_f64(),
                elapsed.as_secs_f64() / reference.as_secs_f64()
            ),
            format!("< {:.0} s", HOUR_TARGET.as_secs_f64()),
            verdict(elapsed < HOUR_TARGET),
        ],
        [
            "  heap held after the hour, and at its peak (counting allocator)".into(),
            format!("{}; peak {}", mb(heap as f64), mb(peak as f64)),
            format!("< {}", mb(MEMORY_TARGET_BYTES)),
            verdict((peak as f64) < MEMORY_TARGET_BYTES),
        ],
        [
            "  what the hour did: shards in all / open at the end; records stored / throttled".into(),
            format!(
                "{} / {open}; {} / {} ({:.1}% stored)",
                stream.shards.len(),
                thousands(stored as f64),
                thousands(throttled as f64),
                100.0 * stored as f64 / offered as f64
            ),
            "(info)".into(),
            "-".into(),
        ],
        [
            "  the reference: JSON + base64 of one PutRecords body of 500 x 1 KiB".into(),
            format!("{:.0} us", micros(reference)),
            "(compare across machines)".into(),
            "-".into(),
        ],
        [
            "One simulated day of 200 MiB/s (51,200 records of 4 KiB a second), from 4 shards: time".into(),
            format!("{:.3} s; {:.0} reference calls", day.as_secs_f64(), day.as_secs_f64() / reference.as_secs_f64()),
            format!("< {:.0} s (the page's; native here)", DAY_TARGET.as_secs_f64()),
            verdict(day < DAY_TARGET),
        ],
        [
            "  heap at its peak; open shards at the end".into(),
            format!("{}; {day_open}", mb(day_peak as f64)),
            format!("< {}", mb(MEMORY_TARGET_BYTES)),
            verdict((day_peak as f64) < MEMORY_TARGET_BYTES),
        ],
        [
            "  the same day read by a consumer polling every shard once a second: time".into(),
            format!("{:.3} s", read_day.as_secs_f64()),
            "(info: a poll per shard and second)".into(),
            "-".into(),
        ],
        [
            "  the same day, the producer retrying throttled records (docs/behaviour.md §11.11): time".into(),
            format!("{:.3} s", retried_day.as_secs_f64()),
            "(info: held at the stream's maximum)".into(),
            "-".into(),
        ],
        [
            "  retrying at 199.2 MiB/s (51,000 × 4 KiB a second), just below the maximum: time".into(),
            format!("{:.3} s", retried_below.as_secs_f64()),
            "(info)".into(),
            "-".into(),
        ],
        [
            "  the same day over the stream's maximum (204,800 records of 1 KiB a second): time".into(),
            format!("{:.3} s", over.as_secs_f64()),
            "(info: no steady minute)".into(),
            "-".into(),
        ],
    ];
    let mut now_ms = end_ms;
    for limit in [100, 1_000, 10_000] {
        let reads = reads(&mut sim, end_ms, &mut now_ms, limit);
        rows.push([
            format!("GetRecords anywhere in the hour, Limit {limit}: median / p99 / slowest"),
            format!(
                "{:.0} / {:.0} / {:.0} us ({} records a call on average)",
                micros(reads.median),
                micros(reads.p99),
                micros(reads.slowest),
                reads.records / 200
            ),
            format!("< {:.0} us", micros(READ_TARGET)),
            format!("median {}, p99 {}", verdict(reads.median < READ_TARGET), verdict(reads.p99 < READ_TARGET)),
        ]);
        rows.push([
            "  base64 of the data returned, alone (median); the call's cost in references".into(),
            format!(
                "{:.0} us; {:.2}x",
                micros(reads.reference),
                micros(reads.median) / micros(reads.reference).max(1e-3)
            ),
            "(compare across machines)".into(),
            "-".into(),
        ]);
        rows.push([
            "  copying the answer's bytes once, alone (median); the answer's size on average".into(),
            format!("{:.0} us; {}", micros(reads.copy), mb(reads.bytes as f64 / 200.0)),
            "(a floor for any writer)".into(),
            "-".into(),
        ]);
    }
    print_table(&rows);
}
