//! The first call of a producer's or consumer's minute (`traffic::CallMinute`) written out again,
//! byte for byte as the front door answered it then (docs/behaviour.md §11.12): the inspector's
//! sample of traffic it only sums up.
//!
//! A PutRecords call's records are made again from the blocks they were cut from, and its answer
//! from where each was stored. A GetRecords call's answer reads its records from the shard's log
//! again, so it can be written only while they are still held.

use super::data_plane::{Written, rate_exceeded};
use super::get_records::Answer;
use super::put_records::{ResultEntry, answer};
use crate::sim::account::Account;
use crate::sim::base64;
use crate::sim::error::ApiError;
use crate::sim::operation::Operation;
use crate::sim::records::ShardIterator;
use crate::sim::stream::EncryptionType;
use crate::sim::traffic::{CallMinute, FirstCall, GetCall, PutCall};

/// What a GetRecords call of a consumer asks for: the most the service answers.
const GET_LIMIT: u64 = 10_000;

/// A call as it crossed the front door.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleCall {
    pub operation: Operation,
    pub at_ms: i64,
    pub request: String,
    pub status: u16,
    pub response: String,
}

/// The minute's first call, or why it cannot be written out any more.
pub fn sample_call(account: &Account, minute: &CallMinute) -> Result<SampleCall, &'static str> {
    let account_id = &account.config.account_id;
    match &minute.first {
        None => Err("No call of this minute reached a stream."),
        Some(FirstCall::Put(call)) => Ok(put_records(call, &minute.stream_name, account_id)),
        Some(FirstCall::Get(call)) => get_records(account, call, account_id),
    }
}

/// The PutRecords call: its records in the order sent, each stored or throttled as it was.
fn put_records(call: &PutCall, stream_name: &str, account_id: &str) -> SampleCall {
    let mut request = Vec::new();
    let mut results = Vec::new();
    let (mut data, mut key) = (Vec::new(), String::new());
    request.extend_from_slice(b"{\"Records\":[");
    for piece in &call.pieces {
        let block = &piece.block;
        let source = &block.source;
        let put_ms = call.at_ms - i64::from(block.put.late_s) * 1000;
        for n in 0..piece.sent {
            let (number, rank) = block.nth(n);
            data.clear();
            let spaces = source.write_data(put_ms, rank, &mut data);
            source.write_key(number, &mut key);
            if !results.is_empty() {
                request.push(b',');
            }
            // Base64 and the keys (`key-` and digits) need no escapes.
            request.extend_from_slice(b"{\"Data\":\"");
            base64::encode_spaced_into(&mut request, &data, spaces);
            request.extend_from_slice(b"\",\"PartitionKey\":\"");
            request.extend_from_slice(key.as_bytes());
            request.extend_from_slice(b"\"}");
            results.push(if n < piece.stored {
                ResultEntry::Stored(Written::new(
                    piece.shard,
                    piece.shard_created_ms,
                    piece.first_index + n,
                    call.at_ms,
                ))
            } else {
                ResultEntry::Failed { shard_index: piece.shard }
            });
        }
    }
    request.extend_from_slice(b"],\"StreamName\":");
    // Stream names need no escapes either, but the writer decides.
    let _ = serde_json::to_writer(&mut request, stream_name);
    request.push(b'}');
    let failed = results.iter().filter(|result| matches!(result, ResultEntry::Failed { .. })).count() as u32;
    let rate_exceeded_of = |shard| rate_exceeded(shard, stream_name, account_id);
    let response = answer(call.encryption_type, failed, &results, rate_exceeded_of);
    SampleCall {
        operation: Operation::PutRecords,
        at_ms: call.at_ms,
        request: text(request),
        status: 200,
        response: text(response),
    }
}

/// The GetRecords call: throttled, or its records read again from the shard's log.
fn get_records(account: &Account, call: &GetCall, account_id: &str) -> Result<SampleCall, &'static str> {
    let iterator = &call.iterator;
    let mut request = Vec::new();
    // Members in the model's order, as the SDKs send them.
    request.extend_from_slice(b"{\"ShardIterator\":");
    let _ = serde_json::to_writer(&mut request, &iterator.encode(account_id));
    request.extend_from_slice(format!(",\"Limit\":{GET_LIMIT}}}").as_bytes());
    let (status, response) = match call.read {
        None => {
            let message = rate_exceeded(iterator.shard_index, &iterator.stream_name, account_id);
            let response = ApiError::ProvisionedThroughputExceeded(message).to_response();
            (response.status, response.body)
        }
        Some(read) => {
            const GONE: &str = "The records this call returned are no longer held: the stream or the shard is gone, \
                                or they have passed the stream's retention period.";
            let stream =
                account.stream(&iterator.stream_name).filter(|s| s.created_at_ms == iterator.stream_created_ms);
            let stream = stream.ok_or(GONE)?;
            let shard = stream.shard(iterator.shard_index).ok_or(GONE)?;
            if shard.data.log.first_index() > iterator.position {
                return Err(GONE);
            }
            let next_shard_iterator = read.next.map(|position| {
                ShardIterator { position, created_ms: call.at_ms, ..iterator.clone() }.encode(account_id)
            });
            let answer = Answer {
                start: iterator.position,
                count: read.count as usize,
                millis_behind_latest: read.millis_behind_latest,
                next_shard_iterator,
                encryption_type: read.encrypted.then_some(EncryptionType::Kms),
                room: 0,
            };
            (200, answer.write(stream, iterator.shard_index).ok_or(GONE)?)
        }
    };
    Ok(SampleCall {
        operation: Operation::GetRecords,
        at_ms: call.at_ms,
        request: text(request),
        status,
        response: text(response),
    })
}

/// JSON the simulator wrote (always UTF-8), as text.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}
