//! What replays: the journal of the user's intents, in order, each with the simulation time it
//! took effect. The core is deterministic, so applying the same intents at the same times
//! rebuilds the same account, byte for byte; a saved session or a share link is a journal and
//! where the clock stood.
//!
//! An intent is anything that changes what the simulation does from then on: an API call, the
//! choice of status durations, and later the traffic settings, which are not API calls. Clock
//! speed and pausing are not intents: they change when things happen on the wall clock, not what
//! happens in simulation time.

use serde::Serialize;

use super::session::Preset;
use crate::sim::{ConsumerSpec, ProducerSpec};

/// One intent at a simulation time. Saved as `{"kind": …, "at_ms": …, …}` (and read back by
/// `session::read_event`): a new kind of intent is a new variant, and journals without it read as
/// before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// An API call through the front door, as the operation's name and the request body.
    Call { at_ms: i64, operation: String, body: String },
    /// Realistic or fast durations for the transitions that start from then on.
    Durations { at_ms: i64, preset: Preset },
    /// A described producer started (docs/behaviour.md §11.7). The simulator numbers producers
    /// in the order they start, so a replay gives each the same number.
    StartProducer { at_ms: i64, spec: ProducerSpec },
    /// The producer of that number stopped.
    StopProducer { at_ms: i64, id: u32 },
    /// A described consumer started (docs/behaviour.md §11.10), numbered as producers are.
    StartConsumer { at_ms: i64, spec: ConsumerSpec },
    /// The consumer of that number stopped.
    StopConsumer { at_ms: i64, id: u32 },
}

/// The intents of one session, from the simulation time it began.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    started_ms: i64,
    events: Vec<Event>,
}

impl Journal {
    pub fn starting_at(started_ms: i64) -> Self {
        Self { started_ms, events: Vec::new() }
    }

    pub fn started_ms(&self) -> i64 {
        self.started_ms
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn record(&mut self, event: Event) {
        self.events.push(event);
    }
}
