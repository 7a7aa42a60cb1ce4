//! Attach mode (`?endpoint=http://127.0.0.1:4567`): the page becomes the visual console of a
//! running `kinesis-endpoint`, for workshops where attendees use the AWS CLI in a terminal and
//! watch their streams in the browser. The page polls the endpoint as a client would, in rounds:
//! ListStreams page by page, DescribeStreamSummary for each stream, DescribeLimits every few
//! rounds, and ListShards for the stream open in the detail view. The user's own calls go to the
//! endpoint too. This module plans each round's calls and reads their answers; `ui::attached`
//! does the fetching, so all of this tests natively against the simulator.

use serde_json::{Value, json};

use super::state::status_change;
use super::{Exchange, ExchangeLog, ShardView, StreamRow};
use crate::sim::{AccountLimits, Operation, StreamMode, StreamStatus, parse_shard_id};

/// From the end of one round to the start of the next.
pub const ROUND_INTERVAL_MS: u32 = 1000;
/// DescribeLimits allows one call a second per account; asking every fifth round leaves it free.
const LIMITS_EVERY: u32 = 5;
/// Streams per ListStreams page.
const LIST_LIMIT: u32 = 100;
/// An endpoint that keeps saying there is more is not followed past this many streams or shards.
const MAX_LISTED: usize = 10_000;
const MAX_ADDRESS_LEN: usize = 200;

/// The pause after a call, so that polling uses at most about half of each operation's rate
/// limit per account and the attendee's own CLI calls still fit: ListStreams 4 a second (of 5),
/// DescribeStreamSummary and ListShards 10 (of 20 and 100).
pub fn spacing_ms(operation: Operation) -> u32 {
    match operation {
        Operation::ListStreams => 250,
        _ => 100,
    }
}

