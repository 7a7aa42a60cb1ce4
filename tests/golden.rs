#![cfg(not(target_arch = "wasm32"))]
//! Replays every transcript in `tests/golden/` and checks each answer byte for byte, against the
//! API model, and for the service's key order. See `support/transcript.rs` for the format.

mod support;

use std::path::PathBuf;

fn golden_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_transcript_replays_exactly() {
    let files = golden_files();
    assert!(!files.is_empty(), "no transcripts found");
    for file in files {
        support::transcript::check_file(&file);
    }
}

/// The checks above must be able to fail: a wrong golden answer is caught.
#[test]
fn a_wrong_answer_is_caught() {
    let transcript = "-> DescribeStreamSummary {\"StreamName\":\"nope\"}\n<- 200\n";
    let replay = support::transcript::replay(transcript);
    assert_ne!(replay.actual, transcript);
    assert_eq!(replay.calls[0].status, 400);
}

#[test]
fn the_model_checker_rejects_what_the_service_would_not_send() {
    use support::model::check_response;
    // A member the 2021 model lacks, a missing required member, a bad enum value.
    let cases: [(&str, u16, &str); 5] = [
        (
            "DescribeLimits",
            200,
            r#"{"OpenShardCount":0,"ShardLimit":500,"OnDemandStreamCount":0,"OnDemandStreamCountLimit":50,"Extra":1}"#,
        ),
        ("DescribeLimits", 200, r#"{"OpenShardCount":0,"ShardLimit":500,"OnDemandStreamCount":0}"#),
        (
            "DescribeStreamSummary",
            200,
            r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"x","StreamStatus":"READY","RetentionPeriodHours":24,"StreamCreationTimestamp":1.0E9,"EnhancedMonitoring":[],"OpenShardCount":1}}"#,
        ),
        ("CreateStream", 200, "{}"),
        ("CreateStream", 400, r#"{"__type":"ExpiredIteratorException","message":"x"}"#),
    ];
    for (operation, status, body) in cases {
        assert!(check_response(operation, status, body.as_bytes()).is_err(), "{operation} {body} passed");
    }
    assert!(support::key_order::check_sorted(br#"{"b":1,"a":2}"#).is_err());
    assert!(support::key_order::check_sorted(br#"{"a":{"d":1,"c":2}}"#).is_err());
    assert!(support::key_order::check_sorted(br#"{"A":1,"B":[{"a":1,"b":2}],"__type":0}"#).is_ok());
}

/// The console's example bodies hold every member of each simulated operation's input shape in
/// the 2021-11-30 model, and nothing else.
#[test]
fn console_templates_follow_the_model() {
    use kinesis_playground::playground::templates::template;
    use kinesis_playground::sim::Operation;
    let model = support::model::model();
    for &operation in Operation::ALL.iter().filter(|op| op.is_simulated()) {
        let body: serde_json::Value =
            serde_json::from_str(&template(operation, "s", "arn:aws:kinesis:us-east-1:123456789012:stream/s")).unwrap();
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        let input = model["operations"][operation.name()]["input"]["shape"].as_str();
        let members: Vec<&String> = match input {
            Some(shape) => model["shapes"][shape]["members"].as_object().unwrap().keys().collect(),
            None => Vec::new(),
        };
        for key in &keys {
            assert!(members.contains(key), "{}: {key} is not a member of its input", operation.name());
        }
        // ListShards leaves out NextToken (it excludes StreamName) and StreamCreationTimestamp;
        // ListStreams its ExclusiveStartStreamName. Every other member is there.
        let optional_left_out = [
            "NextToken",
            "StreamCreationTimestamp",
            "ExclusiveStartShardId",
            "ExclusiveStartStreamName",
            "ExclusiveStartTagKey",
        ];
        for member in &members {
            let left_out = optional_left_out.contains(&member.as_str()) && operation.name().starts_with("List");
            assert!(keys.contains(member) || left_out, "{}: {member} is missing", operation.name());
        }
    }
}
