//! One producer's tick: a second's records into the stream, shard by shard, in O(shards)
//! whatever the rate (docs/behaviour.md §11.7).
//!
//! A tick stands for PutRecords calls made at one instant, so no bucket refills between its
//! records. All of a producer's records have one size, so a shard stores the first records of
//! its block that its write budget (and an on-demand stream's) has room for and throttles the
//! rest, exactly as record after record through the front door would.

use super::calls::{self, Segment};
use super::{Producer, retry};
use crate::sim::records::Steady;
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
    producer.failed += producer.backlog.expire(now_ms);
    // A CREATING or DELETING stream answers every call with ResourceNotFoundException, which
    // no client retries.
    let Some(stream) = stream.filter(|stream| stream.takes_records()) else {
        producer.failed += hot + uniform + producer.backlog.clear();
        return;
    };
    producer.backlog.follow_reshards(&stream.shards);

    let size = producer.source.record_size();
    let retries = producer.spec.retries;
    let on_demand = stream.mode == StreamMode::OnDemand;
    let cutoff_ms = now_ms.saturating_sub(stream.retention_ms());
    let mut stream_room = if limits_on && on_demand { stream.on_demand.capacity.room(size, now_ms) } else { u64::MAX };
    let (mut stream_sent, mut stream_stored) = (0, 0);
    let mut hot_shards = Vec::new();
    let mut segments = Vec::new();
    for index in open_in_key_order(&stream.shards) {
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let block = producer.block(shard, hot, uniform, first_j);
        let (start, end) = (shard.starting_hash_key, shard.ending_hash_key);
        let data = &mut shard.data;
        let room = if limits_on { data.capacity.write.room(size, now_ms).min(stream_room) } else { u64::MAX };
        // What the shard is sent, in order: records waiting for it, oldest first, then the
        // second's own; it stores the first of them its room allows and throttles the rest.
        let mut budget = if retries { retry::sendable(size) } else { u64::MAX };
        let (mut sent, mut stored) = (0, 0);
        let mut resent = Vec::new();
        let waiting = producer.backlog.queue(index);
        for record in waiting.iter_mut() {
            if budget == 0 {
                break;
            }
            let send = record.left().min(budget);
            let store = send.min(room - stored);
            (budget, sent, stored) = (budget - send, sent + send, stored + store);
            if store > 0 {
                let block = record.resent(now_ms);
                record.stored(&block, store);
                resent.push((block, store));
            }
        }
        waiting.retain(|record| record.left() > 0);
        let len = block.len();
        let send = len.min(budget);
        let store = send.min(room - stored);
        if store < len && retries {
            waiting.push_back(retry::Waiting::new(now_ms, block.rest(store, 0), start, end));
        }
        (sent, stored) = (sent + send, stored + store);
        if stored > 0 {
            data.log.trim_before(cutoff_ms);
        }
        for (block, store) in &resent {
            data.log.append_block(now_ms, block, *store as u32);
        }
        // A shard stores at most a u32 of records a tick: 2 million a second at most are sent.
        data.log.append_block(now_ms, &block, store as u32);
        if !retries {
            producer.failed += sent - stored;
        }
        if limits_on && stored > 0 {
            data.capacity.write.take(stored, stored * size, now_ms);
            stream_room -= stored;
        }
        if stored > 0
            && let Some(minute_ms) = data.heat.add(stored, stored * size, now_ms)
        {
            hot_shards.push((index, minute_ms));
        }
        (stream_sent, stream_stored) = (stream_sent + sent, stream_stored + stored);
        if sent > 0 {
            segments.push(Segment { shard: index, stored, throttled: sent - stored });
        }
    }
    if limits_on && on_demand {
        stream.on_demand.capacity.take(stream_stored, stream_stored * size, now_ms);
    }
    // Records sent, resent ones included: the service cannot tell them apart.
    stream.usage.write(now_ms, stream.mode, stream_sent, stream_stored, size);
    if on_demand {
        for (index, minute_ms) in hot_shards {
            stream.on_demand.hot(index, minute_ms, split_delay_ms, now_ms);
        }
    }
    let per_call = CALL_RECORDS.min(CALL_BYTES / size.max(1));
    calls::record(stream, &segments, per_call, size, 1, now_ms);
}