/// The address to POST to for `?endpoint=`, or why it cannot be one: only `http(s)://host[:port]`
/// with an optional path, nothing a browser would read as script or as credentials.
pub fn endpoint_address(parameter: &str) -> Result<String, String> {
    let refused = || {
        format!(
            "\"{:.80}\" is not an endpoint address; use one like http://127.0.0.1:4567.",
            parameter.chars().filter(|c| !c.is_control()).collect::<String>()
        )
    };
    let parameter = parameter.trim();
    let (scheme, rest) = parameter.split_once("://").ok_or_else(refused)?;
    let scheme = scheme.to_ascii_lowercase();
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(host, path)| (host, path));
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\^`{|}@?#".contains(c);
    if !matches!(scheme.as_str(), "http" | "https")
        || parameter.len() > MAX_ADDRESS_LEN
        || host.is_empty()
        || rest.contains(bad_char)
    {
        return Err(refused());
    }
    // A bare host gets the root path; a path (a proxy's) is kept as given.
    Ok(if path.is_empty() { format!("{scheme}://{host}/") } else { format!("{scheme}://{host}/{path}") })
}

/// How the last round went, for the line at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Polled {
        at_ms: i64,
        throttled: u32,
    },
    /// The endpoint did not answer, or answered with something that is not the Kinesis API.
    Unreachable {
        reason: String,
    },
}

/// What one answer told about a stream.
#[derive(Clone, Debug)]
enum Summary {
    Row(StreamRow),
    /// ResourceNotFoundException: deleted between ListStreams and DescribeStreamSummary.
    Gone,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PollStep {
    ListStreams { start: Option<String> },
    Summaries { next: usize },
    Limits,
    Shards { next_token: Option<String> },
    Done,
}

/// One polling round: `next_call` says what to send, `answer` takes the reply.
#[derive(Clone, Debug)]
pub struct Round {
    step: PollStep,
    with_limits: bool,
    selected: Option<String>,
    /// Whether ListStreams answered every page (a throttled one leaves the streams as they were).
    listed: bool,
    names: Vec<String>,
    /// What DescribeStreamSummary said of `names[i]`; None if it was throttled.
    summaries: Vec<Option<Summary>>,
    limits: Option<AccountLimits>,
    shards: Option<Vec<ShardView>>,
    shards_so_far: Vec<ShardView>,
    throttled: u32,
    /// Set when an answer was not the Kinesis API's: the round ends and nothing of it is kept.
    failure: Option<String>,
}

impl Round {
    fn new(with_limits: bool, selected: Option<String>) -> Self {
        Self {
            step: PollStep::ListStreams { start: None },
            with_limits,
            selected,
            listed: false,
            names: Vec::new(),
            summaries: Vec::new(),
            limits: None,
            shards: None,
            shards_so_far: Vec::new(),
            throttled: 0,
            failure: None,
        }
    }

    /// The next call of the round, or None when it is over.
    pub fn next_call(&self) -> Option<(Operation, String)> {
        if self.failure.is_some() {
            return None;
        }
        let (operation, body) = match &self.step {
            PollStep::ListStreams { start: None } => (Operation::ListStreams, json!({ "Limit": LIST_LIMIT })),
            PollStep::ListStreams { start: Some(start) } => {
                (Operation::ListStreams, json!({ "ExclusiveStartStreamName": start, "Limit": LIST_LIMIT }))
            }
            PollStep::Summaries { next } => {
                (Operation::DescribeStreamSummary, json!({ "StreamName": self.names[*next] }))
            }
            PollStep::Limits => (Operation::DescribeLimits, json!({})),
            // A NextToken carries the stream; sending StreamName with it is an error.
            PollStep::Shards { next_token: Some(token) } => (Operation::ListShards, json!({ "NextToken": token })),
            PollStep::Shards { next_token: None } => (Operation::ListShards, json!({ "StreamName": self.selected })),
            PollStep::Done => return None,
        };
        Some((operation, body.to_string()))
    }

    /// Takes the answer to the call `next_call` gave.
    pub fn answer(&mut self, status: u16, body: &str) {
        let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let next = if status < 400 {
            self.read(&value)
        } else {
            match (value["__type"].as_str().unwrap_or_default(), &self.step) {
                // Throttled: what was known stays as it was; the round goes on where it can.
                ("LimitExceededException", step) => {
                    self.throttled += 1;
                    if matches!(step, PollStep::Summaries { .. }) {
                        self.summaries.push(None);
                    }
                    Some(if matches!(step, PollStep::ListStreams { .. }) { PollStep::Done } else { self.following() })
                }
                // Deleted between ListStreams and this call.
                ("ResourceNotFoundException", PollStep::Summaries { .. }) => {
                    self.summaries.push(Some(Summary::Gone));
                    Some(self.following())
                }
                // Any other refusal of one stream: it stays as it was this round.
                (_, PollStep::Summaries { .. }) if value["__type"].is_string() => {
                    self.summaries.push(None);
                    Some(self.following())
                }
                // The shards are unknown this round (gone, not ready, an expired or stale token).
                (_, PollStep::Shards { .. }) if value["__type"].is_string() => Some(PollStep::Done),
                ("", _) => {
                    self.failure = Some(format!("it answered HTTP {status} without a Kinesis error"));
                    None
                }
                (other, _) => {
                    self.failure = Some(format!("it answered {:.60}", other));
                    None
                }
            }
        };
        match next {
            Some(step) => self.step = step,
            None if self.failure.is_none() => {
                let operation = self.next_call().map_or("", |call| call.0.name());
                self.failure = Some(format!("its answer to {operation} is not the Kinesis API's"));
            }
            None => {}
        }
    }

    /// Reads a successful answer; returns the step that follows, or None if it made no sense.
    fn read(&mut self, value: &Value) -> Option<PollStep> {
        match &self.step {
            PollStep::ListStreams { .. } => {
                let names = value["StreamNames"].as_array()?;
                let names: Vec<String> = names.iter().map(|n| n.as_str().map(str::to_owned)).collect::<Option<_>>()?;
                let more = value["HasMoreStreams"].as_bool()?;
                // Each name once: a page that brings nothing new ends the paging.
                let before = self.names.len();
                for name in names {
                    if !self.names.contains(&name) {
                        self.names.push(name);
                    }
                }
                if more && self.names.len() > before && self.names.len() < MAX_LISTED {
                    return Some(PollStep::ListStreams { start: self.names.last().cloned() });
                }
                self.listed = true;
            }
            PollStep::Summaries { next } => {
                let row = read_summary(&value["StreamDescriptionSummary"])?;
                if row.name != self.names[*next] {
                    return None;
                }
                self.summaries.push(Some(Summary::Row(row)));
            }
            PollStep::Limits => self.limits = Some(read_limits(value)?),
            PollStep::Shards { next_token } => {
                for shard in value["Shards"].as_array()? {
                    self.shards_so_far.push(read_shard(shard)?);
                }
                match value["NextToken"].as_str() {
                    // A token that does not move on, or one page too many, ends the paging.
                    Some(token) if next_token.as_deref() == Some(token) => return None,
                    Some(token) if self.shards_so_far.len() < MAX_LISTED => {
                        return Some(PollStep::Shards { next_token: Some(token.to_owned()) });
                    }
                    _ => {}
                }
                self.shards = Some(with_generations(std::mem::take(&mut self.shards_so_far)));
            }
            PollStep::Done => {}
        }
        Some(self.following())
    }

    /// The step after the current one once it is complete.
    fn following(&self) -> PollStep {
        let next_summary = match self.step {
            PollStep::ListStreams { .. } => 0,
            PollStep::Summaries { next } => next + 1,
            PollStep::Limits => return self.shards_step(),
            PollStep::Shards { .. } | PollStep::Done => return PollStep::Done,
        };
        if next_summary < self.names.len() {
            PollStep::Summaries { next: next_summary }
        } else if self.with_limits {
            PollStep::Limits
        } else {
            self.shards_step()
        }
    }

    fn shards_step(&self) -> PollStep {
        match self.selected {
            Some(_) => PollStep::Shards { next_token: None },
            None => PollStep::Done,
        }
    }
}

fn read_summary(summary: &Value) -> Option<StreamRow> {
    Some(StreamRow {
        name: summary["StreamName"].as_str()?.to_owned(),
        arn: summary["StreamARN"].as_str()?.to_owned(),
        status: StreamStatus::parse(summary["StreamStatus"].as_str()?)?,
        // Absent from answers of services older than the 2021-11-30 release: provisioned.
        mode: summary["StreamModeDetails"]["StreamMode"]
            .as_str()
            .map_or(Some(StreamMode::Provisioned), StreamMode::parse)?,
        open_shard_count: summary["OpenShardCount"].as_u64()?.try_into().ok()?,
        // The API does not say when a change will end.
        next_transition_in_ms: None,
    })
}

fn read_limits(value: &Value) -> Option<AccountLimits> {
    let number = |name: &str| value[name].as_u64().and_then(|n| u32::try_from(n).ok());
    Some(AccountLimits {
        shard_limit: number("ShardLimit")?,
        open_shard_count: number("OpenShardCount")?,
        on_demand_stream_count: number("OnDemandStreamCount")?,
        on_demand_stream_count_limit: number("OnDemandStreamCountLimit")?,
    })
}

fn read_shard(shard: &Value) -> Option<ShardView> {
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let view = ShardView {
        shard_id: text(&shard["ShardId"])?,
        parent: text(&shard["ParentShardId"]),
        adjacent_parent: text(&shard["AdjacentParentShardId"]),
        starting_hash_key: shard["HashKeyRange"]["StartingHashKey"].as_str()?.parse().ok()?,
        ending_hash_key: shard["HashKeyRange"]["EndingHashKey"].as_str()?.parse().ok()?,
        starting_sequence_number: text(&shard["SequenceNumberRange"]["StartingSequenceNumber"])?,
        open: shard["SequenceNumberRange"]["EndingSequenceNumber"].is_null(),
        generation: 0,
    };
    (view.starting_hash_key <= view.ending_hash_key).then_some(view)
}

/// Each shard's generation from its parents, as the detail view draws them. ListShards lists
/// parents before their children; a parent no longer listed (past retention) counts as the 0th.
fn with_generations(mut shards: Vec<ShardView>) -> Vec<ShardView> {
    // Shard ids number the shards, so a Vec indexed by that number finds each parent.
    let mut generations: Vec<Option<u32>> = Vec::new();
    for shard in &mut shards {
        let parents = [&shard.parent, &shard.adjacent_parent];
        let generation_of = |id: &String| {
            let known = parse_shard_id(id).and_then(|index| generations.get(index as usize).copied().flatten());
            known.map_or(1, |g| g + 1)
        };
        shard.generation = parents.iter().filter_map(|p| p.as_ref().map(generation_of)).max().unwrap_or(0);
        if let Some(index) = parse_shard_id(&shard.shard_id).map(|i| i as usize).filter(|&i| i < 1 << 20) {
            if generations.len() <= index {
                generations.resize(index + 1, None);
            }
            generations[index] = Some(shard.generation);
        }
    }
    shards
}

/// What the page shows of the attached endpoint.
#[derive(Clone, Debug)]
pub struct Attachment {
    endpoint: String,
    rows: Vec<StreamRow>,
    limits: Option<AccountLimits>,
    /// The detail view's stream and its shards as last listed.
    shards: Option<(String, Vec<ShardView>)>,
    exchanges: ExchangeLog,
    connection: Connection,
    rounds: u32,
    announcement: String,
    /// Why one of the user's own calls got no answer, until dismissed.
    call_failure: Option<String>,
}

impl Attachment {
    pub fn new(endpoint: String) -> Self {
        Self {
            endpoint,
            rows: Vec::new(),
            limits: None,
            shards: None,
            exchanges: ExchangeLog::default(),
            connection: Connection::Connecting,
            rounds: 0,
            announcement: String::new(),
            call_failure: None,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The next round of polling; `selected` is the stream open in the detail view.
    pub fn next_round(&self, selected: Option<String>) -> Round {
        Round::new(self.rounds.is_multiple_of(LIMITS_EVERY) || self.limits.is_none(), selected)
    }

    /// Takes a finished round: the streams as the endpoint now reports them.
    pub fn finish(&mut self, round: Round, wall_ms: f64) {
        if let Some(reason) = round.failure {
            self.connection = Connection::Unreachable { reason };
            return;
        }
        self.connection = Connection::Polled { at_ms: wall_ms as i64, throttled: round.throttled };
        if !round.listed {
            return; // ListStreams was throttled: nothing new is known.
        }
        self.rounds += 1;
        let mut changes = Vec::new();
        let find = |rows: &[StreamRow], name: &str| rows.iter().position(|row| row.name == name);
        let rows: Vec<StreamRow> = round
            .names
            .iter()
            .zip(&round.summaries)
            .filter_map(|(name, summary)| match summary {
                Some(Summary::Row(row)) => Some(row.clone()),
                Some(Summary::Gone) => None,
                // Throttled: as it was, if it was known.
                None => find(&self.rows, name).map(|i| self.rows[i].clone()),
            })
            .collect();
        for row in &self.rows {
            let after = find(&rows, &row.name).map(|i| (rows[i].status, rows[i].mode));
            if after != Some((row.status, row.mode)) {
                changes.push(status_change(&row.name, after));
            }
        }
        for row in rows.iter().filter(|row| find(&self.rows, &row.name).is_none()) {
            changes.push(format!("Stream {} appeared ({}).", row.name, row.status.as_str()));
        }
        if !changes.is_empty() {
            self.announcement = changes.join(" ");
        }
        self.rows = rows;
        if let Some(limits) = round.limits {
            self.limits = Some(limits);
        }
        if let (Some(name), Some(shards)) = (round.selected, round.shards) {
            self.shards = Some((name, shards));
        }
    }

    /// The endpoint could not be reached (a network error; the browser does not say more).
    pub fn unreachable(&mut self, reason: String) {
        self.connection = Connection::Unreachable { reason };
    }

    /// One of the user's calls got no answer at all: said until dismissed (polling would
    /// overwrite the connection line a second later).
    pub fn call_failed(&mut self, operation: Operation, reason: String) {
        self.call_failure =
            Some(format!("Your {} call got no answer from {}: {reason}.", operation.name(), self.endpoint));
        self.connection = Connection::Unreachable { reason };
    }

    pub fn call_failure(&self) -> Option<&str> {
        self.call_failure.as_deref()
    }

    pub fn dismiss_call_failure(&mut self) {
        self.call_failure = None;
    }

    /// One of the user's calls and the endpoint's answer, for the inspector.
    pub fn record(
        &mut self,
        operation: Operation,
        request_body: String,
        status: u16,
        response_body: String,
        wall_ms: f64,
    ) {
        self.exchanges.push(Exchange::new(wall_ms as i64, operation, request_body, status, response_body));
    }

    pub fn rows(&self) -> &[StreamRow] {
        &self.rows
    }

    pub fn limits(&self) -> Option<AccountLimits> {
        self.limits
    }

    pub fn shard_views(&self, name: &str) -> Vec<ShardView> {
        self.shards.as_ref().filter(|(shown, _)| shown == name).map(|(_, shards)| shards.clone()).unwrap_or_default()
    }

    pub fn exchanges(&self) -> ExchangeLog {
        self.exchanges.clone()
    }

    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    pub fn announcement(&self) -> &str {
        &self.announcement
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Config, Simulator};

    const T0: i64 = 1_700_000_000_000;

    /// Plays a round against the simulator as the browser plays it against the endpoint, each
    /// call CALL_SPACING_MS after the last; returns the calls made.
    fn play(
        simulator: &mut Simulator,
        attachment: &mut Attachment,
        selected: Option<&str>,
        at_ms: &mut i64,
    ) -> Vec<String> {
        let mut round = attachment.next_round(selected.map(str::to_owned));
        let mut calls = Vec::new();
        while let Some((operation, body)) = round.next_call() {
            let response = simulator.handle(&operation.target(), body.as_bytes(), *at_ms);
            calls.push(format!("{} {body}", operation.name()));
            round.answer(response.status, std::str::from_utf8(&response.body).unwrap());
            *at_ms += i64::from(spacing_ms(operation));
        }
        attachment.finish(round, *at_ms as f64);
        *at_ms += i64::from(ROUND_INTERVAL_MS);
        calls
    }

    fn call(simulator: &mut Simulator, operation: Operation, body: &str, at_ms: i64) -> u16 {
        simulator.handle(&operation.target(), body.as_bytes(), at_ms).status
    }

    #[test]
    fn endpoint_addresses() {
        assert_eq!(endpoint_address("http://127.0.0.1:4567").unwrap(), "http://127.0.0.1:4567/");
        assert_eq!(endpoint_address(" https://kinesis.local/ ").unwrap(), "https://kinesis.local/");
        assert_eq!(endpoint_address("http://proxy.local/kinesis/").unwrap(), "http://proxy.local/kinesis/");
        assert_eq!(endpoint_address("http://proxy.local/kinesis").unwrap(), "http://proxy.local/kinesis");
        assert_eq!(endpoint_address("HTTP://127.0.0.1:4567").unwrap(), "http://127.0.0.1:4567/");
        for bad in [
            "javascript:alert(1)",
            "127.0.0.1:4567",
            "http://",
            "http:///path",
            "http://user:pw@127.0.0.1:4567",
            "http://127.0.0.1:4567/?x=1",
            "http://127.0.0.1\"><img src=x>",
            "http://a b",
            "ftp://127.0.0.1",
        ] {
            let refused = endpoint_address(bad).unwrap_err();
            assert!(refused.ends_with("use one like http://127.0.0.1:4567."), "{bad}: {refused}");
        }
        assert!(endpoint_address(&format!("http://{}", "a".repeat(300))).is_err());
    }

    #[test]
    fn rounds_follow_streams_through_their_statuses() {
        let mut simulator = Simulator::new(Config::default());
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let mut at = T0;
        assert_eq!(attachment.connection(), &Connection::Connecting);
        assert_eq!(
            play(&mut simulator, &mut attachment, None, &mut at),
            [r#"ListStreams {"Limit":100}"#, "DescribeLimits {}"]
        );
        assert!(attachment.rows().is_empty());
        assert_eq!(attachment.limits().unwrap().shard_limit, 500);

        assert_eq!(call(&mut simulator, Operation::CreateStream, r#"{"StreamName":"orders","ShardCount":2}"#, at), 200);
        let calls = play(&mut simulator, &mut attachment, None, &mut at);
        assert_eq!(calls, [r#"ListStreams {"Limit":100}"#, r#"DescribeStreamSummary {"StreamName":"orders"}"#]);
        let row = &attachment.rows()[0];
        assert_eq!(
            (row.name.as_str(), row.status, row.mode),
            ("orders", StreamStatus::Creating, StreamMode::Provisioned)
        );
        assert_eq!(attachment.announcement(), "Stream orders appeared (CREATING).");

        at += 60_000;
        play(&mut simulator, &mut attachment, Some("orders"), &mut at);
        assert_eq!(attachment.rows()[0].status, StreamStatus::Active);
        assert_eq!(attachment.rows()[0].open_shard_count, 2);
        assert_eq!(attachment.announcement(), "Stream orders is now ACTIVE (PROVISIONED).");
        assert_eq!(shown_shards(&attachment, "orders"), simulator_shards(&simulator, "orders", at));
        assert_eq!(attachment.shard_views("orders")[0].starting_sequence_number.len(), 56);

        let arn = attachment.rows()[0].arn.clone();
        let switch = format!(r#"{{"StreamARN":"{arn}","StreamModeDetails":{{"StreamMode":"ON_DEMAND"}}}}"#);
        assert_eq!(call(&mut simulator, Operation::UpdateStreamMode, &switch, at), 200);
        play(&mut simulator, &mut attachment, None, &mut at);
        assert_eq!(attachment.announcement(), "Stream orders is now UPDATING (PROVISIONED).");

        assert_eq!(call(&mut simulator, Operation::DeleteStream, r#"{"StreamName":"orders"}"#, at + 120_000), 200);
        at += 600_000;
        play(&mut simulator, &mut attachment, None, &mut at);
        assert!(attachment.rows().is_empty());
        assert_eq!(attachment.announcement(), "Stream orders is deleted.");
        assert!(matches!(attachment.connection(), Connection::Polled { throttled: 0, .. }));
    }

    /// Id, hash key range and whether open, of each shard ListShards would list now.
    fn simulator_shards(simulator: &Simulator, name: &str, at_ms: i64) -> Vec<(String, u128, u128, bool)> {
        let stream = simulator.stream(name).unwrap();
        stream
            .listed_shards(at_ms)
            .map(|s| (s.shard_id(), s.starting_hash_key, s.ending_hash_key, s.is_open()))
            .collect()
    }

    fn shown_shards(attachment: &Attachment, name: &str) -> Vec<(String, u128, u128, bool)> {
        let shards = attachment.shard_views(name);
        shards.into_iter().map(|s| (s.shard_id, s.starting_hash_key, s.ending_hash_key, s.open)).collect()
    }

    #[test]
    fn many_streams_are_read_page_by_page_and_shards_by_token() {
        let mut config = Config::default();
        config.limits.shard_limit = 1000;
        let mut simulator = Simulator::new(config);
        let mut at = T0;
        for i in 0..630 {
            let body = format!(r#"{{"StreamName":"s{i:03}","ShardCount":1}}"#);
            // Five CREATING at a time, and CreateStream's 5 calls a second.
            assert_eq!(call(&mut simulator, Operation::CreateStream, &body, at), 200, "s{i:03}");
            at += 60_000;
        }
        let reshard = r#"{"StreamName":"s000","ScalingType":"UNIFORM_SCALING","TargetShardCount":2}"#;
        assert_eq!(call(&mut simulator, Operation::UpdateShardCount, reshard, at), 200);
        at += 60_000;
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let calls = play(&mut simulator, &mut attachment, Some("s000"), &mut at);
        assert_eq!(calls[0], r#"ListStreams {"Limit":100}"#);
        assert_eq!(calls[1], r#"ListStreams {"ExclusiveStartStreamName":"s099","Limit":100}"#);
        assert_eq!(calls.iter().filter(|c| c.starts_with("ListStreams")).count(), 7);
        assert_eq!(attachment.rows().len(), 630);
        // 7 ListStreams pages at 4 a second and 630 summaries at 10 a second stay under the
        // account's 5 and 20: nothing is throttled.
        assert!(
            matches!(attachment.connection(), Connection::Polled { throttled: 0, .. }),
            "{:?}",
            attachment.connection()
        );
        let shards = attachment.shard_views("s000");
        let open: Vec<_> = shards.iter().filter(|s| s.open).collect();
        assert_eq!(open.len(), 2);
        assert_eq!(open.first().unwrap().starting_hash_key, 0);
        assert_eq!(open.last().unwrap().ending_hash_key, u128::MAX);
        assert!(shards.iter().any(|s| s.generation > 0), "children of the reshard have a generation");
        assert!(calls.iter().any(|c| c.starts_with("ListShards")));
    }

    #[test]
    fn a_large_stream_is_listed_by_next_token() {
        let mut config = Config::default();
        config.limits.shard_limit = 2000;
        let mut simulator = Simulator::new(config);
        let mut at = T0;
        assert_eq!(call(&mut simulator, Operation::CreateStream, r#"{"StreamName":"big","ShardCount":1500}"#, at), 200);
        at += 60_000;
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let calls = play(&mut simulator, &mut attachment, Some("big"), &mut at);
        let list_shards: Vec<_> = calls.iter().filter(|c| c.starts_with("ListShards")).collect();
        assert_eq!(list_shards.len(), 2);
        assert!(list_shards[1].starts_with(r#"ListShards {"NextToken":""#), "{}", list_shards[1]);
        assert_eq!(shown_shards(&attachment, "big"), simulator_shards(&simulator, "big", at));
        assert_eq!(shown_shards(&attachment, "big").len(), 1500);
    }

    const THROTTLED: &str = r#"{"__type":"LimitExceededException","message":"Rate exceeded"}"#;
    const LISTED_A: &str = r#"{"HasMoreStreams":false,"StreamNames":["a"]}"#;
    const LIMITS: &str = r#"{"ShardLimit":1,"OpenShardCount":0,"OnDemandStreamCount":0,"OnDemandStreamCountLimit":1}"#;

    /// A round fed by hand: each answer in turn until the round stops asking.
    fn feed(round: &mut Round, mut answer: impl FnMut(Operation, &str) -> (u16, String)) -> usize {
        let mut calls = 0;
        while let Some((operation, body)) = round.next_call() {
            let (status, text) = answer(operation, &body);
            round.answer(status, &text);
            calls += 1;
            assert!(calls < 100_000, "the round never ends");
        }
        calls
    }

    #[test]
    fn endless_or_broken_paging_ends() {
        let attachment = Attachment::new("http://127.0.0.1:4567/".into());
        // Always more, always new names: followed up to MAX_LISTED names only.
        let mut round = attachment.next_round(None);
        let mut page = 0;
        let pages = feed(&mut round, |operation, _| match operation {
            Operation::ListStreams => {
                page += 1;
                let names: Vec<String> = (0..100).map(|i| format!("s{page:05}-{i:03}")).collect();
                (200, json!({ "HasMoreStreams": true, "StreamNames": names }).to_string())
            }
            _ => (400, THROTTLED.into()),
        });
        assert_eq!(round.names.len(), MAX_LISTED);
        assert_eq!(pages, MAX_LISTED / 100 + MAX_LISTED + 1, "100 pages, a summary of each, DescribeLimits");
        // Always more, the same page: stops at once.
        let mut round = attachment.next_round(None);
        feed(&mut round, |operation, _| match operation {
            Operation::ListStreams => (200, r#"{"HasMoreStreams":true,"StreamNames":["a","a"]}"#.into()),
            _ => (400, THROTTLED.into()),
        });
        assert_eq!(round.names, ["a"]);
        // A NextToken that does not move on is not the API.
        let mut round = attachment.next_round(Some("a".into()));
        let shard = r#"{"ShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"9"},"SequenceNumberRange":{"StartingSequenceNumber":"1"}}"#;
        feed(&mut round, |operation, _| match operation {
            Operation::ListShards => (200, format!(r#"{{"Shards":[{shard}],"NextToken":"same"}}"#)),
            Operation::ListStreams => (200, r#"{"HasMoreStreams":false,"StreamNames":[]}"#.into()),
            _ => (200, LIMITS.into()),
        });
        assert_eq!(round.failure.as_deref(), Some("its answer to ListShards is not the Kinesis API's"));
    }

    #[test]
    fn answers_that_cannot_be_drawn_are_refused() {
        let attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let summary = |name: &str| {
            format!(
                r#"{{"StreamDescriptionSummary":{{"StreamName":"{name}","StreamARN":"arn","StreamStatus":"ACTIVE","OpenShardCount":1}}}}"#
            )
        };
        // A summary of another stream than the one asked for.
        let mut round = attachment.next_round(None);
        feed(&mut round, |operation, _| match operation {
            Operation::ListStreams => (200, LISTED_A.into()),
            _ => (200, summary("b")),
        });
        assert_eq!(round.failure.as_deref(), Some("its answer to DescribeStreamSummary is not the Kinesis API's"));
        // A shard whose range ends before it starts.
        let mut round = attachment.next_round(Some("a".into()));
        feed(&mut round, |operation, _| {
            match operation {
            Operation::ListStreams => (200, LISTED_A.into()),
            Operation::DescribeStreamSummary => (200, summary("a")),
            Operation::DescribeLimits => (200, LIMITS.into()),
            _ => (200, r#"{"Shards":[{"ShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"9","EndingHashKey":"1"},"SequenceNumberRange":{"StartingSequenceNumber":"1"}}]}"#.into()),
        }
        });
        assert_eq!(round.failure.as_deref(), Some("its answer to ListShards is not the Kinesis API's"));
    }

    #[test]
    fn refusals_of_one_item_keep_what_was_known() {
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let summary = r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"arn","StreamStatus":"ACTIVE","OpenShardCount":1}}"#;
        let shards = r#"{"Shards":[{"ShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"340282366920938463463374607431768211455"},"SequenceNumberRange":{"StartingSequenceNumber":"1"}}]}"#;
        let mut round = attachment.next_round(Some("a".into()));
        feed(&mut round, |operation, _| match operation {
            Operation::ListStreams => (200, LISTED_A.into()),
            Operation::DescribeStreamSummary => (200, summary.into()),
            Operation::DescribeLimits => (200, LIMITS.into()),
            _ => (200, shards.into()),
        });
        attachment.finish(round, 1.0);
        assert_eq!(attachment.shard_views("a").len(), 1);
        // Next round: the summary and ListShards are refused; the row and the shards stay.
        let mut round = attachment.next_round(Some("a".into()));
        feed(&mut round, |operation, _| match operation {
            Operation::ListStreams => (200, LISTED_A.into()),
            Operation::DescribeStreamSummary => (400, r#"{"__type":"ResourceInUseException","message":"x"}"#.into()),
            _ => (400, r#"{"__type":"ExpiredNextTokenException","message":"x"}"#.into()),
        });
        attachment.finish(round, 2.0);
        assert_eq!(attachment.rows().len(), 1);
        assert_eq!(attachment.shard_views("a").len(), 1);
        assert_eq!(attachment.announcement(), "Stream a appeared (ACTIVE).", "no false deletion");
    }

    #[test]
    fn throttled_and_foreign_answers() {
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let mut round = attachment.next_round(None);
        round.answer(200, r#"{"HasMoreStreams":false,"StreamNames":["a","b"]}"#);
        round.answer(
            200,
            r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"arn:a","StreamStatus":"ACTIVE","OpenShardCount":1,"StreamModeDetails":{"StreamMode":"ON_DEMAND"}}}"#,
        );
        round.answer(400, THROTTLED);
        round.answer(400, THROTTLED);
        assert_eq!(round.next_call(), None);
        attachment.finish(round, 5.0);
        assert_eq!(attachment.connection(), &Connection::Polled { at_ms: 5, throttled: 2 });
        assert_eq!(attachment.rows().len(), 1, "b was never described: not shown yet");
        assert!(attachment.limits().is_none());

        // A throttled ListStreams keeps everything as it was.
        let mut round = attachment.next_round(None);
        round.answer(400, THROTTLED);
        assert_eq!(round.next_call(), None);
        attachment.finish(round, 6.0);
        assert_eq!(attachment.rows().len(), 1);

        // Something that is not the Kinesis API: said so, nothing kept.
        for (status, body, reason) in [
            (200, "<html>hello</html>", "its answer to ListStreams is not the Kinesis API's"),
            (404, "not found", "it answered HTTP 404 without a Kinesis error"),
            (400, r#"{"__type":"UnknownOperationException"}"#, "it answered UnknownOperationException"),
            (
                200,
                r#"{"HasMoreStreams":false,"StreamNames":"<b>"}"#,
                "its answer to ListStreams is not the Kinesis API's",
            ),
        ] {
            let mut round = attachment.next_round(None);
            round.answer(status, body);
            assert_eq!(round.next_call(), None);
            attachment.finish(round, 7.0);
            assert_eq!(attachment.connection(), &Connection::Unreachable { reason: reason.into() });
            assert_eq!(attachment.rows().len(), 1);
        }
    }
}
