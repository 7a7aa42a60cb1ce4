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
    let done = |p: &Playground, step: usize| tutorial.steps[step].is_done(p, &p.stream_rows());
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

/// "Do it for me", step after step, ticks each step off, and the step after it only once its own
/// actions are done; opening a tutorial at a step starts from the steps before it done.
#[test]
fn every_step_can_be_done_for_the_learner_and_started_from() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static/tutorials");
    let wall = 1_800_000_000_000.0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let id = entry.unwrap().path().file_stem().unwrap().to_str().unwrap().to_owned();
        let tutorial = load(&id);
        assert!(!tutorial.recap.is_empty(), "{id}: a tutorial ends with a recap");
        let done = |p: &Playground, step: usize| tutorial.steps[step].is_done(p, &p.stream_rows());
        let mut p = Playground::new(wall);
        for (i, step) in tutorial.steps.iter().enumerate() {
            assert!(!step.do_it.is_empty() && step.hint.is_some(), "{id} step {}: do_it and a hint", i + 1);
            assert!(!done(&p, i), "{id} step {} is done before its actions", i + 1);
            step.do_it(&mut p, wall);
            assert!(done(&p, i), "{id} step {} is not done by its own actions", i + 1);
            assert!(p.exchanges().since(0).iter().all(|e| e.status == 200 || i + 1 == tutorial.steps.len()));

            let started = tutorial.start_at(i, wall);
            assert!(!done(&started, i), "{id}: starting at step {} leaves it to do", i + 1);
            if i > 0 {
                assert!(done(&started, i - 1), "{id}: starting at step {} has the step before done", i + 1);
            }
        }
    }
}

/// The throughput tutorial's steps tick off from the traffic's metrics, each once its task is
/// done and not before: a throttled provisioned shard, a reshard ending it, the switch, a spike
/// past double the peak, the splits, a hot key, the producers stopped.
#[test]
fn throughput_ticks_off_from_the_traffic() {
    let tutorial = load("throughput");
    assert_eq!(tutorial.steps.len(), 7);
    let wall = 1_800_000_000_000.0;
    let mut p = Playground::new(wall);
    let done = |p: &Playground, step: usize| tutorial.steps[step].is_done(p, &p.stream_rows());
    assert!(!done(&p, 0));
    for (step, when) in tutorial.steps.iter().enumerate() {
        // Half of each step's actions is not enough: the clock has not moved.
        assert!(!done(&p, step), "step {} before its actions", step + 1);
        when.do_it(&mut p, wall);
        assert!(done(&p, step), "step {} after its actions", step + 1);
    }
    let stream = &p.stream_rows()[0];
    assert_eq!((stream.mode.as_str(), p.producers().len()), ("ON_DEMAND", 0));
    assert!(stream.open_shard_count >= 8);
}
