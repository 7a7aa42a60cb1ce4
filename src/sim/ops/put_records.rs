//! PutRecords: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html>
//!
//! Up to 500 records, each into the shard its hash key picks. Records over a shard's throughput
//! fail one by one, in an HTTP 200 that counts them in FailedRecordCount; the others are stored
//! (docs/behaviour.md §11.1, §11.4).

use std::ops::Range;

use serde::Serialize;

use super::InputShape;
use super::data_plane::{
    PutTally, WriteRules, Written, rate_exceeded, record_data, record_hash_key, writable_stream, write,
};
use super::put_record::record_size;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::records::KeyedData;
use crate::sim::sequence::Numbering;
use crate::sim::shapes::{DATA_MAX, HASH_KEY, PARTITION_KEY, PUT_RECORDS_ENTRIES, STREAM_NAME};
use crate::sim::stream::EncryptionType;
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// A PutRecords call carries at most 5 MiB, partition keys included.
const REQUEST_MAX: u64 = 5 * 1024 * 1024;

/// How the service prints a list of entries in a message: Java's default `toString` of each,
/// as kinesalite's tests, run against AWS, expect it.
const ENTRY_TEXT: &str = "com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@2";

/// PutRecordsRequestEntry. Its Data is decoded into the call's one buffer.
struct Entry<'a> {
    data: Option<Range<usize>>,
    explicit_hash_key: Option<&'a str>,
    partition_key: Option<&'a str>,
}

/// PutRecordsInput.
struct PutRecordsInput<'a> {
    records: Option<Vec<Entry<'a>>>,
    /// The records' data, decoded one after another: one allocation for the call.
    data: Vec<u8>,
    stream_name: Option<&'a str>,
}

impl<'a> InputShape<'a> for PutRecordsInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        let mut data = Vec::new();
        let records = match input.structure_list("Records")? {
            Some(items) => Some({
                // Room for every record's data at once: growing the buffer as it fills would copy
                // it over and over for large records.
                let texts = items.iter().map(|item| item.blob_text("Data").ok().flatten().map_or(0, str::len));
                data.reserve(texts.sum::<usize>() / 4 * 3);
                items
                    .into_iter()
                    .map(|item| {
                        // Data's errors come first, then ExplicitHashKey's, then PartitionKey's.
                        let explicit_hash_key = item.string("ExplicitHashKey");
                        let (data, partition_key) = record_data(item, &mut data)?;
                        Ok(Entry { data, explicit_hash_key: explicit_hash_key?, partition_key: partition_key? })
                    })
                    .collect::<Result<Vec<_>, ApiError>>()?
            }),
            None => None,
        };
        Ok(Self { records, data, stream_name: input.string("StreamName")? })
    }

    /// The list, then each entry's members, then the stream name (kinesalite's order).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        if violations.required("records", self.records.is_some()) {
            let records = self.records.as_deref().unwrap_or_default();
            let (min, max) = PUT_RECORDS_ENTRIES;
            if !(min..=max).contains(&records.len()) {
                let rendered = vec![ENTRY_TEXT; records.len()];
                violations.length("records", &crate::sim::validate::render_list(&rendered), records.len(), min, max);
            }
            for (i, entry) in records.iter().enumerate() {
                let path = |member| EntryPath { number: i + 1, member };
                violations.required_string(path("partitionKey"), entry.partition_key, &PARTITION_KEY);
                violations.string(path("explicitHashKey"), entry.explicit_hash_key, &HASH_KEY);
                if violations.required(path("data"), entry.data.is_some()) {
                    violations.blob_length(path("data"), entry.data.as_ref().map_or(0, Range::len), DATA_MAX);
                }
            }
        }
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

/// `records.N.member.x`, written out only when a violation names it.
struct EntryPath {
    number: usize,
    member: &'static str,
}

impl std::fmt::Display for EntryPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "records.{}.member.{}", self.number, self.member)
    }
}

/// PutRecordsResultEntry: a stored record's place, or why it was not stored.
pub enum ResultEntry {
    /// Throttled by this shard.
    Failed {
        shard_index: u32,
    },
    Stored(Written),
}

