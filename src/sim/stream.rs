//! A stream as the account holds it, and the API enums that describe it.

use serde::Serialize;

use super::shard_map::Shard;

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EncryptionType {
    None,
    Kms,
}

/// `{"StreamMode": …}`, the structure the 2021-11-30 release added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamModeDetails {
    pub stream_mode: StreamMode,
}

/// The status a transitional state leads to when its time is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Active,
    /// DELETING ends with the stream gone.
    Gone,
}

/// A scheduled end of CREATING, UPDATING or DELETING.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub due_ms: i64,
    pub outcome: Outcome,
}

#[derive(Clone, Debug)]
pub struct Stream {
    pub name: String,
    pub arn: String,
    pub created_at_ms: i64,
    pub mode: StreamMode,
    /// The status as of the account's last settled time; see `status_at` for any other time.
    pub status: StreamStatus,
    pub pending: Option<Transition>,
    pub retention_period_hours: u32,
    pub encryption_type: EncryptionType,
    pub key_id: Option<String>,
    /// Every shard the stream ever had, open and closed, in index order.
    pub shards: Vec<Shard>,
}

impl Stream {
    /// Shards the API shows: none while CREATING (KINESIS.md §2.2, observed) or DELETING (§2.4).
    pub fn visible_shards(&self) -> &[Shard] {
        match self.status {
            StreamStatus::Creating | StreamStatus::Deleting => &[],
            StreamStatus::Active | StreamStatus::Updating => &self.shards,
        }
    }

    /// OpenShardCount as DescribeStreamSummary reports it: the open shards DescribeStream would
    /// list, so 0 while CREATING (UNVERIFIED on AWS; kinesalite, run against AWS, does the same).
    pub fn open_shard_count(&self) -> u32 {
        self.visible_shards().iter().filter(|shard| shard.is_open()).count() as u32
    }

    /// Open shards including those of a stream still CREATING: what the shard limit counts.
    pub fn reserved_shard_count(&self) -> u32 {
        self.shards.iter().filter(|shard| shard.is_open()).count() as u32
    }
}
