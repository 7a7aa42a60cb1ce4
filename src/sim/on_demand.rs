//! On-demand capacity (docs/behaviour.md §11.5): the stream-wide write maximum, the splits of
//! hot shards and the merges of cold neighbours, all in the background. The stream stays
//! ACTIVE while they happen (UNVERIFIED: AWS shows no status change for them), and no change a
//! user asked for is touched: the only ones an on-demand stream can have under way are a mode
//! switch, encryption and deletion, which do not depend on the shard map, and a split due after
//! the stream went back to PROVISIONED is dropped.

use super::vec_map::VecMap;

use super::records::WriteBudget;
use super::shard_map::{self, open_in_key_order};
use super::stream::{Stream, StreamMode, StreamStatus};

/// The fewest open shards scaling down leaves: a new on-demand stream's 4.
pub const MIN_OPEN_SHARDS: usize = 4;

/// What an on-demand stream keeps for its scaling.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OnDemand {
    /// The stream-wide maximum of writes, besides each shard's.
    pub capacity: WriteBudget,
    /// Hot shards and when each one's split lands.
    pub splits: VecMap<u32, i64>,
}

impl OnDemand {
    /// Notes that `shard` turned hot at `now_ms`, in the minute starting `minute_ms`: it splits
    /// `delay_ms` after that minute began, unless a split is already on its way. A delay shorter
    /// than a minute (an endpoint flag allows it) never splits the shard in the past, nor
    /// between the calls of one instant: the split lands a millisecond later at the soonest.
    pub fn hot(&mut self, shard: u32, minute_ms: i64, delay_ms: i64, now_ms: i64) {
        let due_ms = minute_ms.saturating_add(delay_ms).max(now_ms.saturating_add(1));
        self.splits.or_insert_with(shard, || due_ms);
    }

    pub fn next_split_ms(&self) -> Option<i64> {
        self.splits.values().min().copied()
    }
}

/// Splits the shards whose split is due by `now_ms`, each at the middle of its hash key range,
/// exactly as a SplitShard there would (parent closed, children open). Returns whether any
/// split happened.
pub fn split_due(stream: &mut Stream, now_ms: i64) -> bool {
    if stream.mode != StreamMode::OnDemand || stream.status == StreamStatus::Deleting {
        stream.on_demand.splits.clear();
        return false;
    }
    let due: Vec<u32> = stream.on_demand.splits.iter().filter(|(_, at)| **at <= now_ms).map(|(s, _)| *s).collect();
    let mut split_any = false;
    for index in due {
        stream.on_demand.splits.remove(&index);
        let Some(shard) = stream.shard(index).filter(|s| s.is_open()) else { continue };
        // A shard of a single hash key cannot be split.
        if shard.starting_hash_key == shard.ending_hash_key {
            continue;
        }
        let middle = shard.starting_hash_key + (shard.ending_hash_key - shard.starting_hash_key) / 2;
        shard_map::split(&mut stream.shards, index, middle + 1, now_ms);
        split_any = true;
    }
    split_any
}

/// Merges neighbouring open shards that have both been cold for `merge_after_ms`, one pass from
/// the low hash keys up, never below `MIN_OPEN_SHARDS`. Returns when to look again, if the
/// stream has more shards than that.
pub fn merge_cold(stream: &mut Stream, now_ms: i64, merge_after_ms: i64) -> Option<i64> {
    if stream.mode != StreamMode::OnDemand || stream.status == StreamStatus::Deleting {
        return None;
    }
    let cold_since = |stream: &Stream, index: u32| {
        let shard = stream.shard(index)?;
        Some(shard.data.heat.warm_until_ms().unwrap_or(shard.created_at_ms).max(shard.created_at_ms))
    };
    let open = open_in_key_order(&stream.shards);
    let mut count = open.len();
    let mut at = 0;
    while at + 1 < open.len() && count > MIN_OPEN_SHARDS {
        let (a, b) = (open[at], open[at + 1]);
        let cold = |index| {
            !stream.on_demand.splits.contains_key(&index)
                && cold_since(stream, index).is_some_and(|since| since.saturating_add(merge_after_ms) <= now_ms)
        };
        if cold(a) && cold(b) {
            shard_map::merge(&mut stream.shards, a, b, now_ms);
            count -= 1;
            at += 2;
        } else {
            at += 1;
        }
    }
    if count <= MIN_OPEN_SHARDS {
        return None;
    }
    let open = open_in_key_order(&stream.shards);
    let earliest = open.iter().filter_map(|&index| cold_since(stream, index)).min()?;
    Some(earliest.saturating_add(merge_after_ms).max(now_ms + 60_000))
}
