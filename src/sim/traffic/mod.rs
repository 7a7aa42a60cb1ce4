//! Described traffic (docs/behaviour.md §11.7): producers given as a rate, a record size, a
//! set of partition keys and a time span, accounted exactly as the PutRecords calls they stand
//! for, without a value per record.
//!
//! Each second on the clock ("tick"), a producer sends that second's records at once. The
//! records of a tick are the hot key's share first, then the others, each taking the next of
//! the producer's keys by number, round and round, so that a second's records spread over the
//! hash key space as random keys would. They go out as a client that groups
//! records by shard would send them (the Kinesis Producer Library does): shard after shard in
//! hash key order, in PutRecords calls of at most 500 records and 5 MiB. Each call meets the
//! same limits, throttling, splits, metrics and sequence numbers as if sent through the front
//! door; `tests/native/traffic.rs` sends the same calls both ways and compares.

mod calls;
mod consumer;
mod minutes;
mod pattern;
mod retry;
mod source;
mod tick;

use std::sync::Arc;

pub use consumer::{Consumer, ConsumerSpec, StartingPosition, poll};
pub use minutes::{CallMinute, CallMinutes, Caller, FirstCall, GetCall, PutCall};
pub use pattern::RatePattern;
pub use retry::RECORD_TTL_MS;
pub use source::{Source, partition_key, record_data};
pub use tick::{steady_ticks, tick};

use super::records::Block;
use super::shapes::STREAM_NAME;

/// The most records a second one producer sends: ten times an on-demand stream's maximum.
pub const MAX_RECORDS_PER_SECOND: u64 = 2_000_000;
/// The most partition keys a producer uses; sorting them by hash key is its set-up cost.
pub const MAX_KEYS: u32 = 100_000;
/// A record is at most 1 MiB, partition key included.
const RECORD_MAX: u64 = 1024 * 1024;

/// A producer as described: what it sends, where, and when. Saved in sessions and share links
/// under these names (the playground reads them back by hand).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ProducerSpec {
    /// Names the producer in its records' data: letters, digits, `_`, `.` and `-`.
    pub name: String,
    pub stream_name: String,
    /// The rate the pattern starts from (its trough, for a daily cycle).
    pub records_per_second: u64,
    pub pattern: RatePattern,
    /// Data bytes of every record; the partition key comes on top.
    pub data_bytes: u32,
    /// Partition keys `key-0`, `key-1`, …, all of one length.
    pub key_count: u32,
    /// The share of each second's records that go to key 0, in thousandths (0: no hot key).
    pub hot_key_per_mille: u32,
    /// The first tick is the first whole second at or after this.
    pub start_ms: i64,
    /// No tick at or after this.
    pub stop_ms: Option<i64>,
    /// Whether throttled records are sent again, as the Kinesis Producer Library does
    /// (`retry`). Producers saved before retries were modelled read back without.
    pub retries: bool,
}

impl ProducerSpec {
    /// Why the description cannot be run, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        let name_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
        if self.name.is_empty() || self.name.len() > 64 || !self.name.chars().all(name_ok) {
            return Err("A producer's name has 1 to 64 letters, digits, '_', '.' or '-'.".to_owned());
        }
        let (min, max) = (STREAM_NAME.min, STREAM_NAME.max);
        if !(min..=max).contains(&self.stream_name.len()) || !self.stream_name.chars().all(name_ok) {
            // Quoted and cut as the service echoes a value, not Rust-escaped: `{:?}` would bring the
            // standard library's tables of printable characters into the page.
            let echoed = crate::sim::validate::echo(&self.stream_name);
            return Err(format!("The stream name is not a valid stream name: \"{echoed}\"."));
        }
        let (lowest, highest) = self.pattern.span(self.records_per_second);
        if lowest < 1 || highest > MAX_RECORDS_PER_SECOND {
            return Err(format!("Records per second must be 1 to {MAX_RECORDS_PER_SECOND}, all along the pattern."));
        }
        if !(1..=MAX_KEYS).contains(&self.key_count) {
            return Err(format!("A producer has 1 to {MAX_KEYS} partition keys."));
        }
        let key_len = partition_key(self.key_count - 1, self.key_count).len() as u64;
        if u64::from(self.data_bytes) + key_len > RECORD_MAX {
            return Err(format!("A record is at most 1 MiB with its {key_len}-byte partition key."));
        }
        if self.hot_key_per_mille > 1000 {
            return Err("The hot key's share is 0 to 1000 thousandths.".to_owned());
        }
        if self.stop_ms.is_some_and(|stop| stop < self.start_ms) {
            return Err("A producer stops after it starts.".to_owned());
        }
        Ok(())
    }
}

/// A running producer.
#[derive(Clone, Debug)]
pub struct Producer {
    pub spec: ProducerSpec,
    source: Arc<Source>,
    /// When the next tick is, and the clock minute of the first (where a pattern starts).
    pub next_tick_ms: i64,
    first_minute: i64,
    /// The number of the next uniform record: which key it takes.
    next_j: u64,
    /// Each shard's key numbers (`Source::numbers_in`) by shard index, once looked up.
    keys: Vec<Option<Arc<[u32]>>>,
    /// No steady stretch (`steady_ticks`) is tried before this: one was refused in this minute.
    pub(crate) steady_after_ms: i64,
    /// Records waiting to be sent again, when the producer retries.
    backlog: retry::Backlog,
    /// Records given up on: throttled (and, retrying, still not stored when their time to live
    /// passed), or refused by a stream that takes no records.
    pub failed: u64,
    /// Ticks run at once, in steady stretches (`steady_ticks`): what the benchmarks and tests
    /// look at to see a stretch taken.
    pub ticks_at_once: u64,
    /// Its calls per minute, for the inspector.
    pub minutes: CallMinutes,
}

