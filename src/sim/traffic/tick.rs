//! One producer's tick: a second's records into the stream, shard by shard, in O(shards)
//! whatever the rate (docs/behaviour.md §11.7).
//!
//! A tick stands for PutRecords calls made at one instant, so no bucket refills between its
//! records. All of a producer's records have one size, so a shard stores the first records of
//! its block that its write budget (and an on-demand stream's) has room for and throttles the
//! rest, exactly as record after record through the front door would.

use super::calls::{self, Segment};
use super::minutes::{FirstCall, FirstPieces, PutCall};
use super::{Producer, retry};
use crate::sim::records::{Block, Steady};
use crate::sim::shard_map::{Shard, find, find_mut, open_in_key_order};
use crate::sim::stream::{Stream, StreamMode};

/// A PutRecords call carries at most 500 records and 5 MiB.
const CALL_RECORDS: u64 = 500;
const CALL_BYTES: u64 = 5 * 1024 * 1024;

/// Runs `producer`'s tick due now on `stream` (None when the stream does not exist: the calls
/// fail and the producer goes on). `limits_on` says whether the per-shard limits apply.
pub fn tick(producer: &mut Producer, stream: Option<&mut Stream>, limits_on: bool, split_delay_ms: i64) {
    let now_ms = producer.next_tick_ms;
    // The minute's first call is kept: each minute's first tick runs here, not in a stretch.
    let minute_ms = now_ms.div_euclid(60_000) * 60_000;
    let sampled = producer
        .minutes
        .under_way
        .as_ref()
        .is_some_and(|minute| minute.minute_ms == minute_ms && minute.first.is_some());
    producer.minute_at(minute_ms);
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
    let shape = Shape { size, retries, limits_on, cutoff_ms };
    let per_call = CALL_RECORDS.min(CALL_BYTES / size.max(1));
    let mut first = (!sampled).then(|| FirstPieces::new(per_call));
    for index in open_in_key_order(&stream.shards) {
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let block = producer.block(shard, hot, uniform, first_j);
        let waiting = producer.backlog.queue(index);
        let first = first.as_mut().filter(|first| first.wanted > 0);
        let sent = send(shard, waiting, &block, &shape, stream_room, now_ms, first);
        if !retries {
            producer.failed += sent.sent - sent.stored;
        }
        stream_room = stream_room.saturating_sub(sent.stored);
        if let Some(minute_ms) = sent.hot_minute_ms {
            hot_shards.push((index, minute_ms));
        }
        (stream_sent, stream_stored) = (stream_sent + sent.sent, stream_stored + sent.stored);
        if sent.sent > 0 {
            segments.push(Segment { shard: index, stored: sent.stored, throttled: sent.sent - sent.stored });
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
    let counted = calls::record(stream, &segments, per_call, size, 1, now_ms);
    let encryption_type = stream.encryption_type;
    let minute = producer.minute_at(minute_ms);
    minute.count(counted);
    if let Some(FirstPieces { pieces, .. }) = first.filter(|first| !first.pieces.is_empty()) {
        minute.first = Some(FirstCall::Put(PutCall { at_ms: now_ms, encryption_type, pieces }));
    }
}

/// What a tick's sending depends on besides the shard and its records.
struct Shape {
    size: u64,
    retries: bool,
    limits_on: bool,
    /// Records that arrived before this leave a shard that stores anything.
    cutoff_ms: i64,
}

/// What one shard was sent in a tick and stored, and the minute it turned hot in, if it did.
struct Sent {
    sent: u64,
    stored: u64,
    hot_minute_ms: Option<i64>,
}

/// What a shard stores of a turn: the records it is sent from what waits, then from the
/// second's own block.
struct Turn {
    sent: u64,
    stored: u64,
    /// Waiting records stored, as resent blocks, and the second's own records stored.
    resent: Vec<(Block, u64)>,
    own: u64,
}

/// Sends a shard with `room` at `now_ms` what waits for it in `waiting`, oldest first, then
/// the second's own `block`, within the rate limiter's most when the producer retries; the
/// shard stores the first of them its room allows and throttles the rest, which wait in
/// `waiting` when the producer retries (docs/behaviour.md §11.11).
fn take_turn(
    waiting: &mut retry::Queue,
    block: &Block,
    room: u64,
    shape: &Shape,
    range: (u128, u128),
    now_ms: i64,
    mut first: Option<&mut FirstPieces>,
) -> Turn {
    let mut budget = if shape.retries { retry::sendable(shape.size) } else { u64::MAX };
    let (mut sent, mut stored) = (0, 0);
    let mut resent = Vec::new();
    let mut at = 0;
    while budget > 0 && at < waiting.len() {
        if stored < room {
            // Records are stored from one second at a time.
            retry::first_second_apart(waiting, at);
        }
        let record = &mut waiting[at];
        let send = record.left().min(budget);
        let store = send.min(room - stored);
        if let Some(first) = first.as_deref_mut() {
            record.sent_into(now_ms, send, store, first);
        }
        (budget, sent, stored) = (budget - send, sent + send, stored + store);
        if store > 0 {
            let block = record.resent(now_ms);
            record.stored(&block, store);
            resent.push((block, store));
        }
        at += 1;
    }
    waiting.retain(|record| record.left() > 0);
    let len = block.len();
    let send = len.min(budget);
    let own = send.min(room - stored);
    if let Some(first) = first {
        first.add(block, send, own);
    }
    if own < len && shape.retries {
        retry::push(waiting, now_ms, block.rest(own, 0), range.0, range.1);
    }
    Turn { sent: sent + send, stored: stored + own, resent, own }
}

/// Sends `shard` its turn at `now_ms` (`take_turn`), within `stream_room`, and stores what it
/// takes: the log, the write budget, the heat.
fn send(
    shard: &mut Shard,
    waiting: &mut retry::Queue,
    block: &Block,
    shape: &Shape,
    stream_room: u64,
    now_ms: i64,
    mut first: Option<&mut FirstPieces>,
) -> Sent {
    let Shape { size, limits_on, cutoff_ms, .. } = *shape;
    let range = (shard.starting_hash_key, shard.ending_hash_key);
    let data = &mut shard.data;
    if let Some(first) = first.as_deref_mut() {
        first.at_shard(shard.index, shard.created_at_ms, data.log.next_index());
    }
    let room = if limits_on { data.capacity.write.room(size, now_ms).min(stream_room) } else { u64::MAX };
    let Turn { sent, stored, resent, own } = take_turn(waiting, block, room, shape, range, now_ms, first);
    if stored > 0 {
        data.log.trim_before(cutoff_ms);
    }
    for (block, store) in &resent {
        data.log.append_block(now_ms, block, *store as u32);
    }
    // A shard stores at most a u32 of records a tick: 2 million a second at most are sent.
    data.log.append_block(now_ms, block, own as u32);
    if limits_on && stored > 0 {
        data.capacity.write.take(stored, stored * size, now_ms);
    }
    let hot_minute_ms = if stored > 0 { data.heat.add(stored, stored * size, now_ms) } else { None };
    Sent { sent, stored, hot_minute_ms }
}

/// What a shard worked out tick by tick would be sent and store each of `ticks` ticks from
/// `first_ms`, worked out on copies of its waiting records and write budget: how a stretch
/// learns whether the stream's own maximum could bind before changing anything.
fn sent_each_tick(
    shard: &Shard,
    waiting: &retry::Queue,
    block: &Block,
    shape: &Shape,
    first_ms: i64,
    ticks: u32,
) -> Vec<(u64, u64)> {
    let range = (shard.starting_hash_key, shard.ending_hash_key);
    let mut waiting = waiting.clone();
    let mut write = shard.data.capacity.write;
    (0..ticks)
        .map(|tick| {
            let tick_ms = first_ms + i64::from(tick) * 1000;
            retry::expire(&mut waiting, tick_ms);
            let room = if shape.limits_on { write.room(shape.size, tick_ms) } else { u64::MAX };
            let turn = take_turn(&mut waiting, &block.after(u64::from(tick)), room, shape, range, tick_ms, None);
            if shape.limits_on && turn.stored > 0 {
                write.take(turn.stored, turn.stored * shape.size, tick_ms);
            }
            (turn.sent, turn.stored)
        })
        .collect()
}

/// The blocks of consecutive shards that store all they are sent, as one block of the keys in
/// their hash key range `start..=end`: their records a tick are what a tick's calls count, shard
/// by shard not being needed when shard-level metrics are off.
fn merged(first: &Block, start: u128, end: u128) -> Block {
    let source = &first.source;
    let hot_here = (start..=end).contains(&source.hot_hash_key());
    Block { keys: source.numbers_in(start, end), hot_here, ..first.clone() }
}

/// Runs `ticks` more ticks of `producer` on `stream` at once. Each shard's share of them is
/// worked out in one step when it is steady (it stores all it is sent, the same number every
/// tick, or, saturated by a retrying producer, the first records of a block put 29 s before),
/// and tick by tick for that shard alone otherwise, so that one shard near its limit does not
/// hold the others back. Returns false when the stream's own maximum could bind, having only
/// refilled budgets to the first tick's time (as that tick will) and noted not to try again
/// within the minute.
///
/// The caller makes sure nothing else happens in those ticks: they fall in one clock minute
/// (one rate, one metrics datapoint, one minute of heat), no timer is due and no other producer
/// writes to the stream, and a split cannot land before the minute ends. Then every shard's
/// write budget, and an on-demand stream's, is full at each of them (a second's refill after the
/// last tick), the log gets what the ticks one by one would store, and the metrics the same
/// samples (docs/behaviour.md §11.7, §11.11).
pub fn steady_ticks(
    producer: &mut Producer,
    stream: &mut Stream,
    ticks: u32,
    limits_on: bool,
    split_delay_ms: i64,
) -> bool {
    let first_ms = producer.next_tick_ms;
    if ticks == 0 || !stream.takes_records() || !stream.shard_level_metrics.is_empty() {
        return false;
    }
    let retries = producer.spec.retries;
    if retries {
        // What the first tick would do first.
        producer.failed += producer.backlog.expire(first_ms);
        producer.backlog.follow_reshards(&stream.shards);
    }
    let last_ms = first_ms + i64::from(ticks - 1) * 1000;
    // What refuses a stretch holds for the rest of the minute: its rate, and its shards but
    // for a split, which only a timer makes.
    let minute_end_ms = (first_ms.div_euclid(60_000) + 1) * 60_000;
    let (hot, uniform) = producer.split_of_tick();
    let size = producer.source.record_size();
    let on_demand = stream.mode == StreamMode::OnDemand;
    let sendable = if retries { retry::sendable(size) } else { u64::MAX };

    // Each open shard's plan.
    let mut plan = Vec::new();
    let (mut most_sent, mut most_limited) = (0u64, 0u64);
    for index in open_in_key_order(&stream.shards) {
        // Looking refills the budget to now, which the ticks one by one would do first too.
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let block = producer.block(shard, hot, uniform, producer.next_j);
        let (start, end) = (shard.starting_hash_key, shard.ending_hash_key);
        let room = if limits_on { shard.data.capacity.write.room(size, first_ms) } else { u64::MAX };
        let waiting = producer.backlog.queue(index);
        let (block, form) = if !waiting.is_empty() {
            most_limited = most_limited.saturating_add(room);
            match saturated(waiting, &block, first_ms, ticks, room) {
                // A shard a retrying producer keeps saturated.
                Some(front) => {
                    let late = front.rest(0, SATURATED_LATE_S);
                    (late, Form::Steady { steady: Steady::Same(room as u32), sent: Some(sendable) })
                }
                None => (block, Form::Each(Vec::new())),
            }
        } else {
            // Bounds for any tick settle most shards at once; the ticks one by one, the rest.
            let fits = room.min(sendable);
            let (fewest, most) = match block.len_bounds_any() {
                (fewest, most) if most <= fits || fewest >= room => (fewest, most),
                _ => block.len_bounds(u64::from(ticks)),
            };
            if most <= fits {
                most_sent += most;
                (block, Form::Steady { steady: Steady::All, sent: None })
            } else if fewest >= room && !retries {
                most_limited += room;
                // At most 1,000 records a second fit a shard.
                (block, Form::Steady { steady: Steady::Same(room as u32), sent: None })
            } else {
                most_limited = most_limited.saturating_add(room.min(most));
                (block, Form::Each(Vec::new()))
            }
        };
        plan.push(Plan { index, block, form, start, end });
    }
    // Consecutive shards that store all they are sent count as one in the calls.
    let mut units = Vec::new();
    if plan.iter().any(|plan| !matches!(plan.form, Form::Steady { steady: Steady::All, .. })) {
        // The hash key range of the shards storing all they are sent since the last that did not.
        let mut group: Option<(usize, u128, u128)> = None;
        for (at, shard) in plan.iter().enumerate() {
            if let Form::Steady { steady: Steady::All, .. } = shard.form {
                group = Some(group.map_or((at, shard.start, shard.end), |(first, start, _)| (first, start, shard.end)));
                continue;
            }
            if let Some((first, start, end)) = group.take() {
                units.push(Unit::All(merged(&plan[first].block, start, end)));
            }
            units.push(Unit::Shard(at));
        }
        if let Some((first, start, end)) = group {
            units.push(Unit::All(merged(&plan[first].block, start, end)));
        }
    }
    // An on-demand stream's maximum must not bind in any tick: the shards below their limits
    // store at most what is sent in a tick, or, looked at tick by tick, exactly what they do.
    let stream_room = if limits_on && on_demand { stream.on_demand.capacity.room(size, first_ms) } else { u64::MAX };
    if (most_sent.min(hot + uniform)).saturating_add(most_limited) > stream_room {
        // The shards worked out tick by tick, first on copies (the stretch runs them for real).
        for plan in &mut plan {
            let Form::Each(each) = &mut plan.form else { continue };
            let Some(shard) = find(&stream.shards, plan.index) else { continue };
            let shape = Shape { size, retries, limits_on, cutoff_ms: 0 };
            let waiting = producer.backlog.queue(plan.index);
            *each = sent_each_tick(shard, waiting, &plan.block, &shape, first_ms, ticks);
        }
        let fits = (0..ticks).all(|tick| units.iter().map(|unit| unit.at(&plan, tick).1).sum::<u64>() <= stream_room);
        if !fits {
            producer.steady_after_ms = minute_end_ms;
            return false;
        }
    }

    let retention_ms = stream.retention_ms();
    let mut stored_last_tick = 0;
    let mut stored_in_all = 0;
    let mut throttled_any = false;
    for plan in &mut plan {
        let index = plan.index;
        let Some(shard) = find_mut(&mut stream.shards, index) else { continue };
        let block = &plan.block;
        let steady = match &mut plan.form {
            Form::Steady { steady, .. } => *steady,
            Form::Each(each) => {
                // This shard alone, tick by tick.
                let waiting = producer.backlog.queue(index);
                each.clear();
                for tick in 0..ticks {
                    let tick_ms = first_ms + i64::from(tick) * 1000;
                    producer.failed += retry::expire(waiting, tick_ms);
                    let cutoff_ms = tick_ms.saturating_sub(retention_ms);
                    let shape = Shape { size, retries, limits_on, cutoff_ms };
                    let sent = send(shard, waiting, &block.after(u64::from(tick)), &shape, u64::MAX, tick_ms, None);
                    if !retries {
                        producer.failed += sent.sent - sent.stored;
                    }
                    if let Some(minute_ms) = sent.hot_minute_ms
                        && on_demand
                    {
                        stream.on_demand.hot(index, minute_ms, split_delay_ms, tick_ms);
                    }
                    each.push((sent.sent, sent.stored));
                    stored_in_all += sent.stored;
                }
                stored_last_tick += each.last().map_or(0, |&(_, stored)| stored);
                throttled_any = true;
                continue;
            }
        };
        let last = block.after(u64::from(ticks - 1));
        let (stored, stored_last) = match steady {
            Steady::All => (block.len_over(u64::from(ticks)), last.len()),
            Steady::Same(count) => (u64::from(count) * u64::from(ticks), u64::from(count)),
        };
        throttled_any |= matches!(steady, Steady::Same(_));
        let data = &mut shard.data;
        if stored > 0 {
            // As the ticks one by one would leave it: trimmed when the shard last stored.
            let mut last_storing = ticks - 1;
            while steady == Steady::All && last_storing > 0 && block.after(u64::from(last_storing)).len() == 0 {
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
        data.log.append_steady(first_ms, block, ticks, steady);
        if limits_on {
            data.capacity.write.room(size, last_ms);
            data.capacity.write.take(stored_last, stored_last * size, last_ms);
        }
        if let Form::Steady { sent: Some(_), .. } = plan.form {
            let waiting = producer.backlog.queue(index);
            producer.failed += saturated_for(waiting, block, ticks, stored_last, plan.start, plan.end, first_ms);
        }
        stored_last_tick += stored_last;
        stored_in_all += stored;
    }
    // Records sent, resent ones included, when any shard is sent other than its block.
    let resending = plan.iter().any(|plan| !matches!(plan.form, Form::Steady { sent: None, .. }));
    if !resending {
        stream.usage.write_steady(first_ms, stream.mode, ticks, hot + uniform, stored_in_all, size);
    }
    if limits_on && on_demand {
        stream.on_demand.capacity.room(size, last_ms);
        stream.on_demand.capacity.take(stored_last_tick, stored_last_tick * size, last_ms);
    }
    let per_call = CALL_RECORDS.min(CALL_BYTES / size.max(1));
    let mut segments = Vec::new();
    if throttled_any {
        // The calls differ from tick to tick where throttled records fall among them.
        for tick in 0..ticks {
            let tick_ms = first_ms + i64::from(tick) * 1000;
            segments.clear();
            let (mut sent_in_tick, mut stored_in_tick) = (0, 0);
            for unit in &units {
                let shard = match unit {
                    Unit::All(_) => 0,
                    Unit::Shard(at) => plan[*at].index,
                };
                let (sent, stored) = unit.at(&plan, tick);
                if sent > 0 {
                    segments.push(Segment { shard, stored, throttled: sent - stored });
                }
                (sent_in_tick, stored_in_tick) = (sent_in_tick + sent, stored_in_tick + stored);
            }
            if resending {
                stream.usage.write(tick_ms, stream.mode, sent_in_tick, stored_in_tick, size);
            }
            let counted = calls::record(stream, &segments, per_call, size, 1, tick_ms);
            producer.minute_at(minute_end_ms - 60_000).count(counted);
        }
    } else {
        // Every tick's calls are alike: all their records stored.
        segments.push(Segment { shard: 0, stored: hot + uniform, throttled: 0 });
        let counted = calls::record(stream, &segments, per_call, size, u64::from(ticks), last_ms);
        producer.minute_at(minute_end_ms - 60_000).count(counted);
    }
    producer.next_j += u64::from(ticks) * uniform;
    producer.next_tick_ms = last_ms.saturating_add(1000);
    producer.ticks_at_once += u64::from(ticks);
    true
}

/// How late a retrying producer's records are stored in a shard it keeps saturated: each
/// second the shard stores the first records of the block put 29 s before, and the rest of
/// that block fails at 30 s (docs/behaviour.md §11.11).
const SATURATED_LATE_S: u32 = 29;

/// A shard's part of a stretch of ticks.
struct Plan {
    index: u32,
    /// The block whose records the shard is sent in the stretch's first tick (or stores, put
    /// 29 s before, when saturated).
    block: Block,
    form: Form,
    start: u128,
    end: u128,
}

/// What a tick's calls count, in hash key order: shards that store all they are sent, merged,
/// or one shard's plan (by its place in the plan).
enum Unit {
    All(Block),
    Shard(usize),
}

impl Unit {
    /// What the unit is sent and stores in tick `tick` of the stretch.
    fn at(&self, plan: &[Plan], tick: u32) -> (u64, u64) {
        match self {
            Self::All(block) => {
                let sent = block.after(u64::from(tick)).len();
                (sent, sent)
            }
            Self::Shard(at) => plan[*at].at(tick),
        }
    }
}

impl Plan {
    /// What the shard is sent and stores in tick `tick` of the stretch (a shard worked out
    /// tick by tick, once it has been).
    fn at(&self, tick: u32) -> (u64, u64) {
        match &self.form {
            Form::Each(each) => each.get(tick as usize).copied().unwrap_or_default(),
            &Form::Steady { steady, sent } => {
                let sent = sent.unwrap_or_else(|| self.block.after(u64::from(tick)).len());
                let stored = match steady {
                    Steady::All => sent,
                    Steady::Same(count) => u64::from(count).min(sent),
                };
                (sent, stored)
            }
        }
    }
}

enum Form {
    /// Worked out at once: stored as `steady` says, `sent` records sent each tick when not the
    /// block's (a saturated shard is sent the most the producer's rate limiter allows).
    Steady { steady: Steady, sent: Option<u64> },
    /// Worked out tick by tick: what each tick sent and stored.
    Each(Vec<(u64, u64)>),
}

/// The block put `SATURATED_LATE_S` seconds before `first_ms`, when a retrying producer keeps
/// the shard saturated through the `ticks` ticks from `first_ms`: its waiting records are the
/// whole blocks of those 29 seconds, untouched, at the producer's present rate (`block` the
/// next), and each block to be served in the stretch, and the one after, holds at least `room`
/// records. The shard then stores the first `room` records of that block each second, and what
/// waits fills the rate limiter's most (150 % of the limits) every second.
fn saturated(waiting: &retry::Queue, block: &Block, first_ms: i64, ticks: u32, room: u64) -> Option<Block> {
    if waiting.len() != 1 {
        return None;
    }
    let only = &waiting[0];
    let (front, seconds) = only.whole_seconds()?;
    let late_ms = i64::from(SATURATED_LATE_S) * 1000;
    if seconds != SATURATED_LATE_S || only.put_ms != first_ms - late_ms || !front.is_after(seconds, block) {
        return None;
    }
    if room == 0 || room == u64::MAX {
        return None;
    }
    let (fewest, _) = match front.len_bounds_any() {
        (fewest, most) if fewest >= room => (fewest, most),
        _ => front.len_bounds(u64::from(ticks) + 1),
    };
    (fewest >= room).then(|| front.clone())
}

/// Leaves a saturated shard's waiting records as the `ticks` ticks one by one would (what is
/// left of the block the last tick stored `stored` records from, then the whole blocks of the
/// 29 seconds since) and returns the records that failed meanwhile: the rest of each earlier
/// block, at 30 s.
fn saturated_for(
    waiting: &mut retry::Queue,
    late: &Block,
    ticks: u32,
    stored: u64,
    start: u128,
    end: u128,
    first_ms: i64,
) -> u64 {
    let front = late.rest(0, 0);
    let before = u64::from(ticks - 1);
    let failed = front.len_over(before) - stored * before;
    let put_ms = first_ms - i64::from(SATURATED_LATE_S) * 1000;
    waiting.clear();
    let last = front.after(before);
    let rest = last.rest(stored, 0);
    if rest.len() > 0 {
        waiting.push_back(retry::Waiting::new(put_ms + i64::from(ticks - 1) * 1000, rest, start, end));
    }
    let whole = front.after(u64::from(ticks));
    waiting.push_back(retry::Waiting::seconds(put_ms + i64::from(ticks) * 1000, whole, SATURATED_LATE_S, start, end));
    failed
}
