//! SplitShard: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html>
//!
//! Closes an open shard of a provisioned stream and opens two children divided at
//! NewStartingHashKey, when UPDATING ends. Checks in the order the service showed
//! (docs/behaviour.md §5.11): the ShardId's form, the stream exists, is provisioned and ACTIVE,
//! the shard exists and is still open, the shard quota, the hash key lies inside.

use super::{InputShape, find_shard, require_provisioned, shard_closed, shard_index, shard_limit};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{HASH_KEY, SHARD_ID, STREAM_NAME};
use crate::sim::stream::{Change, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// SplitShardInput.
struct SplitShardInput<'a> {
    stream_name: Option<&'a str>,
    shard_to_split: Option<&'a str>,
    new_starting_hash_key: Option<&'a str>,
}

impl<'a> InputShape<'a> for SplitShardInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            shard_to_split: input.string("ShardToSplit")?,
            new_starting_hash_key: input.string("NewStartingHashKey")?,
        })
    }

    /// Alphabetical order (UNVERIFIED).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("newStartingHashKey", self.new_starting_hash_key, &HASH_KEY);
        violations.required_string("shardToSplit", self.shard_to_split, &SHARD_ID);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = SplitShardInput::read(input)?;
    request.validate()?;
    account.admit(Operation::SplitShard, request.stream_name, now_ms)?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: SplitShardInput, now_ms: i64) -> Result<Response, ApiError> {
    let (stream_name, shard_text, key_text) = (
        request.stream_name.unwrap_or_default(),
        request.shard_to_split.unwrap_or_default(),
        request.new_starting_hash_key.unwrap_or_default(),
    );

    let account_id = account.config.account_id.clone();
    let index = shard_index(shard_text, stream_name, &account_id)?;
    let stream = account.find(stream_name)?;
    require_provisioned(stream, &account_id)?;
    stream.require_active(&account_id)?;
    let shard = find_shard(stream, index, &account_id)?;
    let shard_id = shard.shard_id();
    let (start, end) = (shard.starting_hash_key, shard.ending_hash_key);
    if !shard.is_open() {
        return Err(shard_closed(&shard_id, stream_name, &account_id));
    }
    shard_limit(account, 1)?;
    // Keys of up to 39 digits can exceed 2^128 - 1; those are outside every shard.
    let key = key_text.parse::<u128>().ok().filter(|&key| key > start.saturating_add(1) && key < end);
    let Some(key) = key else {
        return Err(ApiError::InvalidArgument(format!(
            "NewStartingHashKey {key_text} used in SplitShard() on shard {shard_id} in stream {stream_name} under account {account_id} is not both greater than one plus the shard's StartingHashKey {start} and less than the shard's EndingHashKey {end}."
        )));
    };

    let due_ms = now_ms.saturating_add(account.config.durations.update_stream_ms);
    let change = Change::SplitShard { shard: index, new_starting_hash_key: key };
    account.begin(stream_name, StreamStatus::Updating, change, due_ms);
    Ok(Response::empty())
}
