//! The streams of one simulated account and what the clock does to them: the end of their
//! transitional states and the dropping of expired shards.
//!
//! Both sit in one timer queue sorted by due time (`timers`), so settling the account at a time
//! is a walk over the due timers, each applied at its own due time.

use serde::Serialize;

use super::config::Config;
use super::error::ApiError;
use super::on_demand;
use super::operation::Operation;
use super::shard_map;
use super::stream::{Change, Stream, StreamMode, StreamStatus, Transition};
use super::throttle::Throttle;
use super::timers::{Timer, Timers};
use super::traffic::{self, Consumer, Producer};
use super::vec_map::VecMap;

/// What DescribeLimits reports: its output shape, which the core writes and attach mode reads
/// from an endpoint. Members in alphabetical order, as the service sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountLimits {
    pub on_demand_stream_count: u32,
    pub on_demand_stream_count_limit: u32,
    pub open_shard_count: u32,
    pub shard_limit: u32,
}

/// The account's state. Natively it (de)serialises whole for the endpoint's `--state-dir`
/// (`endpoint::state`), all but described traffic, which only the playground runs.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub config: Config,
    streams: VecMap<String, Stream>,
    timers: Timers,
    throttle: Throttle,
    /// Described traffic by producer number, in the order started (docs/behaviour.md §11.7).
    /// A few at most: a list is smaller in the page than another map.
    #[cfg_attr(not(target_arch = "wasm32"), serde(skip))]
    producers: Vec<(u32, Producer)>,
    next_producer: u32,
    /// Described readers by number, in the order started (docs/behaviour.md §11.10).
    #[cfg_attr(not(target_arch = "wasm32"), serde(skip))]
    consumers: Vec<(u32, Consumer)>,
    next_consumer: u32,
    /// Records dropped early to keep within `Limits::record_memory_bytes`, and their memory.
    dropped_early: (u64, u64),
    /// The calls per minute of producers and consumers no longer running, until the inspector
    /// takes them.
    #[cfg_attr(not(target_arch = "wasm32"), serde(skip))]
    retired_minutes: Vec<traffic::CallMinute>,
}

impl Account {
    pub fn new(config: Config) -> Self {
        Self { config, ..Self::default() }
    }

    /// Runs every timer, producer tick and consumer poll due at or before `now_ms`, each at its
    /// own time; at the same millisecond, timers first (they run before a call arriving then),
    /// then producers and then consumers, each in the order they were started.
    pub fn settle(&mut self, now_ms: i64) {
        loop {
            let tick = self.producers.iter().map(|(id, p)| (p.next_tick_ms, *id)).min();
            let poll = self.consumers.iter().map(|(id, c)| (c.next_poll_ms, *id)).min();
            let timer = self.timers.next_ms().filter(|&ms| ms <= now_ms);
            let tick = tick.filter(|&(ms, _)| ms <= now_ms);
            let poll = poll.filter(|&(ms, _)| ms <= now_ms);
            let first = [timer, tick.map(|t| t.0), poll.map(|p| p.0)].into_iter().flatten().min();
            match first {
                None => return,
                Some(ms) if timer == Some(ms) => self.run_timer(now_ms),
                Some(ms) if tick.is_some_and(|(tick_ms, _)| tick_ms == ms) => {
                    let id = tick.map_or(0, |(_, id)| id);
                    self.run_tick(id);
                    self.run_steady_ticks(id, now_ms);
                }
                Some(_) => self.run_poll(poll.map_or(0, |(_, id)| id)),
            }
        }
    }

    /// Runs one consumer's poll that is due.
    fn run_poll(&mut self, id: u32) {
        let Some((_, consumer)) = self.consumers.iter_mut().find(|(number, _)| *number == id) else { return };
        let limits_on = self.config.limits.shard_throughput;
        traffic::poll(consumer, self.streams.get_mut(&consumer.spec.stream_name), limits_on);
    }

    /// Starts a consumer whose first poll comes after `now_ms`; returns its number.
    pub fn start_consumer(&mut self, spec: traffic::ConsumerSpec, now_ms: i64) -> Result<u32, String> {
        let consumer = Consumer::new(spec, now_ms.saturating_add(1))?;
        let id = self.next_consumer;
        self.next_consumer += 1;
        self.consumers.push((id, consumer));
        Ok(id)
    }

