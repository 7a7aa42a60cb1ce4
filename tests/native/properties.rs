#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the front door: random sequences of API calls (valid, invalid and garbage)
//! interleaved with clock advances, checked after every step.
//!
//! * (a) the wire: no panic, every status is 200 or 400, every non-empty body is a JSON object,
//!   error bodies carry `__type` (also with the rate limits on);
//! * (b) the open shards DescribeStream lists for an ACTIVE or UPDATING stream tile the hash key
//!   space 0..2^128-1 exactly once (and CREATING/DELETING streams list none);
//! * (c) DescribeLimits agrees with DescribeStream: OpenShardCount is the sum of the open shards
//!   of the PROVISIONED streams, OnDemandStreamCount the number of ON_DEMAND streams
//!   (DescribeStreamSummary and ListStreams are held to the same picture);
//! * (d) determinism: replaying the recorded calls on a fresh simulator gives the same bytes
//!   (and the same `next_transition_ms`);
//! * (e) accepted changes show: once a stream is ACTIVE again, DescribeStream shows the shard
//!   count, mode and encryption that the accepted CreateStream, UpdateShardCount, SplitShard,
//!   MergeShards, UpdateStreamMode or Start/StopStreamEncryption asked for, also when background
//!   timers (closed shards expiring) come due while it is UPDATING; and after the clock moves,
//!   no transition that is due is left pending;
//! * (f) no DescribeLimits answer shows the account over a limit, also while streams switch
//!   capacity mode (the runs draw small quotas as well as the default ones);
//! * (g) tags and tag keys holding a control character (tab, newline, …) are never accepted;
//! * (h) DeleteStream accepts ACTIVE and CREATING streams (unless the in-flight limit refuses),
//!   and a stream it accepted shows DELETING until it is gone;
//! * (i) SplitShard and MergeShards on a stream that is not ACTIVE answer ResourceInUseException
//!   whatever shard they name, and MergeShards accepts a pair only in hash key order.
//!
//! (b), (c) and (e) run with the rate limits off, so throttling hides nothing; a second property
//! runs the default configuration (rate limits on) with bursts of calls, for (a) and (d).
//! The regression tests at the end pin down simulator bugs these properties found (all fixed).
//!
//! `PROPTEST_CASES` changes the number of cases (64 by default), `PROPTEST_RNG_SEED` fixes the
//! seed. Failures are not persisted to files.

use kinesis_playground::sim::{
    Config, Durations, Operation, Response, Shard, ShardPageToken, Simulator, Stream, parse_shard_id,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// 2023-11-14T22:13:20Z, where every case starts.
const START_MS: i64 = 1_700_000_000_000;
const DAY_MS: i64 = 86_400_000;
const ACCOUNT: &str = "123456789012";

/// The stream names random calls use; a small pool, so calls meet the streams others created.
const NAMES: [&str; 4] = ["orders", "clicks", "a", "x.y-z_9"];

// ---------------------------------------------------------------------------------------------
// Actions: what one step of a case does. Parts that depend on the simulator's state (which shard
// to split, where) are chosen relative to it and resolved when the step runs, through the
// read-only `Simulator::streams` view.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Name {
    Pool(usize),
    /// The n-th stream the account holds (modulo their number), or a pool name if none.
    Existing(usize),
    /// Invalid as a StreamName: empty, bad characters, too long, or not a string.
    Invalid(usize),
    Missing,
}

#[derive(Clone, Debug)]
enum ShardRef {
    /// The n-th open shard in hash key order (modulo their number).
    Open(usize),
    /// The n-th shard the stream ever had, open or closed (modulo their number).
    Any(usize),
    /// An open shard named the lenient ways: `shardId-5`, `5`.
    Lenient(usize, bool),
    /// An id no shard has, or text that is not an id.
    Junk(usize),
}

#[derive(Clone, Debug)]
enum HashKey {
    /// Somewhere inside the shard: start + (end - start) * n / 65536.
    Inside(u16),
    Start,
    StartPlus(u8),
    End,
    EndMinusOne,
    EndPlusOne,
    Junk(usize),
}

#[derive(Clone, Debug)]
enum Neighbour {
    /// The open shard right after the chosen one in hash key order: a mergeable pair.
    Next,
    Previous,
    Same,
    Other(ShardRef),
}

#[derive(Clone, Debug)]
enum Arn {
    Correct,
    OtherRegion,
    OtherAccount,
    Junk(usize),
}

#[derive(Clone, Debug)]
enum ShardFilter {
    Latest,
    TrimHorizon(bool),
    AfterShardId(Option<ShardRef>),
    /// AT_TIMESTAMP (true) or FROM_TIMESTAMP, seconds relative to now; None leaves it out.
    Timestamp(bool, Option<i64>),
    Junk(usize),
}

#[derive(Clone, Debug)]
enum CreationTime {
    Right,
    Wrong,
    WrongType,
}

#[derive(Clone, Debug)]
enum Action {
    Create {
        name: Name,
        mode: Option<Value>,
        shard_count: Option<Value>,
    },
    Delete {
        name: Name,
        enforce: Option<Value>,
    },
    Describe {
        name: Name,
        limit: Option<i64>,
        start: Option<ShardRef>,
    },
    Summary {
        name: Name,
    },
    Limits,
    ListStreams {
        limit: Option<i64>,
        start: Option<Name>,
    },
    ListShards {
        name: Name,
        max_results: Option<i64>,
        start: Option<ShardRef>,
        filter: Option<ShardFilter>,
        creation: Option<CreationTime>,
    },
    /// Continues the last ListShards listing with its NextToken, perhaps with a member that may
    /// not go with a token.
    ListShardsNext {
        with_name: bool,
        max_results: Option<i64>,
    },
    /// A NextToken the simulator did not issue: junk, or well formed with made-up contents.
    ListShardsForgedToken {
        junk: Option<usize>,
        issued_offset_ms: i64,
        name: usize,
        after: u32,
        filter: usize,
    },
    UpdateMode {
        name: Name,
        arn: Arn,
        mode: Option<Value>,
    },
    UpdateShardCount {
        name: Name,
        target: Option<Value>,
        scaling: Option<&'static str>,
    },
    Split {
        name: Name,
        shard: ShardRef,
        key: HashKey,
    },
    Merge {
        name: Name,
        shard: ShardRef,
        neighbour: Neighbour,
    },
    Retention {
        increase: bool,
        name: Name,
        hours: Option<Value>,
    },
    AddTags {
        name: Name,
        tags: Option<Vec<(usize, usize)>>,
        many: Option<usize>,
    },
    RemoveTags {
        name: Name,
        keys: Option<Vec<usize>>,
    },
    ListTags {
        name: Name,
        limit: Option<i64>,
        start: Option<usize>,
    },
    Monitoring {
        enable: bool,
        name: Name,
        metrics: Option<Vec<usize>>,
    },
    Encryption {
        start: bool,
        name: Name,
        kind: Option<usize>,
        key: Option<usize>,
    },
    /// Any operation of the model (simulated or not) with a body that is not a JSON object.
    Garbage {
        operation: usize,
        body: Vec<u8>,
    },
    /// A simulated operation with one member of a wrong JSON type.
    WrongType {
        operation: usize,
        member: usize,
        value: usize,
    },
    UnknownTarget(String),
    /// The same simple call many times at one instant, to meet the rate limits.
    Burst {
        operation: usize,
        name: Name,
        count: usize,
    },
    Advance(i64),
    AdvanceToNextTransition,
}

/// Operations a burst repeats, with `{"StreamName":…}` (and `"ShardCount":1`) as the body.
const BURST_OPERATIONS: [Operation; 8] = [
    Operation::DescribeStreamSummary,
    Operation::DescribeStream,
    Operation::DescribeLimits,
    Operation::ListStreams,
    Operation::ListShards,
    Operation::ListTagsForStream,
    Operation::CreateStream,
    Operation::DeleteStream,
];

const INVALID_NAMES: usize = 6;
fn invalid_name(i: usize) -> Value {
    match i % INVALID_NAMES {
        0 => json!(""),
        1 => json!("bad name"),
        2 => json!("a".repeat(129)),
        3 => json!(7),
        4 => json!(["orders"]),
        _ => json!("straße"),
    }
}

const JUNK_SHARD_IDS: [&str; 5] = ["shardId-000000009999", "", "shard 1", "shardId-", "shardId-99999999999999"];
const JUNK_HASH_KEYS: [&str; 7] = [
    "340282366920938463463374607431768211456",  // 2^128
    "999999999999999999999999999999999999999",  // 39 digits, above 2^128 - 1
    "1000000000000000000000000000000000000000", // 40 digits
    "01",
    "-1",
    "abc",
    "",
];
const JUNK_ARNS: [&str; 5] = [
    "not-an-arn",
    "arn:aws:kinesis:us-east-1:123456789012:stream/",
    "arn:aws:sqs:us-east-1:123456789012:stream/orders",
    "arn:aws:kinesis:us-east-1:123456789012:stream/orders/extra",
    "arn:aws-cn:kinesis:us-east-1:123456789012:stream/orders",
];
const TAG_KEYS: [&str; 11] =
    ["team", "env", "cost-center", "a b", "100%", "bad!", "", "kkkkkkkkkk", "a\tb", "no\u{a0}break", "aws:x"];
