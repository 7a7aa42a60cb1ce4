//! The simulated account and the changes a user can make to it. The playground keeps three
//! things apart: what replays (its [`Journal`] of intents), what the inspector shows (the
//! [`ExchangeLog`]), and what the workspace draws (an [`AccountView`], built on demand). Each intent
//! is carried out and recorded in one place (`call_at`, `preset_at`), which a replay goes
//! through as well (`apply`).

use std::rc::Rc;

use super::account_view::{AccountView, ShardView, StreamRow, announce};
use super::charts::{Chart, Period, stream_charts};
use super::journal::{Event, Journal};
use super::metrics_view::{MinuteRow, TABLE_MINUTES, minute_rows, stream_costs};
use super::session::{Preset, SESSION_VERSION, SavedSession};
use super::traffic_form::RunningProducer;
use super::{CallLog, CallRows, Exchange, ExchangeLog, SimClock};
use crate::sim::{
    AccountLimits, CallMinute, Config, ConsumerSpec, Costs, Operation, ProducerSpec, Simulator, shard_id,
};

#[derive(Clone, Debug)]
pub struct Playground {
    simulator: Simulator,
    clock: SimClock,
    preset: Preset,
    /// Simulation time as of the last tick or call.
    now_ms: i64,
    journal: Journal,
    /// Shared with the views as snapshots; a call appends without copying.
    exchanges: ExchangeLog,
    /// Described traffic's calls per minute, as the inspector sums them up.
    calls: CallLog,
    /// The latest status changes in words, for screen readers (an aria-live region).
    announcement: String,
    /// A jump of the clock under way (`jump_by`): where it started and where it goes.
    jump: Option<(i64, i64)>,
}

/// A jump moves the simulation on a clock minute at a time, to the last millisecond of each: the
/// unit a described producer's steady stretch is worked out in (docs/behaviour.md §11.7). A step
/// that ended inside a minute would cut its stretch in two, and each part costs a tick of its own.
const JUMP_STEP_MS: i64 = 60_000;
/// How long one slice of a jump may run before the page gets to draw and answer: long enough
/// that drawing between slices costs little of a jump, short enough to answer a click at once.
const JUMP_SLICE_MS: f64 = 150.0;

fn config(preset: Preset) -> Config {
    Config { durations: preset.durations(), ..Config::default() }
}

impl Playground {
    pub fn new(wall_ms: f64) -> Self {
        let clock = SimClock::starting_at(wall_ms);
        let now_ms = clock.now(wall_ms);
        Self {
            simulator: Simulator::new(config(Preset::Realistic)),
            clock,
            preset: Preset::Realistic,
            now_ms,
            journal: Journal::starting_at(now_ms),
            exchanges: ExchangeLog::default(),
            calls: CallLog::default(),
            announcement: String::new(),
            jump: None,
        }
    }

    /// A playground whose simulation clock starts at `start_ms` with the given durations.
    pub fn starting(start_ms: i64, preset: Preset, wall_ms: f64) -> Self {
        let mut playground = Self::new(wall_ms);
        playground.clock = SimClock::resuming(start_ms, wall_ms, 1, true);
        playground.journal = Journal::starting_at(start_ms);
        playground.now_ms = start_ms;
        if preset != Preset::Realistic {
            playground.preset_at(preset, start_ms);
        }
        playground
    }

    /// One call at a given simulation time (a scenario step); returns the time it was made.
    pub fn call_at_time(&mut self, operation: Operation, body: String, at_ms: i64) -> i64 {
        self.call_at(operation, body, at_ms);
        self.now_ms
    }

    pub fn next_transition_ms(&self) -> Option<i64> {
        self.simulator.next_transition_ms()
    }

    /// Moves the simulation to `now_ms` and lets the clock run from there.
    pub fn resume_at(&mut self, now_ms: i64, speed: u32, paused: bool, wall_ms: f64) {
        self.advance_to(now_ms);
        self.clock = SimClock::resuming(self.now_ms, wall_ms, speed, paused);
        self.announcement.clear();
    }

    /// Rebuilds a saved session by replaying its journal; the clock resumes where it stood.
    pub fn restore(saved: &SavedSession, wall_ms: f64) -> Self {
        let mut playground = Self::new(wall_ms);
        playground.clock = SimClock::resuming(saved.started_ms, wall_ms, 1, true);
        playground.journal = Journal::starting_at(saved.started_ms);
        playground.now_ms = saved.started_ms;
        for event in &saved.events {
            playground.apply(event.clone());
        }
        playground.resume_at(saved.now_ms, saved.speed, saved.paused, wall_ms);
        playground
    }