    /// Stops a consumer: it reads nothing after the polls already run. Returns whether it was
    /// running.
    pub fn stop_consumer(&mut self, id: u32) -> bool {
        let Some(at) = self.consumers.iter().position(|(number, _)| *number == id) else { return false };
        let (_, consumer) = self.consumers.remove(at);
        self.retired_minutes.extend(consumer.minutes.into_vec());
        true
    }

    pub fn consumers(&self) -> impl Iterator<Item = (u32, &Consumer)> {
        self.consumers.iter().map(|(id, consumer)| (*id, consumer))
    }

    /// Runs one producer's tick that is due, and forgets the producer after its last.
    fn run_tick(&mut self, id: u32) {
        let Some(at) = self.producers.iter().position(|(number, _)| *number == id) else { return };
        let producer = &mut self.producers[at].1;
        let name = producer.spec.stream_name.clone();
        let limits_on = self.config.limits.shard_throughput;
        traffic::tick(producer, self.streams.get_mut(&name), limits_on, self.config.scaling.split_delay_ms);
        if !producer.is_running() {
            self.retire_producer(at);
        }
        self.schedule_on_demand(&name);
    }

    /// Runs the producer's next ticks up to `now_ms` at once where nothing can come between
    /// them (`traffic::steady_ticks`): the rest of the clock minute, before the next timer and
    /// the producer's stop, when no other producer writes to its stream and a split cannot
    /// land within the minute. Advancing a day at 200 MiB/s is then a few steps a minute.
    fn run_steady_ticks(&mut self, id: u32, now_ms: i64) {
        let split_delay_ms = self.config.scaling.split_delay_ms;
        let Some(at) = self.producers.iter().position(|(number, _)| *number == id) else { return };
        let producer = &self.producers[at].1;
        let first_ms = producer.next_tick_ms;
        let name = &producer.spec.stream_name;
        let shared = self.producers.iter().any(|(other, p)| *other != id && p.spec.stream_name == *name);
        if shared || split_delay_ms < 60_000 || first_ms < producer.steady_after_ms {
            return;
        }
        let minute_end_ms = (first_ms.div_euclid(60_000) + 1) * 60_000;
        let mut last_ms = now_ms.min(minute_end_ms - 1);
        if let Some(timer_ms) = self.timers.next_ms() {
            last_ms = last_ms.min(timer_ms - 1);
        }
        if let Some(stop_ms) = producer.spec.stop_ms {
            last_ms = last_ms.min(stop_ms - 1);
        }
        let Ok(ticks) = u32::try_from((last_ms - first_ms).div_euclid(1000) + 1) else { return };
        let name = name.clone();
        let limits_on = self.config.limits.shard_throughput;
        let Some(stream) = self.streams.get_mut(&name) else { return };
        let producer = &mut self.producers[at].1;
        if traffic::steady_ticks(producer, stream, ticks, limits_on, split_delay_ms) {
            if !producer.is_running() {
                self.retire_producer(at);
            }
            self.schedule_on_demand(&name);
        }
    }

    /// Starts a producer whose first tick comes after `now_ms`; returns its number.
    pub fn start_producer(&mut self, spec: traffic::ProducerSpec, now_ms: i64) -> Result<u32, String> {
        let producer = Producer::new(spec, now_ms.saturating_add(1))?;
        let id = self.next_producer;
        self.next_producer += 1;
        if producer.is_running() {
            self.producers.push((id, producer));
        }
        Ok(id)
    }

    /// Stops a producer: it sends nothing after the ticks already run. Returns whether it was
    /// running.
    pub fn stop_producer(&mut self, id: u32) -> bool {
        let Some(at) = self.producers.iter().position(|(number, _)| *number == id) else { return false };
        self.retire_producer(at);
        true
    }

    /// Forgets the producer at `at` in the list, keeping its calls for the inspector.
    fn retire_producer(&mut self, at: usize) {
        let (_, producer) = self.producers.remove(at);
        self.retired_minutes.extend(producer.minutes.into_vec());
    }