const TAG_VALUES: [&str; 7] = ["x", "prod", "", "50%", "ünïcode", "two\nlines", "\u{3000}"];
const METRICS: [&str; 9] = [
    "IncomingBytes",
    "IncomingRecords",
    "OutgoingBytes",
    "OutgoingRecords",
    "WriteProvisionedThroughputExceeded",
    "ReadProvisionedThroughputExceeded",
    "IteratorAgeMilliseconds",
    "ALL",
    "Bogus",
];
const ENCRYPTION_TYPES: [&str; 3] = ["KMS", "NONE", "AES256"];
const KEY_IDS: [&str; 3] =
    ["alias/aws/kinesis", "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012", ""];
const MEMBERS: [&str; 23] = [
    "StreamName",
    "ShardCount",
    "StreamModeDetails",
    "Limit",
    "ExclusiveStartShardId",
    "ExclusiveStartStreamName",
    "ExclusiveStartTagKey",
    "Tags",
    "TagKeys",
    "ShardLevelMetrics",
    "RetentionPeriodHours",
    "NextToken",
    "MaxResults",
    "ShardFilter",
    "StreamCreationTimestamp",
    "StreamARN",
    "TargetShardCount",
    "ScalingType",
    "NewStartingHashKey",
    "ShardToSplit",
    "ShardToMerge",
    "EncryptionType",
    "EnforceConsumerDeletion",
];
const WRONG_VALUES: usize = 12;
fn wrong_value(i: usize) -> Value {
    match i % WRONG_VALUES {
        0 => json!(true),
        1 => json!(12),
        2 => json!(1.5),
        3 => json!("text"),
        4 => json!([]),
        5 => json!({}),
        6 => json!([1]),
        7 => json!({"a": 1}),
        8 => json!(-1e30),
        9 => json!(1e300),
        10 => json!(["a", null]),
        _ => json!({"StreamMode": ["ON_DEMAND"]}),
    }
}
const GARBAGE_BODIES: [&[u8]; 12] = [
    b"",
    b"{",
    b"[]",
    b"null",
    b"\"orders\"",
    b"42",
    b"{\"StreamName\":",
    b"\xff\xfe\x00",
    b"{}}",
    b"{\"StreamName\":\"orders\"}trailing",
    b"{\"StreamName\":\"orders\",\"StreamName\":\"clicks\"}",
    b" \n\t{ } ",
];

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        8 => (0..NAMES.len()).prop_map(Name::Pool),
        12 => any::<u8>().prop_map(|n| Name::Existing(n as usize)),
        1 => (0..INVALID_NAMES).prop_map(Name::Invalid),
        1 => Just(Name::Missing),
    ]
}

fn shard_ref() -> impl Strategy<Value = ShardRef> {
    prop_oneof![
        6 => any::<u8>().prop_map(|n| ShardRef::Open(n as usize)),
        2 => any::<u8>().prop_map(|n| ShardRef::Any(n as usize)),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(n, short)| ShardRef::Lenient(n as usize, short)),
        1 => (0..JUNK_SHARD_IDS.len() + 1).prop_map(ShardRef::Junk),
    ]
}

fn hash_key() -> impl Strategy<Value = HashKey> {
    prop_oneof![
        8 => any::<u16>().prop_map(HashKey::Inside),
        1 => Just(HashKey::Start),
        1 => (0..4u8).prop_map(HashKey::StartPlus),
        1 => Just(HashKey::End),
        1 => Just(HashKey::EndMinusOne),
        1 => Just(HashKey::EndPlusOne),
        1 => (0..JUNK_HASH_KEYS.len() + 1).prop_map(HashKey::Junk),
    ]
}

/// StreamModeDetails: usually absent or valid, sometimes invalid or of the wrong type.
fn mode_details() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        4 => Just(None),
        4 => Just(Some(json!({"StreamMode": "PROVISIONED"}))),
        4 => Just(Some(json!({"StreamMode": "ON_DEMAND"}))),
        1 => prop::sample::select(vec![
            json!({"StreamMode": "SERVERLESS"}),
            json!({}),
            json!("ON_DEMAND"),
            json!({"StreamMode": 1}),
            json!(null),
        ])
        .prop_map(Some),
    ]
}

/// A shard count: usually 1..8, sometimes missing, out of range, fractional or not a number.
fn count(max: i64) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        12 => (1..=max).prop_map(|n| Some(json!(n))),
        1 => Just(None),
        1 => prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(2.9),
            json!(100_000_000_000_i64),
            json!(5000),
            json!("2"),
            json!(true),
            json!(null),
        ])
        .prop_map(Some),
    ]
}

fn list_limit() -> impl Strategy<Value = Option<i64>> {
    prop::option::weighted(0.5, prop::sample::select(vec![1, 2, 3, 100, 1000, 0, 10_001, -3]))
}

fn shard_filter() -> impl Strategy<Value = ShardFilter> {
    prop_oneof![
        2 => Just(ShardFilter::Latest),
        1 => any::<bool>().prop_map(ShardFilter::TrimHorizon),
        2 => prop::option::of(shard_ref()).prop_map(ShardFilter::AfterShardId),
        2 => (any::<bool>(), prop::option::weighted(0.9, -3 * DAY_MS / 1000..=1000)).prop_map(|(at, t)| ShardFilter::Timestamp(at, t)),
        1 => (0..4usize).prop_map(ShardFilter::Junk),
    ]
}

/// Clock advances: short gaps, the transition durations give or take a millisecond, and up to
/// two days (past retention and the 24-hour windows).
fn advance(throttled: bool) -> BoxedStrategy<i64> {
    let edges = prop::sample::select(vec![
        29_999,
        30_000,
        30_001,
        59_999,
        60_000,
        60_001,
        300_001,
        DAY_MS,
        DAY_MS + 1,
        2 * DAY_MS,
    ]);
    if throttled {
        prop_oneof![10 => 0..=250i64, 2 => 251..=5_000i64, 2 => edges, 1 => 0..=2 * DAY_MS].boxed()
    } else {
        prop_oneof![3 => 0..=2_000i64, 4 => edges, 2 => 0..=2 * DAY_MS].boxed()
    }
}

/// A CreateStream that passes validation: PROVISIONED with 1..8 shards, or ON_DEMAND.
fn valid_create() -> impl Strategy<Value = Action> {
    let provisioned = prop::sample::select(vec![None, Some(json!({"StreamMode": "PROVISIONED"}))]);
    prop_oneof![
        3 => (0..NAMES.len(), provisioned, 1..=8i64).prop_map(|(i, mode, n)| Action::Create {
            name: Name::Pool(i),
            mode,
            shard_count: Some(json!(n)),
        }),
        1 => (0..NAMES.len()).prop_map(|i| Action::Create {
            name: Name::Pool(i),
            mode: Some(json!({"StreamMode": "ON_DEMAND"})),
            shard_count: None,
        }),
    ]
}

/// A case: usually a few streams created and left to turn ACTIVE, then random steps.
fn actions(throttled: bool) -> impl Strategy<Value = Vec<Action>> {
    let setup = prop::option::weighted(0.8, prop::collection::vec(valid_create(), 1..=4)).prop_map(|creates| {
        let mut setup = creates.unwrap_or_default();
        if !setup.is_empty() {
            setup.push(Action::AdvanceToNextTransition);
        }
        setup
    });
    (setup, prop::collection::vec(action(throttled), 1..=56)).prop_map(|(mut setup, steps)| {
        setup.extend(steps);
        setup
    })
}

