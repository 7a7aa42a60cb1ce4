//! One polling round of attach mode: which calls to make, in what order, and what their answers
//! say. A round lists the streams page by page, describes each, asks for the limits every few
//! rounds, and lists the shards of the stream open in the detail view.

use super::answers::{
    self, DescribeLimitsOutput, DescribeStreamSummaryOutput, ErrorOutput, ListShardsOutput, ListStreamsOutput,
};
use crate::playground::account_view::with_generations;
use crate::playground::{ShardView, StreamRow, requests};
use crate::sim::{AccountLimits, Operation};

/// From the end of one round to the start of the next.
pub const ROUND_INTERVAL_MS: u32 = 1000;
/// DescribeLimits allows one call a second per account; asking every fifth round leaves it free.
pub(super) const LIMITS_EVERY: u32 = 5;
/// Streams per ListStreams page.
const LIST_LIMIT: u32 = 100;
/// An endpoint that keeps saying there is more is not followed past this many streams or shards.
pub(super) const MAX_LISTED: usize = 10_000;

/// The pause after a call, so that polling uses at most about half of each operation's rate
/// limit per account and the attendee's own CLI calls still fit: ListStreams 4 a second (of 5),
/// DescribeStreamSummary and ListShards 10 (of 20 and 100).
pub fn spacing_ms(operation: Operation) -> u32 {
    match operation {
        Operation::ListStreams => 250,
        _ => 100,
    }
}

/// What one answer told about a stream.
#[derive(Clone, Debug)]
pub(super) enum Summary {
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

/// One polling round: `next_call` says what to send, `answer` takes the reply; the attachment
/// takes what it learnt when it is over (`Attachment::finish`).
#[derive(Clone, Debug)]
pub struct Round {
    step: PollStep,
    with_limits: bool,
    pub(super) selected: Option<String>,
    /// Whether ListStreams answered every page (a throttled one leaves the streams as they were).
    pub(super) listed: bool,
    pub(super) names: Vec<String>,
    /// What DescribeStreamSummary said of `names[i]`; None if it was throttled.
    pub(super) summaries: Vec<Option<Summary>>,
    pub(super) limits: Option<AccountLimits>,
    pub(super) shards: Option<Vec<ShardView>>,
    shards_so_far: Vec<ShardView>,
    pub(super) throttled: u32,
    /// Set when an answer was not the Kinesis API's: the round ends and nothing of it is kept.
    pub(super) failure: Option<String>,
}

impl Round {
    pub(super) fn new(with_limits: bool, selected: Option<String>) -> Self {
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
        Some(match &self.step {
            PollStep::ListStreams { start } => {
                (Operation::ListStreams, requests::list_streams(start.as_deref(), LIST_LIMIT))
            }
            PollStep::Summaries { next } => {
                (Operation::DescribeStreamSummary, requests::stream_name_only(&self.names[*next]))
            }
            PollStep::Limits => (Operation::DescribeLimits, "{}".to_owned()),
            PollStep::Shards { next_token } => {
                (Operation::ListShards, requests::list_shards(self.selected.as_deref(), next_token.as_deref()))
            }
            PollStep::Done => return None,
        })
    }

    /// Takes the answer to the call `next_call` gave.
    pub fn answer(&mut self, status: u16, body: &str) {
        let next = if status < 400 {
            self.read(body)
        } else {
            let error: Option<ErrorOutput> = answers::read(body);
            let is_error = error.is_some();
            match (error.as_ref().map_or("", |e| e.error_type.as_str()), &self.step) {
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
                (_, PollStep::Summaries { .. }) if is_error => {
                    self.summaries.push(None);
                    Some(self.following())
                }
                // The shards are unknown this round (gone, not ready, an expired or stale token).
                (_, PollStep::Shards { .. }) if is_error => Some(PollStep::Done),
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
    fn read(&mut self, body: &str) -> Option<PollStep> {
        match &self.step {
            PollStep::ListStreams { .. } => {
                let page: ListStreamsOutput = answers::read(body)?;
                // Each name once: a page that brings nothing new ends the paging.
                let before = self.names.len();
                for name in page.stream_names {
                    if !self.names.contains(&name) {
                        self.names.push(name);
                    }
                }
                if page.has_more_streams && self.names.len() > before && self.names.len() < MAX_LISTED {
                    return Some(PollStep::ListStreams { start: self.names.last().cloned() });
                }
                self.listed = true;
            }
            PollStep::Summaries { next } => {
                let output: DescribeStreamSummaryOutput = answers::read(body)?;
                let row = output.stream_description_summary.into_row();
                if row.name != self.names[*next] {
                    return None;
                }
                self.summaries.push(Some(Summary::Row(row)));
            }
            PollStep::Limits => self.limits = Some(answers::read::<DescribeLimitsOutput>(body)?),
            PollStep::Shards { next_token } => {
                let page: ListShardsOutput = answers::read(body)?;
                for shard in page.shards {
                    self.shards_so_far.push(shard.into_view()?);
                }
                match page.next_token {
                    // A token that does not move on, or one page too many, ends the paging.
                    Some(token) if next_token.as_ref() == Some(&token) => return None,
                    Some(token) if self.shards_so_far.len() < MAX_LISTED => {
                        return Some(PollStep::Shards { next_token: Some(token) });
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