    /// The calls per minute of every producer and consumer whose minute has ended (or who
    /// stopped) since the last time, oldest minute first and, within a minute, consumers before
    /// producers, each in reverse order started: the inspector lists them the other way round.
    /// Leaves the minutes under way (`call_minutes_under_way`); minutes without a call are left
    /// out.
    pub fn take_call_minutes(&mut self) -> Vec<traffic::CallMinute> {
        let producers = self.producers.iter_mut().map(|(_, producer)| &mut producer.minutes.ended);
        let consumers = self.consumers.iter_mut().map(|(_, consumer)| &mut consumer.minutes.ended);
        let mut minutes: Vec<traffic::CallMinute> = Vec::new();
        for list in [&mut self.retired_minutes].into_iter().chain(producers).chain(consumers) {
            // Each list is in time order; a few lists of a few minutes each are merged by
            // inserting (a sort would add its code to the page). Within a minute the later
            // lists go first, so that the inspector, newest first, shows them in list order.
            for minute in list.drain(..).filter(|minute| minute.calls > 0) {
                let at = minutes.partition_point(|other| other.minute_ms < minute.minute_ms);
                minutes.insert(at, minute);
            }
        }
        minutes
    }

    /// The calls of the minutes under way, producers' then consumers'.
    pub fn call_minutes_under_way(&self) -> impl Iterator<Item = &traffic::CallMinute> {
        let producers = self.producers.iter().filter_map(|(_, producer)| producer.minutes.under_way.as_ref());
        let consumers = self.consumers.iter().filter_map(|(_, consumer)| consumer.minutes.under_way.as_ref());
        producers.chain(consumers).filter(|minute| minute.calls > 0)
    }

    pub fn producers(&self) -> impl Iterator<Item = (u32, &Producer)> {
        self.producers.iter().map(|(id, producer)| (*id, producer))
    }

    /// Runs the earliest timer, due at or before `now_ms`.
    fn run_timer(&mut self, now_ms: i64) {
        if let Some((due_ms, timer, name)) = self.timers.pop_due(now_ms) {
            if let Some(stream) = self.streams.get_mut(&name) {
                stream.account_usage(due_ms);
            }
            match timer {
                Timer::EndTransition => self.end_transition(&name, due_ms),
                Timer::ExpireShards => {
                    if let Some(stream) = self.streams.get_mut(&name) {
                        stream.drop_expired_shards(due_ms);
                    }
                }
                Timer::SplitHotShards => {
                    let split = self.streams.get_mut(&name).is_some_and(|s| on_demand::split_due(s, due_ms));
                    if split {
                        let merge_after_ms = self.config.scaling.merge_after_ms;
                        self.timers.schedule(due_ms.saturating_add(merge_after_ms), Timer::MergeColdShards, &name);
                    }
                    self.schedule_on_demand(&name);
                }
                Timer::MergeColdShards => {
                    let merge_after_ms = self.config.scaling.merge_after_ms;
                    let next =
                        self.streams.get_mut(&name).and_then(|s| on_demand::merge_cold(s, due_ms, merge_after_ms));
                    if let Some(next_ms) = next {
                        self.timers.schedule(next_ms, Timer::MergeColdShards, &name);
                    }
                }
            }
            self.schedule_shard_expiry(&name);
        }
    }

