//! One producer's tick: a second's records into the stream, shard by shard, in O(shards)
//! whatever the rate (docs/behaviour.md §11.7).
//!
//! A tick stands for PutRecords calls made at one instant, so no bucket refills between its
//! records. All of a producer's records have one size, so a shard stores the first records of
//! its block that its write budget (and an on-demand stream's) has room for and throttles the
//! rest, exactly as record after record through the front door would.

use super::Producer;
use super::calls::{self, Segment};
use crate::sim::records::Block;
use crate::sim::shard_map::{find_mut, open_in_key_order};
use crate::sim::stream::{Stream, StreamMode};

/// A PutRecords call carries at most 500 records and 5 MiB.
const CALL_RECORDS: u64 = 500;
const CALL_BYTES: u64 = 5 * 1024 * 1024;

/// Runs `producer`'s tick due now on `stream` (None when the stream does not exist: the calls
/// fail and the producer goes on). `limits_on` says whether the per-shard limits apply.
pub fn tick(producer: &mut Producer, stream: Option<&mut Stream>, limits_on: bool, split_delay_ms: i64) {
    let now_ms = producer.next_tick_ms;
    let (hot, uniform) = producer.split_of_tick();
    let first_j = producer.next_j;
    producer.next_j += uniform;
    producer.next_tick_ms = now_ms.saturating_add(1000);
    // A CREATING or DELETING stream answers every call with ResourceNotFoundException.
    let Some(stream) = stream.filter(|stream| stream.takes_records()) else { return };

    let source = &producer.source;
    let size = source.record_size();
    let on_demand = stream.mode == StreamMode::OnDemand;
    let cutoff_ms = now_ms.saturating_sub(stream.retention_ms());
    let mut stream_room = if limits_on && on_demand { stream.on_demand.capacity.room(size, now_ms) } else { u64::MAX };
    let mut stream_stored = 0;
    let mut hot_shards = Vec::new();
    let mut segments = Vec::new();
    for index in open_in_key_order(&stream.shards) {
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let block = Block {
            source: source.clone(),
            hot,
            hot_here: shard.contains(source.hot_hash_key()),
            uniform,
            first_j,
            keys: source.positions_in(shard.starting_hash_key, shard.ending_hash_key),
        };
        let sent = block.len();
        let data = &mut shard.data;
        let stored = if limits_on && sent > 0 {
            let stored = sent.min(data.capacity.write.room(size, now_ms)).min(stream_room);
            data.capacity.write.take(stored, stored * size, now_ms);
            stream_room -= stored;
            stored
        } else {
            sent
        };
        if stored > 0 {
            data.log.trim_before(cutoff_ms);
            if let Some(minute_ms) = data.heat.add(stored, stored * size, now_ms) {
                hot_shards.push((index, minute_ms));
            }
        }
        // A shard stores at most a u32 of records a tick: 2 million a second at most are sent.
        data.log.append_block(now_ms, &block, stored as u32);
        stream_stored += stored;
        if sent > 0 {
            segments.push(Segment { shard: index, stored, throttled: sent - stored });
        }
    }
    if limits_on && on_demand {
        stream.on_demand.capacity.take(stream_stored, stream_stored * size, now_ms);
    }
    if on_demand {
        for (index, minute_ms) in hot_shards {
            stream.on_demand.hot(index, minute_ms, split_delay_ms, now_ms);
        }
    }
    let per_call = CALL_RECORDS.min(CALL_BYTES / size.max(1));
    calls::record(stream, &segments, per_call, size, now_ms);
}
