//! Described consumers (docs/behaviour.md §11.10): an application reading a stream with
//! GetRecords as the Kinesis Client Library does, polled once a second on every shard it holds,
//! counted rather than made.
//!
//! A consumer reads each shard from where it starts (the tip for LATEST, the oldest record for
//! TRIM_HORIZON) with calls of at most 10,000 records and 10 MiB, as GetRecords answers them,
//! and holds a child shard once it has read all its parents to their end, as the service's
//! ChildShards tell a reader to. Each call meets the shard's read limits and counts in the
//! stream's metrics exactly as the same call through the front door would;
//! `tests/native/consumers.rs` makes those calls both ways and compares.

use super::minutes::{CallMinutes, Caller, FirstCall, GetCall, Read};
use crate::sim::ops::data_plane::record_read;
use crate::sim::records::ShardIterator;
use crate::sim::stream::EncryptionType;
use crate::sim::stream::Stream;

/// What a GetRecords call of a consumer asks for: the most the service answers.
const LIMIT: u64 = 10_000;
const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// How long after each whole second a consumer polls: the middle of the second, between two
/// producer ticks, so that a consumer keeping up reads records half a second old.
const POLL_OFFSET_MS: i64 = 500;

/// Where a consumer starts on the shards open when it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum StartingPosition {
    /// After the newest record: only what arrives from then on.
    #[serde(rename = "LATEST")]
    Latest,
    /// At the oldest record still held, shards closed before it started included.
    #[serde(rename = "TRIM_HORIZON")]
    TrimHorizon,
}

impl StartingPosition {
    pub fn as_str(self) -> &'static str {
        match self {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Latest, Self::TrimHorizon].into_iter().find(|position| position.as_str() == text)
    }
}

/// A consumer as described. Saved in sessions and share links under these names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsumerSpec {
    /// Letters, digits, `_`, `.` and `-`, as a producer's.
    pub name: String,
    pub stream_name: String,
    pub starting_position: StartingPosition,
    /// The first poll is the first poll time at or after this.
    pub start_ms: i64,
}

impl ConsumerSpec {
    /// Why the description cannot be run, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        let name_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
        if self.name.is_empty() || self.name.len() > 64 || !self.name.chars().all(name_ok) {
            return Err("A consumer's name has 1 to 64 letters, digits, '_', '.' or '-'.".to_owned());
        }
        let (min, max) = (crate::sim::STREAM_NAME.min, crate::sim::STREAM_NAME.max);
        if !(min..=max).contains(&self.stream_name.len()) || !self.stream_name.chars().all(name_ok) {
            // Quoted and cut as the service echoes a value, not Rust-escaped: `{:?}` would bring the
            // standard library's tables of printable characters into the page.
            let echoed = crate::sim::validate::echo(&self.stream_name);
            return Err(format!("The stream name is not a valid stream name: \"{echoed}\"."));
        }
        Ok(())
    }
}

/// A running consumer.
#[derive(Clone, Debug)]
pub struct Consumer {
    pub spec: ConsumerSpec,
    pub next_poll_ms: i64,
    /// The shards it holds, in index order: where its next read starts in each, and when the
    /// iterator it holds for it was handed out (by its last call that was answered, or by
    /// GetShardIterator when it took the shard up).
    reading: Vec<(u32, u64, i64)>,
    /// The shards it has read to their end (or never will: closed before a LATEST start).
    done: Indexes,
    /// The shards listed (how many, the highest index) and those read to their end when it last
    /// looked for shards to take up: it looks again only when one of them changed.
    looked_at: (usize, usize, usize),
    /// The stream it started on (a stream made again under the name is another stream).
    stream_created_ms: Option<i64>,
    /// How far behind the newest record it was at its last poll, across its shards.
    pub behind_ms: i64,
    /// Its calls per minute, for the inspector.
    pub minutes: CallMinutes,
}

