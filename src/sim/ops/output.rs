//! Response structures more than one operation sends. Members are declared in alphabetical
//! order, as the service sends them.

use serde::Serialize;

use crate::sim::shard_map::{Shard, shard_id};

/// `{"ShardLevelMetrics":[…]}`; the service sends the empty list although the model's minimum is 1.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnhancedMetrics<'a> {
    pub shard_level_metrics: &'a [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShardOutput<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    adjacent_parent_shard_id: Option<String>,
    hash_key_range: HashKeyRange,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_shard_id: Option<String>,
    sequence_number_range: SequenceNumberRange<'a>,
    shard_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct HashKeyRange {
    ending_hash_key: String,
    starting_hash_key: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SequenceNumberRange<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ending_sequence_number: Option<&'a str>,
    starting_sequence_number: &'a str,
}

impl<'a> From<&'a Shard> for ShardOutput<'a> {
    fn from(shard: &'a Shard) -> Self {
        Self {
            adjacent_parent_shard_id: shard.adjacent_parent.map(shard_id),
            hash_key_range: HashKeyRange {
                ending_hash_key: shard.ending_hash_key.to_string(),
                starting_hash_key: shard.starting_hash_key.to_string(),
            },
            parent_shard_id: shard.parent.map(shard_id),
            sequence_number_range: SequenceNumberRange {
                ending_sequence_number: shard.ending_sequence_number.as_deref(),
                starting_sequence_number: &shard.starting_sequence_number,
            },
            shard_id: shard.shard_id(),
        }
    }
}
