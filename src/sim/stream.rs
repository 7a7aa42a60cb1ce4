//! A stream as the account holds it, and the API enums that describe it.

use serde::Serialize;

use super::shapes::MetricsName;
use super::shard_map::Shard;
use super::vec_map::VecMap;

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamMode {
    Provisioned,
    OnDemand,
}

impl StreamMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provisioned => "PROVISIONED",
            Self::OnDemand => "ON_DEMAND",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "PROVISIONED" => Some(Self::Provisioned),
            "ON_DEMAND" => Some(Self::OnDemand),
            _ => None,
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamStatus {
    Creating,
    Deleting,
    Active,
    Updating,
}

impl StreamStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "CREATING",
            Self::Deleting => "DELETING",
            Self::Active => "ACTIVE",
            Self::Updating => "UPDATING",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Creating, Self::Deleting, Self::Active, Self::Updating].into_iter().find(|s| s.as_str() == value)
    }
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EncryptionType {
    None,
    Kms,
}

/// `{"StreamMode": …}`, the structure the 2021-11-30 release added; the page's forms write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamModeDetails {
    pub stream_mode: StreamMode,
}

/// What happens when a CREATING, UPDATING or DELETING period ends. Changes that go through
/// UPDATING take effect at its end: until then DescribeStream shows the stream as it was.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// CREATING ends: the stream becomes ACTIVE with its shards.
    Create,
    /// DELETING ends: the stream is gone.
    Delete,
    /// UpdateStreamMode. When the mode shown flips is UNVERIFIED (docs/behaviour.md §4.3); it flips
    /// when UPDATING ends, so the list reads "UPDATING, still PROVISIONED" while the switch runs.
    Mode(StreamMode),
    /// UpdateShardCount with UNIFORM_SCALING.
    ShardCount(u32),
    SplitShard {
        shard: u32,
        new_starting_hash_key: u128,
    },
    MergeShards {
        shard: u32,
        adjacent: u32,
    },
    Encryption {
        encryption_type: EncryptionType,
        key_id: Option<String>,
    },
}

/// A scheduled end of CREATING, UPDATING or DELETING.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub due_ms: i64,
    pub(crate) change: Change,
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug)]
pub struct Stream {
    pub name: String,
    pub arn: String,
    pub created_at_ms: i64,
    pub mode: StreamMode,
    pub status: StreamStatus,
    pub pending: Option<Transition>,
    pub(crate) retention_period_hours: u32,
    pub(crate) encryption_type: EncryptionType,
    pub(crate) key_id: Option<String>,
    /// Enabled shard-level metrics, in the model's enum order.
    pub(crate) shard_level_metrics: Vec<MetricsName>,
    /// Tags by key; ListTagsForStream pages through them in key order.
    pub(crate) tags: VecMap<String, String>,
    /// The open shards and the closed ones still within the retention period, in index order
    /// (`shard_map::find` looks one up by index).
    pub shards: Vec<Shard>,
    /// When UpdateStreamMode was accepted, for the two-per-24-hours rule.
    pub(crate) mode_switches_ms: Vec<i64>,
    /// When UpdateShardCount was accepted, for the ten-per-24-hours rule.
    pub(crate) shard_count_updates_ms: Vec<i64>,
    /// On-demand scaling under way: the stream-wide write budget and the hot shards' splits.
    pub(crate) on_demand: super::on_demand::OnDemand,
    /// CloudWatch metrics by minute, the last 24 hours of them (docs/behaviour.md §11.6).
    pub metrics: super::metrics::StreamMetrics,
    /// What AWS bills, since the stream was created (docs/behaviour.md §11.8).
    pub(crate) usage: super::usage::Usage,
}

impl Stream {
    /// What the stream has used up to `now_ms`, its time accounted in its current state.
    pub fn usage(&self, now_ms: i64) -> super::usage::Usage {
        let mut usage = self.usage;
        usage.advance(now_ms, self.mode, self.open_shard_count() as usize);
        usage
    }

    /// Accounts the stream's time up to `now_ms`: done before anything changes its mode or its
    /// open shards.
    pub(crate) fn account_usage(&mut self, now_ms: i64) {
        let open = self.open_shard_count() as usize;
        self.usage.advance(now_ms, self.mode, open);
    }

    /// Shards the API lists at `now_ms`: none while CREATING or DELETING
    /// (docs/behaviour.md §5.4); a closed shard drops out once its newest data is older than the
    /// retention period, as on the service.
    pub fn listed_shards(&self, now_ms: i64) -> impl Iterator<Item = &Shard> {
        let hidden = matches!(self.status, StreamStatus::Creating | StreamStatus::Deleting);
        let retention_ms = self.retention_ms();
        self.shards.iter().filter(move |shard| !hidden && !shard.is_expired(retention_ms, now_ms))
    }