fn action(throttled: bool) -> impl Strategy<Value = Action> {
    let create = prop_oneof![
        3 => valid_create(),
        1 => (name(), mode_details(), count(8))
            .prop_map(|(name, mode, shard_count)| Action::Create { name, mode, shard_count }),
    ];
    let delete = (name(), prop::option::weighted(0.2, prop::sample::select(vec![json!(true), json!("yes"), json!(1)])))
        .prop_map(|(name, enforce)| Action::Delete { name, enforce });
    let describe = (name(), list_limit(), prop::option::weighted(0.3, shard_ref()))
        .prop_map(|(name, limit, start)| Action::Describe { name, limit, start });
    let list_streams = (list_limit(), prop::option::weighted(0.3, name()))
        .prop_map(|(limit, start)| Action::ListStreams { limit, start });
    let list_shards = (
        name(),
        prop::option::weighted(0.5, prop::sample::select(vec![1, 2, 3, 5, 1000, 0, 10_001])),
        prop::option::weighted(0.2, shard_ref()),
        prop::option::weighted(0.5, shard_filter()),
        prop::option::weighted(
            0.2,
            prop_oneof![Just(CreationTime::Right), Just(CreationTime::Wrong), Just(CreationTime::WrongType)],
        ),
    )
        .prop_map(|(name, max_results, start, filter, creation)| Action::ListShards {
            name,
            max_results,
            start,
            filter,
            creation,
        });
    let list_shards_next = (prop::bool::weighted(0.1), prop::option::weighted(0.3, 1..=3i64))
        .prop_map(|(with_name, max_results)| Action::ListShardsNext { with_name, max_results });
    let forged_token = (
        prop::option::weighted(0.3, 0..4usize),
        prop::sample::select(vec![-DAY_MS, -300_001, -300_000, -1, 0, 1_000, DAY_MS]),
        0..NAMES.len(),
        any::<u32>(),
        0..8usize,
    )
        .prop_map(|(junk, issued_offset_ms, name, after, filter)| Action::ListShardsForgedToken {
            junk,
            issued_offset_ms,
            name,
            after,
            filter,
        });
    let arn = prop_oneof![
        8 => Just(Arn::Correct),
        1 => Just(Arn::OtherRegion),
        1 => Just(Arn::OtherAccount),
        1 => (0..JUNK_ARNS.len() + 1).prop_map(Arn::Junk),
    ];
    let target_mode = prop_oneof![
        6 => prop::sample::select(vec![json!({"StreamMode": "PROVISIONED"}), json!({"StreamMode": "ON_DEMAND"})]).prop_map(Some),
        1 => mode_details(),
    ];
    let update_mode = (name(), arn, target_mode).prop_map(|(name, arn, mode)| Action::UpdateMode { name, arn, mode });
    let scaling = prop_oneof![16 => Just(Some("UNIFORM_SCALING")), 1 => Just(None), 1 => Just(Some("CUSTOM"))];
    let target = prop_oneof![3 => (1..=16i64).prop_map(|n| Some(json!(n))), 1 => count(16)];
    let update_shard_count = (name(), target, scaling).prop_map(|(name, target, scaling)| Action::UpdateShardCount {
        name,
        target,
        scaling,
    });
    let split = (name(), shard_ref(), hash_key()).prop_map(|(name, shard, key)| Action::Split { name, shard, key });
    let neighbour = prop_oneof![
        6 => Just(Neighbour::Next),
        3 => Just(Neighbour::Previous),
        1 => Just(Neighbour::Same),
        2 => shard_ref().prop_map(Neighbour::Other),
    ];
    let merge =
        (name(), shard_ref(), neighbour).prop_map(|(name, shard, neighbour)| Action::Merge { name, shard, neighbour });
    let retention = (
        any::<bool>(),
        name(),
        prop_oneof![
            8 => prop::sample::select(vec![0, 23, 24, 25, 48, 168, 8760, 8761, -1]).prop_map(|h| Some(json!(h))),
            1 => Just(None),
            1 => Just(Some(json!("48"))),
        ],
    )
        .prop_map(|(increase, name, hours)| Action::Retention { increase, name, hours });
    let tag_pairs =
        prop::option::weighted(0.9, prop::collection::vec((0..TAG_KEYS.len() + 1, 0..TAG_VALUES.len() + 1), 0..4));
    let add_tags = (name(), tag_pairs, prop::option::weighted(0.1, 40..60usize))
        .prop_map(|(name, tags, many)| Action::AddTags { name, tags, many });
    let remove_tags = (name(), prop::option::weighted(0.9, prop::collection::vec(0..TAG_KEYS.len() + 1, 0..4)))
        .prop_map(|(name, keys)| Action::RemoveTags { name, keys });
    let list_tags = (
        name(),
        prop::option::weighted(0.5, prop::sample::select(vec![0, 1, 2, 50, 51])),
        prop::option::weighted(0.3, 0..TAG_KEYS.len() + 1),
    )
        .prop_map(|(name, limit, start)| Action::ListTags { name, limit, start });
    let monitoring =
        (any::<bool>(), name(), prop::option::weighted(0.9, prop::collection::vec(0..METRICS.len(), 0..4)))
            .prop_map(|(enable, name, metrics)| Action::Monitoring { enable, name, metrics });
    let encryption = (
        any::<bool>(),
        name(),
        prop::option::weighted(0.9, 0..ENCRYPTION_TYPES.len()),
        prop::option::weighted(0.9, 0..KEY_IDS.len()),
    )
        .prop_map(|(start, name, kind, key)| Action::Encryption { start, name, kind, key });
    let garbage = (
        0..Operation::ALL.len(),
        prop_oneof![
            3 => (0..GARBAGE_BODIES.len()).prop_map(|i| GARBAGE_BODIES[i].to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..24),
        ],
    )
        .prop_map(|(operation, body)| Action::Garbage { operation, body });
    let wrong_type = (0..Operation::ALL.len(), 0..MEMBERS.len(), 0..WRONG_VALUES)
        .prop_map(|(operation, member, value)| Action::WrongType { operation, member, value });
    let unknown_target = prop_oneof![
        3 => prop::sample::select(vec![
            "",
            "Kinesis_20131202.",
            "Kinesis_20131202.Nope",
            "DynamoDB_20120810.CreateStream",
            "kinesis_20131202.CreateStream",
            "Kinesis_20131202.CreateStream.Extra",
            "CreateStream",
            "Kinesis_20131202..CreateStream",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
    .prop_map(Action::UnknownTarget);

    prop_oneof![
        14 => create,
        4 => delete,
        4 => describe,
        3 => name().prop_map(|name| Action::Summary { name }),
        2 => Just(Action::Limits),
        2 => list_streams,
        4 => list_shards,
        2 => list_shards_next,
        1 => forged_token,
        5 => update_mode,
        7 => update_shard_count,
        8 => split,
        8 => merge,
        3 => retention,
        2 => add_tags,
        1 => remove_tags,
        1 => list_tags,
        2 => monitoring,
        3 => encryption,
        2 => garbage,
        2 => wrong_type,
        1 => unknown_target,
        if throttled { 8 } else { 1 } => (0..BURST_OPERATIONS.len(), name(), 2..=30usize)
            .prop_map(|(operation, name, count)| Action::Burst { operation, name, count }),
        14 => advance(throttled).prop_map(Action::Advance),
        7 => Just(Action::AdvanceToNextTransition),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running a case.
// ---------------------------------------------------------------------------------------------

/// One thing done to the simulator, recorded for the determinism replay.
#[derive(Debug)]
enum Entry {
    Call { target: String, body: Vec<u8>, now_ms: i64, response: Response, next_transition_ms: Option<i64> },
    Advance { now_ms: i64, next_transition_ms: Option<i64> },
}

struct Run {
    sim: Simulator,
    now_ms: i64,
    log: Vec<Entry>,
    /// The NextToken of the last ListShards page that had one.
    last_token: Option<String>,
    /// What accepted changes should show once their stream is ACTIVE again, by stream name.
    expected: BTreeMap<String, Expected>,
    /// Streams whose DeleteStream was accepted: DELETING until they are gone.
    deleting: BTreeSet<String>,
}

/// What DescribeStream should show once a stream is next ACTIVE.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Expected {
    open_shards: Option<usize>,
    mode: Option<String>,
    /// EncryptionType and KeyId.
    encryption: Option<(String, Option<String>)>,
}

fn body(members: Vec<(&str, Option<Value>)>) -> Vec<u8> {
    let object: Map<String, Value> =
        members.into_iter().filter_map(|(key, value)| Some((key.to_owned(), value?))).collect();
    serde_json::to_vec(&Value::Object(object)).expect("JSON")
}

/// (a): the status is 200 or 400, a non-empty body is a JSON object, errors carry `__type` and
/// successes do not. Returns the parsed body (`Null` for an empty one).
fn check_wire(target: &str, request: &[u8], response: &Response) -> Result<Value, TestCaseError> {
    let context = || {
        format!(
            "{target} {} -> {} {}",
            String::from_utf8_lossy(request),
            response.status,
            String::from_utf8_lossy(&response.body)
        )
    };
    prop_assert!(response.status == 200 || response.status == 400, "unexpected status: {}", context());
    if response.body.is_empty() {
        prop_assert_eq!(response.status, 200, "an error without a body: {}", context());
        return Ok(Value::Null);
    }
    let value: Value = serde_json::from_slice(&response.body)
        .map_err(|e| TestCaseError::fail(format!("body is not JSON ({e}): {}", context())))?;
    prop_assert!(value.is_object(), "body is not a JSON object: {}", context());
    if response.status == 400 {
        prop_assert!(value["__type"].is_string(), "error without __type: {}", context());
    } else {
        prop_assert!(value.get("__type").is_none(), "success with __type: {}", context());
    }
    Ok(value)
}

fn open_in_key_order(stream: &Stream) -> Vec<&Shard> {
    let mut open: Vec<&Shard> = stream.shards.iter().filter(|s| s.is_open()).collect();
    open.sort_by_key(|s| s.starting_hash_key);
    open
}

impl Run {
    fn new(config: Config) -> Self {
        Self {
            sim: Simulator::new(config),
            now_ms: START_MS,
            log: Vec::new(),
            last_token: None,
            expected: BTreeMap::new(),
            deleting: BTreeSet::new(),
        }
    }

    fn call_target(&mut self, target: &str, request: Vec<u8>) -> Result<(u16, Value), TestCaseError> {
        let response = self.sim.handle(target, &request, self.now_ms);
        let value = check_wire(target, &request, &response)?;
        let status = response.status;
        self.log.push(Entry::Call {
            target: target.to_owned(),
            body: request,
            now_ms: self.now_ms,
            response,
            next_transition_ms: self.sim.next_transition_ms(),
        });
        Ok((status, value))
    }

    fn call(&mut self, operation: Operation, request: Vec<u8>) -> Result<(u16, Value), TestCaseError> {
        let name =
            serde_json::from_slice::<Value>(&request).ok().and_then(|r| r["StreamName"].as_str().map(str::to_owned));
        let (status, value) = self.call_target(&operation.target(), request)?;
        // However it came (a burst, a member of the wrong type it ignores), a new stream of the
        // name is no longer the one being deleted.
        if let (Operation::CreateStream, 200, Some(name)) = (operation, status, name) {
            self.deleting.remove(&name);
        }
        Ok((status, value))
    }

    fn advance_to(&mut self, now_ms: i64) -> Result<(), TestCaseError> {
        self.now_ms = self.now_ms.max(now_ms);
        let now_ms = self.sim.advance(self.now_ms);
        prop_assert_eq!(now_ms, self.now_ms);
        let next = self.sim.next_transition_ms();
        prop_assert!(next.is_none_or(|t| t > now_ms), "a transition due at {next:?} is still pending at {now_ms}");
        self.log.push(Entry::Advance { now_ms, next_transition_ms: next });
        Ok(())
    }

    /// The stream name a `Name` stands for now, if it stands for a valid one.
    fn name_text(&self, name: &Name) -> Option<String> {
        match name {
            Name::Pool(i) => Some(NAMES[*i].to_owned()),
            Name::Existing(n) => {
                let count = self.sim.streams().count();
                let nth = self.sim.streams().nth(n % count.max(1));
                Some(nth.map_or(NAMES[n % NAMES.len()], |s| s.name.as_str()).to_owned())
            }
            Name::Invalid(_) | Name::Missing => None,
        }
    }

    fn name_value(&self, name: &Name) -> Option<Value> {
        match name {
            Name::Invalid(i) => Some(invalid_name(*i)),
            _ => self.name_text(name).map(Value::String),
        }
    }

    fn stream(&self, name: &Name) -> Option<&Stream> {
        let text = self.name_text(name)?;
        self.sim.streams().find(|s| s.name == text)
    }

    fn shard_value(&self, name: &Name, shard: &ShardRef) -> Value {
        let stream = self.stream(name);
        let open = stream.map(open_in_key_order).unwrap_or_default();
        let nth_open = |n: usize| open.get(n % open.len().max(1)).map_or(0, |s| s.index);
        match shard {
            ShardRef::Open(n) => json!(format!("shardId-{:012}", nth_open(*n))),
            ShardRef::Any(n) => {
                let count = stream.and_then(|s| s.shards.last()).map_or(1, |last| last.index as usize + 1);
                json!(format!("shardId-{:012}", n % count))
            }
            ShardRef::Lenient(n, true) => json!(nth_open(*n).to_string()),
            ShardRef::Lenient(n, false) => json!(format!("shardId-{}", nth_open(*n))),
            ShardRef::Junk(i) => JUNK_SHARD_IDS.get(*i).map_or(json!(5), |id| json!(id)),
        }
    }

    fn step(&mut self, action: &Action) -> Result<(), TestCaseError> {
        use Operation as Op;
        match action {
            Action::Create { name, mode, shard_count } => {
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("ShardCount", shard_count.clone()),
                    ("StreamModeDetails", mode.clone()),
                ]);
                let text = self.name_text(name);
                let (status, _) = self.call(Op::CreateStream, request)?;
                if let (200, Some(text)) = (status, text) {
                    let on_demand = mode.as_ref().is_some_and(|m| m["StreamMode"] == "ON_DEMAND");
                    let count = shard_count.as_ref().and_then(Value::as_f64).map(|n| n.floor() as usize);
                    let expected = Expected {
                        open_shards: if on_demand { Some(4) } else { count },
                        mode: Some(if on_demand { "ON_DEMAND" } else { "PROVISIONED" }.to_owned()),
                        encryption: Some(("NONE".to_owned(), None)),
                    };
                    self.expected.insert(text, expected);
                }
            }
            Action::Delete { name, enforce } => {
                let request =
                    body(vec![("StreamName", self.name_value(name)), ("EnforceConsumerDeletion", enforce.clone())]);
                let before = self.stream(name).map(|s| s.status.as_str());
                let (status, value) = self.call(Op::DeleteStream, request)?;
                // ACTIVE and CREATING streams can be deleted, no other (docs/behaviour.md §5.7).
                if matches!(before, Some("ACTIVE" | "CREATING")) && enforce.as_ref().is_none_or(Value::is_boolean) {
                    let refused = value["__type"].as_str().unwrap_or_default();
                    prop_assert!(status == 200 || refused == "LimitExceededException", "{:?}: {}", before, value);
                }
                if status == 200 {
                    prop_assert!(matches!(before, Some("ACTIVE" | "CREATING")), "deleted while {:?}", before);
                    self.deleting.extend(self.name_text(name));
                }
            }
            Action::Describe { name, limit, start } => {
                let start = start.as_ref().map(|s| self.shard_value(name, s));
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("Limit", limit.map(|l| json!(l))),
                    ("ExclusiveStartShardId", start),
                ]);
                self.call(Op::DescribeStream, request)?;
            }
            Action::Summary { name } => {
                self.call(Op::DescribeStreamSummary, body(vec![("StreamName", self.name_value(name))]))?;
            }
            Action::Limits => {
                self.call(Op::DescribeLimits, b"{}".to_vec())?;
            }
            Action::ListStreams { limit, start } => {
                let request = body(vec![
                    ("Limit", limit.map(|l| json!(l))),
                    ("ExclusiveStartStreamName", start.as_ref().and_then(|n| self.name_value(n))),
                ]);
                self.call(Op::ListStreams, request)?;
            }
            Action::ListShards { name, max_results, start, filter, creation } => {
                let start = start.as_ref().map(|s| self.shard_value(name, s));
                let now_s = self.now_ms / 1000;
                let filter = filter.as_ref().map(|filter| match filter {
                    ShardFilter::Latest => json!({"Type": "AT_LATEST"}),
                    ShardFilter::TrimHorizon(at) => {
                        json!({"Type": if *at { "AT_TRIM_HORIZON" } else { "FROM_TRIM_HORIZON" }})
                    }
                    ShardFilter::AfterShardId(shard) => match shard {
                        Some(shard) => json!({"Type": "AFTER_SHARD_ID", "ShardId": self.shard_value(name, shard)}),
                        None => json!({"Type": "AFTER_SHARD_ID"}),
                    },
                    ShardFilter::Timestamp(at, offset) => {
                        let kind = if *at { "AT_TIMESTAMP" } else { "FROM_TIMESTAMP" };
                        match offset {
                            Some(offset) => json!({"Type": kind, "Timestamp": now_s + offset}),
                            None => json!({"Type": kind}),
                        }
                    }
                    ShardFilter::Junk(i) => {
                        [json!({}), json!({"Type": "LATEST"}), json!("AT_LATEST"), json!([])][*i].clone()
                    }
                });
                let created = self.stream(name).map_or(0, |s| s.created_at_ms / 1000);
                let creation = creation.as_ref().map(|c| match c {
                    CreationTime::Right => json!(created),
                    CreationTime::Wrong => json!(created - 1),
                    CreationTime::WrongType => json!("yesterday"),
                });
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("MaxResults", max_results.map(|m| json!(m))),
                    ("ExclusiveStartShardId", start),
                    ("ShardFilter", filter),
                    ("StreamCreationTimestamp", creation),
                ]);
                self.list_shards(request)?;
            }
            Action::ListShardsNext { with_name, max_results } => {
                let request = body(vec![
                    ("NextToken", Some(json!(self.last_token.clone().unwrap_or_else(|| "AAAA".into())))),
                    ("StreamName", with_name.then(|| json!(NAMES[0]))),
                    ("MaxResults", max_results.map(|m| json!(m))),
                ]);
                self.list_shards(request)?;
            }
            Action::ListShardsForgedToken { junk, issued_offset_ms, name, after, filter } => {
                let token = match junk {
                    Some(i) => ["not a token", "", "AAAA", "Zm9v"][*i].to_owned(),
                    None => ShardPageToken {
                        // Forged issue times, recent or absurd (`forged_next_token_…` below).
                        issued_at_ms: if *after % 2 == 0 { self.now_ms + issued_offset_ms } else { i64::MIN },
                        stream_name: NAMES[*name].to_owned(),
                        stream_created_at_ms: self.stream(&Name::Pool(*name)).map_or(0, |s| s.created_at_ms),
                        after_index: *after % 64,
                        filter: ["-", "L", "H", "A1700000000000", "F-5", "Z", "A", "Fx"][*filter].to_owned(),
                    }
                    .encode(),
                };
                self.list_shards(body(vec![("NextToken", Some(json!(token)))]))?;
            }
            Action::UpdateMode { name, arn, mode } => {
                let stream_name = self.name_text(name).unwrap_or_else(|| "bad name".to_owned());
                let arn = match arn {
                    Arn::Correct => Some(json!(format!("arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{stream_name}"))),
                    Arn::OtherRegion => {
                        Some(json!(format!("arn:aws:kinesis:eu-west-1:{ACCOUNT}:stream/{stream_name}")))
                    }
                    Arn::OtherAccount => {
                        Some(json!(format!("arn:aws:kinesis:us-east-1:210987654321:stream/{stream_name}")))
                    }
                    Arn::Junk(i) => JUNK_ARNS.get(*i).map(|a| json!(a)),
                };
                let request = body(vec![("StreamARN", arn), ("StreamModeDetails", mode.clone())]);
                let (status, _) = self.call(Op::UpdateStreamMode, request)?;
                if status == 200 {
                    let target = mode.as_ref().and_then(|m| m["StreamMode"].as_str()).unwrap_or_default().to_owned();
                    self.expect(&stream_name, 0, |e| e.mode = Some(target));
                }
            }
            Action::UpdateShardCount { name, target, scaling } => {
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("TargetShardCount", target.clone()),
                    ("ScalingType", scaling.map(|s| json!(s))),
                ]);
                let text = self.name_text(name).unwrap_or_default();
                let (status, value) = self.call(Op::UpdateShardCount, request)?;
                if status == 200 {
                    prop_assert_eq!(&value["CurrentShardCount"], &json!(self.open_now(&text)));
                    let target = value["TargetShardCount"].as_u64().unwrap_or_default() as usize;
                    self.expect(&text, 0, |e| e.open_shards = Some(target));
                }
            }
            Action::Split { name, shard, key } => {
                let shard_id = self.shard_value(name, shard);
                let range = shard_id
                    .as_str()
                    .and_then(parse_shard_id)
                    .and_then(|index| self.stream(name)?.shard(index))
                    .map_or((0, u128::MAX), |s| (s.starting_hash_key, s.ending_hash_key));
                let (start, end) = range;
                let key = match key {
                    HashKey::Inside(n) => json!((start + (end - start) / 65_536 * u128::from(*n)).to_string()),
                    HashKey::Start => json!(start.to_string()),
                    HashKey::StartPlus(n) => json!(start.saturating_add(u128::from(*n)).to_string()),
                    HashKey::End => json!(end.to_string()),
                    HashKey::EndMinusOne => json!(end.saturating_sub(1).to_string()),
                    HashKey::EndPlusOne => {
                        json!(end.checked_add(1).map_or_else(|| JUNK_HASH_KEYS[0].to_owned(), |k| k.to_string()))
                    }
                    HashKey::Junk(i) => JUNK_HASH_KEYS.get(*i).map_or(json!(17), |k| json!(k)),
                };
                let busy = self.not_active_provisioned(name, &[&shard_id]);
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("ShardToSplit", Some(shard_id)),
                    ("NewStartingHashKey", Some(key)),
                ]);
                let text = self.name_text(name).unwrap_or_default();
                let (status, value) = self.call(Op::SplitShard, request)?;
                self.check_busy(busy, &value)?;
                if status == 200 {
                    self.expect(&text, 1, |_| {});
                }
            }
            Action::Merge { name, shard, neighbour } => {
                let first = self.shard_value(name, shard);
                let open: Vec<u32> =
                    self.stream(name).map(open_in_key_order).unwrap_or_default().iter().map(|s| s.index).collect();
                let position =
                    first.as_str().and_then(parse_shard_id).and_then(|index| open.iter().position(|&i| i == index));
                // The open neighbour on that side, else the one on the other side.
                let by_offset = |offset: isize| {
                    let at =
                        |offset: isize| position.and_then(|p| p.checked_add_signed(offset)).and_then(|p| open.get(p));
                    let index = at(offset).or_else(|| at(-offset)).or(open.first()).copied().unwrap_or(0);
                    json!(format!("shardId-{index:012}"))
                };
                let second = match neighbour {
                    Neighbour::Next => by_offset(1),
                    Neighbour::Previous => by_offset(-1),
                    Neighbour::Same => first.clone(),
                    Neighbour::Other(other) => self.shard_value(name, other),
                };
                let busy = self.not_active_provisioned(name, &[&first, &second]);
                let range = |id: &Value| {
                    let index = id.as_str().and_then(parse_shard_id)?;
                    self.stream(name)?.shard(index).map(|s| (s.starting_hash_key, s.ending_hash_key))
                };
                let ranges = (range(&first), range(&second));
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("ShardToMerge", Some(first)),
                    ("AdjacentShardToMerge", Some(second)),
                ]);
                let text = self.name_text(name).unwrap_or_default();
                let (status, value) = self.call(Op::MergeShards, request)?;
                self.check_busy(busy, &value)?;
                if status == 200 {
                    // (i) ShardToMerge's range ends just before AdjacentShardToMerge's begins.
                    let ordered =
                        matches!(ranges, (Some((_, end)), Some((start, _))) if end.checked_add(1) == Some(start));
                    prop_assert!(ordered, "merged a pair out of order: {:?}", ranges);
                    self.expect(&text, -1, |_| {});
                }
            }
            Action::Retention { increase, name, hours } => {
                let operation =
                    if *increase { Op::IncreaseStreamRetentionPeriod } else { Op::DecreaseStreamRetentionPeriod };
                self.call(
                    operation,
                    body(vec![("StreamName", self.name_value(name)), ("RetentionPeriodHours", hours.clone())]),
                )?;
            }
            Action::AddTags { name, tags, many } => {
                let tags = match (many, tags) {
                    (Some(n), _) => Some(Value::Object((0..*n).map(|i| (format!("k{i}"), json!("v"))).collect())),
                    (None, Some(pairs)) => Some(Value::Object(
                        pairs
                            .iter()
                            .map(|&(k, v)| {
                                let key = TAG_KEYS.get(k).map_or_else(|| "k".repeat(129), |k| (*k).to_owned());
                                let value = TAG_VALUES.get(v).map_or_else(|| json!(3), |v| json!(v));
                                (key, value)
                            })
                            .collect(),
                    )),
                    (None, None) => None,
                };
                // (g) A tag holding a control character is never accepted (docs/behaviour.md §5.13).
                let control = tags.as_ref().and_then(Value::as_object).is_some_and(|tags| {
                    tags.iter()
                        .any(|(k, v)| format!("{k}{}", v.as_str().unwrap_or_default()).chars().any(char::is_control))
                });
                let request = body(vec![("StreamName", self.name_value(name)), ("Tags", tags)]);
                let (status, value) = self.call(Op::AddTagsToStream, request)?;
                prop_assert!(!(control && status == 200), "a tag with a control character was accepted: {}", value);
            }
            Action::RemoveTags { name, keys } => {
                let keys = keys.as_ref().map(|keys| {
                    keys.iter().map(|&k| TAG_KEYS.get(k).map_or_else(|| json!(9), |k| json!(k))).collect::<Vec<_>>()
                });
                let control =
                    keys.iter().flatten().any(|k| k.as_str().is_some_and(|k| k.chars().any(char::is_control)));
                let request = body(vec![("StreamName", self.name_value(name)), ("TagKeys", keys.map(Value::Array))]);
                let (status, value) = self.call(Op::RemoveTagsFromStream, request)?;
                prop_assert!(!(control && status == 200), "a key with a control character was accepted: {}", value);
            }
            Action::ListTags { name, limit, start } => {
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("Limit", limit.map(|l| json!(l))),
                    ("ExclusiveStartTagKey", start.map(|k| json!(TAG_KEYS.get(k).copied().unwrap_or("")))),
                ]);
                self.call(Op::ListTagsForStream, request)?;
            }
            Action::Monitoring { enable, name, metrics } => {
                let operation = if *enable { Op::EnableEnhancedMonitoring } else { Op::DisableEnhancedMonitoring };
                let metrics = metrics.as_ref().map(|m| json!(m.iter().map(|&i| METRICS[i]).collect::<Vec<_>>()));
                self.call(
                    operation,
                    body(vec![("StreamName", self.name_value(name)), ("ShardLevelMetrics", metrics)]),
                )?;
            }
            Action::Encryption { start, name, kind, key } => {
                let operation = if *start { Op::StartStreamEncryption } else { Op::StopStreamEncryption };
                let request = body(vec![
                    ("StreamName", self.name_value(name)),
                    ("EncryptionType", kind.map(|k| json!(ENCRYPTION_TYPES[k]))),
                    ("KeyId", key.map(|k| json!(KEY_IDS[k]))),
                ]);
                let text = self.name_text(name).unwrap_or_default();
                if self.call(operation, request)?.0 == 200 {
                    let encryption = match (start, key) {
                        (true, Some(k)) => ("KMS".to_owned(), Some(KEY_IDS[*k].to_owned())),
                        _ => ("NONE".to_owned(), None),
                    };
                    self.expect(&text, 0, |e| e.encryption = Some(encryption));
                }
            }
            Action::Garbage { operation, body } => {
                self.call(Operation::ALL[*operation], body.clone())?;
            }
            Action::WrongType { operation, member, value } => {
                let request =
                    body(vec![("StreamName", Some(json!(NAMES[0]))), (MEMBERS[*member], Some(wrong_value(*value)))]);
                self.call(Operation::ALL[*operation], request)?;
            }
            Action::UnknownTarget(target) => {
                let target = target.clone();
                let (status, value) = self.call_target(&target, b"{}".to_vec())?;
                if Operation::from_target(&target).is_none() {
                    prop_assert_eq!(status, 400);
                    prop_assert_eq!(&value["__type"], "UnknownOperationException");
                }
            }
            Action::Burst { operation, name, count } => {
                let operation = BURST_OPERATIONS[*operation];
                let shard_count = (operation == Op::CreateStream).then(|| json!(1));
                let request = body(vec![("StreamName", self.name_value(name)), ("ShardCount", shard_count)]);
                for _ in 0..*count {
                    self.call(operation, request.clone())?;
                }
            }
            Action::Advance(ms) => self.advance_to(self.now_ms + ms)?,
            Action::AdvanceToNextTransition => {
                let next = self.sim.next_transition_ms().unwrap_or(self.now_ms);
                self.advance_to(next)?;
            }
        }
        Ok(())
    }

    /// The status of the named stream if it exists, is provisioned and not ACTIVE, and every
    /// ShardId is of the form the service reads (docs/behaviour.md §7.2).
    fn not_active_provisioned(&self, name: &Name, shard_ids: &[&Value]) -> Option<String> {
        let stream = self.stream(name).filter(|s| s.mode.as_str() == "PROVISIONED")?;
        let well_formed = shard_ids.iter().all(|id| id.as_str().and_then(parse_shard_id).is_some());
        (well_formed && stream.status.as_str() != "ACTIVE").then(|| stream.status.as_str().to_owned())
    }

    /// (i) SplitShard and MergeShards on a stream that is not ACTIVE: ResourceInUseException,
    /// never "Could not find shard", whatever shard is named (docs/behaviour.md §5.11). A hash key
    /// of the wrong JSON type or a bad one fails reading or validation first, and a burst is
    /// throttled.
    fn check_busy(&self, busy: Option<String>, answer: &Value) -> Result<(), TestCaseError> {
        let Some(status) = busy else { return Ok(()) };
        let kind = answer["__type"].as_str().unwrap_or_default();
        prop_assert!(
            matches!(
                kind,
                "ResourceInUseException" | "SerializationException" | "ValidationException" | "LimitExceededException"
            ),
            "a stream {} answered {}",
            status,
            answer
        );
        if kind == "ResourceInUseException" {
            let expected = format!("instead in state {status}");
            let message = answer["message"].as_str().unwrap_or_default();
            prop_assert!(message.ends_with(&expected), "{} does not end with {}", message, expected);
        }
        Ok(())
    }

    /// Open shards of a stream now, from the read-only view.
    fn open_now(&self, name: &str) -> usize {
        self.sim.streams().find(|s| s.name == name).map_or(0, |s| s.shards.iter().filter(|s| s.is_open()).count())
    }

    /// Records what an accepted change should show: `delta` more open shards than now, and
    /// whatever `change` sets.
    fn expect(&mut self, name: &str, delta: isize, change: impl FnOnce(&mut Expected)) {
        let open = self.open_now(name).checked_add_signed(delta).unwrap_or_default();
        let expected = self.expected.entry(name.to_owned()).or_default();
        if delta != 0 {
            expected.open_shards = Some(open);
        }
        change(expected);
    }

    fn list_shards(&mut self, request: Vec<u8>) -> Result<(), TestCaseError> {
        let (status, value) = self.call(Operation::ListShards, request)?;
        if status == 200
            && let Some(token) = value["NextToken"].as_str()
        {
            self.last_token = Some(token.to_owned());
        }
        Ok(())
    }

    /// Properties (b) and (c), through the API only. `page` is the Limit the checker pages
    /// DescribeStream and ListStreams with (None: the default).
    fn check_invariants(&mut self, page: Option<i64>) -> Result<(), TestCaseError> {
        use Operation as Op;
        // Every stream, paging through ListStreams; the same names the account holds.
        let mut names: Vec<String> = Vec::new();
        loop {
            let request = body(vec![
                ("Limit", page.map(|l| json!(l))),
                ("ExclusiveStartStreamName", names.last().map(|n| json!(n))),
            ]);
            let (status, value) = self.call(Op::ListStreams, request)?;
            prop_assert_eq!(status, 200, "ListStreams failed: {}", value);
            let batch = value["StreamNames"].as_array().expect("StreamNames");
            prop_assert!(batch.len() <= page.unwrap_or(100) as usize);
            for name in batch {
                let name = name.as_str().expect("a name").to_owned();
                prop_assert!(names.last().is_none_or(|last| *last < name), "ListStreams out of order at {name}");
                names.push(name);
            }
            if value["HasMoreStreams"] != json!(true) {
                break;
            }
            prop_assert!(!batch.is_empty(), "HasMoreStreams with an empty page");
        }
        let held: Vec<String> = self.sim.streams().map(|s| s.name.clone()).collect();
        prop_assert_eq!(&names, &held, "ListStreams does not list the account's streams");

        let (mut provisioned_open, mut on_demand) = (0u64, 0u64);
        for name in &names {
            let description = self.describe_all(name, page)?;
            let open: Vec<&ShardSeen> = description.shards.iter().filter(|s| s.open).collect();
            match description.status.as_str() {
                "ACTIVE" | "UPDATING" => {
                    let ranges = open.iter().map(|s| (s.start, s.end)).collect();
                    if let Err(why) = tiles(ranges) {
                        return Err(TestCaseError::fail(format!(
                            "the open shards of {name} ({}) do not tile the key space: {why}; {:?}",
                            description.status, description.shards
                        )));
                    }
                }
                "CREATING" | "DELETING" => {
                    prop_assert!(description.shards.is_empty(), "{} lists shards while {}", name, description.status)
                }
                other => prop_assert!(false, "{name} has status {other}"),
            }
            // (h) A stream being deleted never comes back, not even when its CREATING would
            // have ended.
            if self.deleting.contains(name) {
                prop_assert_eq!(description.status.as_str(), "DELETING", "{} came back", name);
            }
            // (e) Accepted changes show once the stream is ACTIVE again.
            if description.status == "ACTIVE"
                && let Some(expected) = self.expected.remove(name)
            {
                let seen = Expected {
                    open_shards: expected.open_shards.map(|_| open.len()),
                    mode: expected.mode.as_ref().map(|_| description.mode.clone()),
                    encryption: expected.encryption.as_ref().map(|_| description.encryption.clone()),
                };
                prop_assert_eq!(&seen, &expected, "{} does not show the changes accepted", name);
            }
            match description.mode.as_str() {
                "PROVISIONED" => provisioned_open += open.len() as u64,
                "ON_DEMAND" => on_demand += 1,
                other => prop_assert!(false, "{name} has mode {other}"),
            }

            // DescribeStreamSummary draws the same picture.
            let (status, value) =
                self.call(Op::DescribeStreamSummary, body(vec![("StreamName", Some(json!(name)))]))?;
            prop_assert_eq!(status, 200, "DescribeStreamSummary failed: {}", value);
            let summary = &value["StreamDescriptionSummary"];
            prop_assert_eq!(&summary["OpenShardCount"], &json!(open.len()), "OpenShardCount of {}", name);
            prop_assert_eq!(&summary["StreamStatus"], &json!(description.status), "status of {}", name);
            prop_assert_eq!(&summary["StreamModeDetails"]["StreamMode"], &json!(description.mode), "mode of {}", name);
        }

        self.expected.retain(|name, _| names.contains(name));

        let (status, limits) = self.call(Op::DescribeLimits, b"{}".to_vec())?;
        prop_assert_eq!(status, 200, "DescribeLimits failed: {}", limits);
        prop_assert_eq!(&limits["OpenShardCount"], &json!(provisioned_open), "DescribeLimits: {}", limits);
        prop_assert_eq!(&limits["OnDemandStreamCount"], &json!(on_demand), "DescribeLimits: {}", limits);
        prop_assert!(
            limits["OpenShardCount"].as_u64() <= limits["ShardLimit"].as_u64(),
            "over the shard limit: {}",
            limits
        );
        prop_assert!(
            limits["OnDemandStreamCount"].as_u64() <= limits["OnDemandStreamCountLimit"].as_u64(),
            "over the on-demand stream limit: {}",
            limits
        );
        Ok(())
    }

    /// Every page of DescribeStream for one stream.
    fn describe_all(&mut self, name: &str, page: Option<i64>) -> Result<Description, TestCaseError> {
        let mut shards: Vec<ShardSeen> = Vec::new();
        let mut first: Option<(String, String, (String, Option<String>))> = None;
        loop {
            let request = body(vec![
                ("StreamName", Some(json!(name))),
                ("Limit", page.map(|l| json!(l))),
                ("ExclusiveStartShardId", shards.last().map(|s| json!(s.id))),
            ]);
            let (status, value) = self.call(Operation::DescribeStream, request)?;
            prop_assert_eq!(status, 200, "DescribeStream {} failed: {}", name, value);
            let description = &value["StreamDescription"];
            let status = description["StreamStatus"].as_str().unwrap_or_default().to_owned();
            let mode = description["StreamModeDetails"]["StreamMode"].as_str().unwrap_or_default().to_owned();
            let encryption = (
                description["EncryptionType"].as_str().unwrap_or_default().to_owned(),
                description["KeyId"].as_str().map(str::to_owned),
            );
            let seen = (status, mode, encryption);
            match &first {
                None => first = Some(seen),
                Some(first) => prop_assert_eq!(first, &seen, "the stream changed between pages"),
            }
            let batch = description["Shards"].as_array().cloned().unwrap_or_default();
            prop_assert!(batch.len() <= page.unwrap_or(100) as usize, "a page longer than the limit");
            for shard in &batch {
                let seen = ShardSeen::parse(shard)?;
                prop_assert!(seen.start <= seen.end, "a shard ending before it starts: {}", shard);
                prop_assert!(
                    shards.last().is_none_or(|last| last.id < seen.id),
                    "shards out of order or repeated across pages: {}",
                    seen.id
                );
                shards.push(seen);
            }
            if description["HasMoreShards"] != json!(true) {
                break;
            }
            prop_assert!(!batch.is_empty(), "HasMoreShards with an empty page");
        }
        let (status, mode, encryption) = first.unwrap_or_default();
        Ok(Description { status, mode, encryption, shards })
    }
}

