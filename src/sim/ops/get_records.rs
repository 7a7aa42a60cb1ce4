//! GetRecords: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html>
//!
//! Reads a shard from where its iterator points: at most `Limit` records and 10 MiB, counted
//! against the shard's five calls and 2 MiB a second (docs/behaviour.md §11.3, §11.4). At the
//! end of a closed shard the answer names its children and gives no next iterator.

use serde::Serialize;

use super::InputShape;
use super::data_plane::{rate_exceeded, record_read, shard_does_not_exist};
use crate::sim::account::Account;
use crate::sim::base64;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::java_time;
use crate::sim::records::ShardIterator;
use crate::sim::records::iterator::LIFETIME_MS;
use crate::sim::sequence;
use crate::sim::shapes::{GET_RECORDS_LIMIT, SHARD_ITERATOR};
use crate::sim::shard_map::{Shard, ShardIdText};
use crate::sim::stream::EncryptionType;
use crate::sim::validate::Violations;
use crate::sim::wire::{Response, Timestamp};

/// The most one call returns, whatever the Limit.
const MAX_RESPONSE_BYTES: u64 = 10 * 1024 * 1024;
const DEFAULT_LIMIT: i32 = 10_000;

/// GetRecordsInput.
struct GetRecordsInput<'a> {
    shard_iterator: Option<&'a str>,
    limit: Option<i32>,
}

impl<'a> InputShape<'a> for GetRecordsInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self { shard_iterator: input.string("ShardIterator")?, limit: input.integer("Limit")? })
    }

    /// Limit first, then ShardIterator (kinesalite's order).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.integer("limit", self.limit, &GET_RECORDS_LIMIT);
        violations.required_string("shardIterator", self.shard_iterator, &SHARD_ITERATOR);
        violations.into_result()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    #[serde(skip_serializing_if = "Option::is_none")]
    child_shards: Option<Vec<ChildShard>>,
    millis_behind_latest: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_shard_iterator: Option<String>,
    records: Vec<RecordOutput>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RecordOutput {
    approximate_arrival_timestamp: Timestamp,
    data: String,
    /// Only for an encrypted stream (UNVERIFIED: the model allows it on every record;
    /// kinesalite, which never encrypts, leaves it out).
    #[serde(skip_serializing_if = "Option::is_none")]
    encryption_type: Option<EncryptionType>,
    partition_key: String,
    sequence_number: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ChildShard {
    hash_key_range: HashKeyRange,
    parent_shards: Vec<ShardIdText>,
    shard_id: ShardIdText,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct HashKeyRange {
    ending_hash_key: String,
    starting_hash_key: String,
}

impl From<&Shard> for ChildShard {
    fn from(shard: &Shard) -> Self {
        Self {
            hash_key_range: HashKeyRange {
                ending_hash_key: shard.ending_hash_key_text.clone(),
                starting_hash_key: shard.starting_hash_key_text.clone(),
            },
            parent_shards: shard.parent.into_iter().chain(shard.adjacent_parent).map(ShardIdText).collect(),
            shard_id: ShardIdText(shard.index),
        }
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = GetRecordsInput::read(input)?;
    request.validate()?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: GetRecordsInput, now_ms: i64) -> Result<Response, ApiError> {
    let account_id = account.config.account_id.clone();
    let limits_on = account.config.limits.shard_throughput;
    let limit = request.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, DEFAULT_LIMIT) as usize;
    let iterator = ShardIterator::decode(request.shard_iterator.unwrap_or_default(), &account_id)
        .filter(|iterator| iterator.created_ms <= now_ms)
        .ok_or_else(|| ApiError::InvalidArgument("Invalid ShardIterator.".to_owned()))?;
    if now_ms - iterator.created_ms > LIFETIME_MS {
        return Err(ApiError::ExpiredIterator(format!(
            "Iterator expired. The iterator was created at time {} while right now it is {} which is further in the future than the tolerated delay of {LIFETIME_MS} milliseconds.",
            java_time::utc_string(iterator.created_ms),
            java_time::utc_string(now_ms)
        )));
    }
    let (name, index) = (iterator.stream_name.as_str(), iterator.shard_index);
    let stream = match account.streams_mut().get_mut(name) {
        Some(stream) if stream.takes_records() && stream.created_at_ms == iterator.stream_created_ms => stream,
        _ => return Err(shard_does_not_exist(index, name, &account_id)),
    };
    let retention_ms = stream.retention_ms();
    let encryption_type = (stream.encryption_type == EncryptionType::Kms).then_some(EncryptionType::Kms);
    let Some(shard) = stream.shard_mut(index) else { return Err(shard_does_not_exist(index, name, &account_id)) };
    if limits_on && !shard.data.capacity.admit_read(now_ms) {
        record_read(stream, index, None, now_ms);
        return Err(ApiError::ProvisionedThroughputExceeded(rate_exceeded(index, name, &account_id)));
    }

    shard.data.log.trim_before(now_ms.saturating_sub(retention_ms));
    let (shard_created_ms, is_open) = (shard.created_at_ms, shard.is_open());
    let log = &shard.data.log;
    let mut records = Vec::new();
    let (mut bytes, mut next) = (0u64, iterator.position.max(log.first_index()));
    let mut last_arrival_ms = now_ms;
    for record in log.read_from(next).take(limit) {
        // The first record always goes out: a single record is at most 1 MiB.
        if bytes + record.size() > MAX_RESPONSE_BYTES && !records.is_empty() {
            break;
        }
        bytes += record.size();
        next = record.index + 1;
        last_arrival_ms = record.arrival_ms;
        records.push(RecordOutput {
            approximate_arrival_timestamp: Timestamp::from_millis(record.arrival_ms),
            data: base64::encode(&record.data),
            encryption_type,
            partition_key: record.partition_key.to_string(),
            sequence_number: sequence::record(index, shard_created_ms, record.index, record.arrival_ms),
        });
    }
    // How far behind the tip the reader is: the age of the oldest record it has not read yet,
    // 0 when it has read them all (docs/behaviour.md §11.3).
    let millis_behind_latest = log.read_from(next).next().map_or(0, |record| (now_ms - record.arrival_ms).max(0));
    let at_end_of_closed = !is_open && next >= log.next_index();
    if limits_on {
        shard.data.capacity.charge_read(bytes, now_ms);
    }
    let age_ms = records.last().map_or(0, |_| (now_ms - last_arrival_ms).max(0));
    record_read(stream, index, Some((records.len() as u64, bytes, age_ms as u64)), now_ms);

    let next_shard_iterator = (!at_end_of_closed)
        .then(|| ShardIterator { position: next, created_ms: now_ms, ..iterator.clone() }.encode(&account_id));
    let child_shards = at_end_of_closed.then(|| stream_children(account, name, index));
    Ok(Response::json(&Output { child_shards, millis_behind_latest, next_shard_iterator, records }))
}

fn stream_children(account: &mut Account, name: &str, index: u32) -> Vec<ChildShard> {
    account.stream(name).map(|stream| stream.children_of(index).map(ChildShard::from).collect()).unwrap_or_default()
}
