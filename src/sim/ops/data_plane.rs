//! What the four data-plane operations share: finding the stream they read or write, writing
//! one record into its shard, and the service's texts (docs/behaviour.md §11).

use std::ops::Range;

use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::{Input, decode_blob_into};
use crate::sim::metrics::StreamMetric;
use crate::sim::records::{KeyedData, hash_key};
use crate::sim::sequence;
use crate::sim::shapes::MetricsName;
use crate::sim::shard_map::route_mut;
use crate::sim::shard_map::shard_id;
use crate::sim::stream::{Stream, StreamMode};
use crate::sim::vec_map::VecMap;

/// A stream that takes records: ACTIVE or UPDATING. Writers are told a CREATING or DELETING
/// stream is not found (docs/behaviour.md §11.1; DELETING is UNVERIFIED, as kinesalite does).
pub fn writable_stream<'a>(account: &'a mut Account, name: &str) -> Result<&'a mut Stream, ApiError> {
    let account_id = account.config.account_id.clone();
    match account.streams_mut().get_mut(name) {
        Some(stream) if stream.takes_records() => Ok(stream),
        _ => Err(ApiError::stream_not_found(name, &account_id)),
    }
}

/// `Shard shardId-… in stream … under account … does not exist`, without a period: what readers
/// are told of a shard, or of a stream that is missing, CREATING or DELETING
/// (docs/behaviour.md §11.3).
pub fn shard_does_not_exist(index: u32, stream_name: &str, account_id: &str) -> ApiError {
    ApiError::ResourceNotFound(format!(
        "Shard {} in stream {stream_name} under account {account_id} does not exist",
        shard_id(index)
    ))
}

/// `Rate exceeded for shard … in stream … under account ….`: a throttled record's ErrorMessage
/// and the whole-call ProvisionedThroughputExceededException's message (the whole-call text is
/// UNVERIFIED for 2021, several forms were seen; docs/behaviour.md §11.4).
pub fn rate_exceeded(index: u32, stream_name: &str, account_id: &str) -> String {
    format!("Rate exceeded for shard {} in stream {stream_name} under account {account_id}.", shard_id(index))
}

/// The InvalidArgumentException for an ExplicitHashKey above 2^128 - 1 (docs/behaviour.md §11.1).
pub fn hash_key_out_of_range(text: &str) -> ApiError {
    ApiError::InvalidArgument(format!(
        "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {text}"
    ))
}

/// A PartitionKey as read, its error kept for after Data's.
pub type PartitionKey<'a> = Result<Option<&'a str>, ApiError>;

/// Reads a record's Data, decoded onto the end of `buffer` (where its bytes are), and its
/// PartitionKey. Data's errors come first, its text's included; the PartitionKey's own error, if
/// any, is returned after them, by the caller.
pub fn record_data<'a>(
    input: Input<'a>,
    buffer: &mut Vec<u8>,
) -> Result<(Option<Range<usize>>, PartitionKey<'a>), ApiError> {
    let data = input.blob_text("Data")?;
    let partition_key = input.string("PartitionKey");
    let data = data.map(|text| decode_blob_into(buffer, text)).transpose()?;
    Ok((data, partition_key))
}

/// A record's hash key: its ExplicitHashKey, or the MD5 of its partition key.
pub fn record_hash_key(partition_key: &str, explicit: Option<&str>) -> Result<u128, ApiError> {
    match explicit {
        Some(text) => hash_key::explicit(text).ok_or_else(|| hash_key_out_of_range(text)),
        None => Ok(hash_key::of_partition_key(partition_key)),
    }
}

/// Where a written record went: enough to print its sequence number, which answers write
/// straight into their body rather than through a `String` per record.
#[derive(Clone, Copy)]
pub struct Written {
    pub shard_index: u32,
    shard_created_ms: i64,
    index: u64,
    at_ms: i64,
}

impl Written {
    /// The record at sequence index `index` of shard `shard_index` (created at
    /// `shard_created_ms`), stored at `at_ms`.
    pub fn new(shard_index: u32, shard_created_ms: i64, index: u64, at_ms: i64) -> Self {
        Self { shard_index, shard_created_ms, index, at_ms }
    }

    pub fn sequence_number(&self) -> String {
        sequence::record(self.shard_index, self.shard_created_ms, self.index, self.at_ms)
    }

    /// Appends the sequence number, worked out from the last one `numbering` wrote on the
    /// shard when it can be.
    pub fn push_sequence_number(&self, numbering: &mut sequence::Numbering, out: &mut Vec<u8>) {
        numbering.push(out, self.shard_index, self.shard_created_ms, self.index, self.at_ms);
    }
}

/// What decides whether a write is taken, from the account's configuration.
#[derive(Clone, Copy)]
pub struct WriteRules {
    /// The per-shard limits (and an on-demand stream's maximum) apply.
    pub limits_on: bool,
    pub split_delay_ms: i64,
}

impl WriteRules {
    pub fn of(account: &Account) -> Self {
        let config = &account.config;
        Self { limits_on: config.limits.shard_throughput, split_delay_ms: config.scaling.split_delay_ms }
    }
}

