//! GetRecords: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html>
//!
//! Reads a shard from where its iterator points: at most `Limit` records and 10 MiB, counted
//! against the shard's five calls and 2 MiB a second (docs/behaviour.md §11.3, §11.4). At the
//! end of a closed shard the answer names its children and gives no next iterator.
//!
//! The answer is written by hand, members in alphabetical order as everywhere else: it holds up
//! to 10,000 records, and through serde each would cost a string for its base64 data, another for
//! its sequence number, and a scan of the data for JSON escapes, which base64 never needs.

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
use crate::sim::stream::{EncryptionType, Stream};
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
    let is_open = shard.is_open();
    let log = &shard.data.log;
    // First what goes out: how many records, their bytes, and room for their JSON.
    let start = iterator.position.max(log.first_index());
    let (mut count, mut bytes, mut next, mut room) = (0, 0u64, start, 0);
    let mut last_arrival_ms = now_ms;
    let mut cursor = log.read_from(start);
    // How far behind the tip the reader is: the age of the oldest record it has not read yet,
    // 0 when it has read them all (docs/behaviour.md §11.3).
    let mut millis_behind_latest = 0;
    while let Some(record) = cursor.next_size() {
        // The first record always goes out: a single record is at most 1 MiB.
        if count == limit || (bytes + record.size() > MAX_RESPONSE_BYTES && count > 0) {
            millis_behind_latest = (now_ms - record.arrival_ms).max(0);
            break;
        }
        count += 1;
        bytes += record.size();
        next = record.index + 1;
        last_arrival_ms = record.arrival_ms;
        room += RECORD_JSON_BYTES + record.data.div_ceil(3) * 4 + record.partition_key;
    }
    let at_end_of_closed = !is_open && next >= log.next_index();
    if limits_on {
        shard.data.capacity.charge_read(bytes, now_ms);
    }
    let age_ms = if count > 0 { (now_ms - last_arrival_ms).max(0) } else { 0 };
    record_read(stream, index, Some((count as u64, bytes, age_ms as u64)), now_ms);

    let next_shard_iterator = (!at_end_of_closed)
        .then(|| ShardIterator { position: next, created_ms: now_ms, ..iterator.clone() }.encode(&account_id));
    // Then the answer, from the same records.
    let answer = Answer { start, count, millis_behind_latest, next_shard_iterator, encryption_type, room };
    let body = answer.write(stream, index).ok_or_else(|| shard_does_not_exist(index, name, &account_id))?;
    Ok(Response { status: 200, body })
}

/// A GetRecords answer: `count` records of a shard from sequence index `start` on, how far
/// behind that leaves the reader, and its next iterator (None at the end of a closed shard,
/// which lists its children instead). `room` is a guess at the records' JSON.
pub struct Answer {
    pub start: u64,
    pub count: usize,
    pub millis_behind_latest: i64,
    pub next_shard_iterator: Option<String>,
    pub encryption_type: Option<EncryptionType>,
    pub room: usize,
}

impl Answer {
    /// The body, from the records shard `index` of `stream` holds; None when it has no such
    /// shard.
    pub fn write(self, stream: &Stream, index: u32) -> Option<Vec<u8>> {
        let Self { start, count, millis_behind_latest, next_shard_iterator, encryption_type, room } = self;
        let child_shards: Option<Vec<ChildShard>> =
            next_shard_iterator.is_none().then(|| stream.children_of(index).map(ChildShard::from).collect());
        let shard = stream.shard(index)?;
        let shard_created_ms = shard.created_at_ms;
        let mut out = Vec::with_capacity(room + 1024);
        out.push(b'{');
        if let Some(child_shards) = &child_shards {
            out.extend_from_slice(b"\"ChildShards\":");
            push_json(&mut out, child_shards);
            out.push(b',');
        }
        out.extend_from_slice(b"\"MillisBehindLatest\":");
        push_json(&mut out, &millis_behind_latest);
        if let Some(next_shard_iterator) = &next_shard_iterator {
            out.extend_from_slice(b",\"NextShardIterator\":");
            push_json(&mut out, next_shard_iterator);
        }
        out.extend_from_slice(b",\"Records\":[");
        // Records of one call share their arrival time: print it once and copy it.
        let mut last_timestamp: Option<(i64, std::ops::Range<usize>)> = None;
        let mut cursor = shard.data.log.read_from(start);
        let mut numbering = sequence::Numbering::default();
        for i in 0..count {
            let Some(record) = cursor.next_record() else { break };
            out.extend_from_slice(if i == 0 { b"{" } else { b",{" });
            out.extend_from_slice(b"\"ApproximateArrivalTimestamp\":");
            match &last_timestamp {
                Some((ms, text)) if *ms == record.arrival_ms => out.extend_from_within(text.clone()),
                _ => {
                    let at = out.len();
                    Timestamp::from_millis(record.arrival_ms).push_java_double(&mut out);
                    last_timestamp = Some((record.arrival_ms, at..out.len()));
                }
            }
            // Base64 needs no JSON escapes.
            out.extend_from_slice(b",\"Data\":\"");
            base64::encode_spaced_into(&mut out, record.data, record.spaces);
            out.push(b'"');
            // Only for an encrypted stream (UNVERIFIED: the model allows it on every record;
            // kinesalite, which never encrypts, leaves it out).
            if let Some(encryption_type) = &encryption_type {
                out.extend_from_slice(b",\"EncryptionType\":");
                push_json(&mut out, encryption_type);
            }
            out.extend_from_slice(b",\"PartitionKey\":");
            push_json(&mut out, record.partition_key);
            out.extend_from_slice(b",\"SequenceNumber\":\"");
            numbering.push(&mut out, index, shard_created_ms, record.index, record.arrival_ms);
            out.extend_from_slice(b"\"}");
        }
        out.extend_from_slice(b"]}");
        Some(out)
    }
}

/// Room for one record's JSON besides its data and partition key: the member names, the
/// timestamp and the sequence number.
const RECORD_JSON_BYTES: usize = 160;

/// Appends a value as serde_json writes it, for the members written by hand around the records.
fn push_json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    // Writing our own plain values into a Vec cannot fail.
    let _ = serde_json::to_writer(out, value);
}