    /// The shard with `index`, unless it has expired or never existed.
    pub fn shard(&self, index: u32) -> Option<&Shard> {
        super::shard_map::find(&self.shards, index)
    }

    /// Whether reads and writes reach the stream: ACTIVE or UPDATING. A CREATING stream is not
    /// found by them yet, and a DELETING one no more (docs/behaviour.md §11.1).
    pub(crate) fn takes_records(&self) -> bool {
        matches!(self.status, StreamStatus::Active | StreamStatus::Updating)
    }

    /// Drops every shard's records older than the retention period at `now_ms`.
    pub(crate) fn trim_records(&mut self, now_ms: i64) {
        let cutoff_ms = now_ms.saturating_sub(self.retention_ms());
        for shard in &mut self.shards {
            shard.data.log.trim_before(cutoff_ms);
        }
    }

    pub(crate) fn shard_mut(&mut self, index: u32) -> Option<&mut Shard> {
        super::shard_map::find_mut(&mut self.shards, index)
    }

    /// The shards a closed shard's records continue in: its children (docs/behaviour.md §11.3).
    pub(crate) fn children_of(&self, index: u32) -> impl Iterator<Item = &Shard> {
        self.shards.iter().filter(move |s| s.parent == Some(index) || s.adjacent_parent == Some(index))
    }

    pub(crate) fn retention_ms(&self) -> i64 {
        i64::from(self.retention_period_hours) * 3_600_000
    }

    /// When the oldest closed shard leaves the retention period, if any shard is closed.
    pub(crate) fn next_shard_expiry_ms(&self) -> Option<i64> {
        let closed = self.shards.iter().filter_map(|shard| shard.closed_at_ms).min()?;
        Some(closed.saturating_add(self.retention_ms()))
    }

    /// Forgets the closed shards that have left the retention period by `now_ms`, as the
    /// service does: without this, every split and merge would cost memory forever, and every
    /// listing would walk past shards it no longer shows (docs/behaviour.md §4.4).
    pub(crate) fn drop_expired_shards(&mut self, now_ms: i64) {
        let retention_ms = self.retention_ms();
        self.shards.retain(|shard| !shard.is_expired(retention_ms, now_ms));
        let shards = &self.shards;
        self.metrics.retain_shards(|index| super::shard_map::find(shards, index).is_some());
    }

    /// OpenShardCount as DescribeStreamSummary reports it: the open shards DescribeStream would
    /// list, so 0 while CREATING (UNVERIFIED on AWS; kinesalite, run against AWS, does the same).
    pub fn open_shard_count(&self) -> u32 {
        match self.status {
            StreamStatus::Creating | StreamStatus::Deleting => 0,
            StreamStatus::Active | StreamStatus::Updating => self.shards.iter().filter(|s| s.is_open()).count() as u32,
        }
    }

    /// Whether the stream holds a place in `mode`'s quota: it is in that mode, or is switching
    /// to it. A switching stream holds a place in both quotas until the switch ends, because
    /// DescribeLimits counts it in the mode it still has while the quota checks must already
    /// count it in the mode it is heading for; so no answer ever shows an account over its
    /// limits (docs/behaviour.md §6.3).
    pub(crate) fn holds_quota_of(&self, mode: StreamMode) -> bool {
        self.mode == mode
            || matches!(&self.pending, Some(Transition { change: Change::Mode(target), .. }) if *target == mode)
    }

    /// Open shards the stream holds or is about to hold: a CREATING stream's shards, and the
    /// outcome of a split or reshard under way, whichever is more.
    pub(crate) fn reserved_open_shards(&self) -> u64 {
        let open = self.shards.iter().filter(|s| s.is_open()).count() as u64;
        match &self.pending {
            Some(Transition { change: Change::SplitShard { .. }, .. }) => open + 1,
            Some(Transition { change: Change::ShardCount(target), .. }) => open.max(u64::from(*target)),
            _ => open,
        }
    }

    /// The error every mutating operation gives a stream that is not ACTIVE
    /// (docs/behaviour.md §4.1, §3.6).
    pub(crate) fn require_active(&self, account_id: &str) -> Result<(), super::ApiError> {
        match self.status {
            StreamStatus::Active => Ok(()),
            status => Err(super::ApiError::ResourceInUse(format!(
                "Stream {} under account {account_id} not ACTIVE, instead in state {}",
                self.name,
                status.as_str()
            ))),
        }
    }

    /// Calls of a kind made in the rolling 24 hours before `now_ms`.
    pub(crate) fn within_a_day(times_ms: &mut Vec<i64>, now_ms: i64) -> usize {
        times_ms.retain(|&t| t > now_ms.saturating_sub(DAY_MS));
        times_ms.len()
    }
}

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