/// Writes the answer by hand, members in alphabetical order as everywhere else: through serde,
/// each of up to 500 shard ids would go through the formatting machinery.
pub fn answer(
    encryption_type: EncryptionType,
    failed_record_count: u32,
    records: &[ResultEntry],
    rate_exceeded_of: impl Fn(u32) -> String,
) -> Vec<u8> {
    // Room for a sequence number, a shard id and the member names.
    let mut out = Vec::with_capacity(128 + records.len() * 112);
    out.extend_from_slice(b"{\"EncryptionType\":");
    push_json(&mut out, &encryption_type);
    out.extend_from_slice(b",\"FailedRecordCount\":");
    push_json(&mut out, &failed_record_count);
    out.extend_from_slice(b",\"Records\":[");
    let mut numbering = Numbering::default();
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match record {
            ResultEntry::Failed { shard_index } => {
                out.extend_from_slice(b"{\"ErrorCode\":\"ProvisionedThroughputExceededException\",\"ErrorMessage\":");
                push_json(&mut out, &rate_exceeded_of(*shard_index));
            }
            ResultEntry::Stored(written) => {
                // Sequence numbers are digits, which need no escapes.
                out.extend_from_slice(b"{\"SequenceNumber\":\"");
                written.push_sequence_number(&mut numbering, &mut out);
                out.extend_from_slice(b"\",\"ShardId\":\"");
                push_shard_id(&mut out, written.shard_index);
                out.push(b'"');
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

/// `shardId-` and the index in 12 digits, as `ShardIdText` prints it.
fn push_shard_id(out: &mut Vec<u8>, index: u32) {
    let mut digits = *b"shardId-000000000000";
    let mut rest = index;
    // A u32 has at most ten digits.
    for digit in digits.iter_mut().rev().take(10) {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend_from_slice(&digits);
}

/// Appends a value as serde_json writes it.
fn push_json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    // Writing our own plain values into a Vec cannot fail.
    let _ = serde_json::to_writer(out, value);
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = PutRecordsInput::read(input)?;
    request.validate()?;
    apply(account, request, now_ms)
}

fn apply<'a>(account: &mut Account, request: PutRecordsInput<'a>, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();
    let entries = request.records.unwrap_or_default();
    let data = &request.data;
    let record = |entry: &Entry<'a>| KeyedData {
        partition_key: entry.partition_key.unwrap_or_default(),
        data: entry.data.clone().map_or(&[][..], |range| &data[range]),
    };
    let mut total = 0u64;
    for entry in &entries {
        total += record_size(record(entry).size())?;
    }
    if total > REQUEST_MAX {
        return Err(ApiError::InvalidArgument("Records size exceeds 5 MB limit".to_owned()));
    }
    let account_id = account.config.account_id.clone();
    let rules = WriteRules::of(account);

    let stream = writable_stream(account, stream_name)?;
    // An ExplicitHashKey out of range fails the whole call, before any record is stored.
    let hash_keys = entries
        .iter()
        .map(|entry| record_hash_key(entry.partition_key.unwrap_or_default(), entry.explicit_hash_key))
        .collect::<Result<Vec<_>, _>>()?;
    let encryption_type = stream.encryption_type;
    let mut tally = PutTally::new(stream);
    let mut failed_record_count = 0;
    let mut records = Vec::with_capacity(entries.len());
    for (entry, hash_key) in entries.iter().zip(hash_keys) {
        let record = record(entry);
        let size = record.size();
        records.push(match write(stream, hash_key, record, size, rules, now_ms) {
            Ok(written) => {
                tally.stored(written.shard_index, size);
                ResultEntry::Stored(written)
            }
            Err(shard) => {
                tally.throttled(shard);
                failed_record_count += 1;
                ResultEntry::Failed { shard_index: shard }
            }
        });
    }
    tally.record(stream, true, now_ms);
    account.schedule_on_demand(stream_name);
    let rate_exceeded_of = |shard| rate_exceeded(shard, stream_name, &account_id);
    Ok(Response { status: 200, body: answer(encryption_type, failed_record_count, &records, rate_exceeded_of) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::shard_map::ShardIdText;

    #[test]
    fn shard_ids_print_as_shard_id_text_does() {
        for index in [0, 7, 10, 123_456_789, i32::MAX as u32, u32::MAX] {
            let mut out = Vec::new();
            push_shard_id(&mut out, index);
            assert_eq!(String::from_utf8(out).unwrap(), ShardIdText(index).to_string());
        }
    }
}
