#![cfg(not(target_arch = "wasm32"))]
//! `--state-dir` (docs/behaviour.md §8.5): the account restored from its journal and snapshot is
//! the account that was left, a journal cut short by a crash is read up to its last whole entry,
//! and a damaged snapshot stops the start with a reason.

use std::path::{Path, PathBuf};

use kinesis_playground::endpoint::state::Kept;
use kinesis_playground::sim::{Config, Durations, Request, Response, Simulator, TARGET_PREFIX};
use serde_json::{Value, json};

const NOW: i64 = 1_700_000_000_000;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("kinesis-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config() -> Config {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    config
}

fn open(dir: &Path) -> (Kept, Vec<String>) {
    let mut report = Vec::new();
    let kept = Kept::open(dir, config(), false, |line| report.push(line)).unwrap_or_else(|e| panic!("{e}"));
    (kept, report)
}

fn call(core: &mut Kept, operation: &str, body: &Value, now_ms: i64) -> Response {
    let body = body.to_string();
    let target = format!("{TARGET_PREFIX}.{operation}");
    let request = Request::read(&target, body.as_bytes()).unwrap();
    core.call(&request, body.as_bytes(), now_ms)
}

/// A day of an account's life: streams made, written to (some writes refused), resharded,
/// tagged, switched to on-demand and deleted, with reads in between, at growing times.
/// Returns the time after the last call.
fn workload(core: &mut Kept, from_ms: i64, seed: u64) -> i64 {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let mut now = from_ms;
    for stream in ["orders", "clicks", "audit"] {
        call(core, "CreateStream", &json!({"StreamName": stream, "ShardCount": 2}), now);
        now += 2_000;
    }
    for i in 0..400 {
        now += (next() % 900) as i64;
        let stream = ["orders", "clicks", "audit", "missing"][(next() % 4) as usize];
        let data = base64_of(&vec![b'a' + (i % 26) as u8; (next() % 3000) as usize]);
        match next() % 10 {
            0..=4 => call(
                core,
                "PutRecord",
                &json!({"StreamName": stream, "Data": data, "PartitionKey": format!("k{}", next() % 50)}),
                now,
            ),
            5 | 6 => {
                let records: Vec<Value> =
                    (0..(next() % 40 + 1)).map(|j| json!({"Data": data, "PartitionKey": format!("p{j}")})).collect();
                call(core, "PutRecords", &json!({"StreamName": stream, "Records": records}), now)
            }
            7 => call(core, "ListShards", &json!({"StreamName": stream}), now),
            8 => call(
                core,
                "AddTagsToStream",
                &json!({"StreamName": stream, "Tags": {format!("t{}", next() % 5): "v"}}),
                now,
            ),
            _ => call(core, "DescribeStreamSummary", &json!({"StreamName": stream}), now),
        };
        if i == 150 {
            call(
                core,
                "UpdateShardCount",
                &json!({"StreamName": "orders", "TargetShardCount": 4, "ScalingType": "UNIFORM_SCALING"}),
                now,
            );
        }
        if i == 250 {
            call(
                core,
                "UpdateStreamMode",
                &json!({"StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks", "StreamModeDetails": {"StreamMode": "ON_DEMAND"}}),
                now,
            );
        }
        if i == 300 {
            call(
                core,
                "IncreaseStreamRetentionPeriod",
                &json!({"StreamName": "audit", "RetentionPeriodHours": 48}),
                now,
            );
        }
        if i == 350 {
            call(core, "DeleteStream", &json!({"StreamName": "audit"}), now);
        }
    }
    now + 1
}

fn base64_of(bytes: &[u8]) -> String {
    kinesis_playground::sim::base64::encode(bytes)
}

/// The whole account, every field, with the clock at `now_ms` (reads move the clock on, and they
/// are not kept).
fn state(core: &mut Kept, now_ms: i64) -> String {
    core.simulator().advance(now_ms);
    format!("{:?}", core.simulator())
}

/// Asserts two accounts' states are equal, showing where they first differ.
fn assert_same(got: &str, want: &str) {
    if got == want {
        return;
    }
    let at = got.bytes().zip(want.bytes()).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    let around = |text: &str| text[at.saturating_sub(300)..(at + 200).min(text.len())].to_owned();
    panic!("the states differ at byte {at}:\n got: …{}…\nwant: …{}…", around(got), around(want));
}

#[test]
fn a_restart_finds_the_account_it_left() {
    let dir = TempDir::new("restart");
    let (mut kept, report) = open(&dir.0);
    assert!(report[0].contains("0 streams restored"), "{report:?}");
    let end = workload(&mut kept, NOW, 7);
    // Field for field, throughput windows, on-demand budgets and metrics included: the reads in
    // the workload touch none of them (rate limits are off).
    let before = state(&mut kept, end);
    assert!(before.contains("orders") && before.contains("OnDemand"));
    drop(kept);

    // Restored from the journal alone, then from a snapshot and the journal after it.
    let (mut restored, report) = open(&dir.0);
    assert!(report.last().unwrap().contains("2 streams restored"), "{report:?}");
    assert_same(&state(&mut restored, end), &before);
    restored.finish(); // the snapshot written at start
    assert!(dir.0.join("snapshot.bin").exists());
    let end = workload(&mut restored, end + 60_000, 11);
    let before = state(&mut restored, end);
    drop(restored);
    let (mut again, report) = open(&dir.0);
    assert!(report.iter().all(|line| !line.contains("another answer")), "{report:?}");
    assert_same(&state(&mut again, end), &before);

    // Restarts that change nothing leave no trail of empty journal segments.
    drop(again);
    for _ in 0..3 {
        drop(open(&dir.0));
    }
    let segments = std::fs::read_dir(&dir.0)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("journal-"))
        .count();
    assert_eq!(segments, 1);
    let (mut again, _) = open(&dir.0);
    assert_same(&state(&mut again, end), &before);

    // The same calls in memory leave the same records and shards.
    let mut memory = Kept::in_memory(config());
    let middle = workload(&mut memory, NOW, 7);
    workload(&mut memory, middle + 60_000, 11);
    assert_eq!(summary(&mut memory, end), summary(&mut again, end));
}