struct Description {
    status: String,
    mode: String,
    /// EncryptionType and KeyId.
    encryption: (String, Option<String>),
    shards: Vec<ShardSeen>,
}

#[derive(Debug)]
struct ShardSeen {
    id: String,
    start: u128,
    end: u128,
    /// No EndingSequenceNumber.
    open: bool,
}

impl ShardSeen {
    fn parse(shard: &Value) -> Result<Self, TestCaseError> {
        let key = |member: &str| {
            shard["HashKeyRange"][member]
                .as_str()
                .and_then(|text| text.parse::<u128>().ok())
                .ok_or_else(|| TestCaseError::fail(format!("bad {member} in {shard}")))
        };
        Ok(Self {
            id: shard["ShardId"]
                .as_str()
                .ok_or_else(|| TestCaseError::fail(format!("no ShardId in {shard}")))?
                .to_owned(),
            start: key("StartingHashKey")?,
            end: key("EndingHashKey")?,
            open: shard["SequenceNumberRange"].get("EndingSequenceNumber").is_none(),
        })
    }
}

/// Whether the ranges cover 0..=2^128-1 exactly once.
fn tiles(mut ranges: Vec<(u128, u128)>) -> Result<(), String> {
    if let Some((start, end)) = ranges.iter().find(|(start, end)| start > end) {
        return Err(format!("a shard starts at {start} and ends before, at {end}"));
    }
    ranges.sort_unstable();
    let Some(&(first, _)) = ranges.first() else { return Err("no open shards".into()) };
    if first != 0 {
        return Err(format!("the first open shard starts at {first}"));
    }
    for pair in ranges.windows(2) {
        let ((_, end), (next, _)) = (pair[0], pair[1]);
        if end.checked_add(1) != Some(next) {
            return Err(format!("a shard ending at {end} is followed by one starting at {next}"));
        }
    }
    match ranges.last() {
        Some(&(_, u128::MAX)) => Ok(()),
        Some(&(_, end)) => Err(format!("the last open shard ends at {end}")),
        None => unreachable!(),
    }
}

