//! GetShardIterator:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html>
//!
//! An iterator at a position in a shard, valid for five minutes. Checks in the order the service
//! showed (kinesalite's tests, run against AWS; docs/behaviour.md §11.3): the ShardId's form, the
//! stream and the shard exist, the iterator type agrees with the members given, the sequence
//! number is this shard's; only then does the call count against the shard's five a second.

use serde::Serialize;

use super::data_plane::{rate_exceeded, shard_does_not_exist};
use super::{InputShape, shard_index};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::records::ShardIterator;
use crate::sim::sequence;
use crate::sim::shapes::{EnumValue, SEQUENCE_NUMBER, SHARD_ID, STREAM_NAME, ShardIteratorType};
use crate::sim::shard_map::shard_id;
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// GetShardIteratorInput.
struct GetShardIteratorInput<'a> {
    stream_name: Option<&'a str>,
    shard_id: Option<&'a str>,
    shard_iterator_type: Option<EnumValue<'a, ShardIteratorType>>,
    starting_sequence_number: Option<&'a str>,
    timestamp_ms: Option<i64>,
}

impl<'a> InputShape<'a> for GetShardIteratorInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            shard_id: input.string("ShardId")?,
            shard_iterator_type: input.enumeration("ShardIteratorType")?,
            starting_sequence_number: input.string("StartingSequenceNumber")?,
            timestamp_ms: input.timestamp("Timestamp")?,
        })
    }

    /// kinesalite's order, from its tests run against AWS.
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("shardId", self.shard_id, &SHARD_ID);
        if violations.required("shardIteratorType", self.shard_iterator_type.is_some()) {
            violations.enumeration("shardIteratorType", self.shard_iterator_type);
        }
        violations.string("startingSequenceNumber", self.starting_sequence_number, &SEQUENCE_NUMBER);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    shard_iterator: String,
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = GetShardIteratorInput::read(input)?;
    request.validate()?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: GetShardIteratorInput, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();
    let account_id = account.config.account_id.clone();
    let limits_on = account.config.limits.shard_throughput;
    let index = shard_index(request.shard_id.unwrap_or_default(), stream_name, &account_id)?;
    let iterator_type = request.shard_iterator_type.and_then(EnumValue::known);
    let Some(iterator_type) = iterator_type else { return Err(ApiError::InternalFailure) };

    let stream = match account.streams_mut().get_mut(stream_name) {
        Some(stream) if stream.takes_records() => stream,
        _ => return Err(shard_does_not_exist(index, stream_name, &account_id)),
    };
    let (stream_created_ms, retention_ms) = (stream.created_at_ms, stream.retention_ms());
    let Some(shard) = stream.shard_mut(index) else {
        return Err(shard_does_not_exist(index, stream_name, &account_id));
    };
    let starting = starting_point(&request, iterator_type, now_ms)?;
    let position = match starting {
        Start::Sequence { text, after } => {
            let index_in_shard = sequence_index(text, index, shard.created_at_ms, stream_name, &account_id)?;
            index_in_shard.saturating_add(u64::from(after))
        }
        Start::TrimHorizon | Start::Latest | Start::Timestamp(_) => 0,
    };
    if limits_on && !shard.data.capacity.admit_iterator(now_ms) {
        let message = rate_exceeded(index, stream_name, &account_id);
        return Err(ApiError::ProvisionedThroughputExceeded(message));
    }
    let log = &mut shard.data.log;
    log.trim_before(now_ms.saturating_sub(retention_ms));
    let position = match starting {
        Start::Sequence { .. } => position,
        Start::TrimHorizon => log.first_index(),
        Start::Latest => log.next_index(),
        Start::Timestamp(ms) => log.index_at_time(ms),
    };
    let iterator = ShardIterator {
        stream_name: stream_name.to_owned(),
        stream_created_ms,
        shard_index: index,
        position,
        created_ms: now_ms,
    };
    Ok(Response::json(&Output { shard_iterator: iterator.encode(&account_id) }))
}

