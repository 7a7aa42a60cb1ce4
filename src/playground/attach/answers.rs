//! The answers attach mode reads, as typed shapes: the members of each output the page draws,
//! named and typed as in the 2021-11-30 model, with the core's own types where the core has one
//! (`StreamStatus`, `StreamMode`, and `AccountLimits`, which the core writes as DescribeLimits'
//! output). Members not named here are ignored, as an SDK ignores members it does not know; an
//! answer that does not read as its shape is not the Kinesis API's.
//!
//! Each shape reads itself from the parsed JSON by hand. Deriving serde's `Deserialize` for
//! them instead was measured at 6.3 KB more of gzipped bundle, for the same checks.

use crate::playground::{ShardView, StreamRow};
use crate::sim::json::{self, Value};
use crate::sim::{AccountLimits, StreamMode, StreamStatus};

/// An output shape read from an answer's JSON.
pub trait Answer: Sized {
    fn read(value: Value) -> Option<Self>;
}

/// An answer body read as `T`, or None if it is not one.
pub fn read<T: Answer>(body: &str) -> Option<T> {
    T::read(json::parse(body).ok()?.root())
}

fn string(value: Value, name: &str) -> Option<String> {
    value.get(name)?.as_str().map(str::to_owned)
}

/// A member that may be absent (or null), but is a string when present.
fn optional_string(value: Value, name: &str) -> Option<Option<String>> {
    match value.get(name) {
        None | Some(Value::Null) => Some(None),
        Some(other) => other.as_str().map(|text| Some(text.to_owned())),
    }
}

fn count(value: Value, name: &str) -> Option<u32> {
    value.get(name)?.as_u64()?.try_into().ok()
}

/// An error answer: `{"__type": …, "message": …}`.
pub struct ErrorOutput {
    pub error_type: String,
}

impl Answer for ErrorOutput {
    fn read(value: Value) -> Option<Self> {
        Some(Self { error_type: string(value, "__type")? })
    }
}

pub struct ListStreamsOutput {
    pub stream_names: Vec<String>,
    pub has_more_streams: bool,
}

impl Answer for ListStreamsOutput {
    fn read(value: Value) -> Option<Self> {
        let names = value.get("StreamNames")?.as_array()?;
        Some(Self {
            stream_names: names.iter().map(|name| name.as_str().map(str::to_owned)).collect::<Option<_>>()?,
            has_more_streams: value.get("HasMoreStreams")?.as_bool()?,
        })
    }
}

pub struct DescribeStreamSummaryOutput {
    pub stream_description_summary: StreamDescriptionSummary,
}

impl Answer for DescribeStreamSummaryOutput {
    fn read(value: Value) -> Option<Self> {
        Some(Self {
            stream_description_summary: StreamDescriptionSummary::read(value.get("StreamDescriptionSummary")?)?,
        })
    }
}

pub struct StreamDescriptionSummary {
    pub stream_name: String,
    pub stream_arn: String,
    pub stream_status: StreamStatus,
    /// `StreamModeDetails.StreamMode`; absent from the answers of services older than the
    /// 2021-11-30 release, when every stream was provisioned.
    pub stream_mode: StreamMode,
    pub open_shard_count: u32,
}

impl Answer for StreamDescriptionSummary {
    fn read(value: Value) -> Option<Self> {
        let stream_mode = match value.get("StreamModeDetails") {
            None | Some(Value::Null) => StreamMode::Provisioned,
            Some(details) => StreamMode::parse(details.get("StreamMode")?.as_str()?)?,
        };
        Some(Self {
            stream_name: string(value, "StreamName")?,
            stream_arn: string(value, "StreamARN")?,
            stream_status: StreamStatus::parse(value.get("StreamStatus")?.as_str()?)?,
            stream_mode,
            open_shard_count: count(value, "OpenShardCount")?,
        })
    }
}

impl StreamDescriptionSummary {
    pub fn into_row(self) -> StreamRow {
        StreamRow {
            name: self.stream_name,
            arn: self.stream_arn,
            status: self.stream_status,
            mode: self.stream_mode,
            open_shard_count: self.open_shard_count,
            // The API does not say when a change will end.
            next_transition_in_ms: None,
        }
    }
}

/// DescribeLimits' output is the core's `AccountLimits`.
pub type DescribeLimitsOutput = AccountLimits;

impl Answer for AccountLimits {
    fn read(value: Value) -> Option<Self> {
        Some(Self {
            on_demand_stream_count: count(value, "OnDemandStreamCount")?,
            on_demand_stream_count_limit: count(value, "OnDemandStreamCountLimit")?,
            open_shard_count: count(value, "OpenShardCount")?,
            shard_limit: count(value, "ShardLimit")?,
        })
    }
}

pub struct ListShardsOutput {
    pub shards: Vec<Shard>,
    pub next_token: Option<String>,
}

impl Answer for ListShardsOutput {
    fn read(value: Value) -> Option<Self> {
        let shards = value.get("Shards")?.as_array()?;
        Some(Self {
            shards: shards.iter().map(Shard::read).collect::<Option<_>>()?,
            next_token: optional_string(value, "NextToken")?,
        })
    }
}

/// A shard as ListShards lists it, its ranges flattened.
pub struct Shard {
    shard_id: String,
    parent_shard_id: Option<String>,
    adjacent_parent_shard_id: Option<String>,
    /// `HashKeyRange`.
    starting_hash_key: String,
    ending_hash_key: String,
    /// `SequenceNumberRange`; an open shard has no ending sequence number.
    starting_sequence_number: String,
    ending_sequence_number: Option<String>,
}