    pub fn save(&self) -> SavedSession {
        SavedSession {
            version: SESSION_VERSION,
            started_ms: self.journal.started_ms(),
            events: self.journal.events().to_vec(),
            now_ms: self.now_ms,
            speed: self.clock.speed(),
            paused: self.clock.is_paused(),
        }
    }

    /// Carries out one intent at its time (or now, if that has passed) and records it in the
    /// journal at the time it took effect. A call naming an unknown operation changes nothing
    /// (saved sessions are checked for them before they replay).
    fn apply(&mut self, event: Event) {
        match event {
            Event::Call { at_ms, operation, body } => {
                if let Some(operation) = Operation::from_name(&operation) {
                    self.call_at(operation, body, at_ms);
                }
            }
            Event::Durations { at_ms, preset } => self.preset_at(preset, at_ms),
            // Journals hold only producers that started, so a replay starts them too.
            Event::StartProducer { at_ms, spec } => {
                let _ = self.start_producer_at(spec, at_ms);
            }
            Event::StopProducer { at_ms, id } => self.stop_producer_at(id, at_ms),
            Event::StartConsumer { at_ms, spec } => {
                let _ = self.start_consumer_at(spec, at_ms);
            }
            Event::StopConsumer { at_ms, id } => self.stop_consumer_at(id, at_ms),
        }
    }

    /// The name the next producer gets, as the Traffic region names them: `producer-1`, …
    pub fn next_producer_name(&self) -> String {
        format!("producer-{}", self.simulator.producers().map(|(id, _)| id + 2).max().unwrap_or(1))
    }

    /// The name the next consumer gets: `consumer-1`, …
    pub fn next_consumer_name(&self) -> String {
        format!("consumer-{}", self.simulator.consumers().map(|(id, _)| id + 2).max().unwrap_or(1))
    }

    pub(crate) fn start_consumer_at(&mut self, spec: ConsumerSpec, at_ms: i64) -> Result<u32, String> {
        self.advance_to(at_ms);
        let id = self.simulator.start_consumer(spec.clone())?;
        self.journal.record(Event::StartConsumer { at_ms: self.now_ms, spec });
        Ok(id)
    }

    pub(crate) fn stop_consumer_at(&mut self, id: u32, at_ms: i64) {
        self.advance_to(at_ms);
        if self.simulator.stop_consumer(id) {
            self.journal.record(Event::StopConsumer { at_ms: self.now_ms, id });
        }
    }

    /// Starts a described consumer now (docs/behaviour.md §11.10). Returns its number, or why
    /// the description cannot run.
    pub fn start_consumer(&mut self, spec: ConsumerSpec, wall_ms: f64) -> Result<u32, String> {
        self.tick(wall_ms);
        self.start_consumer_at(spec, self.now_ms)
    }

    /// Stops a consumer now.
    pub fn stop_consumer(&mut self, id: u32, wall_ms: f64) {
        self.tick(wall_ms);
        self.stop_consumer_at(id, self.now_ms);
    }

    /// The running consumers, by number, with how far behind each is, in milliseconds.
    pub fn consumers(&self) -> Vec<(u32, ConsumerSpec, i64)> {
        self.simulator.consumers().map(|(id, consumer)| (id, consumer.spec.clone(), consumer.behind_ms)).collect()
    }

    pub(crate) fn start_producer_at(&mut self, spec: ProducerSpec, at_ms: i64) -> Result<u32, String> {
        self.advance_to(at_ms);
        let id = self.simulator.start_producer(spec.clone())?;
        self.journal.record(Event::StartProducer { at_ms: self.now_ms, spec });
        Ok(id)
    }

    pub(crate) fn stop_producer_at(&mut self, id: u32, at_ms: i64) {
        self.advance_to(at_ms);
        if self.simulator.stop_producer(id) {
            self.journal.record(Event::StopProducer { at_ms: self.now_ms, id });
        }
    }

    /// Starts described traffic now (docs/behaviour.md §11.7). Returns the producer's number,
    /// or why the description cannot run.
    pub fn start_producer(&mut self, spec: ProducerSpec, wall_ms: f64) -> Result<u32, String> {
        self.tick(wall_ms);
        self.start_producer_at(spec, self.now_ms)
    }

