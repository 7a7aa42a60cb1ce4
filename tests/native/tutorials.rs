#![cfg(not(target_arch = "wasm32"))]
//! The tutorials in `static/tutorials/` read, and a learner doing each task in turn ticks each
//! step off, and not before.

use std::path::PathBuf;

use kinesis_playground::playground::Playground;
use kinesis_playground::playground::tutorial::{Tutorial, valid_id};
use kinesis_playground::sim::Operation;

fn load(id: &str) -> Tutorial {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("static/tutorials/{id}.json"));
    Tutorial::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_tutorial_reads() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static/tutorials");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_str().unwrap().to_owned();
        assert!(valid_id(&id), "{id}");
        load(&id);
    }
}

#[test]
fn capacity_modes_ticks_off_as_the_learner_goes() {
    let tutorial = load("capacity-modes");
    assert_eq!(tutorial.steps.len(), 6);
    let mut p = Playground::new(1_800_000_000_000.0);
    let wall = 1_800_000_000_000.0;
    let done = |p: &Playground, step: usize| tutorial.steps[step].is_done(&p.stream_rows(), &p.exchanges());
    let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
    let switch = |mode: &str| format!(r#"{{"StreamARN":"{arn}","StreamModeDetails":{{"StreamMode":"{mode}"}}}}"#);

    assert!(!done(&p, 0));
    p.send(
        Operation::CreateStream,
        r#"{"StreamName":"orders","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#.into(),
        wall,
    );
    assert!(done(&p, 0) && !done(&p, 1));
    p.skip_to_next_transition(wall);
    assert!(done(&p, 1) && !done(&p, 2));
    p.send(
        Operation::CreateStream,
        r#"{"StreamName":"logs","ShardCount":2,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#.into(),
        wall,
    );
    p.skip_to_next_transition(wall);
    assert!(done(&p, 2) && !done(&p, 3));
    p.send(Operation::DescribeLimits, "{}".into(), wall);
    assert!(done(&p, 3) && !done(&p, 4));
    p.send(Operation::UpdateStreamMode, switch("PROVISIONED"), wall);
    assert!(!done(&p, 4), "still UPDATING");
    p.skip_to_next_transition(wall);
    assert!(done(&p, 4) && !done(&p, 5));
    p.send(Operation::UpdateStreamMode, switch("ON_DEMAND"), wall);
    p.skip_to_next_transition(wall);
    p.send(Operation::UpdateStreamMode, switch("PROVISIONED"), wall);
    assert!(done(&p, 5));
}
