//! The streams of one simulated account and the clock-driven end of their transitional states.
//!
//! Pending transitions sit in a queue sorted by due time, so settling the account at a time is a
//! walk over the due entries and "when is the next transition?" is a lookup of the first one.

use std::collections::{BTreeMap, BTreeSet};

use super::config::Config;
use super::error::ApiError;
use super::operation::Operation;
use super::shard_map;
use super::stream::{Change, Stream, StreamMode, StreamStatus, Transition};
use super::throttle::Throttle;

/// What DescribeLimits reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountLimits {
    pub shard_limit: u32,
    pub open_shard_count: u32,
    pub on_demand_stream_count: u32,
    pub on_demand_stream_count_limit: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Account {
    pub config: Config,
    streams: BTreeMap<String, Stream>,
    /// (due time, stream name) of every stream with a pending transition.
    queue: BTreeSet<(i64, String)>,
    /// (time, stream name) when a stream's oldest closed shard leaves the retention period and
    /// is dropped (`Stream::drop_expired_shards`).
    expiries: BTreeSet<(i64, String)>,
    throttle: Throttle,
}

impl Account {
    pub fn new(config: Config) -> Self {
        Self { config, ..Self::default() }
    }

    /// Applies every transition due at or before `now_ms`, each at its own due time.
    pub fn settle(&mut self, now_ms: i64) {
        while let Some((due_ms, _)) = self.queue.first() {
            if *due_ms > now_ms {
                break;
            }
            let Some((due_ms, name)) = self.queue.pop_first() else { break };
            let Some(stream) = self.streams.get_mut(&name) else { continue };
            let Some(Transition { change, .. }) = stream.pending.take() else { continue };
            stream.status = StreamStatus::Active;
            match change {
                Change::Create => {}
                Change::Delete => {
                    self.streams.remove(&name);
                }
                Change::Mode(mode) => stream.mode = mode,
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
            self.schedule_shard_expiry(&name);
        }
        while let Some((at_ms, _)) = self.expiries.first() {
            if *at_ms > now_ms {
                break;
            }
            let Some((at_ms, name)) = self.expiries.pop_first() else { break };
            let Some(stream) = self.streams.get_mut(&name) else { continue };
            stream.drop_expired_shards(at_ms);
            self.schedule_shard_expiry(&name);
        }
    }

    /// Notes when the stream's oldest closed shard expires, so that it is dropped then. Called
    /// when shards close and when the retention period changes; an entry that comes due after
    /// the retention was raised drops nothing and notes the new time.
    pub fn schedule_shard_expiry(&mut self, name: &str) {
        if let Some(at_ms) = self.streams.get(name).and_then(Stream::next_shard_expiry_ms) {
            self.expiries.insert((at_ms, name.to_owned()));
        }
    }

    /// When the earliest pending transition is due, if any.
    pub fn next_transition_ms(&self) -> Option<i64> {
        self.queue.first().map(|(due_ms, _)| *due_ms)
    }

    pub fn stream(&self, name: &str) -> Option<&Stream> {
        self.streams.get(name)
    }

    pub fn streams(&self) -> impl Iterator<Item = &Stream> {
        self.streams.values()
    }

    /// Streams in name order from the first name after `exclusive_start`.
    pub fn streams_after<'a>(&'a self, exclusive_start: Option<&str>) -> impl Iterator<Item = &'a Stream> {
        use std::ops::Bound;
        let start = match exclusive_start {
            Some(name) => Bound::Excluded(name.to_owned()),
            None => Bound::Unbounded,
        };
        self.streams.range::<String, _>((start, Bound::Unbounded)).map(|(_, stream)| stream)
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

    /// Puts a stream into `status` until `due_ms`, when `change` takes effect.
    pub fn begin(&mut self, name: &str, status: StreamStatus, change: Change, due_ms: i64) {
        let Some(stream) = self.streams.get_mut(name) else { return };
        if let Some(previous) = stream.pending.take() {
            self.queue.remove(&(previous.due_ms, name.to_owned()));
        }
        stream.status = status;
        stream.pending = Some(Transition { due_ms, change });
        self.queue.insert((due_ms, name.to_owned()));
    }

    /// Admits a call under the control plane's per-account rate limits (KINESIS.md §3.4), or
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
    /// UNVERIFIED (KINESIS.md §2.6): the shard quota applies to provisioned streams only, so it
    /// counts the open shards DescribeStream shows for those.
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
