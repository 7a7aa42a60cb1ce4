#![cfg(not(target_arch = "wasm32"))]
//! Every scenario in `static/scenarios/` replays to its golden trace in `tests/golden/scenarios/`
//! (`<operation> <simulation ms> <status> <response body>` a call, then each stream's minutes of
//! metrics, the traffic's trace). `UPDATE_GOLDEN=1` rewrites the traces.

use std::fmt::Write as _;
use std::path::PathBuf;

use kinesis_playground::playground::scenario::{Scenario, valid_id};

#[test]
fn every_scenario_replays_to_its_trace() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("static/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the four scenarios the issue names, at least");
    for file in files {
        let id = file.file_stem().unwrap().to_str().unwrap();
        assert!(valid_id(id), "{id} is not a valid scenario id");
        let scenario = Scenario::from_json(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let playground = scenario.play(0.0);
        let mut trace = String::new();
        for exchange in playground.exchanges().since(0).iter() {
            let (operation, at, status) = (exchange.operation.name(), exchange.at_ms, exchange.status);
            writeln!(trace, "{operation} {at} {status} {}", exchange.response_body).unwrap();
        }
        // Traffic shows in each stream's minutes, oldest first, as the Metrics table names them.
        for row in playground.stream_rows() {
            for minute in playground.minutes(&row.name).iter().rev() {
                let age = minute.iterator_age_ms.map_or("-".to_owned(), |ms| ms.to_string());
                writeln!(
                    trace,
                    "minute {} {} IncomingBytes={} IncomingRecords={} WriteProvisionedThroughputExceeded={} \
                     ReadProvisionedThroughputExceeded={} GetRecords.IteratorAgeMilliseconds={age} open_shards={}",
                    row.name,
                    minute.start_ms,
                    minute.incoming_bytes,
                    minute.incoming_records,
                    minute.write_exceeded,
                    minute.read_exceeded,
                    minute.open_shards
                )
                .unwrap();
            }
        }
        let golden = root.join(format!("tests/golden/scenarios/{id}.txt"));
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if trace != expected {
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&golden, &trace).unwrap();
            } else {
                panic!("{id}: the replay differs from {}\n{trace}", golden.display());
            }
        }
    }
}

/// Presented step by step (Restart, then Next to the end), a scenario makes the same calls at the
/// same simulation times, with the same answers, as played all at once; every step has a caption.
#[test]
fn stepping_through_a_scenario_replays_the_same_calls() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("static/scenarios")).unwrap() {
        let file = entry.unwrap().path();
        let scenario = Scenario::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let all = scenario.play(0.0).exchanges().since(0);
        let mut stepped = scenario.play_first(0, 0.0);
        assert!(stepped.clock().is_paused(), "{}: paused for the trainer", file.display());
        for index in 0..scenario.steps.len() {
            assert!(scenario.steps[index].caption.is_some(), "{} step {} has no caption", file.display(), index + 1);
            scenario.play_more(index, index + 1, &mut stepped, 0.0);
            let first = scenario.play_first(index + 1, 0.0);
            assert_eq!(
                first.exchanges().since(0),
                stepped.exchanges().since(0),
                "{} after step {}",
                file.display(),
                index + 1
            );
        }
        assert_eq!(stepped.exchanges().since(0), all, "{}", file.display());
    }
}