/// (d): the recorded calls and advances, replayed on a fresh simulator, give the same answers.
fn replay(config: Config, log: &[Entry]) -> Result<(), TestCaseError> {
    let mut sim = Simulator::new(config);
    for (i, entry) in log.iter().enumerate() {
        match entry {
            Entry::Call { target, body, now_ms, response, next_transition_ms } => {
                let again = sim.handle(target, body, *now_ms);
                prop_assert!(
                    again == *response,
                    "call {i} ({target} {}) answered differently on replay: {} {} vs {} {}",
                    String::from_utf8_lossy(body),
                    response.status,
                    String::from_utf8_lossy(&response.body),
                    again.status,
                    String::from_utf8_lossy(&again.body)
                );
                prop_assert_eq!(sim.next_transition_ms(), *next_transition_ms, "next transition after call {}", i);
            }
            Entry::Advance { now_ms, next_transition_ms } => {
                prop_assert_eq!(sim.advance(*now_ms), *now_ms);
                prop_assert_eq!(sim.next_transition_ms(), *next_transition_ms, "next transition after advance {}", i);
            }
        }
    }
    Ok(())
}

fn durations() -> impl Strategy<Value = Durations> {
    prop_oneof![
        4 => Just(Durations::REALISTIC),
        2 => Just(Durations::FAST),
        1 => Just(Durations { create_stream_ms: 0, update_stream_ms: 0, delete_stream_ms: 0 }),
        // Changes that stay UPDATING for over a day, while background timers (closed shards
        // expiring) come due: those must never replace the change the user asked for (e).
        1 => Just(Durations { create_stream_ms: 30_000, update_stream_ms: DAY_MS + 1, delete_stream_ms: 30_000 }),
        1 => (0..100_000i64, 0..100_000i64, 0..100_000i64).prop_map(|(c, u, d)| Durations {
            create_stream_ms: c,
            update_stream_ms: u,
            delete_stream_ms: d,
        }),
    ]
}