/// Runs `ticks` more ticks of `producer` on `stream` at once, when each shard's share of them is
/// steady: every shard stores all it is sent, or the same number every tick. Returns false when
/// that cannot be shown from the bounds of the shards' blocks, having only refilled budgets to
/// the first tick's time (as that tick will) and noted not to try again within the minute.
///
/// The caller makes sure nothing else happens in those ticks: they fall in one clock minute
/// (one rate, one metrics datapoint, one minute of heat), no timer is due and no other producer
/// writes to the stream, and a split cannot land before the minute ends. Then every shard's
/// write budget, and an on-demand stream's, is full at each of them (a second's refill after the
/// last tick), the log gets what the ticks one by one would store, and the metrics the same
/// samples (docs/behaviour.md §11.7).
pub fn steady_ticks(
    producer: &mut Producer,
    stream: &mut Stream,
    ticks: u32,
    limits_on: bool,
    split_delay_ms: i64,
) -> bool {
    let first_ms = producer.next_tick_ms;
    // A retrying producer's stretches are those where nothing waits nor is throttled.
    let retries = producer.spec.retries;
    if ticks == 0 || !stream.takes_records() || !stream.shard_level_metrics.is_empty() {
        return false;
    }
    if retries && !producer.backlog.is_empty() {
        return false;
    }
    let last_ms = first_ms + i64::from(ticks - 1) * 1000;
    // What refuses a stretch holds for the rest of the minute: its rate, and its shards but
    // for a split, which only a timer makes.
    let minute_end_ms = (first_ms.div_euclid(60_000) + 1) * 60_000;
    let (hot, uniform) = producer.split_of_tick();
    let size = producer.source.record_size();
    let on_demand = stream.mode == StreamMode::OnDemand;

    // Each open shard's block and form, or no stretch at all.
    let mut plan = Vec::new();
    let (mut most_sent, mut most_limited) = (0u64, 0u64);
    for index in open_in_key_order(&stream.shards) {
        // Looking refills the budget to now, which the ticks one by one would do first too.
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let block = producer.block(shard, hot, uniform, producer.next_j);
        let mut room = if limits_on { shard.data.capacity.write.room(size, first_ms) } else { u64::MAX };
        if retries {
            // All sent and stored, or the stretch goes second by second.
            room = room.min(retry::sendable(size));
        }
        // Bounds for any tick settle most shards at once; the ticks one by one, the rest.
        let (fewest, most) = match block.len_bounds_any() {
            (fewest, most) if most <= room || fewest >= room => (fewest, most),
            _ => block.len_bounds(u64::from(ticks)),
        };
        let form = if most <= room {
            most_sent += most;
            Steady::All
        } else if fewest >= room && !retries {
            most_limited += room;
            // At most 1,000 records a second fit a shard.
            Steady::Same(room as u32)
        } else {
            producer.steady_after_ms = minute_end_ms;
            return false;
        };
        plan.push((index, block, form));
    }
    // The shards below their limits store at most what is sent in a tick.
    let most_a_tick = most_sent.min(hot + uniform) + most_limited;
    if limits_on && on_demand && most_a_tick > stream.on_demand.capacity.room(size, first_ms) {
        producer.steady_after_ms = minute_end_ms;
        return false;
    }

    let retention_ms = stream.retention_ms();
    let mut stored_last_tick = 0;
    let mut stored_in_all = 0;
    let mut throttled_any = false;
    for &(index, ref block, form) in &plan {
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let last = block.after(u64::from(ticks - 1));
        let (stored, stored_last) = match form {
            Steady::All => (block.len_over(u64::from(ticks)), last.len()),
            Steady::Same(count) => (u64::from(count) * u64::from(ticks), u64::from(count)),
        };
        throttled_any |= matches!(form, Steady::Same(_));
        let data = &mut shard.data;
        if stored > 0 {
            // As the ticks one by one would leave it: trimmed when the shard last stored.
            let mut last_storing = ticks - 1;
            while form == Steady::All && last_storing > 0 && block.after(u64::from(last_storing)).len() == 0 {
                last_storing -= 1;
            }
            let storing_ms = first_ms + i64::from(last_storing) * 1000;
            data.log.trim_before(storing_ms.saturating_sub(retention_ms));
            if let Some(minute_ms) = data.heat.add(stored, stored * size, last_ms)
                && on_demand
            {
                stream.on_demand.hot(index, minute_ms, split_delay_ms, last_ms);
            }
        }
        data.log.append_steady(first_ms, block, ticks, form);
        if limits_on {
            data.capacity.write.room(size, last_ms);
            data.capacity.write.take(stored_last, stored_last * size, last_ms);
        }
        stored_last_tick += stored_last;
        stored_in_all += stored;
    }
    stream.usage.write_steady(first_ms, stream.mode, ticks, hot + uniform, stored_in_all, size);
    if limits_on && on_demand {
        stream.on_demand.capacity.room(size, last_ms);
        stream.on_demand.capacity.take(stored_last_tick, stored_last_tick * size, last_ms);
    }
    let per_call = CALL_RECORDS.min(CALL_BYTES / size.max(1));
    let mut segments = Vec::new();
    if throttled_any {
        // The calls differ from tick to tick where throttled records fall among them.
        for tick in 0..ticks {
            segments.clear();
            for &(shard, ref block, form) in &plan {
                let sent = block.after(u64::from(tick)).len();
                let stored = match form {
                    Steady::All => sent,
                    Steady::Same(count) => u64::from(count),
                };
                if sent > 0 {
                    segments.push(Segment { shard, stored, throttled: sent - stored });
                }
            }
            calls::record(stream, &segments, per_call, size, 1, first_ms + i64::from(tick) * 1000);
        }
    } else {
        // Every tick's calls are alike: all their records stored.
        segments.push(Segment { shard: 0, stored: hot + uniform, throttled: 0 });
        calls::record(stream, &segments, per_call, size, u64::from(ticks), last_ms);
    }
    producer.next_j += u64::from(ticks) * uniform;
    producer.next_tick_ms = last_ms.saturating_add(1000);
    true
}
