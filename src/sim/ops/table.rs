//! The simulated operations, one row each: the one place that says what an operation is besides
//! its own file. Adding an operation takes its file in `ops/` (read, validate, admit, apply) and
//! a row here; the handler, the rate limit, the console's example body, the README's table and
//! the inspector's model documentation (build.rs reads the `operation:` lines) all follow.

use super::*;
use crate::sim::operation::Operation::{self, *};

/// Everything about one simulated operation outside its own file.
pub struct Row {
    pub operation: Operation,
    pub call: Handler,
    /// Calls per second per account; None where the developer guide's table gives no limit
    /// (docs/behaviour.md §6.4). ListShards' 100 is the per-account figure.
    pub calls_per_second: Option<usize>,
    /// Whether a call that succeeds changes the account (streams, shards, records, tags,
    /// settings), so that a journal of the account must keep it (`endpoint::state`); the
    /// describes, lists and reads change only rate and throughput windows and metrics.
    pub changes_account: bool,
    /// The console's example body: every member of the input shape with an example value, in
    /// model order. `{name}` and `{arn}` stand for the stream's name and ARN as JSON strings.
    pub template: &'static str,
    /// What the README's table of simulated operations says of it (a test checks the README);
    /// not in the browser bundle, which never shows it.
    #[cfg(not(target_arch = "wasm32"))]
    pub summary: &'static str,
}