    /// CREATING, UPDATING or DELETING ends at `due_ms`, and the change it was for takes effect.
    fn end_transition(&mut self, name: &str, due_ms: i64) {
        let Some(stream) = self.streams.get_mut(name) else { return };
        if stream.pending.as_ref().is_none_or(|pending| pending.due_ms != due_ms) {
            return;
        }
        let Some(Transition { change, .. }) = stream.pending.take() else { return };
        stream.status = StreamStatus::Active;
        match change {
            Change::Create => {}
            Change::Delete => {
                self.streams.remove(name);
            }
            Change::Mode(mode) => {
                stream.mode = mode;
                // A stream that turns on-demand with more shards than a new one may scale down.
                if mode == StreamMode::OnDemand {
                    let check_ms = due_ms.saturating_add(self.config.scaling.merge_after_ms);
                    self.timers.schedule(check_ms, Timer::MergeColdShards, name);
                }
            }
            Change::ShardCount(target) => shard_map::scale_uniformly(&mut stream.shards, target, due_ms),
            Change::SplitShard { shard, new_starting_hash_key } => {
                shard_map::split(&mut stream.shards, shard, new_starting_hash_key, due_ms);
            }
            Change::MergeShards { shard, adjacent } => {
                shard_map::merge(&mut stream.shards, shard, adjacent, due_ms);
            }
            Change::Encryption { encryption_type, key_id } => {
                stream.encryption_type = encryption_type;
                stream.key_id = key_id;
            }
        }
    }

    /// Sets a timer for when the stream's oldest closed shard expires, so that it is dropped
    /// then. Called when a timer has run (shards may have closed) and when the retention period
    /// changes; a timer that comes due after the retention was raised drops nothing and sets
    /// the next one.
    pub fn schedule_shard_expiry(&mut self, name: &str) {
        if let Some(due_ms) = self.streams.get(name).and_then(Stream::next_shard_expiry_ms) {
            self.timers.schedule(due_ms, Timer::ExpireShards, name);
        }
    }

    /// Sets a timer for the stream's earliest on-demand split, if one is on its way. Called after
    /// writes (a shard may have turned hot) and after splits.
    pub fn schedule_on_demand(&mut self, name: &str) {
        if let Some(due_ms) = self.streams.get(name).and_then(|s| s.on_demand.next_split_ms()) {
            self.timers.schedule(due_ms, Timer::SplitHotShards, name);
        }
    }

    /// When the earliest pending transition is due, if any.
    pub fn next_transition_ms(&self) -> Option<i64> {
        self.timers.next_due(Timer::EndTransition)
    }

    pub fn stream(&self, name: &str) -> Option<&Stream> {
        self.streams.get(name)
    }

    /// The memory every shard's stored records take.
    pub fn record_bytes(&self) -> u64 {
        self.streams.values().flat_map(|stream| &stream.shards).map(|shard| shard.data.log.held_bytes()).sum()
    }

    /// Records dropped early to keep within the memory budget, and their memory.
    pub fn dropped_early(&self) -> (u64, u64) {
        self.dropped_early
    }

    /// Drops the oldest records of the account, whatever their stream and shard, until the stored
    /// records fit `Limits::record_memory_bytes`, as if their retention had passed
    /// (docs/behaviour.md §8.6). A write's records go in whole first, so only older ones go.
    pub fn keep_within_record_budget(&mut self) {
        let Some(budget) = self.config.limits.record_memory_bytes else { return };
        let mut held = self.record_bytes();
        while held > budget {
            let oldest = self
                .streams
                .values_mut()
                .flat_map(|stream| stream.shards.iter_mut())
                .filter_map(|shard| Some((shard.data.log.oldest_arrival_ms()?, shard)))
                .min_by_key(|(arrival_ms, shard)| (*arrival_ms, shard.index));
            let Some((records, bytes)) = oldest.and_then(|(_, shard)| shard.data.log.drop_oldest()) else { break };
            held = held.saturating_sub(bytes);
            self.dropped_early.0 += records;
            self.dropped_early.1 += bytes;
        }
    }

    /// The streams by name, for the data plane, which reads and writes inside them.
    pub fn streams_mut(&mut self) -> &mut VecMap<String, Stream> {
        &mut self.streams
    }

    pub fn streams(&self) -> impl Iterator<Item = &Stream> {
        self.streams.values()
    }

