//! CreateStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html>
//!
//! Answers 200 with an empty body and leaves the stream CREATING until the create duration has
//! passed on the simulation clock (KINESIS.md §2.2).

use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::shapes::{POSITIVE_INTEGER_OBJECT, STREAM_MODE, STREAM_NAME};
use crate::sim::shard_map;
use crate::sim::stream::{EncryptionType, Outcome, Stream, StreamMode, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// ON_DEMAND streams start with 4 shards (KINESIS.md §2.2, observed).
const ON_DEMAND_INITIAL_SHARDS: u32 = 4;
const DEFAULT_RETENTION_PERIOD_HOURS: u32 = 24;

pub fn call(account: &mut Account, input: &Input, now_ms: i64) -> Result<Response, ApiError> {
    let shard_count = input.integer("ShardCount")?;
    let stream_name = input.string("StreamName")?;
    let mode_details = input.structure("StreamModeDetails")?;
    let stream_mode = match &mode_details {
        Some(details) => details.string("StreamMode")?,
        None => None,
    };

    // Order as observed on AWS: shardCount before streamName (kinesalite's tests). Where the
    // 2021 member StreamModeDetails falls is UNVERIFIED; it is checked last.
    let mut violations = Violations::new();
    violations.integer("shardCount", shard_count, &POSITIVE_INTEGER_OBJECT);
    if violations.required("streamName", stream_name.is_some()) {
        violations.string("streamName", stream_name, &STREAM_NAME);
    }
    if mode_details.is_some() && violations.required("streamModeDetails.streamMode", stream_mode.is_some()) {
        violations.enumeration("streamModeDetails.streamMode", stream_mode, STREAM_MODE);
    }
    violations.into_result()?;
    let stream_name = stream_name.unwrap_or_default();
    // PROVISIONED is the default (KINESIS.md §2.2).
    let mode = stream_mode.and_then(StreamMode::parse).unwrap_or(StreamMode::Provisioned);

    // The raw API's texts for these two are UNVERIFIED; the first is the one CloudFormation
    // passes on from the service, the second mirrors it. InvalidArgumentException is the
    // exception the 2021 model declares for bad arguments to CreateStream.
    let shard_count = match (mode, shard_count) {
        (StreamMode::OnDemand, Some(_)) => {
            return Err(ApiError::InvalidArgument("ShardCount is not expected when StreamMode=ON_DEMAND".into()));
        }
        (StreamMode::OnDemand, None) => ON_DEMAND_INITIAL_SHARDS,
        (StreamMode::Provisioned, Some(count)) => count as u32, // validated >= 1
        (StreamMode::Provisioned, None) => {
            return Err(ApiError::InvalidArgument("ShardCount is expected when StreamMode=PROVISIONED".into()));
        }
    };

    let config = &account.config;
    let account_id = &config.account_id;
    if account.stream(stream_name).is_some() {
        // Also while the old stream is DELETING: the name stays taken until it is gone.
        return Err(ApiError::ResourceInUse(format!(
            "Stream {stream_name} under account {account_id} already exists."
        )));
    }
    let in_flight = account.count_in_status(&[StreamStatus::Creating, StreamStatus::Deleting]);
    let limit = config.limits.creating_or_deleting_limit;
    if in_flight >= limit {
        // AWS's own grammar and double space (KINESIS.md §2.2, terraform-provider-aws PR #1339).
        return Err(ApiError::LimitExceeded(format!(
            "This request would have exceed the limit on the number  of streams that can simultaneously be in CREATING or DELETING for the account {account_id}. Limit: {limit}."
        )));
    }
    match mode {
        StreamMode::OnDemand => {
            let count = account.streams().filter(|s| s.mode == StreamMode::OnDemand).count();
            let limit = config.limits.on_demand_stream_count_limit;
            if count as u64 >= u64::from(limit) {
                return Err(ApiError::LimitExceeded(format!(
                    "This request would exceed the limit on the number of On-Demand streams for the account {account_id} in {}. Current On-Demand streams count: {count}. Limit: {limit}.",
                    config.region
                )));
            }
        }
        StreamMode::Provisioned => {
            // The shard quota applies to provisioned streams only (KINESIS.md §2.6), and counts
            // the shards of streams still CREATING.
            let current: u64 = account
                .streams()
                .filter(|s| s.mode == StreamMode::Provisioned)
                .map(|s| u64::from(s.reserved_shard_count()))
                .sum();
            let limit = config.limits.shard_limit;
            if current + u64::from(shard_count) > u64::from(limit) {
                return Err(ApiError::LimitExceeded(format!(
                    "This request would exceed the shard limit for the account {account_id} in {}. Current shard count for the account: {current}. Limit: {limit}. Number of additional shards that would have resulted from this request: {shard_count}. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
                    config.region
                )));
            }
        }
    }

    let stream = Stream {
        name: stream_name.to_owned(),
        arn: config.stream_arn(stream_name),
        created_at_ms: now_ms,
        mode,
        status: StreamStatus::Creating,
        pending: None,
        retention_period_hours: DEFAULT_RETENTION_PERIOD_HOURS,
        encryption_type: EncryptionType::None,
        key_id: None,
        shards: shard_map::uniform(shard_count, 0, now_ms),
    };
    let due_ms = now_ms + config.durations.create_stream_ms;
    account.insert(stream, StreamStatus::Creating, due_ms, Outcome::Active);
    Ok(Response::empty())
}
