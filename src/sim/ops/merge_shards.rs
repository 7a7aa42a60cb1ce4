//! MergeShards: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html>
//!
//! Closes two adjacent open shards of a provisioned stream and opens their union, when UPDATING
//! ends. Adjacent means their hash key ranges meet, in either order. The new shard's parent is
//! ShardToMerge and its adjacent parent AdjacentShardToMerge.

use super::{require_provisioned, shard_closed, shard_not_found};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{SHARD_ID, STREAM_NAME};
use crate::sim::shard_map::{Shard, parse_shard_id};
use crate::sim::stream::{Change, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = input.string("StreamName")?;
    let shard_to_merge = input.string("ShardToMerge")?;
    let adjacent_shard_to_merge = input.string("AdjacentShardToMerge")?;
    // Alphabetical order (UNVERIFIED).
    let mut violations = Violations::new();
    violations.required_string("adjacentShardToMerge", adjacent_shard_to_merge, &SHARD_ID);
    violations.required_string("shardToMerge", shard_to_merge, &SHARD_ID);
    violations.required_string("streamName", stream_name, &STREAM_NAME);
    violations.into_result()?;
    let stream_name = stream_name.unwrap_or_default();
    let names = [shard_to_merge.unwrap_or_default(), adjacent_shard_to_merge.unwrap_or_default()];
    account.admit(Operation::MergeShards, Some(stream_name), now_ms)?;

    let account_id = account.config.account_id.clone();
    let stream = account.find(stream_name)?;
    require_provisioned(stream, &account_id)?;
    let find = |text: &str| -> Result<&Shard, ApiError> {
        parse_shard_id(text)
            .and_then(|index| stream.shard(index))
            .filter(|_| stream.status != StreamStatus::Creating)
            .ok_or_else(|| shard_not_found(text, stream_name, &account_id))
    };
    let (shard, adjacent) = (find(names[0])?, find(names[1])?);
    let touching = shard.ending_hash_key.checked_add(1) == Some(adjacent.starting_hash_key)
        || adjacent.ending_hash_key.checked_add(1) == Some(shard.starting_hash_key);
    if !touching {
        return Err(ApiError::InvalidArgument(format!(
            "Shards {} and {} in stream {stream_name} under account {account_id} are not an adjacent pair of shards eligible for merging",
            shard.shard_id(),
            adjacent.shard_id()
        )));
    }
    stream.require_active(&account_id)?;
    if let Some(closed) = [shard, adjacent].into_iter().find(|s| !s.is_open()) {
        return Err(shard_closed(&closed.shard_id(), stream_name, &account_id));
    }

    let change = Change::MergeShards { shard: shard.index, adjacent: adjacent.index };
    let due_ms = now_ms.saturating_add(account.config.durations.update_stream_ms);
    account.begin(stream_name, StreamStatus::Updating, change, due_ms);
    Ok(Response::empty())
}