    /// Streams in name order from the first name after `exclusive_start`.
    pub fn streams_after<'a>(&'a self, exclusive_start: Option<&str>) -> impl Iterator<Item = &'a Stream> {
        self.streams.after(exclusive_start.unwrap_or_default()).map(|(_, stream)| stream)
    }

    /// The stream, or the service's not-found error.
    pub fn find(&self, name: &str) -> Result<&Stream, ApiError> {
        self.streams.get(name).ok_or_else(|| ApiError::stream_not_found(name, &self.config.account_id))
    }

    pub fn find_mut(&mut self, name: &str) -> Result<&mut Stream, ApiError> {
        let account_id = &self.config.account_id;
        self.streams.get_mut(name).ok_or_else(|| ApiError::stream_not_found(name, account_id))
    }

    /// An ACTIVE stream, or the not-found or not-ACTIVE error, as mutating operations need.
    pub fn find_active_mut(&mut self, name: &str) -> Result<&mut Stream, ApiError> {
        let account_id = &self.config.account_id;
        let stream = self.streams.get_mut(name).ok_or_else(|| ApiError::stream_not_found(name, account_id))?;
        stream.require_active(account_id)?;
        Ok(stream)
    }

    pub fn insert(&mut self, stream: Stream) {
        self.streams.insert(stream.name.clone(), stream);
    }

    /// Puts a stream into `status` until `due_ms`, when `change` takes effect. A transition under
    /// way is replaced and its timer cancelled: only DeleteStream begins one on a stream that is
    /// not ACTIVE, and a CREATING stream it deletes must never turn ACTIVE. The stream's
    /// background timers are left as they are.
    pub fn begin(&mut self, name: &str, status: StreamStatus, change: Change, due_ms: i64) {
        let Some(stream) = self.streams.get_mut(name) else { return };
        if let Some(previous) = stream.pending.take() {
            self.timers.cancel(previous.due_ms, Timer::EndTransition, name);
        }
        stream.status = status;
        stream.pending = Some(Transition { due_ms, change });
        self.timers.schedule(due_ms, Timer::EndTransition, name);
    }

    /// Admits a call under the control plane's per-account rate limits (docs/behaviour.md §6.4), or
    /// answers the service's "Rate exceeded" LimitExceededException.
    pub fn admit(&mut self, operation: Operation, stream_name: Option<&str>, now_ms: i64) -> Result<(), ApiError> {
        if !self.config.limits.rate_limits || self.throttle.admit(operation, now_ms) {
            return Ok(());
        }
        let account_id = &self.config.account_id;
        Err(ApiError::LimitExceeded(match stream_name {
            Some(name) => format!("Rate exceeded for stream {name} under account {account_id}."),
            None => format!("Rate exceeded for account {account_id}."),
        }))
    }

    /// DescribeLimits' four figures. Whether OpenShardCount includes on-demand streams is
    /// UNVERIFIED (docs/behaviour.md §5.6): the shard quota applies to provisioned streams only, so
    /// it counts the open shards DescribeStream shows for those.
    pub fn limits(&self) -> AccountLimits {
        let streams = || self.streams.values();
        AccountLimits {
            shard_limit: self.config.limits.shard_limit,
            open_shard_count: streams()
                .filter(|s| s.mode == StreamMode::Provisioned)
                .map(Stream::open_shard_count)
                .sum(),
            on_demand_stream_count: streams().filter(|s| s.mode == StreamMode::OnDemand).count() as u32,
            on_demand_stream_count_limit: self.config.limits.on_demand_stream_count_limit,
        }
    }

    /// Streams CREATING or DELETING, which the account may have at most five of.
    pub fn creating_or_deleting_count(&self) -> u32 {
        self.streams.values().filter(|s| matches!(s.status, StreamStatus::Creating | StreamStatus::Deleting)).count()
            as u32
    }

    /// Open shards of provisioned streams and of streams switching to or from PROVISIONED,
    /// counting those that CREATING streams, splits and reshards under way are about to open:
    /// what the shard limit is checked against.
    pub fn reserved_provisioned_shards(&self) -> u64 {
        let holds = |s: &&Stream| s.holds_quota_of(StreamMode::Provisioned);
        self.streams.values().filter(holds).map(Stream::reserved_open_shards).sum()
    }

    /// ON_DEMAND streams and streams switching to or from ON_DEMAND: what the on-demand stream
    /// limit is checked against.
    pub fn reserved_on_demand_streams(&self) -> u32 {
        self.streams.values().filter(|s| s.holds_quota_of(StreamMode::OnDemand)).count() as u32
    }
}
