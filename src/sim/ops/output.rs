//! Response structures more than one operation sends. Members are declared in alphabetical
//! order, as the service sends them.

use serde::Serialize;

use crate::sim::shapes::MetricsName;
use crate::sim::shard_map::{Shard, ShardIdText};

/// `{"ShardLevelMetrics":[…]}`; the service sends the empty list although the model's minimum is 1.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnhancedMetrics<'a> {
    pub shard_level_metrics: &'a [MetricsName],
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShardOutput<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    adjacent_parent_shard_id: Option<ShardIdText>,
    hash_key_range: HashKeyRange<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_shard_id: Option<ShardIdText>,
    sequence_number_range: SequenceNumberRange<'a>,
    shard_id: ShardIdText,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct HashKeyRange<'a> {
    ending_hash_key: &'a str,
    starting_hash_key: &'a str,
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
            adjacent_parent_shard_id: shard.adjacent_parent.map(ShardIdText),
            hash_key_range: HashKeyRange {
                ending_hash_key: &shard.ending_hash_key_text,
                starting_hash_key: &shard.starting_hash_key_text,
            },
            parent_shard_id: shard.parent.map(ShardIdText),
            sequence_number_range: SequenceNumberRange {
                ending_sequence_number: shard.ending_sequence_number.as_deref(),
                starting_sequence_number: &shard.starting_sequence_number,
            },
            shard_id: ShardIdText(shard.index),
        }
    }
}