/// Streams, shards, tags and every record (sequence number, time, key, data), as the API shows
/// them at `now_ms`.
fn summary(core: &mut Kept, now_ms: i64) -> String {
    let mut out = String::new();
    let names: Vec<String> = core.simulator().streams().map(|s| s.name.clone()).collect();
    for name in names {
        let sim: &mut Simulator = core.simulator();
        let described = sim.handle(
            &format!("{TARGET_PREFIX}.DescribeStream"),
            json!({"StreamName": name}).to_string().as_bytes(),
            now_ms,
        );
        out.push_str(&String::from_utf8_lossy(&described.body));
        let tags = sim.handle(
            &format!("{TARGET_PREFIX}.ListTagsForStream"),
            json!({"StreamName": name}).to_string().as_bytes(),
            now_ms,
        );
        out.push_str(&String::from_utf8_lossy(&tags.body));
        let stream = sim.stream(&name).unwrap();
        let shards: Vec<String> = stream.shards.iter().map(|s| s.shard_id()).collect();
        for shard in shards {
            let body = json!({"StreamName": name, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"}).to_string();
            let answer = sim.handle(&format!("{TARGET_PREFIX}.GetShardIterator"), body.as_bytes(), now_ms);
            let Ok(answer) = serde_json::from_slice::<Value>(&answer.body) else { continue };
            let Some(mut iterator) = answer["ShardIterator"].as_str().map(str::to_owned) else { continue };
            for _ in 0..50 {
                let body = json!({"ShardIterator": iterator}).to_string();
                let answer = sim.handle(&format!("{TARGET_PREFIX}.GetRecords"), body.as_bytes(), now_ms);
                let value: Value = serde_json::from_slice(&answer.body).unwrap();
                for record in value["Records"].as_array().into_iter().flatten() {
                    out.push_str(&record.to_string());
                }
                match value["NextShardIterator"].as_str() {
                    Some(next) if !value["Records"].as_array().is_none_or(Vec::is_empty) => iterator = next.to_owned(),
                    _ => break,
                }
            }
        }
    }
    out
}

#[test]
fn a_journal_cut_short_is_read_to_its_last_whole_entry() {
    let dir = TempDir::new("torn");
    let (mut kept, _) = open(&dir.0);
    call(&mut kept, "CreateStream", &json!({"StreamName": "s", "ShardCount": 1}), NOW);
    for i in 0..5 {
        let answer = call(
            &mut kept,
            "PutRecord",
            &json!({"StreamName": "s", "Data": base64_of(format!("record {i}").as_bytes()), "PartitionKey": "k"}),
            NOW + 10_000 + i,
        );
        assert_eq!(answer.status, 200);
    }
    drop(kept);
    let journal = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("00000000.log"))
        .unwrap();
    let length = std::fs::metadata(&journal).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&journal).unwrap().set_len(length - 3).unwrap();

    let (mut restored, report) = open(&dir.0);
    let line = report.iter().find(|line| line.contains("not a whole entry")).unwrap_or_else(|| panic!("{report:?}"));
    assert!(line.contains("journal-00000000.log") && line.contains(".damaged-"), "{line}");
    let records = summary(&mut restored, NOW + 20_000);
    assert!(records.contains(&base64_of(b"record 3")) && !records.contains(&base64_of(b"record 4")), "{records}");
    // The next write goes on from there, and a restart finds it.
    let answer = call(
        &mut restored,
        "PutRecord",
        &json!({"StreamName": "s", "Data": base64_of(b"after"), "PartitionKey": "k"}),
        NOW + 30_000,
    );
    assert_eq!(answer.status, 200);
    drop(restored);
    let (mut again, report) = open(&dir.0);
    assert!(!report.iter().any(|line| line.contains("not a whole entry")), "{report:?}");
    assert!(summary(&mut again, NOW + 40_000).contains(&base64_of(b"after")));
}

#[test]
fn a_damaged_snapshot_stops_the_start_with_a_reason_and_one_directory_has_one_endpoint() {
    let dir = TempDir::new("damaged");
    let (mut kept, _) = open(&dir.0);
    call(&mut kept, "CreateStream", &json!({"StreamName": "s", "ShardCount": 1}), NOW);
    let error = match Kept::open(&dir.0, config(), false, |_| {}) {
        Ok(_) => panic!("a second endpoint opened the same directory"),
        Err(error) => error,
    };
    assert!(error.contains("another kinesis-endpoint is using"), "{error}");
    drop(kept);
    let (mut kept, _) = open(&dir.0);
    kept.finish();
    drop(kept);
    let path = dir.0.join("snapshot.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let error = match Kept::open(&dir.0, config(), false, |_| {}) {
        Ok(_) => panic!("a damaged snapshot was read"),
        Err(error) => error,
    };
    assert!(error.contains("fails its checksum") && error.contains("move") && error.contains("aside"), "{error}");
}
