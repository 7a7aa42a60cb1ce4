//! MergeShards: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html>
//!
//! Closes two adjacent open shards of a provisioned stream and opens their union, when UPDATING
//! ends. Adjacent means ShardToMerge's hash key range ends just before AdjacentShardToMerge's
//! begins; the reverse pair is refused. The new shard's parent is ShardToMerge and its adjacent
//! parent AdjacentShardToMerge. Checks in the order the service showed (docs/behaviour.md §5.11):
//! both ShardIds' form, the stream exists, is provisioned and ACTIVE, both shards exist, they are
//! adjacent, both are still open.

use super::{InputShape, find_shard, require_provisioned, shard_closed, shard_index};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{SHARD_ID, STREAM_NAME};
use crate::sim::stream::{Change, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// MergeShardsInput.
struct MergeShardsInput<'a> {
    stream_name: Option<&'a str>,
    shard_to_merge: Option<&'a str>,
    adjacent_shard_to_merge: Option<&'a str>,
}

impl<'a> InputShape<'a> for MergeShardsInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            shard_to_merge: input.string("ShardToMerge")?,
            adjacent_shard_to_merge: input.string("AdjacentShardToMerge")?,
        })
    }

    /// Alphabetical order (UNVERIFIED).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("adjacentShardToMerge", self.adjacent_shard_to_merge, &SHARD_ID);
        violations.required_string("shardToMerge", self.shard_to_merge, &SHARD_ID);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = MergeShardsInput::read(input)?;
    request.validate()?;
    account.admit(Operation::MergeShards, request.stream_name, now_ms)?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: MergeShardsInput, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();
    let names = [request.shard_to_merge.unwrap_or_default(), request.adjacent_shard_to_merge.unwrap_or_default()];

    let account_id = account.config.account_id.clone();
    let indexes = [shard_index(names[0], stream_name, &account_id)?, shard_index(names[1], stream_name, &account_id)?];
    let stream = account.find(stream_name)?;
    require_provisioned(stream, &account_id)?;
    stream.require_active(&account_id)?;
    let (shard, adjacent) =
        (find_shard(stream, indexes[0], &account_id)?, find_shard(stream, indexes[1], &account_id)?);
    // Ordered: the service refuses the reverse pair (kinesalite: `test/mergeShards.js`).
    if shard.ending_hash_key.checked_add(1) != Some(adjacent.starting_hash_key) {
        return Err(ApiError::InvalidArgument(format!(
            "Shards {} and {} in stream {stream_name} under account {account_id} are not an adjacent pair of shards eligible for merging",
            shard.shard_id(),
            adjacent.shard_id()
        )));
    }
    if let Some(closed) = [shard, adjacent].into_iter().find(|s| !s.is_open()) {
        return Err(shard_closed(&closed.shard_id(), stream_name, &account_id));
    }

    let change = Change::MergeShards { shard: shard.index, adjacent: adjacent.index };
    let due_ms = now_ms.saturating_add(account.config.durations.update_stream_ms);
    account.begin(stream_name, StreamStatus::Updating, change, due_ms);
    Ok(Response::empty())
}
