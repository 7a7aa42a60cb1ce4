//! How fast and how big the simulator is behind its front door, `Simulator::handle`.
//!
//! `cargo bench --bench front_door` (release profile). No harness: `std::time::Instant`,
//! `std::hint::black_box`, and a counting global allocator for the memory figure.
//!
//! 1. DescribeStreamSummary calls per second on one thread, against 100 ACTIVE streams, with the
//!    default configuration (rate limits on) and the clock advanced 50 ms per call, so the
//!    20-per-second limit is never reached; the same with rate limits off for comparison.
//! 2. Time per DescribeStream page of a 500-shard PROVISIONED stream (shard limit raised, rate
//!    limits off): the first page (default Limit, 100 shards) and a later one after
//!    `shardId-000000000299`; median and p99 of single calls.
//! 3. Memory of an account with 10,000 ACTIVE streams of 10 shards (100,000 shards): bytes the
//!    allocator holds for it, and the process's VmRSS.
//! 4. Records per second through PutRecords calls of 500 records of 1 KiB, and of 100 bytes, into
//!    a 4-shard stream with the shard limits off; median, p99 and fastest of single calls.
//! 5. Records per second through GetRecords calls of 10,000 records of 1 KiB (Limit 10000, from a
//!    TRIM_HORIZON iterator, shard limits off); median, p99 and fastest of single calls.
//!
//! Machines differ by a factor of three or so, so each timing also measures, in the same run, a
//! reference workload on the same bytes: serde_json alone parsing the request and the response
//! and writing the response out again (the JSON work a call cannot avoid). For the data plane the
//! reference is the JSON and base64 work instead: parsing a PutRecords body into a
//! `serde_json::Value` and decoding each Data; base64-encoding each record a GetRecords answer
//! holds and writing that answer, parsed beforehand, with serde_json. The ratio of a call to its
//! reference is what readers on other machines compare.
//!
//! The memory is measured first; the allocator then stops counting (an atomic update or two per
//! allocation would add a fifth to a DescribeStream page), so the timings see the plain system
//! allocator behind one relaxed load.

use std::hint::black_box;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use kinesis_playground::sim::{Config, Operation, Simulator, StreamStatus};

mod common;
use common::{
    ALLOCATED, COUNTING, Counting, PEAK, mb, micros, percentile, print_table, proc_status_bytes, thousands, verdict,
};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// 2023-11-14T22:13:20Z.
const START_MS: i64 = 1_700_000_000_000;

const SUMMARY_TARGET_PER_S: f64 = 500_000.0;
const PAGE_TARGET_US: f64 = 50.0;
const MEMORY_TARGET_BYTES: f64 = 100e6;
const PUT_1KIB_TARGET_PER_S: f64 = 200_000.0;
const PUT_100B_TARGET_PER_S: f64 = 1_000_000.0;
const GET_TARGET_PER_S: f64 = 200_000.0;

fn call(sim: &mut Simulator, operation: Operation, body: &str, now_ms: i64) -> Vec<u8> {
    let response = sim.handle(&operation.target(), body.as_bytes(), now_ms);
    assert_eq!(response.status, 200, "{} {body}: {}", operation.name(), String::from_utf8_lossy(&response.body));
    response.body
}

/// The page target, judged on the median and on the p99.
fn page_verdict((median, p99): (Duration, Duration)) -> String {
    let met = |d: Duration| verdict(micros(d) < PAGE_TARGET_US);
    format!("median {}, p99 {}", met(median), met(p99))
}

// --- 1. DescribeStreamSummary throughput ------------------------------------------------------

struct Throughput {
    /// Median of the rounds, calls per second.
    median: f64,
    best: f64,
    /// The JSON reference on the same requests and responses, per second.
    reference: f64,
}

/// The reference workload on one call's bytes: parse the request and the response with
/// serde_json and serialise the response again.
fn json_reference(request: &[u8], response: &[u8]) -> usize {
    let request: serde_json::Value = serde_json::from_slice(black_box(request)).expect("JSON request");
    let response: serde_json::Value = serde_json::from_slice(black_box(response)).expect("JSON response");
    black_box(request);
    serde_json::to_vec(&black_box(response)).expect("JSON").len()
}

/// Median rate per second of `work` over rounds of `per_round` runs.
fn median_rate(per_round: usize, rounds: usize, mut work: impl FnMut(usize)) -> f64 {
    let mut rates: Vec<f64> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for i in 0..per_round {
                work(i);
            }
            per_round as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[rounds / 2]
}

