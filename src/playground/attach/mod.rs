//! Attach mode (`?endpoint=http://127.0.0.1:4567`): the page becomes the visual console of a
//! running `kinesis-endpoint`, for workshops where attendees use the AWS CLI in a terminal and
//! watch their streams in the browser. The page polls the endpoint as a client would, in rounds:
//! ListStreams page by page, DescribeStreamSummary for each stream, DescribeLimits every few
//! rounds, and ListShards for the stream open in the detail view. The user's own calls go to the
//! endpoint too. `round` plans each round's calls and reads their answers into typed shapes
//! (`answers`); the [`Attachment`] turns what a round learnt into the same [`AccountView`] the
//! simulated playground produces. `ui::attached` does the fetching, so all of this tests natively
//! against the simulator.

mod address;
mod answers;
mod round;

pub use address::endpoint_address;
pub use round::{ROUND_INTERVAL_MS, Round, spacing_ms};

use round::{LIMITS_EVERY, Summary};

use super::account_view::{AccountView, ShardView, StreamRow, announce};
use super::{Exchange, ExchangeLog};
use crate::sim::Operation;

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

/// What the page shows of the attached endpoint.
#[derive(Clone, Debug)]
pub struct Attachment {
    endpoint: String,
    /// The account as last polled; its detail is the stream whose shards were last listed.
    view: AccountView,
    exchanges: ExchangeLog,
    connection: Connection,
    rounds: u32,
    /// Why one of the user's own calls got no answer, until dismissed.
    call_failure: Option<String>,
}