fn proptest_config() -> ProptestConfig {
    // PROPTEST_CASES overrides the default when set.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// (a)-(d) with the rate limits off, so throttling hides nothing.
    #[test]
    fn every_step_keeps_the_account_consistent(
        durations in durations(),
        page in prop::sample::select(vec![None, Some(3), Some(10)]),
        actions in actions(false),
        shard_limit in prop_oneof![Just(500u32), 2u32..12],
        on_demand_stream_count_limit in prop_oneof![Just(50u32), 0u32..3],
    ) {
        let mut config = Config { durations, ..Config::default() };
        config.limits.rate_limits = false;
        config.limits.shard_limit = shard_limit;
        config.limits.on_demand_stream_count_limit = on_demand_stream_count_limit;
        let mut run = Run::new(config.clone());
        for action in &actions {
            run.step(action)?;
            run.check_invariants(page)?;
        }
        replay(config, &run.log)?;
    }

    /// (a) and (d) with the default configuration: rate limits on, realistic durations, calls
    /// close together.
    #[test]
    fn every_answer_is_well_formed_with_rate_limits_on(actions in actions(true)) {
        let config = Config::default();
        prop_assert!(config.limits.rate_limits);
        let mut run = Run::new(config.clone());
        for action in &actions {
            run.step(action)?;
        }
        replay(config, &run.log)?;
    }
}