impl Consumer {
    /// A consumer whose first poll comes after `after_ms`.
    pub fn new(spec: ConsumerSpec, after_ms: i64) -> Result<Self, String> {
        spec.check()?;
        let from = spec.start_ms.max(after_ms);
        let next_poll_ms = (from - POLL_OFFSET_MS).saturating_add(999).div_euclid(1000) * 1000 + POLL_OFFSET_MS;
        Ok(Self {
            spec,
            next_poll_ms,
            reading: Vec::new(),
            done: Indexes::default(),
            looked_at: (usize::MAX, 0, 0),
            stream_created_ms: None,
            behind_ms: 0,
            minutes: CallMinutes::default(),
        })
    }

    /// The shards it reads now, by index.
    pub fn shards(&self) -> impl Iterator<Item = u32> + '_ {
        self.reading.iter().map(|&(index, ..)| index)
    }

    fn holds(&self, index: u32) -> bool {
        self.reading.binary_search_by_key(&index, |&(held, ..)| held).is_ok()
    }

    /// Holds a shard from `position` on, with an iterator handed out at `now_ms`.
    fn hold(&mut self, index: u32, position: u64, now_ms: i64) {
        if let Err(at) = self.reading.binary_search_by_key(&index, |&(held, ..)| held) {
            self.reading.insert(at, (index, position, now_ms));
        }
    }
}

/// Shard indexes as a sorted vector: a set of them without a B-tree in the page.
#[derive(Clone, Debug, Default)]
struct Indexes(Vec<u32>);

impl Indexes {
    fn contains(&self, index: u32) -> bool {
        self.0.binary_search(&index).is_ok()
    }

    fn insert(&mut self, index: u32) {
        if let Err(at) = self.0.binary_search(&index) {
            self.0.insert(at, index);
        }
    }
}

/// Runs `consumer`'s poll due now on `stream` (None when it does not exist: nothing is read).
pub fn poll(consumer: &mut Consumer, stream: Option<&mut Stream>, limits_on: bool) {
    let now_ms = consumer.next_poll_ms;
    consumer.next_poll_ms = now_ms.saturating_add(1000);
    let Some(stream) = stream.filter(|stream| stream.takes_records()) else { return };
    if consumer.stream_created_ms != Some(stream.created_at_ms) {
        start_on(consumer, stream, now_ms);
    }
    take_up_children(consumer, stream, now_ms);
    let retention_ms = stream.retention_ms();
    let mut behind_ms = 0;
    let mut finished = Vec::new();
    let minute_ms = now_ms.div_euclid(60_000) * 60_000;
    // Out of the consumer while its shards are read, and back after.
    let (name, stream_name) = (&consumer.spec.name, &consumer.spec.stream_name);
    consumer.minutes.at(Caller::Consumer, name, stream_name, minute_ms);
    let Some(mut minute) = consumer.minutes.under_way.take() else { return };
    let stream_created_ms = stream.created_at_ms;
    let encrypted = stream.encryption_type == EncryptionType::Kms;
    for (index, position, iterator_ms) in &mut consumer.reading {
        let index = *index;
        let Some(shard) = stream.shard_mut(index) else { continue };
        // The iterator the call sends, made only for the minute's first call: it names the
        // stream, and a poll of hundreds of shards would otherwise copy the name for each.
        let (from, held_since_ms) = (*position, *iterator_ms);
        let iterator = || ShardIterator {
            stream_name: consumer.spec.stream_name.clone(),
            stream_created_ms,
            shard_index: index,
            position: from,
            created_ms: held_since_ms,
        };
        minute.calls += 1;
        if limits_on && !shard.data.capacity.admit_read(now_ms) {
            minute.throttled += 1;
            if minute.first.is_none() {
                minute.first = Some(FirstCall::Get(GetCall { at_ms: now_ms, iterator: iterator(), read: None }));
            }
            record_read(stream, index, None, now_ms);
            // Still as far behind as its oldest unread record.
            let oldest = stream
                .shard(index)
                .and_then(|shard| shard.data.log.take(*position, 1, u64::MAX, now_ms).last_arrival_ms);
            if let Some(arrival_ms) = oldest {
                behind_ms = behind_ms.max(now_ms - arrival_ms);
            }
            continue;
        }
        shard.data.log.trim_before(now_ms.saturating_sub(retention_ms));
        let taken = shard.data.log.take(*position, LIMIT, MAX_BYTES, now_ms);
        if limits_on {
            shard.data.capacity.charge_read(taken.bytes, now_ms);
        }
        (*position, *iterator_ms) = (taken.next, now_ms);
        let at_end_of_closed = !shard.is_open() && taken.next >= shard.data.log.next_index();
        if at_end_of_closed {
            finished.push(index);
        }
        let millis_behind_latest = taken.unread_since_ms.map_or(0, |arrival_ms| (now_ms - arrival_ms).max(0));
        behind_ms = behind_ms.max(millis_behind_latest);
        minute.records += taken.count;
        if minute.first.is_none() {
            let next = (!at_end_of_closed).then_some(taken.next);
            let read = Some(Read { count: taken.count, millis_behind_latest, next, encrypted });
            minute.first = Some(FirstCall::Get(GetCall { at_ms: now_ms, iterator: iterator(), read }));
        }
        let age_ms = taken.last_arrival_ms.map_or(0, |arrival_ms| (now_ms - arrival_ms).max(0));
        record_read(stream, index, Some((taken.count, taken.bytes, age_ms as u64)), now_ms);
    }
    consumer.minutes.under_way = Some(minute);
    for index in finished {
        consumer.reading.retain(|&(held, ..)| held != index);
        consumer.done.insert(index);
    }
    consumer.behind_ms = behind_ms;
}