impl Attachment {
    pub fn new(endpoint: String) -> Self {
        Self {
            endpoint,
            view: AccountView::default(),
            exchanges: ExchangeLog::default(),
            connection: Connection::Connecting,
            rounds: 0,
            call_failure: None,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The next round of polling; `selected` is the stream open in the detail view.
    pub fn next_round(&self, selected: Option<String>) -> Round {
        Round::new(self.rounds.is_multiple_of(LIMITS_EVERY) || self.view.limits.is_none(), selected)
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
        let known = |name: &str| self.view.rows.iter().find(|row| row.name == name);
        let rows: Vec<StreamRow> = round
            .names
            .iter()
            .zip(&round.summaries)
            .filter_map(|(name, summary)| match summary {
                Some(Summary::Row(row)) => Some(row.clone()),
                Some(Summary::Gone) => None,
                // Throttled: as it was, if it was known.
                None => known(name).cloned(),
            })
            .collect();
        if let Some(changes) = announce(&self.view.rows, &rows) {
            self.view.announcement = changes;
        }
        self.view.rows = rows;
        if round.limits.is_some() {
            self.view.limits = round.limits;
        }
        if let (Some(name), Some(shards)) = (round.selected, round.shards) {
            self.view.detail = Some((name, shards));
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

    /// One of the user's calls and the endpoint's answer, for the inspector, with the round
    /// trip's time when measured.
    pub fn record(
        &mut self,
        operation: Operation,
        request_body: String,
        status: u16,
        response_body: String,
        wall_ms: f64,
        round_trip_ms: Option<f64>,
    ) {
        let exchange = Exchange::new(wall_ms as i64, operation, request_body, status, response_body);
        self.exchanges.push(exchange.took(round_trip_ms));
    }

    /// What the workspace draws, with the shards of `selected` if they were the last listed.
    pub fn view(&self, selected: Option<&str>) -> AccountView {
        let detail = selected.map(|name| (name.to_owned(), self.shard_views(name)));
        AccountView { detail, ..self.view.clone() }
    }

    fn shard_views(&self, name: &str) -> Vec<ShardView> {
        let listed = self.view.detail.as_ref().filter(|(shown, _)| shown == name);
        listed.map(|(_, shards)| shards.clone()).unwrap_or_default()
    }

    pub fn exchanges(&self) -> ExchangeLog {
        self.exchanges.clone()
    }

    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    pub fn announcement(&self) -> &str {
        &self.view.announcement
    }
}

#[cfg(test)]
mod tests {
    use super::round::MAX_LISTED;
    use super::*;
    use crate::sim::{Config, Simulator, StreamMode, StreamStatus};
    use serde_json::json;

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
    fn rounds_follow_streams_through_their_statuses() {
        let mut simulator = Simulator::new(Config::default());
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let mut at = T0;
        assert_eq!(attachment.connection(), &Connection::Connecting);
        assert_eq!(
            play(&mut simulator, &mut attachment, None, &mut at),
            [r#"ListStreams {"Limit":100}"#, "DescribeLimits {}"]
        );
        assert!(attachment.view(None).rows.is_empty());
        assert_eq!(attachment.view(None).limits.unwrap().shard_limit, 500);

        assert_eq!(call(&mut simulator, Operation::CreateStream, r#"{"StreamName":"orders","ShardCount":2}"#, at), 200);
        let calls = play(&mut simulator, &mut attachment, None, &mut at);
        assert_eq!(calls, [r#"ListStreams {"Limit":100}"#, r#"DescribeStreamSummary {"StreamName":"orders"}"#]);
        let row = &attachment.view(None).rows[0];
        assert_eq!(
            (row.name.as_str(), row.status, row.mode),
            ("orders", StreamStatus::Creating, StreamMode::Provisioned)
        );
        assert_eq!(attachment.announcement(), "Stream orders appeared (CREATING).");

        at += 60_000;
        play(&mut simulator, &mut attachment, Some("orders"), &mut at);
        assert_eq!(attachment.view(None).rows[0].status, StreamStatus::Active);
        assert_eq!(attachment.view(None).rows[0].open_shard_count, 2);
        assert_eq!(attachment.announcement(), "Stream orders is now ACTIVE (PROVISIONED).");
        assert_eq!(shown_shards(&attachment, "orders"), simulator_shards(&simulator, "orders", at));
        assert_eq!(attachment.shard_views("orders")[0].starting_sequence_number.len(), 56);

        let arn = attachment.view(None).rows[0].arn.clone();
        let switch = format!(r#"{{"StreamARN":"{arn}","StreamModeDetails":{{"StreamMode":"ON_DEMAND"}}}}"#);
        assert_eq!(call(&mut simulator, Operation::UpdateStreamMode, &switch, at), 200);
        play(&mut simulator, &mut attachment, None, &mut at);
        assert_eq!(attachment.announcement(), "Stream orders is now UPDATING (PROVISIONED).");

        assert_eq!(call(&mut simulator, Operation::DeleteStream, r#"{"StreamName":"orders"}"#, at + 120_000), 200);
        at += 600_000;
        play(&mut simulator, &mut attachment, None, &mut at);
        assert!(attachment.view(None).rows.is_empty());
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
    fn the_simulated_and_the_attached_view_of_one_account_agree() {
        use crate::playground::{Playground, Preset};
        // The same calls at the same times, to a playground and to the simulator an attachment
        // polls: both views must draw the same rows, limits and shards, generations included.
        let calls = [
            (Operation::CreateStream, r#"{"StreamName":"a","ShardCount":2}"#, 0),
            (Operation::CreateStream, r#"{"StreamName":"b","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#, 1_000),
            (
                Operation::SplitShard,
                r#"{"StreamName":"a","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"99"}"#,
                60_000,
            ),
            (
                Operation::MergeShards,
                r#"{"StreamName":"a","ShardToMerge":"shardId-000000000002","AdjacentShardToMerge":"shardId-000000000003"}"#,
                120_000,
            ),
            (Operation::DeleteStream, r#"{"StreamName":"b"}"#, 190_000),
        ];
        let mut playground = Playground::starting(T0, Preset::Realistic, 0.0);
        let mut simulator = Simulator::new(Config::default());
        for (operation, body, at) in calls {
            playground.call_at_time(operation, body.into(), T0 + at);
            assert_eq!(call(&mut simulator, operation, body, T0 + at), 200, "{body}");
        }
        let mut attachment = Attachment::new("http://127.0.0.1:4567/".into());
        let mut at = T0 + 200_000;
        play(&mut simulator, &mut attachment, Some("a"), &mut at);
        playground.resume_at(at, 1, true, 0.0);

        let simulated = playground.view(Some("a"));
        let attached = attachment.view(Some("a"));
        let without_countdowns = |view: &AccountView| {
            view.rows.iter().map(|row| StreamRow { next_transition_in_ms: None, ..row.clone() }).collect::<Vec<_>>()
        };
        assert_eq!(without_countdowns(&attached), without_countdowns(&simulated));
        assert_eq!(attached.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(attached.rows[1].status, StreamStatus::Deleting);
        assert_eq!(attached.limits, simulated.limits);
        // Attach mode does not know a shard's load; the simulated view knows it for open shards.
        let (name, mut simulated_shards) = simulated.detail.clone().unwrap();
        assert!(simulated_shards.iter().all(|s| s.load_percent.is_some() == s.open));
        simulated_shards.iter_mut().for_each(|shard| shard.load_percent = None);
        assert_eq!(attached.detail, Some((name, simulated_shards)));
        let (_, shards) = attached.detail.unwrap();
        let generations: Vec<u32> = shards.iter().map(|s| s.generation).collect();
        assert_eq!(generations, [0, 0, 1, 1, 2], "0 splits into 2 and 3, which merge into 4");
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
        assert_eq!(attachment.view(None).rows.len(), 630);
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
        assert_eq!(attachment.view(None).rows.len(), 1);
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
        assert_eq!(attachment.view(None).rows.len(), 1, "b was never described: not shown yet");
        assert!(attachment.view(None).limits.is_none());

        // A throttled ListStreams keeps everything as it was.
        let mut round = attachment.next_round(None);
        round.answer(400, THROTTLED);
        assert_eq!(round.next_call(), None);
        attachment.finish(round, 6.0);
        assert_eq!(attachment.view(None).rows.len(), 1);

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
            assert_eq!(attachment.view(None).rows.len(), 1);
        }
    }
}
