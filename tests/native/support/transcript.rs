//! Golden transcripts: a readable record of API calls and the exact responses they must get.
//!
//! ```text
//! # A comment.
//! set shard_limit 10          account settings, before the first call
//! set rate_limits off         (most transcripts make many calls in the same millisecond)
//! @ 1700000000000             the simulation clock, epoch ms
//! + 30000                     advance the clock by ms
//! -> CreateStream {"StreamName":"a","ShardCount":1}
//! <- 200
//! ```
//!
//! `->` names an operation (or a whole `X-Amz-Target` when it contains a dot) followed by the raw
//! request body, in which `$ShardIterator`, `$NextShardIterator` and `$SequenceNumber` stand for
//! those members of the latest answer that had them (iterators are long and opaque); `<-` is the status and raw response body the simulator must answer. Run with
//! `UPDATE_GOLDEN=1` to rewrite the `<-` lines from what the simulator answers now.

use std::fmt::Write as _;
use std::path::Path;

use kinesis_playground::sim::{Config, Durations, Response, Simulator, TARGET_PREFIX};

use super::{key_order, model};

/// One call made while replaying, for checks beyond the golden bytes.
pub struct Call {
    pub line: usize,
    pub operation: String,
    pub status: u16,
    pub body: Vec<u8>,
}

pub struct Replay {
    /// The transcript with every `<-` line as the simulator answered.
    pub actual: String,
    pub calls: Vec<Call>,
}

fn apply_setting(config: &mut Config, key: &str, value: &str) {
    let number = || value.parse().unwrap_or_else(|_| panic!("{key} needs a number, got {value:?}"));
    match key {
        "region" => config.region = value.to_owned(),
        "account_id" => config.account_id = value.to_owned(),
        "durations" => {
            config.durations = match value {
                "fast" => Durations::FAST,
                "realistic" => Durations::REALISTIC,
                other => panic!("unknown durations preset {other:?}"),
            }
        }
        "shard_limit" => config.limits.shard_limit = number(),
        "on_demand_stream_count_limit" => config.limits.on_demand_stream_count_limit = number(),
        "rate_limits" => config.limits.rate_limits = value == "on",
        "shard_throughput" => config.limits.shard_throughput = value == "on",
        other => panic!("unknown setting {other:?}"),
    }
}

pub fn replay(text: &str) -> Replay {
    replay_with(text, |_| {})
}

/// A call as the transcript made it, for a second front door to make too.
pub struct Made<'a> {
    pub config: &'a Config,
    pub line: usize,
    pub operation: &'a str,
    pub target: &'a str,
    /// The body sent, with `$Name`s replaced.
    pub body: &'a str,
    pub now_ms: i64,
    pub response: &'a Response,
}

/// Replays a transcript, handing each call and its answer to `also` as it is made.
pub fn replay_with(text: &str, mut also: impl FnMut(Made)) -> Replay {
    let mut config = Config::default();
    let mut simulator: Option<Simulator> = None;
    let mut now_ms: i64 = 1_700_000_000_000;
    let mut actual = String::new();
    let mut calls = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    let mut captured: Vec<(String, String)> = Vec::new();

    while let Some((index, line)) = lines.next() {
        if let Some(setting) = line.strip_prefix("set ") {
            assert!(simulator.is_none(), "line {}: settings go before the first call", index + 1);
            let (key, value) = setting.split_once(' ').expect("set <key> <value>");
            apply_setting(&mut config, key, value.trim());
        } else if let Some(at) = line.strip_prefix("@ ") {
            now_ms = at.trim().parse().expect("@ <epoch ms>");
        } else if let Some(step) = line.strip_prefix("+ ") {
            now_ms += step.trim().parse::<i64>().expect("+ <ms>");
        } else if let Some(call) = line.strip_prefix("-> ") {
            let (operation, body) = call.split_once(' ').unwrap_or((call, ""));
            let target =
                if operation.contains('.') { operation.to_owned() } else { format!("{TARGET_PREFIX}.{operation}") };
            let simulator = simulator.get_or_insert_with(|| Simulator::new(config.clone()));
            let mut body = body.to_owned();
            for (name, value) in &captured {
                body = body.replace(&format!("${name}"), value);
            }
            let response = simulator.handle(&target, body.as_bytes(), now_ms);
            also(Made {
                config: &config,
                line: index + 1,
                operation,
                target: &target,
                body: &body,
                now_ms,
                response: &response,
            });
            capture(&response.body, &mut captured);
            writeln!(actual, "{line}").unwrap();
            let body_text = String::from_utf8(response.body.clone()).expect("responses are UTF-8");
            let answer = format!("<- {} {body_text}", response.status);
            writeln!(actual, "{}", answer.trim_end()).unwrap();
            // The expected answer, if any, is replaced by the actual one.
            if lines.peek().is_some_and(|(_, next)| next.starts_with("<-")) {
                lines.next();
            }
            calls.push(Call {
                line: index + 1,
                operation: operation.to_owned(),
                status: response.status,
                body: response.body,
            });
            continue;
        } else if line.starts_with("<-") {
            panic!("line {}: a response without a call", index + 1);
        }
        writeln!(actual, "{line}").unwrap();
    }
    Replay { actual, calls }
}

/// Keeps the members a later request may refer to by `$Name`.
fn capture(body: &[u8], captured: &mut Vec<(String, String)>) {
    let Ok(serde_json::Value::Object(members)) = serde_json::from_slice(body) else { return };
    for name in ["ShardIterator", "SequenceNumber", "NextShardIterator"] {
        if let Some(value) = members.get(name).and_then(|v| v.as_str()) {
            captured.retain(|(n, _)| n != name);
            captured.push((name.to_owned(), value.to_owned()));
        }
    }
}

/// Replays a transcript file, compares it with what the simulator answers, and checks every
/// response against the API model and the service's key order.
pub fn check_file(path: &Path) {
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let replay = replay(&expected);
    for call in &replay.calls {
        let where_ = format!("{}:{} ({})", path.display(), call.line, call.operation);
        if let Err(problem) = model::check_response(&call.operation, call.status, &call.body) {
            panic!("{where_}: the response does not fit the 2021-11-30 model: {problem}");
        }
        if call.status == 200
            && !call.body.is_empty()
            && let Err(problem) = key_order::check_sorted(&call.body)
        {
            panic!("{where_}: keys are not in the service's order: {problem}");
        }
    }
    if replay.actual == expected {
        return;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &replay.actual).unwrap();
        return;
    }
    let (line, (want, got)) = expected
        .lines()
        .zip(replay.actual.lines())
        .enumerate()
        .find(|(_, (want, got))| want != got)
        .unwrap_or((expected.lines().count().min(replay.actual.lines().count()), ("<end>", "<end>")));
    panic!(
        "{}:{}: the simulator's answer differs from the golden transcript\n  want: {want}\n   got: {got}\n(run with UPDATE_GOLDEN=1 to accept)",
        path.display(),
        line + 1
    );
}
