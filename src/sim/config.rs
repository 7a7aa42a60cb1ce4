//! What a simulated account looks like: where it is, how long status transitions take, and its
//! limits. Everything is configurable; the defaults are the real service's 2021 figures.

/// How long a stream stays in each transitional status, on the simulation clock.
///
/// AWS publishes no durations (docs/behaviour.md §4.2); the SDK waiter polls every 10 s for up
/// to 3 min and terraform allows 5 min to create. `REALISTIC` sits in the tens of seconds that
/// suggests; `FAST` uses the 500 ms that kinesalite and kinesis-mock default to.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Durations {
    pub create_stream_ms: i64,
    pub update_stream_ms: i64,
    pub delete_stream_ms: i64,
}

impl Durations {
    pub const REALISTIC: Self = Self { create_stream_ms: 30_000, update_stream_ms: 60_000, delete_stream_ms: 30_000 };
    pub const FAST: Self = Self { create_stream_ms: 500, update_stream_ms: 500, delete_stream_ms: 500 };
}

/// Account limits, each reported where the API reports it.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Open shards of provisioned streams: 500 in us-east-1 in the 2021 quotas
    /// (docs/behaviour.md §6.1).
    pub shard_limit: u32,
    /// ON_DEMAND streams per account (docs/behaviour.md §6.1).
    pub on_demand_stream_count_limit: u32,
    /// Streams that may be CREATING or DELETING at the same time; a hard limit of 5 on AWS.
    pub creating_or_deleting_limit: u32,
    /// Capacity-mode switches per stream in any rolling 24 hours (docs/behaviour.md §5.3).
    pub mode_switches_per_day: u32,
    /// UpdateShardCount calls per stream in any rolling 24 hours (docs/behaviour.md §5.10).
    pub shard_count_updates_per_day: u32,
    /// Open shards a single stream may have after UpdateShardCount.
    pub shards_per_stream: u32,
    /// Tags per stream (docs/behaviour.md §6.1).
    pub tags_per_stream: u32,
    /// Retention bounds in hours (docs/behaviour.md §5.12).
    pub min_retention_hours: u32,
    pub max_retention_hours: u32,
    /// The per-account calls-per-second limits of the control plane (`throttle.rs`).
    pub rate_limits: bool,
    /// Each shard's write and read limits (`records/capacity.rs`); off for load tests of the
    /// local endpoint.
    pub shard_throughput: bool,
    /// The memory stored records may take, in bytes: past it the oldest are dropped early, as if
    /// their retention had passed (docs/behaviour.md §8.6). None for the playground, whose
    /// described traffic costs a few bytes a second; the local endpoint sets one.
    pub record_memory_bytes: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            shard_limit: 500,
            on_demand_stream_count_limit: 50,
            creating_or_deleting_limit: 5,
            mode_switches_per_day: 2,
            shard_count_updates_per_day: 10,
            shards_per_stream: 10_000,
            tags_per_stream: 50,
            min_retention_hours: 24,
            max_retention_hours: 8760,
            rate_limits: true,
            shard_throughput: true,
            record_memory_bytes: None,
        }
    }
}

/// How on-demand streams follow their traffic (docs/behaviour.md §11.5).
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scaling {
    /// From the start of the minute a shard first runs hot to the split that relieves it: the
    /// service documents "within 15 minutes". Shorter for tests and demonstrations.
    pub split_delay_ms: i64,
    /// How long two neighbouring shards must stay cold together before they are merged back
    /// (UNVERIFIED: AWS does not document how on-demand streams scale down).
    pub merge_after_ms: i64,
}

impl Default for Scaling {
    fn default() -> Self {
        Self { split_delay_ms: 15 * 60_000, merge_after_ms: 24 * 3_600_000 }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub region: String,
    /// 12 digits, as in every ARN and error text.
    pub account_id: String,
    pub durations: Durations,
    pub limits: Limits,
    pub scaling: Scaling,
}

impl Default for Config {
    /// The region and account id of the AWS documentation's examples.
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            account_id: "123456789012".to_owned(),
            durations: Durations::REALISTIC,
            limits: Limits::default(),
            scaling: Scaling::default(),
        }
    }
}

impl Config {
    /// `arn:<partition>:kinesis:<region>:<account>:stream/<name>` (docs/behaviour.md §7.5).
    pub(crate) fn stream_arn(&self, stream_name: &str) -> String {
        let partition = if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        };
        format!("arn:{partition}:kinesis:{}:{}:stream/{stream_name}", self.region, self.account_id)
    }
}
