//! The streams of one simulated account and the clock-driven end of their transitional states.
//!
//! Pending transitions sit in a queue sorted by due time, so settling the account at a time is a
//! walk over the due entries and "when is the next transition?" is a lookup of the first one.

use std::collections::{BTreeMap, BTreeSet};

use super::config::Config;
use super::stream::{Outcome, Stream, StreamStatus, Transition};

#[derive(Clone, Debug, Default)]
pub struct Account {
    pub config: Config,
    streams: BTreeMap<String, Stream>,
    /// (due time, stream name) of every stream with a pending transition.
    queue: BTreeSet<(i64, String)>,
}

impl Account {
    pub fn new(config: Config) -> Self {
        Self { config, streams: BTreeMap::new(), queue: BTreeSet::new() }
    }

    /// Applies every transition due at or before `now`.
    pub fn settle(&mut self, now_ms: i64) {
        while let Some((due_ms, _)) = self.queue.first() {
            if *due_ms > now_ms {
                break;
            }
            let Some((_, name)) = self.queue.pop_first() else { break };
            let Some(stream) = self.streams.get_mut(&name) else { continue };
            match stream.pending.take().map(|t| t.outcome) {
                Some(Outcome::Active) => stream.status = StreamStatus::Active,
                Some(Outcome::Gone) => {
                    self.streams.remove(&name);
                }
                None => {}
            }
        }
    }

    /// When the earliest pending transition is due, if any.
    pub fn next_transition_ms(&self) -> Option<i64> {
        self.queue.first().map(|(due_ms, _)| *due_ms)
    }

    pub fn stream(&self, name: &str) -> Option<&Stream> {
        self.streams.get(name)
    }

    pub fn streams(&self) -> impl Iterator<Item = &Stream> {
        self.streams.values()
    }

    /// Adds a stream whose status is transitional until `due_ms`.
    pub fn insert(&mut self, mut stream: Stream, status: StreamStatus, due_ms: i64, outcome: Outcome) {
        stream.status = status;
        stream.pending = Some(Transition { due_ms, outcome });
        self.queue.insert((due_ms, stream.name.clone()));
        self.streams.insert(stream.name.clone(), stream);
    }

    pub fn count_in_status(&self, statuses: &[StreamStatus]) -> u32 {
        self.streams.values().filter(|s| statuses.contains(&s.status)).count() as u32
    }
}