impl Answer for Shard {
    fn read(value: Value) -> Option<Self> {
        let hash_keys = value.get("HashKeyRange")?;
        let sequence_numbers = value.get("SequenceNumberRange")?;
        Some(Self {
            shard_id: string(value, "ShardId")?,
            parent_shard_id: optional_string(value, "ParentShardId")?,
            adjacent_parent_shard_id: optional_string(value, "AdjacentParentShardId")?,
            starting_hash_key: string(hash_keys, "StartingHashKey")?,
            ending_hash_key: string(hash_keys, "EndingHashKey")?,
            starting_sequence_number: string(sequence_numbers, "StartingSequenceNumber")?,
            ending_sequence_number: optional_string(sequence_numbers, "EndingSequenceNumber")?,
        })
    }
}

impl Shard {
    /// The shard as the detail view draws it (its generation is worked out from the whole
    /// listing), or None if its hash key range is not one.
    pub fn into_view(self) -> Option<ShardView> {
        let view = ShardView {
            shard_id: self.shard_id,
            parent: self.parent_shard_id,
            adjacent_parent: self.adjacent_parent_shard_id,
            starting_hash_key: self.starting_hash_key.parse().ok()?,
            ending_hash_key: self.ending_hash_key.parse().ok()?,
            starting_sequence_number: self.starting_sequence_number,
            open: self.ending_sequence_number.is_none(),
            generation: 0,
            load_percent: None,
        };
        (view.starting_hash_key <= view.ending_hash_key).then_some(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Config, Operation, Simulator};

    const T0: i64 = 1_700_000_000_000;

    /// The simulator's answer to a call, as text.
    fn answer(simulator: &mut Simulator, operation: Operation, body: &str, at_ms: i64) -> String {
        let response = simulator.handle(&operation.target(), body.as_bytes(), at_ms);
        String::from_utf8(response.body).unwrap()
    }

    #[test]
    fn the_cores_answers_read_as_their_shapes() {
        let mut simulator = Simulator::new(Config::default());
        answer(&mut simulator, Operation::CreateStream, r#"{"StreamName":"a","ShardCount":2}"#, T0);
        let at = T0 + 60_000;
        let split = r#"{"StreamName":"a","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"5"}"#;
        answer(&mut simulator, Operation::SplitShard, split, at);

        let listed: ListStreamsOutput = read(&answer(&mut simulator, Operation::ListStreams, "{}", at)).unwrap();
        assert_eq!((listed.stream_names, listed.has_more_streams), (vec!["a".to_owned()], false));

        let summary = answer(&mut simulator, Operation::DescribeStreamSummary, r#"{"StreamName":"a"}"#, at);
        let row = read::<DescribeStreamSummaryOutput>(&summary).unwrap().stream_description_summary.into_row();
        assert_eq!((row.status, row.mode, row.open_shard_count), (StreamStatus::Updating, StreamMode::Provisioned, 2));

        let limits: DescribeLimitsOutput = read(&answer(&mut simulator, Operation::DescribeLimits, "{}", at)).unwrap();
        assert_eq!(limits, simulator.limits());

        let at = at + 60_000;
        let shards: ListShardsOutput =
            read(&answer(&mut simulator, Operation::ListShards, r#"{"StreamName":"a"}"#, at)).unwrap();
        let views: Vec<ShardView> = shards.shards.into_iter().map(|s| s.into_view().unwrap()).collect();
        assert_eq!(views.len(), 4);
        assert!(!views[0].open && views[3].open);
        assert_eq!(views[2].parent.as_deref(), Some("shardId-000000000000"));
        assert_eq!((views[2].starting_hash_key, views[2].ending_hash_key), (0, 4));

        let refused = answer(&mut simulator, Operation::DescribeStreamSummary, r#"{"StreamName":"b"}"#, at);
        assert_eq!(read::<ErrorOutput>(&refused).unwrap().error_type, "ResourceNotFoundException");
    }

    #[test]
    fn answers_of_older_services_and_broken_ones() {
        let old = r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"arn","StreamStatus":"ACTIVE","OpenShardCount":1}}"#;
        let row = read::<DescribeStreamSummaryOutput>(old).unwrap().stream_description_summary.into_row();
        assert_eq!(row.mode, StreamMode::Provisioned, "no StreamModeDetails before 2021-11-30");
        for broken in [
            r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"arn","StreamStatus":"GONE","OpenShardCount":1}}"#,
            r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"arn","StreamStatus":"ACTIVE","OpenShardCount":-1}}"#,
            r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"arn","StreamStatus":"ACTIVE","OpenShardCount":1,"StreamModeDetails":{"StreamMode":"SOMETIMES"}}}"#,
            "<html></html>",
        ] {
            assert!(read::<DescribeStreamSummaryOutput>(broken).is_none(), "{broken}");
        }
        assert!(read::<ListStreamsOutput>(r#"{"HasMoreStreams":false,"StreamNames":"<b>"}"#).is_none());
        let backwards = r#"{"ShardId":"s","HashKeyRange":{"StartingHashKey":"9","EndingHashKey":"1"},"SequenceNumberRange":{"StartingSequenceNumber":"1"}}"#;
        assert!(read::<Shard>(backwards).unwrap().into_view().is_none());
    }
}
