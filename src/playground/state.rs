//! Everything the playground shows, and the changes a user can make to it. Every change to the
//! simulated account goes through the core's front door and is logged as an [`Exchange`].

use std::rc::Rc;

use super::{Exchange, SimClock};
use crate::sim::{Config, Operation, Simulator, StreamMode, StreamStatus};

#[derive(Clone, Debug)]
pub struct Playground {
    simulator: Simulator,
    clock: SimClock,
    /// Simulation time as of the last tick or call.
    now_ms: i64,
    /// Shared with the views; a new call copies it once, a tick not at all.
    exchanges: Rc<Vec<Exchange>>,
}

/// One line of the streams list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRow {
    pub name: String,
    pub status: StreamStatus,
    pub mode: StreamMode,
    pub open_shard_count: u32,
    /// Milliseconds until the current CREATING / UPDATING / DELETING ends.
    pub next_transition_in_ms: Option<i64>,
}

impl Playground {
    pub fn new(config: Config, wall_ms: f64) -> Self {
        let clock = SimClock::starting_at(wall_ms);
        let now_ms = clock.now(wall_ms);
        Self { simulator: Simulator::new(config), clock, now_ms, exchanges: Rc::default() }
    }

    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// Brings simulated time up to the wall clock; statuses whose time is up change.
    pub fn tick(&mut self, wall_ms: f64) {
        self.now_ms = self.simulator.advance(self.clock.now(wall_ms));
    }

    /// One API call through the front door, logged for the inspector.
    pub fn send(&mut self, operation: Operation, request_body: String, wall_ms: f64) -> &Exchange {
        self.tick(wall_ms);
        let response = self.simulator.handle(&operation.target(), request_body.as_bytes(), self.now_ms);
        let exchanges = Rc::make_mut(&mut self.exchanges);
        exchanges.push(Exchange {
            sequence: exchanges.len() as u32 + 1,
            at_ms: self.now_ms,
            operation,
            request_body,
            status: response.status,
            response_body: String::from_utf8_lossy(&response.body).into_owned(),
        });
        &exchanges[exchanges.len() - 1]
    }

    /// Moves the clock to the moment the next transition is due, if there is one.
    pub fn skip_to_next_transition(&mut self, wall_ms: f64) {
        if let Some(due_ms) = self.simulator.next_transition_ms() {
            self.clock.jump_to(due_ms, wall_ms);
        }
        self.tick(wall_ms);
    }

    pub fn has_pending_transition(&self) -> bool {
        self.simulator.next_transition_ms().is_some()
    }

    pub fn exchanges(&self) -> Rc<Vec<Exchange>> {
        Rc::clone(&self.exchanges)
    }

    pub fn stream_rows(&self) -> Vec<StreamRow> {
        self.simulator
            .streams()
            .map(|stream| StreamRow {
                name: stream.name.clone(),
                status: stream.status,
                mode: stream.mode,
                open_shard_count: stream.open_shard_count(),
                next_transition_in_ms: stream.pending.as_ref().map(|t| (t.due_ms - self.now_ms).max(0)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Durations;

    fn playground() -> Playground {
        Playground::new(Config { durations: Durations::REALISTIC, ..Config::default() }, 1_700_000_000_000.0)
    }

    #[test]
    fn a_created_stream_counts_down_to_active() {
        let mut p = playground();
        let wall = 1_700_000_000_000.0;
        let exchange = p.send(Operation::CreateStream, r#"{"StreamName":"orders","ShardCount":2}"#.into(), wall);
        assert_eq!((exchange.status, exchange.response_body.as_str()), (200, ""));

        p.tick(wall + 10_000.0);
        let row = &p.stream_rows()[0];
        assert_eq!(row.status, StreamStatus::Creating);
        assert_eq!(row.next_transition_in_ms, Some(20_000));

        p.skip_to_next_transition(wall + 10_000.0);
        let row = &p.stream_rows()[0];
        assert_eq!((row.status, row.open_shard_count, row.next_transition_in_ms), (StreamStatus::Active, 2, None));
        assert!(!p.has_pending_transition());
    }

    #[test]
    fn every_call_is_logged_in_order_with_its_time() {
        let mut p = playground();
        let wall = 1_700_000_000_000.0;
        p.send(Operation::CreateStream, "{".into(), wall);
        p.send(Operation::DescribeStreamSummary, r#"{"StreamName":"x"}"#.into(), wall + 1_500.0);
        let log = p.exchanges();
        assert_eq!(log.len(), 2);
        assert_eq!((log[0].sequence, log[0].status), (1, 400));
        assert_eq!(log[0].error_type().as_deref(), Some("SerializationException"));
        assert_eq!((log[1].sequence, log[1].at_ms), (2, 1_700_000_001_500));
        assert_eq!(log[1].error_type().as_deref(), Some("ResourceNotFoundException"));
        assert_eq!(log[1].request_headers()[0].1, "Kinesis_20131202.DescribeStreamSummary");
    }
}