pub const ROWS: &[Row] = &[
    Row {
        operation: AddTagsToStream,
        call: add_tags_to_stream::call,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"Tags\": {\n    \"team\": \"data\"\n  }\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "up to 50 tags a stream, the service's character rules; a key given again is overwritten",
    },
    Row {
        operation: CreateStream,
        call: create_stream::call,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"ShardCount\": 1,\n  \"StreamModeDetails\": {\n    \"StreamMode\": \"PROVISIONED\"\n  }\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "PROVISIONED (the default, up to 10000 shards) or ON_DEMAND (4 shards, no ShardCount); CREATING, then ACTIVE",
    },
    Row {
        operation: DecreaseStreamRetentionPeriod,
        call: retention_period::decrease,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"RetentionPeriodHours\": 24\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "down to 24 hours, never above the current period",
    },
    Row {
        operation: DeleteStream,
        call: delete_stream::call,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"EnforceConsumerDeletion\": false\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "ACTIVE and CREATING streams; DELETING, then gone; the name stays taken until then",
    },
    Row {
        operation: DescribeLimits,
        call: describe_limits::call,
        calls_per_second: Some(1),
        changes_account: false,
        template: "{}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "ShardLimit, OpenShardCount, OnDemandStreamCount, OnDemandStreamCountLimit",
    },
    Row {
        operation: DescribeStream,
        call: describe_stream::call,
        calls_per_second: Some(10),
        changes_account: false,
        template: "{\n  \"StreamName\": {name},\n  \"Limit\": 100,\n  \"ExclusiveStartShardId\": \"shardId-000000000000\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "shard map with hash key ranges, 56-digit sequence numbers and lineage; `Shards: []` while CREATING or DELETING; pages of up to 100",
    },
    Row {
        operation: DescribeStreamSummary,
        call: describe_stream_summary::call,
        calls_per_second: Some(20),
        changes_account: false,
        template: "{\n  \"StreamName\": {name}\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "StreamModeDetails, OpenShardCount, every status",
    },
    Row {
        operation: DisableEnhancedMonitoring,
        call: enhanced_monitoring::disable,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"ShardLevelMetrics\": [\n    \"IncomingBytes\"\n  ]\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "shard-level metrics off, `ALL` for every one",
    },
    Row {
        operation: EnableEnhancedMonitoring,
        call: enhanced_monitoring::enable,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"ShardLevelMetrics\": [\n    \"IncomingBytes\"\n  ]\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "shard-level metrics on, `ALL` for every one",
    },
    Row {
        operation: GetRecords,
        call: get_records::call,
        calls_per_second: None,
        changes_account: false,
        template: "{\n  \"ShardIterator\": \"paste the ShardIterator that GetShardIterator answered\",\n  \"Limit\": 100\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "per shard: 5 calls and 2 MiB a second, a 10 MiB answer blocks the next 5 s; up to Limit records, MillisBehindLatest, ChildShards at the end of a closed shard",
    },
    Row {
        operation: GetShardIterator,
        call: get_shard_iterator::call,
        calls_per_second: None,
        changes_account: false,
        template: "{\n  \"StreamName\": {name},\n  \"ShardId\": \"shardId-000000000000\",\n  \"ShardIteratorType\": \"TRIM_HORIZON\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "per shard: 5 calls a second; all five types; iterators valid for 5 minutes, also after use",
    },
    Row {
        operation: IncreaseStreamRetentionPeriod,
        call: retention_period::increase,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"RetentionPeriodHours\": 48\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "up to 8760 hours, never below the current period",
    },
    Row {
        operation: ListShards,
        call: list_shards::call,
        calls_per_second: Some(100),
        changes_account: false,
        template: "{\n  \"StreamName\": {name},\n  \"MaxResults\": 100,\n  \"ShardFilter\": {\n    \"Type\": \"AT_LATEST\"\n  }\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "pages of up to 1000 with a NextToken that expires after 300 s; every ShardFilter type",
    },
    Row {
        operation: ListStreams,
        call: list_streams::call,
        calls_per_second: Some(5),
        changes_account: false,
        template: "{\n  \"Limit\": 100\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "names in order, pages of up to 100 with ExclusiveStartStreamName",
    },
    Row {
        operation: ListTagsForStream,
        call: list_tags_for_stream::call,
        calls_per_second: Some(5),
        changes_account: false,
        template: "{\n  \"StreamName\": {name},\n  \"Limit\": 50\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "tags in key order, pages with ExclusiveStartTagKey",
    },
    Row {
        operation: MergeShards,
        call: merge_shards::call,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"ShardToMerge\": \"shardId-000000000000\",\n  \"AdjacentShardToMerge\": \"shardId-000000000001\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "provisioned only; two adjacent open shards close, their child takes the next shard id",
    },
    Row {
        operation: PutRecord,
        call: put_record::call,
        calls_per_second: None,
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"Data\": \"aGVsbG8gd29ybGQ=\",\n  \"PartitionKey\": \"user-1\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "per shard: 1 MiB and 1,000 records a second, partition keys included; MD5 routing or ExplicitHashKey; 56-digit sequence numbers",
    },
    Row {
        operation: PutRecords,
        call: put_records::call,
        calls_per_second: None,
        changes_account: true,
        template: "{\n  \"Records\": [\n    {\n      \"Data\": \"aGVsbG8gd29ybGQ=\",\n      \"PartitionKey\": \"user-1\"\n    }\n  ],\n  \"StreamName\": {name}\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "up to 500 records and 5 MiB; records over a shard's limits fail alone, in FailedRecordCount",
    },
    Row {
        operation: RemoveTagsFromStream,
        call: remove_tags_from_stream::call,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"TagKeys\": [\n    \"team\"\n  ]\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "up to 50 keys a call; keys the stream lacks are ignored",
    },
    Row {
        operation: SplitShard,
        call: split_shard::call,
        calls_per_second: Some(5),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"ShardToSplit\": \"shardId-000000000000\",\n  \"NewStartingHashKey\": \"170141183460469231731687303715884105728\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "provisioned only; the parent closes, two children take the next shard ids",
    },
    Row {
        operation: StartStreamEncryption,
        call: stream_encryption::start,
        calls_per_second: None,
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"EncryptionType\": \"KMS\",\n  \"KeyId\": \"alias/aws/kinesis\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "KMS, through UPDATING (no real KMS: every key id is accepted)",
    },
    Row {
        operation: StopStreamEncryption,
        call: stream_encryption::stop,
        calls_per_second: None,
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"EncryptionType\": \"KMS\",\n  \"KeyId\": \"alias/aws/kinesis\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "back to no encryption, through UPDATING",
    },
    Row {
        operation: UpdateShardCount,
        call: update_shard_count::call,
        calls_per_second: Some(10),
        changes_account: true,
        template: "{\n  \"StreamName\": {name},\n  \"TargetShardCount\": 2,\n  \"ScalingType\": \"UNIFORM_SCALING\"\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "provisioned only; UNIFORM_SCALING done with the splits and merges the service does; ×2 / ÷2 and 10-a-day limits",
    },
    Row {
        operation: UpdateStreamMode,
        call: update_stream_mode::call,
        calls_per_second: None,
        changes_account: true,
        template: "{\n  \"StreamARN\": {arn},\n  \"StreamModeDetails\": {\n    \"StreamMode\": \"ON_DEMAND\"\n  }\n}",
        #[cfg(not(target_arch = "wasm32"))]
        summary: "by ARN; UPDATING, shard count kept, at most two switches per stream in 24 hours",
    },
];

/// The row of a simulated operation; None for the operations not simulated yet.
pub fn row(operation: Operation) -> Option<&'static Row> {
    ROWS.iter().find(|row| row.operation == operation)
}