/// `streams` ACTIVE streams of 1 shard, created within the limits of `config`: at most five
/// CREATING at once, five CreateStream calls per second. Returns the simulator and the time.
fn account_with_streams(config: Config, streams: usize) -> (Simulator, i64) {
    let mut sim = Simulator::new(config);
    let mut now = START_MS;
    for i in 0..streams {
        // 6 s apart: five in CREATING at most (30 s each), far below 5 calls per second.
        now += 6_000;
        call(&mut sim, Operation::CreateStream, &format!(r#"{{"StreamName":"stream-{i:04}","ShardCount":1}}"#), now);
    }
    now += 30_000;
    sim.advance(now);
    assert!(sim.streams().all(|s| s.status == StreamStatus::Active));
    (sim, now)
}

fn summary_throughput(config: Config, step_ms: i64) -> Throughput {
    const STREAMS: usize = 100;
    const CALLS_PER_ROUND: usize = 400_000;
    const ROUNDS: usize = 7;
    let (mut sim, mut now) = account_with_streams(config, STREAMS);
    let target = Operation::DescribeStreamSummary.target();
    let bodies: Vec<Vec<u8>> =
        (0..STREAMS).map(|i| format!(r#"{{"StreamName":"stream-{i:04}"}}"#).into_bytes()).collect();

    let mut round = |calls: usize| {
        let mut failures = 0usize;
        let started = Instant::now();
        for i in 0..calls {
            now += step_ms;
            let response = sim.handle(black_box(&target), black_box(&bodies[i % STREAMS]), now);
            failures += usize::from(response.status != 200);
            black_box(response);
        }
        let elapsed = started.elapsed();
        assert_eq!(failures, 0, "some DescribeStreamSummary calls failed (throttled?)");
        calls as f64 / elapsed.as_secs_f64()
    };
    round(CALLS_PER_ROUND / 4); // warm-up
    let mut rates: Vec<f64> = (0..ROUNDS).map(|_| round(CALLS_PER_ROUND)).collect();
    rates.sort_by(f64::total_cmp);
    let responses: Vec<Vec<u8>> = bodies.iter().map(|body| sim.handle(&target, body, now).body).collect();
    let reference = median_rate(CALLS_PER_ROUND / 4, ROUNDS, |i| {
        black_box(json_reference(&bodies[i % STREAMS], &responses[i % STREAMS]));
    });
    Throughput { median: rates[ROUNDS / 2], best: rates[ROUNDS - 1], reference }
}

// --- 2. DescribeStream pages ------------------------------------------------------------------

struct Pages {
    first: (Duration, Duration),
    later: (Duration, Duration),
    /// The JSON reference on the first page's request and response, median.
    reference: Duration,
    runs: usize,
}

fn describe_stream_pages() -> Pages {
    const RUNS: usize = 20_000;
    let mut config = Config::default();
    config.limits.shard_limit = 10_000;
    config.limits.rate_limits = false;
    let mut sim = Simulator::new(config);
    call(&mut sim, Operation::CreateStream, r#"{"StreamName":"big","ShardCount":500}"#, START_MS);
    let now = START_MS + 30_000;
    let target = Operation::DescribeStream.target();

    let mut measure = |body: &str, first_shard: &str| {
        // Check the page once: 100 shards from the expected one, more to come.
        let page: serde_json::Value = serde_json::from_slice(&call(&mut sim, Operation::DescribeStream, body, now))
            .expect("DescribeStream answers JSON");
        let shards = page["StreamDescription"]["Shards"].as_array().expect("Shards");
        assert_eq!(shards.len(), 100);
        assert_eq!(shards[0]["ShardId"], first_shard);
        assert_eq!(page["StreamDescription"]["HasMoreShards"], true);

        let body = body.as_bytes();
        for _ in 0..RUNS / 10 {
            black_box(sim.handle(&target, black_box(body), now));
        }
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let response = sim.handle(black_box(&target), black_box(body), now);
                let elapsed = started.elapsed();
                assert_eq!(response.status, 200);
                black_box(response);
                elapsed
            })
            .collect();
        times.sort_unstable();
        (percentile(&times, 0.5), percentile(&times, 0.99))
    };
    let first_body = r#"{"StreamName":"big"}"#;
    let first = measure(first_body, "shardId-000000000000");
    let later =
        measure(r#"{"StreamName":"big","ExclusiveStartShardId":"shardId-000000000299"}"#, "shardId-000000000300");
    let page = sim.handle(&target, first_body.as_bytes(), now).body;
    let reference = Duration::from_secs_f64(
        1.0 / median_rate(RUNS / 4, 7, |_| {
            black_box(json_reference(first_body.as_bytes(), &page));
        }),
    );
    Pages { first, later, reference, runs: RUNS }
}

// --- 3. Memory of a large account -------------------------------------------------------------

struct Memory {
    /// Bytes allocated for the simulator and its account, once all streams are ACTIVE.
    heap: usize,
    /// The most allocated at once while building it, above the starting point.
    peak: usize,
    rss_before: Option<u64>,
    rss_after: Option<u64>,
    hwm: Option<u64>,
    build: Duration,
}

fn large_account() -> Memory {
    const STREAMS: usize = 10_000;
    const SHARDS_PER_STREAM: usize = 10;
    let rss_before = proc_status_bytes("VmRSS:");
    let baseline = ALLOCATED.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let started = Instant::now();

    let mut config = Config::default();
    config.limits.rate_limits = false;
    config.limits.shard_limit = 1_000_000;
    // Create them all at once rather than five at a time; the end state is the same.
    config.limits.creating_or_deleting_limit = u32::MAX;
    let mut sim = Simulator::new(config);
    for i in 0..STREAMS {
        let body = format!(r#"{{"StreamName":"stream-{i:05}","ShardCount":{SHARDS_PER_STREAM}}}"#);
        call(&mut sim, Operation::CreateStream, &body, START_MS);
    }
    let now = sim.advance(START_MS + 30_000);
    let build = started.elapsed();

    let heap = ALLOCATED.load(Ordering::Relaxed) - baseline;
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    let rss_after = proc_status_bytes("VmRSS:");
    let hwm = proc_status_bytes("VmHWM:");

    // The account really is that: every stream ACTIVE, 100,000 open shards.
    assert_eq!(sim.streams().count(), STREAMS);
    assert!(sim.streams().all(|s| s.status == StreamStatus::Active));
    let limits: serde_json::Value =
        serde_json::from_slice(&call(&mut sim, Operation::DescribeLimits, "{}", now)).expect("JSON");
    assert_eq!(limits["OpenShardCount"], STREAMS * SHARDS_PER_STREAM);
    black_box(&sim);
    drop(sim);
    Memory { heap, peak, rss_before, rss_after, hwm, build }
}

// --- 4. and 5. The data plane -----------------------------------------------------------------

/// Plain base64 for the data-plane bodies and references, apart from the simulator's own so that
/// a change there does not move the yardstick it is measured against.
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        let quad: [u8; 4] =
            std::array::from_fn(|i| if i <= chunk.len() { BASE64[(n >> (18 - 6 * i) & 63) as usize] } else { b'=' });
        out.extend_from_slice(&quad);
    }
    String::from_utf8(out).expect("base64 is ASCII")
}

/// Decodes well-formed padded base64 (the bench writes it), by a 256-entry table.
fn base64_decode(text: &str) -> Vec<u8> {
    const VALUES: [u8; 256] = {
        let mut table = [0; 256];
        let mut i = 0;
        while i < 64 {
            table[BASE64[i] as usize] = i as u8;
            i += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks_exact(4) {
        let n = chunk.iter().fold(0u32, |n, &c| n << 6 | u32::from(VALUES[c as usize]));
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    out.truncate(out.len() - padding);
    out
}

/// A small linear congruential generator: the same data and partition keys on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// A PutRecords body of `records` records of `data_len` random bytes each, under partition keys
/// drawn from a million, so the records spread over the shards as real keys would.
fn put_records_body(stream: &str, records: usize, data_len: usize, rng: &mut Lcg) -> Vec<u8> {
    let entries: Vec<String> = (0..records)
        .map(|_| {
            let key = rng.next() % 1_000_000;
            format!(r#"{{"Data":"{}","PartitionKey":"user-{key}"}}"#, base64_encode(&rng.bytes(data_len)))
        })
        .collect();
    format!(r#"{{"StreamName":"{stream}","Records":[{}]}}"#, entries.join(",")).into_bytes()
}

/// A stream of `shards` shards with the shard limits off, ACTIVE. Returns the time.
fn data_plane_stream(sim: &mut Simulator, name: &str, shards: u32) -> i64 {
    call(sim, Operation::CreateStream, &format!(r#"{{"StreamName":"{name}","ShardCount":{shards}}}"#), START_MS);
    sim.advance(START_MS + 30_000)
}

fn data_plane_config() -> Config {
    let mut config = Config::default();
    config.limits.shard_throughput = false;
    config
}

/// Median, p99 and fastest of single calls, and the reference's median on the same bytes.
struct Calls {
    records: usize,
    median: Duration,
    p99: Duration,
    best: Duration,
    reference: Duration,
    runs: usize,
}

impl Calls {
    fn records_per_second(&self) -> f64 {
        self.records as f64 / self.median.as_secs_f64()
    }
}

/// Median, p99 and fastest of `runs` timed runs of `work` and of `reference`, after a tenth as
/// many untimed ones. The two take turns, so that both see the same load on a shared machine.
fn side_by_side(
    runs: usize,
    mut work: impl FnMut(usize),
    mut reference: impl FnMut(usize),
) -> [(Duration, Duration, Duration); 2] {
    for i in 0..runs.div_ceil(10) {
        work(i);
        reference(i);
    }
    let time = |run: &mut dyn FnMut(usize), i: usize| {
        let started = Instant::now();
        run(i);
        started.elapsed()
    };
    let (mut times, mut references): (Vec<Duration>, Vec<Duration>) =
        (0..runs).map(|i| (time(&mut work, i), time(&mut reference, i))).unzip();
    [&mut times, &mut references].map(|times| {
        times.sort_unstable();
        (percentile(times, 0.5), percentile(times, 0.99), times[0])
    })
}

/// PutRecords calls of 500 records of `data_len` bytes into 4 shards, rotating over 16 bodies.
/// Each call moves the clock on by 1/20 of the 24-hour retention, so the shards keep the records
/// of the last 20 calls or so and memory stays bounded: the trimming is part of what is timed,
/// as it is in a long-running simulator.
fn put_records(data_len: usize, runs: usize) -> Calls {
    const RECORDS: usize = 500;
    const BODIES: usize = 16;
    const STEP_MS: i64 = 24 * 3_600_000 / 20;
    let mut sim = Simulator::new(data_plane_config());
    let mut now = data_plane_stream(&mut sim, "puts", 4);
    let mut rng = Lcg(data_len as u64);
    let bodies: Vec<Vec<u8>> = (0..BODIES).map(|_| put_records_body("puts", RECORDS, data_len, &mut rng)).collect();
    let target = Operation::PutRecords.target();

    // Check one answer whole: every record stored, the four shards all used.
    let answer: serde_json::Value =
        serde_json::from_slice(&call(&mut sim, Operation::PutRecords, std::str::from_utf8(&bodies[0]).unwrap(), now))
            .expect("PutRecords answers JSON");
    assert_eq!(answer["FailedRecordCount"], 0);
    let records = answer["Records"].as_array().expect("Records");
    assert_eq!(records.len(), RECORDS);
    for shard in 0..4 {
        let id = format!("shardId-{shard:012}");
        assert!(records.iter().any(|record| record["ShardId"] == id.as_str()), "nothing went to {id}");
    }

    let stored = br#"{"EncryptionType":"NONE","FailedRecordCount":0,"#;
    let [(median, p99, best), (reference, ..)] = side_by_side(
        runs,
        |i| {
            now += STEP_MS;
            let response = sim.handle(black_box(&target), black_box(&bodies[i % BODIES]), now);
            assert!(response.status == 200 && response.body.starts_with(stored), "a PutRecords call failed");
            black_box(response);
        },
        |i| {
            let body: serde_json::Value = serde_json::from_slice(black_box(&bodies[i % BODIES])).expect("JSON");
            let decoded: usize = body["Records"]
                .as_array()
                .expect("Records")
                .iter()
                .map(|record| base64_decode(record["Data"].as_str().expect("Data")).len())
                .sum();
            black_box((body, decoded));
        },
    );
    Calls { records: RECORDS, median, p99, best, reference, runs }
}

/// GetRecords calls with Limit 10000 from one TRIM_HORIZON iterator, on a shard of 10,500
/// records of 1 KiB under 8-byte partition keys: 10,000 of them fit in the 10 MiB an answer
/// holds. The clock stands still, so the iterator stays valid.
fn get_records(runs: usize) -> Calls {
    const RECORDS: usize = 10_000;
    let mut sim = Simulator::new(data_plane_config());
    let now = data_plane_stream(&mut sim, "reads", 1);
    let mut rng = Lcg(7);
    for call_index in 0..21 {
        let entries: Vec<String> = (0..500)
            .map(|i| {
                let data = base64_encode(&rng.bytes(1024));
                format!(r#"{{"Data":"{data}","PartitionKey":"pk-{:05}"}}"#, call_index * 500 + i)
            })
            .collect();
        let body = format!(r#"{{"StreamName":"reads","Records":[{}]}}"#, entries.join(","));
        call(&mut sim, Operation::PutRecords, &body, now);
    }
    let iterator: serde_json::Value = serde_json::from_slice(&call(
        &mut sim,
        Operation::GetShardIterator,
        r#"{"StreamName":"reads","ShardId":"shardId-000000000000","ShardIteratorType":"TRIM_HORIZON"}"#,
        now,
    ))
    .expect("JSON");
    let body = format!(r#"{{"ShardIterator":{},"Limit":10000}}"#, iterator["ShardIterator"]);
    let target = Operation::GetRecords.target();

    // Check one answer whole, and keep it for the reference.
    let answer: serde_json::Value =
        serde_json::from_slice(&call(&mut sim, Operation::GetRecords, &body, now)).expect("GetRecords answers JSON");
    let records = answer["Records"].as_array().expect("Records");
    assert_eq!(records.len(), RECORDS);
    assert_eq!(records[RECORDS - 1]["PartitionKey"], "pk-09999");
    let data: Vec<Vec<u8>> =
        records.iter().map(|record| base64_decode(record["Data"].as_str().expect("Data"))).collect();
    assert!(data.iter().all(|bytes| bytes.len() == 1024));

    let [(median, p99, best), (reference, ..)] = side_by_side(
        runs,
        |_| {
            let response = sim.handle(black_box(&target), black_box(body.as_bytes()), now);
            assert_eq!(response.status, 200, "a GetRecords call failed");
            black_box(response);
        },
        |_| {
            let encoded: usize = black_box(&data).iter().map(|bytes| base64_encode(bytes).len()).sum();
            let written = serde_json::to_vec(black_box(&answer)).expect("JSON");
            black_box((encoded, written));
        },
    );
    Calls { records: RECORDS, median, p99, best, reference, runs }
}

fn summary_rows(throttled: &Throughput, unthrottled: &Throughput) -> [[String; 4]; 3] {
    [
        [
            "DescribeStreamSummary calls/s (default config, rate limits on, +50 ms per call)".into(),
            format!("{} median, {} best", thousands(throttled.median), thousands(throttled.best)),
            format!(">= {}", thousands(SUMMARY_TARGET_PER_S)),
            verdict(throttled.median >= SUMMARY_TARGET_PER_S),
        ],
        [
            "  the JSON reference on the same bytes; the call's cost in references".into(),
            format!("{}/s; {:.2}x", thousands(throttled.reference), throttled.reference / throttled.median),
            "(compare across machines)".into(),
            "-".into(),
        ],
        [
            "DescribeStreamSummary calls/s (rate limits off, clock still)".into(),
            format!("{} median, {} best", thousands(unthrottled.median), thousands(unthrottled.best)),
            "(for comparison)".into(),
            "-".into(),
        ],
    ]
}

fn page_rows(pages: &Pages) -> [[String; 4]; 3] {
    [
        [
            format!("DescribeStream first page, 100 of 500 shards (median / p99 of {})", pages.runs),
            format!("{:.1} us / {:.1} us", micros(pages.first.0), micros(pages.first.1)),
            format!("< {PAGE_TARGET_US:.0} us"),
            page_verdict(pages.first),
        ],
        [
            format!("DescribeStream page after shardId-000000000299 (median / p99 of {})", pages.runs),
            format!("{:.1} us / {:.1} us", micros(pages.later.0), micros(pages.later.1)),
            format!("< {PAGE_TARGET_US:.0} us"),
            page_verdict(pages.later),
        ],
        [
            "  the JSON reference on the first page's bytes; the page's cost in references".into(),
            format!("{:.1} us; {:.2}x", micros(pages.reference), micros(pages.first.0) / micros(pages.reference)),
            "(compare across machines)".into(),
            "-".into(),
        ],
    ]
}

fn memory_rows(memory: &Memory) -> [[String; 4]; 4] {
    [
        [
            "Heap of 10,000 ACTIVE streams / 100,000 shards (counting allocator)".into(),
            format!(
                "{} = {:.0} B/stream, {:.0} B/shard",
                mb(memory.heap as f64),
                memory.heap as f64 / 10_000.0,
                memory.heap as f64 / 100_000.0
            ),
            format!("< {}", mb(MEMORY_TARGET_BYTES)),
            verdict((memory.heap as f64) < MEMORY_TARGET_BYTES),
        ],
        [
            "  peak heap while creating them".into(),
            format!("{} (built in {:.2} s)", mb(memory.peak as f64), memory.build.as_secs_f64()),
            "(info)".into(),
            "-".into(),
        ],
        [
            "VmRSS of the whole process holding that account".into(),
            match (memory.rss_after, memory.rss_before) {
                (Some(after), Some(before)) => {
                    format!("{} ({} before it was built)", mb(after as f64), mb(before as f64))
                }
                _ => "unavailable (no /proc/self/status)".into(),
            },
            format!("< {}", mb(MEMORY_TARGET_BYTES)),
            memory.rss_after.map_or_else(|| "-".into(), |rss| verdict((rss as f64) < MEMORY_TARGET_BYTES)),
        ],
        [
            "  VmHWM (peak RSS) at that point".into(),
            memory.hwm.map_or_else(|| "unavailable".into(), |hwm| mb(hwm as f64)),
            "(info)".into(),
            "-".into(),
        ],
    ]
}

/// The rows of a data-plane measure: records per second against the target, then the reference.
fn data_plane_rows(what: &str, calls: &Calls, target_per_s: f64) -> [[String; 4]; 2] {
    let rate = calls.records_per_second();
    [
        [
            format!("{what}, records/s (median call; median / p99 / best of {})", calls.runs),
            format!(
                "{} ({:.0} / {:.0} / {:.0} us)",
                thousands(rate),
                micros(calls.median),
                micros(calls.p99),
                micros(calls.best)
            ),
            format!(">= {}", thousands(target_per_s)),
            verdict(rate >= target_per_s),
        ],
        [
            "  the JSON + base64 reference on the same bytes; the call's cost in references".into(),
            format!("{:.0} us; {:.2}x", micros(calls.reference), micros(calls.median) / micros(calls.reference)),
            "(compare across machines)".into(),
            "-".into(),
        ],
    ]
}

fn main() {
    // `cargo bench` passes `--bench`. Anything else that runs this binary (`cargo test
    // --all-targets` does) gets no benchmark: it takes a while, and in debug it means nothing.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("front_door: run it with `cargo bench --bench front_door`");
        return;
    }
    let mode = if cfg!(debug_assertions) { "debug build: figures are not meaningful" } else { "release build" };
    println!("front_door benchmark ({mode}, one thread)\n");

    // `cargo bench --bench front_door -- put get` runs only the sections named (summary, pages,
    // memory, put, get): the whole run takes minutes.
    let chosen: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with('-')).collect();
    let run = |section: &str| chosen.is_empty() || chosen.iter().any(|name| name == section);
    let mut rows: Vec<[String; 4]> = Vec::new();

    // Memory first, while the process is still small, so VmRSS says something about it.
    let memory = run("memory").then(large_account);
    COUNTING.store(false, Ordering::Relaxed);
    if run("summary") {
        let throttled = summary_throughput(Config::default(), 50);
        let mut unthrottled_config = Config::default();
        unthrottled_config.limits.rate_limits = false;
        let unthrottled = summary_throughput(unthrottled_config, 0);
        rows.extend(summary_rows(&throttled, &unthrottled));
    }
    if run("pages") {
        rows.extend(page_rows(&describe_stream_pages()));
    }
    if let Some(memory) = memory {
        rows.extend(memory_rows(&memory));
    }
    if run("put") {
        rows.extend(data_plane_rows(
            "PutRecords of 500 records of 1 KiB",
            &put_records(1024, 1_000),
            PUT_1KIB_TARGET_PER_S,
        ));
        rows.extend(data_plane_rows(
            "PutRecords of 500 records of 100 B",
            &put_records(100, 4_000),
            PUT_100B_TARGET_PER_S,
        ));
    }
    if run("get") {
        rows.extend(data_plane_rows("GetRecords of 10,000 records of 1 KiB", &get_records(100), GET_TARGET_PER_S));
    }

    print_table(&rows);
}
