//! DescribeStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html>
//!
//! The stream with a page of its shards: at most 100 (or `Limit`) after `ExclusiveStartShardId`,
//! and `HasMoreShards` when more follow. `Shards: []` while CREATING or DELETING
//! (docs/behaviour.md §5.4). ExclusiveStartShardId is read by its form like every ShardId input; a
//! shard that is not there still marks where the page starts.

use serde::Serialize;

use super::output::{EnhancedMetrics, ShardOutput};
use super::{InputShape, shard_index};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{LIST_LIMIT, SHARD_ID, STREAM_NAME};
use crate::sim::stream::{EncryptionType, StreamModeDetails, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::{Response, Timestamp};

/// The default page size and the most the service returns, whatever `Limit` says.
const MAX_SHARDS_PER_PAGE: usize = 100;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    stream_description: StreamDescription<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StreamDescription<'a> {
    encryption_type: EncryptionType,
    enhanced_monitoring: [EnhancedMetrics<'a>; 1],
    has_more_shards: bool,
    /// Left out when unset, as the service was observed to do (docs/behaviour.md §2.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<&'a str>,
    retention_period_hours: u32,
    shards: Vec<ShardOutput<'a>>,
    #[serde(rename = "StreamARN")]
    stream_arn: &'a str,
    stream_creation_timestamp: Timestamp,
    stream_mode_details: StreamModeDetails,
    stream_name: &'a str,
    stream_status: StreamStatus,
}

/// DescribeStreamInput.
struct DescribeStreamInput<'a> {
    stream_name: Option<&'a str>,
    limit: Option<i32>,
    exclusive_start_shard_id: Option<&'a str>,
}

impl<'a> InputShape<'a> for DescribeStreamInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            limit: input.integer("Limit")?,
            exclusive_start_shard_id: input.string("ExclusiveStartShardId")?,
        })
    }

    /// Order as observed on AWS: limit, exclusiveStartShardId, streamName (kinesalite's tests).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.integer("limit", self.limit, &LIST_LIMIT);
        violations.string("exclusiveStartShardId", self.exclusive_start_shard_id, &SHARD_ID);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = DescribeStreamInput::read(input)?;
    request.validate()?;
    account.admit(Operation::DescribeStream, request.stream_name, now_ms)?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: DescribeStreamInput, now_ms: i64) -> Result<Response, ApiError> {
    let DescribeStreamInput { stream_name, limit, exclusive_start_shard_id } = request;
    let stream_name = stream_name.unwrap_or_default();

    // Read like every ShardId input, before the stream is looked up (docs/behaviour.md §7.2).
    let account_id = &account.config.account_id;
    let start = exclusive_start_shard_id.map(|text| shard_index(text, stream_name, account_id)).transpose()?;
    let stream = account.find(stream_name)?;
    let page_size = limit.map_or(MAX_SHARDS_PER_PAGE, |l| (l as usize).min(MAX_SHARDS_PER_PAGE));
    let mut remaining = stream.listed_shards(now_ms).filter(|shard| start.is_none_or(|after| shard.index > after));
    let shards: Vec<ShardOutput> = remaining.by_ref().take(page_size).map(ShardOutput::from).collect();
    let has_more_shards = remaining.next().is_some();

    Ok(Response::json(&Output {
        stream_description: StreamDescription {
            encryption_type: stream.encryption_type,
            enhanced_monitoring: [EnhancedMetrics { shard_level_metrics: &stream.shard_level_metrics }],
            has_more_shards,
            key_id: stream.key_id.as_deref(),
            retention_period_hours: stream.retention_period_hours,
            shards,
            stream_arn: &stream.arn,
            stream_creation_timestamp: Timestamp::whole_seconds(stream.created_at_ms),
            stream_mode_details: StreamModeDetails { stream_mode: stream.mode },
            stream_name: &stream.name,
            stream_status: stream.status,
        },
    }))
}
