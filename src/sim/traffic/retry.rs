//! How a producer retries what the stream throttled (docs/behaviour.md §11.11), as the Kinesis
//! Producer Library does with its default settings: records wait in the producer's buffer, per
//! shard, until they are stored or their time to live has passed; each second the producer sends
//! a shard its waiting records first, oldest first, then that second's own, at most 150 % of
//! the shard's limits (the KPL's rate limiter, set above the limits so that one producer can
//! saturate a shard); what the shard throttles waits for the next second.

use std::collections::VecDeque;

use super::minutes::FirstPieces;
use crate::sim::records::{Block, Put};
use crate::sim::shard_map::{Shard, find};

/// The KPL's RecordTtl default: a record not stored this long after it was put fails.
pub const RECORD_TTL_MS: i64 = 30_000;

/// The records of `size` bytes the rate limiter lets a producer send one shard in a second:
/// 150 % of the shard's 1,000 records and 1 MiB.
pub fn sendable(size: u64) -> u64 {
    1500.min(3 * 1024 * 1024 / 2 / size.max(1)).max(1)
}

/// Records waiting to be sent (again), for one hash key range (a shard's, when they were
/// sent): what is left of the block put in one second, or the whole blocks of `seconds`
/// seconds in a row (a throttled producer's records mostly wait untouched, so a shard's
/// waiting records stay one or two entries whatever its backlog).
#[derive(Clone, Debug)]
pub struct Waiting {
    /// When the first second was put.
    pub put_ms: i64,
    /// The first second's records; the next seconds' are this block `after` 1, 2, …
    block: Block,
    seconds: u32,
    /// The records of all its seconds, counted once: a throttled producer looks every second.
    left: u64,
    pub start: u128,
    pub end: u128,
}

impl Waiting {
    pub fn new(put_ms: i64, block: Block, start: u128, end: u128) -> Self {
        Self { put_ms, left: block.len(), block, seconds: 1, start, end }
    }

    /// The whole blocks of `seconds` seconds in a row from `put_ms`, `block` the first's.
    pub fn seconds(put_ms: i64, block: Block, seconds: u32, start: u128, end: u128) -> Self {
        Self { put_ms, left: block.len_over(u64::from(seconds)), block, seconds, start, end }
    }

    pub fn left(&self) -> u64 {
        self.left
    }

    /// Whether its seconds are whole, as put: none of their records stored yet.
    pub fn is_whole(&self) -> bool {
        self.block.put == Put::default()
    }

    /// The whole seconds it holds, from the first, when it holds whole seconds.
    pub fn whole_seconds(&self) -> Option<(&Block, u32)> {
        self.is_whole().then_some((&self.block, self.seconds))
    }

    /// The first second's block as resent at `now_ms`: its records arrive later than put.
    pub fn resent(&self, now_ms: i64) -> Block {
        let late_s = u32::try_from((now_ms - self.put_ms) / 1000).unwrap_or(u32::MAX);
        self.block.rest(0, late_s)
    }

    /// Its first `sent` records as resent at `now_ms`, second by second, into the first call
    /// being collected, the first `stored` of them stored.
    pub fn sent_into(&self, now_ms: i64, sent: u64, stored: u64, first: &mut FirstPieces) {
        let (mut sent, mut stored) = (sent, stored);
        for second in 0..self.seconds {
            if sent == 0 || first.wanted == 0 {
                return;
            }
            let put_ms = self.put_ms + i64::from(second) * 1000;
            let late_s = u32::try_from((now_ms - put_ms) / 1000).unwrap_or(u32::MAX);
            let block = self.block.after(u64::from(second)).rest(0, late_s);
            let here = block.len().min(sent);
            first.add(&block, here, stored.min(here));
            (sent, stored) = (sent - here, stored - stored.min(here));
        }
    }

    /// Takes the first `count` records away (stored) from the one second it holds, `resent`.
    pub fn stored(&mut self, resent: &Block, count: u64) {
        if count > 0 {
            self.block = resent.rest(count, 0);
            self.left -= count;
        }
    }

    /// Splits off its first second, when it holds more than one.
    fn split_first(&mut self) -> Option<Self> {
        if self.seconds < 2 {
            return None;
        }
        let first = Self::new(self.put_ms, self.block.clone(), self.start, self.end);
        self.block = self.block.after(1);
        self.put_ms += 1000;
        self.seconds -= 1;
        self.left -= first.left;
        Some(first)
    }

    /// Drops the seconds put before `cutoff_ms`; returns their records.
    fn drop_before(&mut self, cutoff_ms: i64) -> u64 {
        let gone = u32::try_from((cutoff_ms - self.put_ms + 999).max(0) / 1000).unwrap_or(u32::MAX).min(self.seconds);
        if gone == 0 {
            return 0;
        }
        if gone == self.seconds {
            let all = self.left;
            self.left = 0;
            self.seconds = 0;
            return all;
        }
        // Only whole seconds come in runs of more than one.
        let dropped = self.block.len_over(u64::from(gone));
        self.block = self.block.after(u64::from(gone));
        self.put_ms += i64::from(gone) * 1000;
        self.seconds -= gone;
        self.left -= dropped;
        dropped
    }