/// Starts on a stream: LATEST at the tip of each open shard, the closed ones counted as read;
/// TRIM_HORIZON at the oldest shards, their children to come.
fn start_on(consumer: &mut Consumer, stream: &Stream, now_ms: i64) {
    consumer.stream_created_ms = Some(stream.created_at_ms);
    consumer.reading.clear();
    consumer.done.0.clear();
    consumer.looked_at = (usize::MAX, 0, 0);
    if consumer.spec.starting_position == StartingPosition::Latest {
        for shard in stream.listed_shards(now_ms) {
            if shard.is_open() {
                // After the records that arrived by now; a producer's later seconds may be
                // stored already (`ShardLog::take`).
                consumer.hold(shard.index, shard.data.log.index_at_time(now_ms + 1), now_ms);
            } else {
                consumer.done.insert(shard.index);
            }
        }
    }
}

/// Holds every shard listed, not yet held or read, whose parents are read to their end (or no
/// longer listed), from its oldest record. Only when the listing or the shards read changed
/// since it last looked: a poll of hundreds of shards would otherwise check them all again.
fn take_up_children(consumer: &mut Consumer, stream: &Stream, now_ms: i64) {
    // A new shard has the highest index yet; an expired one leaves the count.
    let highest = stream.listed_shards(now_ms).map(|shard| shard.index).max().unwrap_or(0);
    let looking_at = (stream.listed_shards(now_ms).count(), highest as usize, consumer.done.0.len());
    if looking_at == consumer.looked_at {
        return;
    }
    consumer.looked_at = looking_at;
    // Listed in index order, as the stream keeps its shards.
    let listed = Indexes(stream.listed_shards(now_ms).map(|shard| shard.index).collect());
    for shard in stream.listed_shards(now_ms) {
        if consumer.holds(shard.index) || consumer.done.contains(shard.index) {
            continue;
        }
        let parents_read = shard
            .parent
            .into_iter()
            .chain(shard.adjacent_parent)
            .all(|parent| consumer.done.contains(parent) || !listed.contains(parent));
        if parents_read {
            consumer.hold(shard.index, shard.data.log.first_index(), now_ms);
        }
    }
}