/// Where the iterator starts, once the type and the members given agree.
#[derive(Clone, Copy)]
enum Start<'a> {
    Sequence { text: &'a str, after: bool },
    TrimHorizon,
    Latest,
    Timestamp(i64),
}

/// The service's texts for a type without the member it needs, or with one it must not have
/// (docs/behaviour.md §11.3).
fn starting_point<'a>(
    request: &GetShardIteratorInput<'a>,
    iterator_type: ShardIteratorType,
    now_ms: i64,
) -> Result<Start<'a>, ApiError> {
    use ShardIteratorType as T;
    let either_or = |specified: &str| {
        ApiError::InvalidArgument(format!(
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified {specified}."
        ))
    };
    let name = crate::sim::shapes::ModelEnum::as_str(iterator_type);
    match (iterator_type, request.starting_sequence_number) {
        (T::AtSequenceNumber | T::AfterSequenceNumber, None) => {
            Err(either_or(&format!("{name} and no StartingSequenceNumber")))
        }
        (T::AtSequenceNumber | T::AfterSequenceNumber, Some(text)) => {
            Ok(Start::Sequence { text, after: iterator_type == T::AfterSequenceNumber })
        }
        (T::TrimHorizon | T::Latest, Some(_)) => Err(either_or(&format!("{name} and also a StartingSequenceNumber"))),
        (T::TrimHorizon, None) => Ok(Start::TrimHorizon),
        (T::Latest, None) => Ok(Start::Latest),
        (T::AtTimestamp, _) => match request.timestamp_ms {
            None => Err(ApiError::InvalidArgument(
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.".to_owned(),
            )),
            Some(ms) if ms > now_ms => Err(ApiError::InvalidArgument(format!(
                "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: {ms}, currentTimestampInMillis: {now_ms}"
            ))),
            Some(ms) => Ok(Start::Timestamp(ms)),
        },
    }
}

/// The index in the shard that a StartingSequenceNumber names, with the service's texts for a
/// number that is not one, is another shard's, or is from another stream
/// (docs/behaviour.md §11.3): "0" was answered with an InternalFailure; a number of an older
/// layout names its shard, and otherwise did not come from this stream.
fn sequence_index(
    text: &str,
    index: u32,
    shard_created_ms: i64,
    stream_name: &str,
    account_id: &str,
) -> Result<u64, ApiError> {
    use sequence::Layout;
    if text == "0" {
        return Err(ApiError::InternalFailure);
    }
    let this_shard = shard_id(index);
    let invalid = |number: &str, reason: &str| {
        ApiError::InvalidArgument(format!(
            "StartingSequenceNumber {number} used in GetShardIterator on shard {this_shard} in stream {stream_name} under account {account_id} is invalid{reason}."
        ))
    };
    let not_from_here = " because it did not come from this stream";
    let layout = sequence::layout(text).ok_or_else(|| invalid(text, ""))?;
    let encoded = match &layout {
        Layout::V0 { shard_index, .. } | Layout::V1 { shard_index } => *shard_index,
        Layout::V2(decoded) => decoded.shard_index,
        Layout::V3 => return Err(invalid(text, "")),
    };
    if encoded != index {
        // The service reads the shard index as a Java int.
        return Err(ApiError::InvalidArgument(format!(
            "Invalid StartingSequenceNumber. It encodes shardId-{:012}, while it was used in a call to a shard with {this_shard}",
            encoded as i32
        )));
    }
    match layout {
        // Quoted in its 32-hex-digit form, as the service rewrote it.
        Layout::V0 { normalized, .. } => Err(invalid(&normalized.to_string(), not_from_here)),
        Layout::V2(decoded) if decoded.shard_created_secs == shard_created_ms.div_euclid(1000).max(0) as u64 => {
            Ok(decoded.sequence_index)
        }
        _ => Err(invalid(text, not_from_here)),
    }
}
