//! One file per API operation (mirror-image pairs share one: retention, monitoring,
//! encryption). Each reads its members into its typed input shape (SerializationException on a
//! wrong JSON type), validates them (ValidationException), is admitted under the rate limits,
//! applies the change to the account and encodes the response, in the order the service does
//! those things. `table` has one row per simulated operation.

mod add_tags_to_stream;
mod create_stream;
pub(crate) mod data_plane;
mod delete_stream;
mod describe_limits;
mod describe_stream;
mod describe_stream_summary;
mod enhanced_monitoring;
mod get_records;
mod get_shard_iterator;
mod list_shards;
mod list_streams;
mod list_tags_for_stream;
mod merge_shards;
mod output;
mod put_record;
mod put_records;
mod remove_tags_from_stream;
mod retention_period;
pub(crate) mod sample_call;
mod split_shard;
mod stream_encryption;
pub(crate) mod table;
mod update_shard_count;
mod update_stream_mode;

use super::account::Account;
use super::error::ApiError;
use super::input::Input;
use super::operation::Operation;
use super::shapes::EnumValue;
use super::shard_map::{Shard, parse_shard_id, shard_id};
use super::stream::{Stream, StreamMode};
use super::validate::Violations;
use super::wire::Response;

type Handler = fn(&mut Account, Input, i64) -> Result<Response, ApiError>;

/// An operation's input shape (`CreateStreamInput`, …), named as in the model, its members typed.
/// Each operation's `call` reads it, validates it, is admitted under the rate limits and applies
/// it, in that order.
trait InputShape<'a>: Sized {
    /// Reads the members in the order the service's deserialiser does: the first one of the wrong
    /// JSON type decides the SerializationException's text.
    fn read(input: Input<'a>) -> Result<Self, ApiError>;

    /// The model's constraints (and the service's own), every failure reported in one
    /// ValidationException, in the order the service reports them.
    fn validate(&self) -> Result<(), ApiError>;
}

/// The StreamModeDetails structure of CreateStream and UpdateStreamMode.
struct StreamModeDetailsInput<'a> {
    stream_mode: Option<EnumValue<'a, StreamMode>>,
}

impl<'a> StreamModeDetailsInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self { stream_mode: input.enumeration("StreamMode")? })
    }

    /// StreamMode is required inside the structure.
    fn validate(&self, violations: &mut Violations) {
        if violations.required("streamModeDetails.streamMode", self.stream_mode.is_some()) {
            violations.enumeration("streamModeDetails.streamMode", self.stream_mode);
        }
    }

    /// The mode, once validated.
    fn mode(&self) -> Option<StreamMode> {
        self.stream_mode.and_then(EnumValue::known)
    }
}

pub(crate) fn call(
    operation: Operation,
    account: &mut Account,
    input: Input,
    now_ms: i64,
) -> Result<Response, ApiError> {
    let row = table::row(operation).ok_or(ApiError::NotSimulated(operation.name()))?;
    (row.call)(account, input, now_ms)
}

/// At most five streams CREATING or DELETING at once, with AWS's own grammar and double space
/// (docs/behaviour.md §5.1).
fn in_flight_limit(account: &Account) -> Result<(), ApiError> {
    let limit = account.config.limits.creating_or_deleting_limit;
    if account.creating_or_deleting_count() < limit {
        return Ok(());
    }
    Err(ApiError::LimitExceeded(format!(
        "This request would have exceed the limit on the number  of streams that can simultaneously be in CREATING or DELETING for the account {}. Limit: {limit}.",
        account.config.account_id
    )))
}

/// The on-demand stream quota (docs/behaviour.md §5.1; punctuation UNVERIFIED).
fn on_demand_limit(account: &Account) -> Result<(), ApiError> {
    let config = &account.config;
    let count = account.reserved_on_demand_streams();
    let limit = config.limits.on_demand_stream_count_limit;
    if count < limit {
        return Ok(());
    }
    Err(ApiError::LimitExceeded(format!(
        "This request would exceed the limit on the number of On-Demand streams for the account {} in {}. Current On-Demand streams count: {count}. Limit: {limit}.",
        config.account_id, config.region
    )))
}

/// The shard quota of provisioned streams, for a request that would add `additional` open
/// shards (docs/behaviour.md §5.1).
fn shard_limit(account: &Account, additional: u64) -> Result<(), ApiError> {
    let config = &account.config;
    let current = account.reserved_provisioned_shards();
    let limit = config.limits.shard_limit;
    if current + additional <= u64::from(limit) {
        return Ok(());
    }
    Err(ApiError::LimitExceeded(format!(
        "This request would exceed the shard limit for the account {} in {}. Current shard count for the account: {current}. Limit: {limit}. Number of additional shards that would have resulted from this request: {additional}. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
        config.account_id, config.region
    )))
}

/// UpdateShardCount, SplitShard and MergeShards are for provisioned streams only: the API
/// reference documents ValidationException for on-demand ones (docs/behaviour.md §6.2, §5.10).
/// The text is moto's (UNVERIFIED on AWS).
fn require_provisioned(stream: &Stream, account_id: &str) -> Result<(), ApiError> {
    match stream.mode {
        StreamMode::Provisioned => Ok(()),
        StreamMode::OnDemand => Err(ApiError::Validation(format!(
            "Request is invalid. Stream {} under account {account_id} is in On-Demand mode.",
            stream.name
        ))),
    }
}

/// `Could not find shard <id> in stream <name> under account <acct>.` (kinesalite, observed).
fn shard_not_found(shard_id: &str, stream_name: &str, account_id: &str) -> ApiError {
    ApiError::ResourceNotFound(format!(
        "Could not find shard {shard_id} in stream {stream_name} under account {account_id}."
    ))
}

/// The shard number a ShardId input names, read by its form alone: a text of another form is not
/// found by the text as sent, before the stream is looked up, even for a stream that does not
/// exist (docs/behaviour.md §7.2).
fn shard_index(text: &str, stream_name: &str, account_id: &str) -> Result<u32, ApiError> {
    parse_shard_id(text).ok_or_else(|| shard_not_found(text, stream_name, account_id))
}

/// The shard of a stream with that number, or "Could not find shard" naming it in the canonical
/// form, whatever form it was sent in (docs/behaviour.md §7.2).
fn find_shard<'s>(stream: &'s Stream, index: u32, account_id: &str) -> Result<&'s Shard, ApiError> {
    stream.shard(index).ok_or_else(|| shard_not_found(&shard_id(index), &stream.name, account_id))
}

/// A shard that split or merge can no longer use (moto's tests, text from AWS).
fn shard_closed(shard_id: &str, stream_name: &str, account_id: &str) -> ApiError {
    ApiError::InvalidArgument(format!(
        "Shard {shard_id} in stream {stream_name} under account {account_id} has already been merged or split, and thus is not eligible for merging or splitting."
    ))
}