/// The tiling check can fail: gaps, overlaps, a missing end and doubles are all caught.
#[test]
fn the_tiling_check_rejects_what_is_not_a_tiling() {
    let half = u128::MAX / 2;
    assert_eq!(tiles(vec![(0, u128::MAX)]), Ok(()));
    assert_eq!(tiles(vec![(half + 1, u128::MAX), (0, half)]), Ok(()));
    for bad in [
        vec![],
        vec![(1, u128::MAX)],
        vec![(0, half)],
        vec![(0, half), (half + 2, u128::MAX)],
        vec![(0, half), (half, u128::MAX)],
        vec![(0, u128::MAX), (0, u128::MAX)],
        vec![(0, half), (half + 1, u128::MAX), (half + 1, u128::MAX)],
        // An empty range between two neighbours still lines up end + 1 = start.
        vec![(0, 5), (6, 5), (6, u128::MAX)],
    ] {
        assert!(tiles(bad.clone()).is_err(), "{bad:?} passed");
    }
}

/// The wire check can fail too.
#[test]
fn the_wire_check_rejects_malformed_answers() {
    let bad = [
        Response { status: 500, body: Vec::new() },
        Response { status: 400, body: Vec::new() },
        Response { status: 200, body: b"not json".to_vec() },
        Response { status: 400, body: b"{\"message\":\"no type\"}".to_vec() },
        Response { status: 200, body: b"[]".to_vec() },
    ];
    for response in bad {
        assert!(check_wire("Kinesis_20131202.DescribeLimits", b"{}", &response).is_err(), "{response:?} passed");
    }
    assert!(check_wire("t", b"", &Response { status: 200, body: Vec::new() }).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Regressions: simulator bugs these properties once found, each kept as the smallest call
// sequence that showed it, asserting what the simulator now does.
// ---------------------------------------------------------------------------------------------

fn handle(sim: &mut Simulator, operation: Operation, body: &str, now_ms: i64) -> (u16, String) {
    let response = sim.handle(&operation.target(), body.as_bytes(), now_ms);
    (response.status, String::from_utf8_lossy(&response.body).into_owned())
}

fn unthrottled(shard_limit: u32) -> Simulator {
    let mut config = Config::default();
    config.limits.rate_limits = false;
    config.limits.shard_limit = shard_limit;
    Simulator::new(config)
}

/// Regression: the shard limit must count the shards that a pending SplitShard, UpdateShardCount
/// or switch to PROVISIONED is about to open, not only those of CREATING streams.
#[test]
fn pending_changes_count_against_the_shard_limit() {
    let mut sim = unthrottled(10);
    let t = START_MS;
    assert_eq!(handle(&mut sim, Operation::CreateStream, r#"{"StreamName":"a","ShardCount":9}"#, t).0, 200);
    let split = r#"{"StreamName":"a","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"1000"}"#;
    assert_eq!(handle(&mut sim, Operation::SplitShard, split, t + 30_000).0, 200);
    // 9 open + 1 from the split under way: a new shard would be the 11th.
    let (status, _) = handle(&mut sim, Operation::CreateStream, r#"{"StreamName":"b","ShardCount":1}"#, t + 30_000);
    let (_, limits) = handle(&mut sim, Operation::DescribeLimits, "{}", t + 90_000);
    let limits: Value = serde_json::from_str(&limits).unwrap();
    assert!(
        status == 400 && limits["OpenShardCount"].as_u64() <= limits["ShardLimit"].as_u64(),
        "CreateStream answered {status}; now {limits}"
    );
}

/// Regression: a NextToken's issue time is read from the token, which a client can write; one near
/// i64::MIN once overflowed the age computation (a panic in debug builds, a fresh token in release).
#[test]
fn forged_next_token_with_an_ancient_issue_time_is_refused() {
    let mut sim = unthrottled(500);
    handle(&mut sim, Operation::CreateStream, r#"{"StreamName":"a","ShardCount":2}"#, START_MS);
    let token = ShardPageToken {
        issued_at_ms: i64::MIN,
        stream_name: "a".into(),
        stream_created_at_ms: START_MS,
        after_index: 0,
        filter: "-".into(),
    }
    .encode();
    let outcome = std::panic::catch_unwind(move || {
        handle(&mut sim, Operation::ListShards, &format!(r#"{{"NextToken":"{token}"}}"#), START_MS + 60_000)
    });
    let (status, body) = outcome.expect("ListShards panicked");
    assert_eq!(status, 400, "an ancient token was accepted: {body}");
}

/// Regression: ExclusiveStartShardId reads the forms other ShardId inputs accept (`shardId-1`,
/// `1`, any prefix before the first hyphen, docs/behaviour.md §7.2); compared as text they once
/// gave wrong pages.
#[test]
fn exclusive_start_shard_id_reads_short_forms() {
    let mut sim = unthrottled(500);
    handle(&mut sim, Operation::CreateStream, r#"{"StreamName":"a","ShardCount":3}"#, START_MS);
    for start in ["shardId-000000000001", "shardId-1", "1", "abc-1", "-01"] {
        for (operation, body) in [
            (Operation::DescribeStream, format!(r#"{{"StreamName":"a","ExclusiveStartShardId":"{start}"}}"#)),
            (Operation::ListShards, format!(r#"{{"StreamName":"a","ExclusiveStartShardId":"{start}"}}"#)),
        ] {
            let (_, answer) = handle(&mut sim, operation, &body, START_MS + 30_000);
            let answer: Value = serde_json::from_str(&answer).unwrap();
            let shards = answer.get("Shards").unwrap_or(&answer["StreamDescription"]["Shards"]);
            let ids: Vec<&str> = shards.as_array().unwrap().iter().filter_map(|s| s["ShardId"].as_str()).collect();
            assert_eq!(ids, ["shardId-000000000002"], "{} {body}", operation.name());
        }
    }
}

/// Regression: UNIFORM_SCALING splits every open shard in half, but must leave a shard of a single
/// hash key whole; splitting one once made an inverted range, or overflowed at the top of the key
/// space. SplitShard never leaves a shard narrower than two keys, but scaling up can.
#[test]
fn uniform_scaling_leaves_single_key_shards_whole() {
    for (key, stream) in [("2", "low"), ("340282366920938463463374607431768211454", "high")] {
        let mut sim = unthrottled(500);
        let mut now = START_MS;
        let mut step = |operation: Operation, body: String| {
            let (status, answer) = handle(&mut sim, operation, &body, now);
            assert_eq!(status, 200, "{} {body}: {answer}", operation.name());
            now += 60_000;
            answer
        };
        step(Operation::CreateStream, format!(r#"{{"StreamName":"{stream}","ShardCount":1}}"#));
        let split = format!(
            r#"{{"StreamName":"{stream}","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"{key}"}}"#
        );
        step(Operation::SplitShard, split); // leaves a two-key shard at one end
        for target in [4, 8] {
            let body =
                format!(r#"{{"StreamName":"{stream}","TargetShardCount":{target},"ScalingType":"UNIFORM_SCALING"}}"#);
            step(Operation::UpdateShardCount, body);
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            step(Operation::ListShards, format!(r#"{{"StreamName":"{stream}","ShardFilter":{{"Type":"AT_LATEST"}}}}"#))
        }));
        let answer: Value = serde_json::from_str(&outcome.expect("the simulator panicked")).unwrap();
        let key =
            |shard: &Value, member: &str| shard["HashKeyRange"][member].as_str().unwrap().parse::<u128>().unwrap();
        let ranges: Vec<(u128, u128)> = answer["Shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|shard| (key(shard, "StartingHashKey"), key(shard, "EndingHashKey")))
            .collect();
        assert_eq!(tiles(ranges.clone()), Ok(()), "{stream}: {ranges:?}");
    }
}

/// Regression: DeleteStream accepts a CREATING stream, as AWS did (kinesalite's
/// `test/deleteStream.js`, run against AWS; docs/behaviour.md §5.7). The end of its CREATING is
/// cancelled: the next transition is the end of DELETING, and the stream never turns ACTIVE.
#[test]
fn deleting_a_creating_stream_cancels_the_end_of_creating() {
    let mut sim = unthrottled(500);
    let t = START_MS;
    assert_eq!(handle(&mut sim, Operation::CreateStream, r#"{"StreamName":"a","ShardCount":1}"#, t).0, 200);
    assert_eq!(sim.next_transition_ms(), Some(t + 30_000));
    let (status, answer) = handle(&mut sim, Operation::DeleteStream, r#"{"StreamName":"a"}"#, t + 10_000);
    assert_eq!((status, answer.as_str()), (200, ""));
    assert_eq!(sim.next_transition_ms(), Some(t + 40_000), "the end of CREATING is still pending");
    sim.advance(t + 39_999);
    let stream = sim.stream("a").expect("still there while DELETING");
    assert_eq!(stream.status.as_str(), "DELETING");
    sim.advance(t + 40_000);
    assert!(sim.stream("a").is_none());
    assert_eq!(sim.next_transition_ms(), None);
}