    /// Adds the whole block `block` put at `put_ms` when it is the next second of these.
    fn extend(&mut self, put_ms: i64, block: &Block, start: u128, end: u128) -> bool {
        let next = self.put_ms + i64::from(self.seconds) * 1000 == put_ms;
        if !(next
            && self.is_whole()
            && (start, end) == (self.start, self.end)
            && self.block.is_after(self.seconds, block))
        {
            return false;
        }
        self.seconds += 1;
        self.left += block.len();
        true
    }

    /// Each of its seconds apart, within `start..=end`, where any of their records are.
    fn seconds_within(&self, start: u128, end: u128) -> impl Iterator<Item = Self> + '_ {
        (0..self.seconds).filter_map(move |second| {
            let block = self.block.after(u64::from(second)).within(start, end);
            let put_ms = self.put_ms + i64::from(second) * 1000;
            Some(Self::new(put_ms, block, start, end)).filter(|moved| moved.left > 0)
        })
    }
}

/// A shard's waiting records, oldest put first.
pub type Queue = VecDeque<Waiting>;

/// Makes the first waiting entry hold one second (splitting it off a run of whole seconds), so
/// that records can be stored from it.
pub fn first_second_apart(queue: &mut Queue, at: usize) {
    if let Some(first) = queue.get_mut(at).and_then(Waiting::split_first) {
        queue.insert(at, first);
    }
}

/// Adds what is left of the block put at `put_ms` to the back of `queue`.
pub fn push(queue: &mut Queue, put_ms: i64, block: Block, start: u128, end: u128) {
    let joined = match queue.back_mut() {
        Some(back) if block.put == Put::default() => back.extend(put_ms, &block, start, end),
        _ => false,
    };
    if !joined {
        queue.push_back(Waiting::new(put_ms, block, start, end));
    }
}

/// Gives up on the records of `queue` put `RECORD_TTL_MS` or more before `now_ms`; returns how
/// many.
pub fn expire(queue: &mut Queue, now_ms: i64) -> u64 {
    let cutoff_ms = now_ms - RECORD_TTL_MS + 1;
    let mut expired = 0;
    while let Some(front) = queue.front_mut() {
        expired += front.drop_before(cutoff_ms);
        if front.seconds > 0 {
            break;
        }
        queue.pop_front();
    }
    expired
}

/// A producer's waiting records, by the index of the shard they go to.
#[derive(Clone, Debug, Default)]
pub struct Backlog {
    queues: Vec<Queue>,
}

impl Backlog {
    /// The records waiting.
    pub fn records(&self) -> u64 {
        self.queues.iter().flatten().map(Waiting::left).sum()
    }

    /// The records waiting for `index`, to send and put back.
    pub fn queue(&mut self, index: u32) -> &mut Queue {
        let at = index as usize;
        if self.queues.len() <= at {
            self.queues.resize_with(at + 1, VecDeque::new);
        }
        &mut self.queues[at]
    }

    /// Gives up on the records put `RECORD_TTL_MS` or more before `now_ms`; returns how many.
    pub fn expire(&mut self, now_ms: i64) -> u64 {
        self.queues.iter_mut().map(|queue| expire(queue, now_ms)).sum()
    }

    /// Gives up on every waiting record (the stream no longer takes any); returns how many.
    pub fn clear(&mut self) -> u64 {
        let all = self.records();
        self.queues.clear();
        all
    }

    /// Sends what waits for closed shards to the open shards now holding their hash keys, as the
    /// KPL does once a throttled or refused record shows it its shard map is out of date.
    pub fn follow_reshards(&mut self, shards: &[Shard]) {
        let open_at = |at: usize| find(shards, at as u32).is_some_and(Shard::is_open);
        // Closed shards' records in the hash key order of those shards: records put in the same
        // second keep it. Few shards close at once, so the next is looked for each time.
        let first_closed = |queues: &[Queue]| {
            (0..queues.len())
                .filter(|&at| !queues[at].is_empty() && !open_at(at))
                .min_by_key(|&at| queues[at].front().map_or(0, |waiting| waiting.start))
        };
        while let Some(at) = first_closed(&self.queues) {
            for waiting in std::mem::take(&mut self.queues[at]) {
                for shard in shards.iter().filter(|shard| shard.is_open()) {
                    let (start, end) =
                        (waiting.start.max(shard.starting_hash_key), waiting.end.min(shard.ending_hash_key));
                    if start > end {
                        continue;
                    }
                    // Second by second: records of two closed shards merged into one interleave.
                    for moved in waiting.seconds_within(start, end) {
                        let queue = self.queue(shard.index);
                        let at = queue.partition_point(|other| other.put_ms <= moved.put_ms);
                        queue.insert(at, moved);
                    }
                }
            }
        }
    }
}
