//! UpdateShardCount: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html>
//!
//! Reshards a provisioned stream to a target count with UNIFORM_SCALING. The stream is UPDATING
//! meanwhile; at the end the service's splits and merges have run (`shard_map::scale_uniformly`).
//! Limits (docs/behaviour.md §5.10): ten calls per stream per rolling 24 hours, at most double
//! and at least half the open shards, at most 10000 shards per stream, within the shard quota.

use serde::Serialize;

use super::{InputShape, require_provisioned, shard_limit};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{EnumValue, POSITIVE_INTEGER_OBJECT, STREAM_NAME, ScalingType};
use crate::sim::stream::{Change, Stream, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// The 2021 output: no StreamARN yet.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    current_shard_count: u32,
    stream_name: &'a str,
    target_shard_count: u32,
}

/// UpdateShardCountInput.
struct UpdateShardCountInput<'a> {
    stream_name: Option<&'a str>,
    target_shard_count: Option<i32>,
    scaling_type: Option<EnumValue<'a, ScalingType>>,
}

impl<'a> InputShape<'a> for UpdateShardCountInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            target_shard_count: input.integer("TargetShardCount")?,
            scaling_type: input.enumeration("ScalingType")?,
        })
    }

    /// Alphabetical order, as the service reports the members it was observed on (UNVERIFIED here).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        if violations.required("scalingType", self.scaling_type.is_some()) {
            violations.enumeration("scalingType", self.scaling_type);
        }
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        if violations.required("targetShardCount", self.target_shard_count.is_some()) {
            violations.integer("targetShardCount", self.target_shard_count, &POSITIVE_INTEGER_OBJECT);
        }
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = UpdateShardCountInput::read(input)?;
    request.validate()?;
    account.admit(Operation::UpdateShardCount, request.stream_name, now_ms)?;
    apply(account, request, now_ms)
}

/// UNIFORM_SCALING, the one ScalingType, is the only way to scale.
fn apply(account: &mut Account, request: UpdateShardCountInput, now_ms: i64) -> Result<Response, ApiError> {
    let (stream_name, target) =
        (request.stream_name.unwrap_or_default(), request.target_shard_count.unwrap_or(1) as u32);

    let account_id = account.config.account_id.clone();
    let limits = account.config.limits;
    let stream = account.find(stream_name)?;
    require_provisioned(stream, &account_id)?;
    stream.require_active(&account_id)?;
    let current = stream.open_shard_count();

    // The texts below are UNVERIFIED; the exception types are the documented ones.
    let refuse = |why: String| {
        Err(ApiError::LimitExceeded(format!(
            "UpdateShardCount could not scale stream {stream_name} under account {account_id} from {current} to {target} shards: {why}"
        )))
    };
    if target > current.saturating_mul(2) {
        return refuse(format!("the target can be at most double the current shard count ({}).", current * 2));
    }
    if target.saturating_mul(2) < current {
        return refuse(format!("the target must be at least half the current shard count ({}).", current.div_ceil(2)));
    }
    if target > limits.shards_per_stream {
        return refuse(format!("a stream can have at most {} shards.", limits.shards_per_stream));
    }
    shard_limit(account, u64::from(target.saturating_sub(current)))?;
    let stream = account.find_mut(stream_name)?;
    let updates = Stream::within_a_day(&mut stream.shard_count_updates_ms, now_ms);
    if updates >= limits.shard_count_updates_per_day as usize {
        return refuse(format!(
            "it has been rescaled {updates} times in the last 24 hours. Limit: {}.",
            limits.shard_count_updates_per_day
        ));
    }

    // Already at the target: nothing to reshard, and no rescale is used up (UNVERIFIED).
    if target != current {
        stream.shard_count_updates_ms.push(now_ms);
        let due_ms = now_ms.saturating_add(account.config.durations.update_stream_ms);
        account.begin(stream_name, StreamStatus::Updating, Change::ShardCount(target), due_ms);
    }
    Ok(Response::json(&Output { current_shard_count: current, stream_name, target_shard_count: target }))
}