/// Writes one record into the open shard that holds `hash_key`, if the shard's throughput (and
/// an on-demand stream's maximum) admits `charged` bytes; otherwise the shard's index, for the
/// throttling text. A throttled record is never stored. On an on-demand stream, a shard the
/// write makes hot gets its split on the way (docs/behaviour.md §11.5).
pub fn write(
    stream: &mut Stream,
    hash_key: u128,
    record: KeyedData<'_>,
    charged: u64,
    rules: WriteRules,
    now_ms: i64,
) -> Result<Written, u32> {
    let retention_ms = stream.retention_ms();
    let on_demand = stream.mode == StreamMode::OnDemand;
    let size = record.size();
    // The open shards tile the key space, so some shard holds every key.
    let Some(shard) = route_mut(&mut stream.shards, hash_key) else { return Err(0) };
    let budget = &mut stream.on_demand.capacity;
    if rules.limits_on {
        let fits =
            shard.data.capacity.write.fits(1, charged, now_ms) && (!on_demand || budget.fits(1, charged, now_ms));
        if !fits {
            let index = shard.index;
            stream.usage.write(now_ms, stream.mode, 1, 0, charged);
            return Err(index);
        }
        shard.data.capacity.write.take(1, charged, now_ms);
        if on_demand {
            budget.take(1, charged, now_ms);
        }
    }
    let data_of_shard = &mut shard.data;
    data_of_shard.log.trim_before(now_ms.saturating_sub(retention_ms));
    let index = data_of_shard.log.append(now_ms, record);
    stream.usage.write(now_ms, stream.mode, 1, 1, charged);
    if let Some(minute_ms) = data_of_shard.heat.add(1, size, now_ms)
        && on_demand
    {
        stream.on_demand.hot(shard.index, minute_ms, rules.split_delay_ms, now_ms);
    }
    Ok(Written { shard_index: shard.index, shard_created_ms: shard.created_at_ms, index, at_ms: now_ms })
}

/// What one PutRecord or PutRecords call did, counted for the stream's metrics
/// (docs/behaviour.md §11.6): bytes are a record's data and partition key, as the shard counts
/// them; shard-level counts are kept only when enhanced monitoring is on for some metric.
pub struct PutTally {
    stored: u64,
    bytes: u64,
    throttled: u64,
    /// Per shard: stored records, their bytes, throttled records.
    shards: Option<VecMap<u32, [u64; 3]>>,
}

impl PutTally {
    pub fn new(stream: &Stream) -> Self {
        let shards = (!stream.shard_level_metrics.is_empty()).then(VecMap::new);
        Self { stored: 0, bytes: 0, throttled: 0, shards }
    }

    pub fn stored(&mut self, shard: u32, bytes: u64) {
        self.stored += 1;
        self.bytes += bytes;
        if let Some(shards) = &mut self.shards {
            let counts = shards.or_insert_with(shard, Default::default);
            counts[0] += 1;
            counts[1] += bytes;
        }
    }

    pub fn throttled(&mut self, shard: u32) {
        self.throttled += 1;
        if let Some(shards) = &mut self.shards {
            shards.or_insert_with(shard, Default::default)[2] += 1;
        }
    }

    /// Records the call's samples: one per call for each metric, as CloudWatch counts a put
    /// operation (Success 1 or 0, so its Average is the share of calls that succeeded).
    pub fn record(self, stream: &mut Stream, batch: bool, now_ms: i64) {
        use StreamMetric::*;
        let metrics = &mut stream.metrics;
        metrics.advance(now_ms);
        let success = u64::from(self.stored > 0);
        if self.stored > 0 {
            metrics.record(IncomingBytes, self.bytes, now_ms);
            metrics.record(IncomingRecords, self.stored, now_ms);
        }
        if batch {
            metrics.record(PutRecordsBytes, self.bytes, now_ms);
            metrics.record(PutRecordsSuccess, success, now_ms);
            metrics.record(PutRecordsTotalRecords, self.stored + self.throttled, now_ms);
            metrics.record(PutRecordsSuccessfulRecords, self.stored, now_ms);
            metrics.record(PutRecordsThrottledRecords, self.throttled, now_ms);
            metrics.record(PutRecordsFailedRecords, 0, now_ms);
        } else {
            metrics.record(PutRecordBytes, self.bytes, now_ms);
            metrics.record(PutRecordSuccess, success, now_ms);
        }
        metrics.record(WriteProvisionedThroughputExceeded, self.throttled, now_ms);
        let Some(shards) = self.shards else { return };
        for (shard, [stored, bytes, throttled]) in shards {
            let mut recorder = metrics.shard(shard, &stream.shard_level_metrics);
            if stored > 0 {
                recorder.record(MetricsName::IncomingBytes, bytes, now_ms);
                recorder.record(MetricsName::IncomingRecords, stored, now_ms);
            }
            recorder.record(MetricsName::WriteProvisionedThroughputExceeded, throttled, now_ms);
        }
    }
}

/// Records a GetRecords call's samples: what it returned and the age of the last record it
/// returned (0 when none), or, for a throttled call, the throttle (docs/behaviour.md §11.6).
pub fn record_read(stream: &mut Stream, shard: u32, read: Option<(u64, u64, u64)>, now_ms: i64) {
    use StreamMetric::*;
    let metrics = &mut stream.metrics;
    metrics.advance(now_ms);
    metrics.record(GetRecordsSuccess, u64::from(read.is_some()), now_ms);
    metrics.record(ReadProvisionedThroughputExceeded, u64::from(read.is_none()), now_ms);
    let mut recorder = metrics.shard(shard, &stream.shard_level_metrics);
    recorder.record(MetricsName::ReadProvisionedThroughputExceeded, u64::from(read.is_none()), now_ms);
    let Some((records, bytes, age_ms)) = read else { return };
    stream.usage.read(now_ms, stream.mode, bytes);
    recorder.record(MetricsName::OutgoingBytes, bytes, now_ms);
    recorder.record(MetricsName::OutgoingRecords, records, now_ms);
    recorder.record(MetricsName::IteratorAgeMilliseconds, age_ms, now_ms);
    metrics.record(GetRecordsBytes, bytes, now_ms);
    metrics.record(GetRecordsRecords, records, now_ms);
    metrics.record(GetRecordsIteratorAgeMilliseconds, age_ms, now_ms);
}