impl Producer {
    /// A producer whose first tick is the first whole second at or after both its start and
    /// `after_ms`.
    pub fn new(spec: ProducerSpec, after_ms: i64) -> Result<Self, String> {
        spec.check()?;
        let source = Arc::new(Source::new(&spec.name, spec.data_bytes, spec.key_count));
        let next_tick_ms = spec.start_ms.max(after_ms).saturating_add(999).div_euclid(1000).saturating_mul(1000);
        let first_minute = next_tick_ms.div_euclid(60_000);
        Ok(Self {
            spec,
            source,
            next_tick_ms,
            first_minute,
            next_j: 0,
            keys: Vec::new(),
            steady_after_ms: 0,
            backlog: retry::Backlog::default(),
            failed: 0,
            ticks_at_once: 0,
            minutes: CallMinutes::default(),
        })
    }

    /// The calls of the minute starting at `minute_ms`, begun when its first tick runs.
    fn minute_at(&mut self, minute_ms: i64) -> &mut CallMinute {
        self.minutes.at(Caller::Producer, &self.spec.name, &self.spec.stream_name, minute_ms)
    }

    /// The records waiting to be sent again.
    pub fn waiting(&self) -> u64 {
        self.backlog.records()
    }

    /// Whether the producer has another tick.
    pub fn is_running(&self) -> bool {
        self.spec.stop_ms.is_none_or(|stop| self.next_tick_ms < stop)
    }

    /// What this producer sends `shard` in a tick of `hot` and `uniform` records whose first
    /// uniform one is `first_j`. The shard's keys are looked up once: a shard's hash key range
    /// never changes, and a tick would otherwise scan the key table per shard.
    fn block(&mut self, shard: &crate::sim::Shard, hot: u64, uniform: u64, first_j: u64) -> Block {
        let at = shard.index as usize;
        if self.keys.len() <= at {
            self.keys.resize(at + 1, None);
        }
        let source = &self.source;
        let keys = self.keys[at]
            .get_or_insert_with(|| source.numbers_in(shard.starting_hash_key, shard.ending_hash_key))
            .clone();
        Block {
            source: Arc::clone(source),
            hot,
            hot_here: shard.contains(source.hot_hash_key()),
            uniform,
            first_j,
            keys,
            put: Default::default(),
        }
    }

    /// The hot key's records and the others, in the next tick.
    fn split_of_tick(&self) -> (u64, u64) {
        let minute = self.next_tick_ms.div_euclid(60_000);
        let all = self.spec.pattern.rate(self.spec.records_per_second, self.first_minute, minute);
        let hot = all * u64::from(self.spec.hot_key_per_mille) / 1000;
        (hot, all - hot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ProducerSpec {
        ProducerSpec {
            name: "orders".into(),
            stream_name: "s".into(),
            records_per_second: 1000,
            pattern: RatePattern::Constant,
            data_bytes: 1000,
            key_count: 100,
            hot_key_per_mille: 0,
            start_ms: 0,
            stop_ms: None,
            retries: true,
        }
    }

    #[test]
    fn descriptions_that_cannot_run_say_why() {
        assert_eq!(spec().check(), Ok(()));
        type Change = fn(&mut ProducerSpec);
        let cases: [(Change, &str); 11] = [
            (|s| s.name = String::new(), "name"),
            (|s| s.name = "a\"b".into(), "name"),
            (|s| s.stream_name = "x/y".into(), "stream name"),
            (|s| s.stream_name = "s".repeat(129), "stream name"),
            (|s| s.records_per_second = 0, "Records per second"),
            (|s| s.records_per_second = MAX_RECORDS_PER_SECOND + 1, "Records per second"),
            (|s| s.pattern = RatePattern::Spike { factor: 2001, after_minutes: 0, lasting_minutes: 1 }, "pattern"),
            (|s| s.pattern = RatePattern::Ramp { to: 0, over_minutes: 5 }, "pattern"),
            (|s| s.key_count = 0, "partition keys"),
            (|s| s.data_bytes = 1024 * 1024 - 5, "1 MiB"),
            (|s| s.hot_key_per_mille = 1001, "hot key"),
        ];
        for (change, word) in cases {
            let mut spec = spec();
            change(&mut spec);
            let error = spec.check().expect_err(word);
            assert!(error.contains(word), "{error} names {word}");
        }
        let stops_first = ProducerSpec { start_ms: 10, stop_ms: Some(5), ..spec() };
        assert!(stops_first.check().is_err());
        let fits = ProducerSpec { data_bytes: 1024 * 1024 - "key-99".len() as u32, ..spec() };
        assert_eq!(fits.check(), Ok(()), "a record of exactly 1 MiB with its key");
    }

    #[test]
    fn the_first_tick_is_the_next_whole_second() {
        let at =
            |start_ms, after_ms| Producer::new(ProducerSpec { start_ms, ..spec() }, after_ms).unwrap().next_tick_ms;
        assert_eq!(at(0, 1), 1000);
        assert_eq!(at(2000, 1), 2000);
        assert_eq!(at(2001, 1), 3000);
        assert_eq!(at(0, 5000), 5000);
        let stopped = Producer::new(ProducerSpec { stop_ms: Some(1000), ..spec() }, 1).unwrap();
        assert!(!stopped.is_running(), "no tick before its stop");
    }
}
