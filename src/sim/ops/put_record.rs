//! PutRecord: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html>
//!
//! One record into the open shard whose hash key range holds its hash key, if the shard's
//! throughput admits it; otherwise the whole call is a ProvisionedThroughputExceededException
//! (docs/behaviour.md §11.1, §11.4).

use serde::Serialize;

use super::InputShape;
use super::data_plane::{PutTally, WriteRules, rate_exceeded, record_data, record_hash_key, writable_stream, write};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::records::KeyedData;
use crate::sim::sequence;
use crate::sim::shapes::{DATA_MAX, HASH_KEY, PARTITION_KEY, SEQUENCE_NUMBER, STREAM_NAME};
use crate::sim::shard_map::{ShardIdText, route_mut};
use crate::sim::stream::EncryptionType;
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// PutRecordInput.
struct PutRecordInput<'a> {
    stream_name: Option<&'a str>,
    data: Option<Vec<u8>>,
    partition_key: Option<&'a str>,
    explicit_hash_key: Option<&'a str>,
    sequence_number_for_ordering: Option<&'a str>,
}

impl<'a> InputShape<'a> for PutRecordInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        let stream_name = input.string("StreamName")?;
        // Data's errors come first, its text's included, then PartitionKey's.
        let mut buffer = Vec::new();
        let (data, partition_key) = record_data(input, &mut buffer)?;
        Ok(Self {
            stream_name,
            data: data.map(|_| buffer),
            partition_key: partition_key?,
            explicit_hash_key: input.string("ExplicitHashKey")?,
            sequence_number_for_ordering: input.string("SequenceNumberForOrdering")?,
        })
    }

    /// In the order kinesalite's tests, run against AWS, show (docs/behaviour.md §11.1).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.string("sequenceNumberForOrdering", self.sequence_number_for_ordering, &SEQUENCE_NUMBER);
        violations.required_string("partitionKey", self.partition_key, &PARTITION_KEY);
        violations.string("explicitHashKey", self.explicit_hash_key, &HASH_KEY);
        if violations.required("data", self.data.is_some()) {
            violations.blob_length("data", self.data.as_ref().map_or(0, Vec::len), DATA_MAX);
        }
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    encryption_type: EncryptionType,
    sequence_number: String,
    shard_id: ShardIdText,
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = PutRecordInput::read(input)?;
    request.validate()?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: PutRecordInput, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();
    let partition_key = request.partition_key.unwrap_or_default();
    let data = request.data.unwrap_or_default();
    let record = KeyedData { partition_key, data: &data };
    let size = record_size(record.size())?;
    let account_id = account.config.account_id.clone();
    let rules = WriteRules::of(account);

    let stream = writable_stream(account, stream_name)?;
    let hash_key = record_hash_key(partition_key, request.explicit_hash_key)?;
    let ordering = match request.sequence_number_for_ordering {
        Some(text) => ordering_index(text, stream_name, &account_id, now_ms)?,
        None => None,
    };
    if let (Some((shard_index, index)), Some(shard)) = (ordering, route_mut(&mut stream.shards, hash_key))
        && shard.index == shard_index
    {
        shard.data.log.skip_to(index.saturating_add(1));
    }
    let encryption_type = stream.encryption_type;
    // PutRecord is throttled on the record's size rounded up to a whole KiB
    // (docs/behaviour.md §11.4).
    let charged = size.div_ceil(1024) * 1024;
    let mut tally = PutTally::new(stream);
    let written = write(stream, hash_key, record, charged, rules, now_ms);
    match &written {
        Ok(written) => tally.stored(written.shard_index, size),
        Err(shard) => tally.throttled(*shard),
    }
    tally.record(stream, false, now_ms);
    account.schedule_on_demand(stream_name);
    let written = written
        .map_err(|shard| ApiError::ProvisionedThroughputExceeded(rate_exceeded(shard, stream_name, &account_id)))?;
    Ok(Response::json(&Output {
        encryption_type,
        sequence_number: written.sequence_number(),
        shard_id: ShardIdText(written.shard_index),
    }))
}

/// A record's size against the 1 MiB limit: data and partition key. A Data of at most 1 MiB
/// whose partition key takes the record over it is refused with an InvalidArgumentException
/// worded like the 5 MB one of PutRecords (UNVERIFIED: the service's answer is not on record;
/// docs/behaviour.md §11.1).
pub fn record_size(size: u64) -> Result<u64, ApiError> {
    if size > DATA_MAX as u64 {
        return Err(ApiError::InvalidArgument("Record size exceeds 1 MB limit".to_owned()));
    }
    Ok(size)
}

/// SequenceNumberForOrdering: a sequence number of a layout the service reads, not from the
/// future (docs/behaviour.md §11.2). One of this layout names a shard and an index: when the
/// record goes to that shard, its number is made larger. Version 3 was answered with an
/// InternalFailure.
fn ordering_index(
    text: &str,
    stream_name: &str,
    account_id: &str,
    now_ms: i64,
) -> Result<Option<(u32, u64)>, ApiError> {
    use sequence::Layout;
    let now_secs = now_ms.div_euclid(1000).max(0) as u64;
    match sequence::layout(text) {
        Some(Layout::V3) => Err(ApiError::InternalFailure),
        Some(Layout::V0 { .. } | Layout::V1 { .. }) => Ok(None),
        Some(Layout::V2(decoded)) if decoded.record_secs <= now_secs => {
            Ok(Some((decoded.shard_index, decoded.sequence_index)))
        }
        _ => Err(ApiError::InvalidArgument(format!(
            "ExclusiveMinimumSequenceNumber {text} used in PutRecord on stream {stream_name} under account {account_id} is invalid."
        ))),
    }
}
