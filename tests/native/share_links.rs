#![cfg(not(target_arch = "wasm32"))]
//! Share links: the encoder round-trips any session, hostile links are refused with a reason, and
//! links stored from earlier releases still open to exactly the state they recorded.
//!
//! `tests/golden/share-links/*.txt`: the first line is a link fragment; each further line is one
//! call of its replay as `<operation> <status> <response body>`. `UPDATE_GOLDEN=1` rewrites the
//! replay lines (never the link: old links must keep meaning what they meant).

use std::fmt::Write as _;
use std::path::PathBuf;

use kinesis_playground::playground::session::{Event, Preset, SESSION_VERSION};
use kinesis_playground::playground::{Playground, SavedSession, share};
use kinesis_playground::sim::base64;
use proptest::prelude::*;

const WALL: f64 = 1_800_000_000_000.0;

fn replay_lines(playground: &Playground) -> String {
    let mut out = String::new();
    for exchange in playground.exchanges().since(0).iter() {
        writeln!(out, "{} {} {}", exchange.operation.name(), exchange.status, exchange.response_body).unwrap();
    }
    out
}

#[test]
fn stored_links_from_earlier_releases_replay_exactly() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/share-links");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let (link, expected) = text.split_once('\n').unwrap();
        let saved = share::decode(link).expect("a share link").unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let replayed = replay_lines(&Playground::restore(&saved, WALL));
        if replayed != expected {
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&file, format!("{link}\n{replayed}")).unwrap();
            } else {
                panic!("{}: the link no longer replays to what it recorded\n{replayed}", file.display());
            }
        }
    }
}

#[test]
fn a_link_whose_one_call_is_a_forged_list_shards_token_opens() {
    // base64 of `1|0|0|0|é|s1`, a filter field starting with a two-byte character: this once
    // aborted the page that opened the link.
    let events = vec![Event::Call {
        at_ms: 1_700_000_000_000,
        operation: "ListShards".into(),
        body: r#"{"NextToken":"MXwwfDB8MHzDqXxzMQ=="}"#.into(),
    }];
    let saved = SavedSession {
        version: SESSION_VERSION,
        started_ms: 1_700_000_000_000,
        events,
        now_ms: 1_700_000_001_000,
        speed: 1,
        paused: true,
    };
    let opened = share::decode(&share::encode(&saved)).expect("a share link").expect("a session");
    assert_eq!(
        replay_lines(&Playground::restore(&opened, WALL)),
        "ListShards 400 {\"__type\":\"InvalidArgumentException\",\"message\":\"Invalid NextToken.\"}\n"
    );
}

#[test]
fn a_session_of_tens_of_thousands_of_calls_saves_small_and_opens_again() {
    // A day's workshop: 400 streams made, described, listed and deleted over and over.
    let start = 1_700_000_000_000;
    // Over the 20,000 calls that once made a saved session refuse to load.
    let events: Vec<Event> = (0..25_000)
        .map(|i: i64| {
            let stream = format!("s{}", i % 400);
            let (operation, body) = match i % 4 {
                0 => ("CreateStream", format!(r#"{{"StreamName":"{stream}","ShardCount":1}}"#)),
                1 => ("DescribeStreamSummary", format!(r#"{{"StreamName":"{stream}"}}"#)),
                2 => ("ListShards", format!(r#"{{"StreamName":"{stream}"}}"#)),
                _ => ("DeleteStream", format!(r#"{{"StreamName":"s{}"}}"#, (i + 200) % 400)),
            };
            Event::Call { at_ms: start + i * 250, operation: operation.into(), body }
        })
        .collect();
    let saved = SavedSession {
        version: SESSION_VERSION,
        started_ms: start,
        events,
        now_ms: start + 25_000 * 250,
        speed: 1,
        paused: true,
    };
    let stored = share::to_stored(&saved);
    // Browsers give a page about 5 million characters of local storage: stored compressed, a
    // session takes a tenth of its JSON, about 7 characters a call.
    assert!(stored.len() * 10 < saved.to_json().len(), "{} characters stored", stored.len());
    let opened = share::from_stored(&stored).expect("the session reads back");
    let playground = Playground::restore(&opened, WALL);
    assert_eq!(playground.exchanges().len(), 25_000);
    assert_eq!(playground.save(), saved);
}

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_.-]{1,40}"
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        4 => (0i64..10_000_000, name(), 0u32..9, any::<bool>()).prop_map(|(at, name, shards, on_demand)| {
            let body = if on_demand {
                format!(r#"{{"StreamName":"{name}","StreamModeDetails":{{"StreamMode":"ON_DEMAND"}}}}"#)
            } else {
                format!(r#"{{"StreamName":"{name}","ShardCount":{shards}}}"#)
            };
            Event::Call { at_ms: 1_700_000_000_000 + at, operation: "CreateStream".into(), body }
        }),
        2 => (0i64..10_000_000, ".{0,60}").prop_map(|(at, body)| Event::Call {
            at_ms: 1_700_000_000_000 + at,
            operation: "DescribeStreamSummary".into(),
            body,
        }),
        // Tokens and ids of any text, multi-byte characters included.
        2 => (0i64..10_000_000, prop::sample::select(vec!["ListShards", "SplitShard", "MergeShards", "ListStreams"]), any::<String>(), "[0-9|é€-]{0,12}")
            .prop_map(|(at, operation, text, token_text)| {
                let token = base64::encode(format!("1|0|0|0|{token_text}|{text}").as_bytes());
                let body = serde_json::json!({
                    "NextToken": token, "ShardToSplit": text, "AdjacentShardToMerge": token_text,
                    "ExclusiveStartStreamName": text,
                }).to_string();
                Event::Call { at_ms: 1_700_000_000_000 + at, operation: operation.into(), body }
            }),
        1 => (0i64..10_000_000, any::<bool>()).prop_map(|(at, fast)| Event::Durations {
            at_ms: 1_700_000_000_000 + at,
            preset: if fast { Preset::Fast } else { Preset::Realistic },
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn links_round_trip(events in prop::collection::vec(event(), 0..300), speed in prop::sample::select(vec![1u32, 10, 60]), paused: bool) {
        let saved = SavedSession { version: SESSION_VERSION, started_ms: 1_700_000_000_000, events, now_ms: 1_700_100_000_000, speed, paused };
        let link = share::encode(&saved);
        prop_assert_eq!(share::decode(&link), Some(Ok(saved)));
    }

    #[test]
    fn any_session_a_link_carries_replays(events in prop::collection::vec(event(), 0..60)) {
        let saved = SavedSession { version: SESSION_VERSION, started_ms: 1_700_000_000_000, events, now_ms: 1_700_100_000_000, speed: 1, paused: true };
        let opened = share::decode(&share::encode(&saved)).expect("a share link").expect("a session");
        let playground = Playground::restore(&opened, WALL);
        prop_assert!(playground.exchanges().since(0).iter().all(|e| matches!(e.status, 200 | 400)));
    }

    #[test]
    fn garbage_links_are_refused_not_fatal(payload in "[A-Za-z0-9_.=-]{0,400}", format in 0u32..4) {
        let result = share::decode(&format!("#s={format}.{payload}"));
        prop_assert!(result.is_some());
        if let Some(Err(reason)) = result {
            prop_assert!(reason.starts_with("The share link"), "{}", reason);
        }
    }
}