    /// Stops a producer now.
    pub fn stop_producer(&mut self, id: u32, wall_ms: f64) {
        self.tick(wall_ms);
        self.stop_producer_at(id, self.now_ms);
    }

    /// A stream's latest minutes of metrics, newest first (the Metrics region).
    pub fn minutes(&self, name: &str) -> Vec<MinuteRow> {
        self.simulator.stream(name).map_or_else(Vec::new, |stream| minute_rows(stream, TABLE_MINUTES))
    }

    /// A stream's charts over `period` (the Metrics region).
    pub fn charts(&self, name: &str, period: Period) -> Vec<Chart> {
        self.simulator.stream(name).map_or_else(Vec::new, |stream| stream_charts(stream, self.now_ms, period))
    }

    /// What a stream's traffic has cost so far (the Cost region).
    pub fn costs(&self, name: &str) -> Option<Costs> {
        self.simulator.stream(name).map(|stream| stream_costs(stream, self.now_ms))
    }

    /// The running producers, by number.
    pub fn producers(&self) -> Vec<RunningProducer> {
        let row = |(id, producer): (u32, &crate::sim::Producer)| RunningProducer {
            id,
            spec: producer.spec.clone(),
            waiting: producer.waiting(),
            failed: producer.failed,
        };
        self.simulator.producers().map(row).collect()
    }

    fn call_at(&mut self, operation: Operation, body: String, at_ms: i64) -> Rc<Exchange> {
        self.advance_to(at_ms);
        let (response, elapsed_ms) =
            super::exchange::timed(|| self.simulator.handle(&operation.target(), body.as_bytes(), self.now_ms));
        self.journal.record(Event::Call {
            at_ms: self.now_ms,
            operation: operation.name().to_owned(),
            body: body.clone(),
        });
        let response_body = String::from_utf8_lossy(&response.body).into_owned();
        self.exchanges
            .push(Exchange::new(self.now_ms, operation, body, response.status, response_body).took(elapsed_ms))
    }

    fn preset_at(&mut self, preset: Preset, at_ms: i64) {
        self.advance_to(at_ms);
        self.preset = preset;
        self.simulator.set_durations(preset.durations());
        self.journal.record(Event::Durations { at_ms: self.now_ms, preset });
    }

    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    pub fn preset(&self) -> Preset {
        self.preset
    }

    /// Brings simulated time up to the wall clock; statuses whose time is up change. While a
    /// jump is under way the clock waits for it (`continue_jump`).
    pub fn tick(&mut self, wall_ms: f64) {
        if self.jump.is_some() {
            self.clock.jump_to(self.now_ms, wall_ms);
            return;
        }
        self.advance_to(self.clock.now(wall_ms));
    }

    /// Starts moving the clock forward by `ms` of simulation time, a slice at a time so that a
    /// day of heavy traffic never freezes the page (`continue_jump` goes on with it). A jump
    /// under way is lengthened instead.
    pub fn jump_by(&mut self, ms: i64, wall_ms: f64) {
        let ms = ms.max(0);
        self.jump = match self.jump {
            Some((from, to)) => Some((from, to.saturating_add(ms))),
            None => {
                self.tick(wall_ms);
                Some((self.now_ms, self.now_ms.saturating_add(ms)))
            }
        };
        self.continue_jump(wall_ms);
    }

    /// Goes on with the jump under way for one slice: until its end, or until the page's
    /// stopwatch says the slice has run long enough (natively, with none installed, to the end).
    /// Returns whether the jump still has a way to go.
    pub fn continue_jump(&mut self, wall_ms: f64) -> bool {
        let started = super::exchange::stopwatch_ms();
        self.continue_jump_while(wall_ms, || {
            super::exchange::stopwatch_ms().zip(started).is_none_or(|(now, started)| now - started < JUMP_SLICE_MS)
        })
    }

    /// The same, going on a step at a time while `more` says so.
    pub fn continue_jump_while(&mut self, wall_ms: f64, mut more: impl FnMut() -> bool) -> bool {
        let Some((_, to)) = self.jump else { return false };
        loop {
            let minute_end = (self.now_ms.div_euclid(JUMP_STEP_MS) + 1).saturating_mul(JUMP_STEP_MS) - 1;
            let step = if minute_end > self.now_ms { minute_end } else { minute_end.saturating_add(JUMP_STEP_MS) };
            let step = step.min(to);
            self.advance_to(step);
            if self.now_ms >= to {
                self.jump = None;
                break;
            }
            if !more() {
                break;
            }
        }
        self.clock.jump_to(self.now_ms, wall_ms);
        self.jump.is_some()
    }

