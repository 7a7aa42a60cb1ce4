//! DescribeStreamSummary:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html>
//!
//! The stream without its shard list; works in every status (docs/behaviour.md §5.5).

use serde::Serialize;

use super::InputShape;
use super::output::EnhancedMetrics;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::STREAM_NAME;
use crate::sim::stream::{EncryptionType, StreamModeDetails, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::{Response, Timestamp};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    stream_description_summary: StreamDescriptionSummary<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StreamDescriptionSummary<'a> {
    consumer_count: u32,
    encryption_type: EncryptionType,
    enhanced_monitoring: [EnhancedMetrics<'a>; 1],
    /// Left out when unset, as in the AWS CLI's describe-stream-summary example.
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<&'a str>,
    open_shard_count: u32,
    retention_period_hours: u32,
    #[serde(rename = "StreamARN")]
    stream_arn: &'a str,
    stream_creation_timestamp: Timestamp,
    stream_mode_details: StreamModeDetails,
    stream_name: &'a str,
    stream_status: StreamStatus,
}

/// DescribeStreamSummaryInput.
struct DescribeStreamSummaryInput<'a> {
    stream_name: Option<&'a str>,
}

impl<'a> InputShape<'a> for DescribeStreamSummaryInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self { stream_name: input.string("StreamName")? })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = DescribeStreamSummaryInput::read(input)?;
    request.validate()?;
    account.admit(Operation::DescribeStreamSummary, request.stream_name, now_ms)?;
    apply(account, request)
}

fn apply(account: &mut Account, request: DescribeStreamSummaryInput) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();

    let stream = account.find(stream_name)?;
    Ok(Response::json(&Output {
        stream_description_summary: StreamDescriptionSummary {
            // Enhanced fan-out consumers are not simulated.
            consumer_count: 0,
            encryption_type: stream.encryption_type,
            enhanced_monitoring: [EnhancedMetrics { shard_level_metrics: &stream.shard_level_metrics }],
            key_id: stream.key_id.as_deref(),
            open_shard_count: stream.open_shard_count(),
            retention_period_hours: stream.retention_period_hours,
            stream_arn: &stream.arn,
            stream_creation_timestamp: Timestamp::whole_seconds(stream.created_at_ms),
            stream_mode_details: StreamModeDetails { stream_mode: stream.mode },
            stream_name: &stream.name,
            stream_status: stream.status,
        },
    }))
}
