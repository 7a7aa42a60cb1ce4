//! How a producer retries what the stream throttled (docs/behaviour.md §11.11), as the Kinesis
//! Producer Library does with its default settings: records wait in the producer's buffer, per
//! shard, until they are stored or their time to live has passed; each second the producer sends
//! a shard its waiting records first, oldest first, then that second's own, at most 150 % of
//! the shard's limits (the KPL's rate limiter, set above the limits so that one producer can
//! saturate a shard); what the shard throttles waits for the next second.

use std::collections::VecDeque;

use crate::sim::records::Block;
use crate::sim::shard_map::Shard;

/// The KPL's RecordTtl default: a record not stored this long after it was put fails.
pub const RECORD_TTL_MS: i64 = 30_000;

/// The records of `size` bytes the rate limiter lets a producer send one shard in a second:
/// 150 % of the shard's 1,000 records and 1 MiB.
pub fn sendable(size: u64) -> u64 {
    1500.min(3 * 1024 * 1024 / 2 / size.max(1)).max(1)
}

/// Records waiting to be sent (again): what is left of one second's block for one shard, and the
/// hash key range it is for.
#[derive(Clone, Debug)]
pub struct Waiting {
    pub put_ms: i64,
    block: Block,
    /// The block's records, counted once: a throttled producer looks at them every second.
    left: u64,
    pub start: u128,
    pub end: u128,
}

impl Waiting {
    pub fn new(put_ms: i64, block: Block, start: u128, end: u128) -> Self {
        Self { put_ms, left: block.len(), block, start, end }
    }

    pub fn left(&self) -> u64 {
        self.left
    }

    /// Takes the first `count` records away (sent and stored) from the block as `resent`.
    pub fn stored(&mut self, resent: &Block, count: u64) {
        if count > 0 {
            self.block = resent.rest(count, 0);
            self.left -= count;
        }
    }

    /// The block as resent at `now_ms`: its records arrive later than they were put.
    pub fn resent(&self, now_ms: i64) -> Block {
        let late_s = u32::try_from((now_ms - self.put_ms) / 1000).unwrap_or(u32::MAX);
        self.block.rest(0, late_s)
    }
}

/// A producer's waiting records, by the index of the shard they go to, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Backlog {
    queues: Vec<VecDeque<Waiting>>,
}

impl Backlog {
    pub fn is_empty(&self) -> bool {
        self.queues.iter().all(VecDeque::is_empty)
    }

    /// The records waiting.
    pub fn records(&self) -> u64 {
        self.queues.iter().flatten().map(Waiting::left).sum()
    }

    /// The records waiting for `index`, to send and put back.
    pub fn queue(&mut self, index: u32) -> &mut VecDeque<Waiting> {
        let at = index as usize;
        if self.queues.len() <= at {
            self.queues.resize_with(at + 1, VecDeque::new);
        }
        &mut self.queues[at]
    }

    /// Gives up on the records put `RECORD_TTL_MS` or more before `now_ms`; returns how many.
    pub fn expire(&mut self, now_ms: i64) -> u64 {
        let mut expired = 0;
        for queue in &mut self.queues {
            while queue.front().is_some_and(|waiting| now_ms - waiting.put_ms >= RECORD_TTL_MS) {
                expired += queue.pop_front().map_or(0, |waiting| waiting.left);
            }
        }
        expired
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
        let open_at = |at: usize| shards.iter().any(|shard| shard.index as usize == at && shard.is_open());
        let mut closed: Vec<(u128, usize)> = (0..self.queues.len())
            .filter(|&at| !self.queues[at].is_empty() && !open_at(at))
            .map(|at| (self.queues[at].front().map_or(0, |waiting| waiting.start), at))
            .collect();
        // Records put in the same second keep the hash key order of the shards they waited for.
        closed.sort_unstable();
        for (_, at) in closed {
            for waiting in std::mem::take(&mut self.queues[at]) {
                for shard in shards.iter().filter(|shard| shard.is_open()) {
                    let (start, end) =
                        (waiting.start.max(shard.starting_hash_key), waiting.end.min(shard.ending_hash_key));
                    if start > end {
                        continue;
                    }
                    let moved = Waiting::new(waiting.put_ms, waiting.block.within(start, end), start, end);
                    if moved.left == 0 {
                        continue;
                    }
                    let queue = self.queue(shard.index);
                    let at = queue.partition_point(|other| other.put_ms <= moved.put_ms);
                    queue.insert(at, moved);
                }
            }
        }
    }
}