    /// How far the jump under way has come, from 0 to 1.
    pub fn jump_progress(&self) -> Option<f64> {
        let (from, to) = self.jump?;
        Some((self.now_ms - from) as f64 / (to - from).max(1) as f64)
    }

    /// Advances the simulator and puts the status changes it made into words.
    fn advance_to(&mut self, target_ms: i64) {
        // Only a transition coming due changes a status: without one, skip the comparison (a
        // replay of tens of thousands of calls would otherwise list every stream each time).
        if self.simulator.next_transition_ms().is_none_or(|due_ms| due_ms > target_ms) {
            self.now_ms = self.simulator.advance(target_ms);
        } else {
            let before = self.stream_rows();
            self.now_ms = self.simulator.advance(target_ms);
            if let Some(changes) = announce(&before, &self.stream_rows()) {
                self.announcement = changes;
            }
        }
        self.calls.add(self.simulator.take_call_minutes());
    }

    /// The inspector's rows for described traffic, newest first.
    pub fn call_minutes(&self) -> CallRows {
        self.calls.newest(self.simulator.call_minutes_under_way())
    }

    /// A row's first call as the inspector shows it, or why it cannot be written out.
    pub fn sample_call(&self, minute: &CallMinute) -> Result<Rc<Exchange>, &'static str> {
        let call = self.simulator.sample_call(minute)?;
        Ok(Rc::new(Exchange::new(call.at_ms, call.operation, call.request, call.status, call.response)))
    }

    /// The latest status changes, in words.
    pub fn announcement(&self) -> &str {
        &self.announcement
    }

    /// One API call through the front door, logged for the inspector.
    pub fn send(&mut self, operation: Operation, request_body: String, wall_ms: f64) -> Rc<Exchange> {
        self.tick(wall_ms);
        self.call_at(operation, request_body, self.now_ms)
    }

    /// Realistic or fast durations for the transitions that start from now on.
    pub fn set_preset(&mut self, preset: Preset, wall_ms: f64) {
        self.tick(wall_ms);
        self.preset_at(preset, self.now_ms);
    }

    pub fn set_speed(&mut self, speed: u32, wall_ms: f64) {
        self.tick(wall_ms);
        self.clock.set_speed(speed, wall_ms);
    }

    pub fn set_paused(&mut self, paused: bool, wall_ms: f64) {
        self.tick(wall_ms);
        self.clock.set_paused(paused, wall_ms);
    }

    /// Moves the clock forward by `ms` of simulation time.
    pub fn advance_by(&mut self, ms: i64, wall_ms: f64) {
        self.tick(wall_ms);
        self.clock.jump_to(self.now_ms.saturating_add(ms.max(0)), wall_ms);
        self.tick(wall_ms);
    }

    /// Moves the simulation to `now_ms` (where steps played ahead of the clock left it: a
    /// tutorial's "Do it for me") and the clock with it, keeping its speed. Unlike `resume_at`,
    /// the status changes on the way are announced.
    pub fn clock_to(&mut self, now_ms: i64, wall_ms: f64) {
        self.advance_to(now_ms);
        self.clock.jump_to(self.now_ms, wall_ms);
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

    pub fn exchanges(&self) -> ExchangeLog {
        self.exchanges.clone()
    }

    /// DescribeLimits' figures as they stand, without spending the call's rate limit.
    fn limits(&self) -> AccountLimits {
        self.simulator.limits()
    }

    /// What the workspace draws, with the shards of `selected` for the detail view.
    pub fn view(&self, selected: Option<&str>) -> AccountView {
        AccountView {
            rows: self.stream_rows(),
            limits: Some(self.limits()),
            detail: selected.map(|name| (name.to_owned(), self.shard_views(name))),
            announcement: self.announcement.clone(),
        }
    }

    /// The shards of a stream as DescribeStream would list them now (none while CREATING).
    fn shard_views(&self, name: &str) -> Vec<ShardView> {
        let Some(stream) = self.simulator.stream(name) else { return Vec::new() };
        stream
            .listed_shards(self.now_ms)
            .map(|shard| ShardView {
                generation: shard.generation,
                shard_id: shard.shard_id(),
                parent: shard.parent.map(shard_id),
                adjacent_parent: shard.adjacent_parent.map(shard_id),
                starting_hash_key: shard.starting_hash_key,
                ending_hash_key: shard.ending_hash_key,
                starting_sequence_number: shard.starting_sequence_number.clone(),
                open: shard.is_open(),
                load_percent: shard.is_open().then(|| shard.data.heat.load_percent(self.now_ms)),
            })
            .collect()
    }

    pub fn stream_rows(&self) -> Vec<StreamRow> {
        self.simulator
            .streams()
            .map(|stream| StreamRow {
                name: stream.name.clone(),
                arn: stream.arn.clone(),
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
    use crate::sim::{StreamMetric, StreamStatus};

    const WALL: f64 = 1_700_000_000_000.0;

    #[test]
    fn a_created_stream_counts_down_to_active() {
        let mut p = Playground::new(WALL);
        let exchange = p.send(Operation::CreateStream, r#"{"StreamName":"orders","ShardCount":2}"#.into(), WALL);
        assert_eq!((exchange.status, exchange.response_body.as_str()), (200, ""));

        p.tick(WALL + 10_000.0);
        let row = &p.stream_rows()[0];
        assert_eq!(row.status, StreamStatus::Creating);
        assert_eq!(row.next_transition_in_ms, Some(20_000));

        p.skip_to_next_transition(WALL + 10_000.0);
        assert_eq!(p.announcement(), "Stream orders is now ACTIVE (PROVISIONED).");
        let row = &p.stream_rows()[0];
        assert_eq!((row.status, row.open_shard_count, row.next_transition_in_ms), (StreamStatus::Active, 2, None));
        assert!(!p.has_pending_transition());
        assert_eq!(p.limits().open_shard_count, 2);
    }

    #[test]
    fn every_call_is_logged_in_order_with_its_time() {
        let mut p = Playground::new(WALL);
        p.send(Operation::CreateStream, "{".into(), WALL);
        p.send(Operation::DescribeStreamSummary, r#"{"StreamName":"x"}"#.into(), WALL + 1_500.0);
        let log = p.exchanges().since(0);
        assert_eq!(log.len(), 2);
        assert_eq!((log[0].sequence, log[0].status), (1, 400));
        assert_eq!(log[0].error_type(), Some("SerializationException"));
        assert_eq!((log[1].sequence, log[1].at_ms), (2, 1_700_000_001_500));
        assert_eq!(log[1].error_type(), Some("ResourceNotFoundException"));
        assert_eq!(log[1].request_headers()[0].1, "Kinesis_20131202.DescribeStreamSummary");
    }

    #[test]
    fn fast_durations_apply_to_new_transitions() {
        let mut p = Playground::new(WALL);
        p.set_preset(Preset::Fast, WALL);
        p.send(Operation::CreateStream, r#"{"StreamName":"a","ShardCount":1}"#.into(), WALL);
        assert_eq!(p.stream_rows()[0].next_transition_in_ms, Some(500));
        p.tick(WALL + 500.0);
        assert_eq!(p.stream_rows()[0].status, StreamStatus::Active);
    }

    #[test]
    fn a_saved_session_replays_to_the_same_bytes_and_clock() {
        let mut p = Playground::new(WALL);
        p.send(
            Operation::CreateStream,
            r#"{"StreamName":"a","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#.into(),
            WALL,
        );
        p.skip_to_next_transition(WALL + 1_000.0);
        p.set_preset(Preset::Fast, WALL + 2_000.0);
        let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/a";
        let switch = format!(r#"{{"StreamARN":"{arn}","StreamModeDetails":{{"StreamMode":"PROVISIONED"}}}}"#);
        p.send(Operation::UpdateStreamMode, switch, WALL + 2_000.0);
        p.set_speed(60, WALL + 2_100.0);
        p.tick(WALL + 2_200.0);
        let saved = p.save();

        let text = saved.to_json();
        let restored = Playground::restore(&SavedSession::from_json(&text).unwrap(), WALL + 99_000.0);
        assert_eq!(restored.exchanges().since(0), p.exchanges().since(0));
        assert_eq!(restored.stream_rows(), p.stream_rows());
        assert_eq!(restored.now_ms(), p.now_ms(), "time stood still while the page was closed");
        assert_eq!((restored.clock().speed(), restored.preset()), (60, Preset::Fast));
        assert_eq!(restored.save(), saved);
    }

    /// A jump goes a slice at a time, the clock waiting for it, and ends where it was asked to;
    /// a second jump during the first lengthens it.
    #[test]
    fn jumps_go_a_slice_at_a_time() {
        let mut p = Playground::new(WALL);
        let start = p.now_ms();
        let mut steps = 0;
        p.jump = Some((start, start + 10 * JUMP_STEP_MS));
        assert!(p.continue_jump_while(WALL, || {
            steps += 1;
            steps < 3
        }));
        // To the end of the clock's minute, then a whole minute at a time.
        let first_end = (start.div_euclid(JUMP_STEP_MS) + 1) * JUMP_STEP_MS - 1;
        assert_eq!(p.now_ms(), first_end + 2 * JUMP_STEP_MS, "three steps in the slice");
        p.tick(WALL + 60_000.0);
        assert_eq!(p.now_ms(), first_end + 2 * JUMP_STEP_MS, "the clock waits for the jump");
        let progress = (first_end + 2 * JUMP_STEP_MS - start) as f64 / (10 * JUMP_STEP_MS) as f64;
        assert!((p.jump_progress().unwrap() - progress).abs() < 1e-9);
        p.jump_by(5 * JUMP_STEP_MS, WALL + 60_000.0);
        assert_eq!(p.jump_progress(), None, "natively, with no stopwatch, a jump ends at once");
        assert_eq!(p.now_ms(), start + 15 * JUMP_STEP_MS);
        p.tick(WALL + 61_000.0);
        assert_eq!(p.now_ms(), start + 15 * JUMP_STEP_MS + 1000, "then the clock runs from there");
    }

    /// A producer started and another stopped replay at their times: the same producers run and
    /// the stream stored the same records.
    #[test]
    fn producers_replay_with_the_session() {
        let mut p = Playground::new(WALL);
        p.set_preset(Preset::Fast, WALL);
        p.send(Operation::CreateStream, r#"{"StreamName":"a","ShardCount":1}"#.into(), WALL);
        p.skip_to_next_transition(WALL);
        let spec = |name: &str, records_per_second| ProducerSpec {
            name: name.into(),
            stream_name: "a".into(),
            records_per_second,
            pattern: crate::sim::RatePattern::Constant,
            data_bytes: 100,
            key_count: 10,
            hot_key_per_mille: 0,
            start_ms: 0,
            stop_ms: None,
            retries: true,
        };
        assert_eq!(p.start_producer(spec("steady", 800), WALL + 1_000.0), Ok(0));
        assert_eq!(p.start_producer(spec("burst", 700), WALL + 3_000.0), Ok(1));
        assert!(p.start_producer(spec("", 1), WALL + 3_000.0).unwrap_err().contains("name"));
        let reader = |name: &str| crate::sim::ConsumerSpec {
            name: name.into(),
            stream_name: "a".into(),
            starting_position: crate::sim::StartingPosition::TrimHorizon,
            start_ms: 0,
        };
        assert_eq!(p.start_consumer(reader("first"), WALL + 2_000.0), Ok(0));
        assert_eq!(p.start_consumer(reader("second"), WALL + 4_000.0), Ok(1));
        p.stop_consumer(0, WALL + 5_000.0);
        p.stop_producer(1, WALL + 6_000.0);
        p.advance_by(120_000, WALL + 6_000.0);
        assert_eq!(
            p.producers().iter().map(|row| (row.id, row.spec.name.as_str())).collect::<Vec<_>>(),
            [(0, "steady")]
        );

        let restored = Playground::restore(&SavedSession::from_json(&p.save().to_json()).unwrap(), WALL + 9_000.0);
        assert_eq!(restored.producers(), p.producers());
        assert_eq!(restored.consumers(), p.consumers());
        assert_eq!(
            p.consumers().iter().map(|(id, spec, _)| (*id, spec.name.as_str())).collect::<Vec<_>>(),
            [(1, "second")]
        );
        let metrics = |p: &Playground| {
            let stream = p.simulator.stream("a").unwrap();
            let series = |metric| stream.metrics.series(metric, 0, i64::MAX).map(|(_, point)| point.sum).sum::<u64>();
            let read = series(StreamMetric::GetRecordsRecords);
            (series(StreamMetric::IncomingRecords), series(StreamMetric::WriteProvisionedThroughputExceeded), read)
        };
        let (stored, throttled, read) = metrics(&p);
        assert!(stored > 0 && throttled > 0, "one shard takes 1,000 of the 1,500 a second: {stored}, {throttled}");
        assert!(read > 0, "the consumers read");
        assert_eq!(metrics(&restored), (stored, throttled, read));
        assert_eq!(restored.save(), p.save());
    }
}
