#![cfg(not(target_arch = "wasm32"))]
//! Bad input of every shape at every operation: huge and negative numbers, nulls, deep nesting,
//! non-UTF-8 bytes, a 10 MB body. The answer is always an AWS-shaped error (or a success), never
//! a panic; and no request, nor any run of them, costs memory without bound. Tokens and ids carry any text, multi-byte characters included, since the core reads
//! them by character and never slices client text at a byte offset.

use kinesis_playground::sim::{Config, Durations, Operation, Simulator, base64};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000_000;

fn bodies() -> Vec<Vec<u8>> {
    let mut bodies: Vec<Vec<u8>> = [
        r#"{"StreamName":"s","ShardCount":1e400}"#,
        r#"{"StreamName":"s","ShardCount":-1e400}"#,
        r#"{"StreamName":"s","ShardCount":123456789012345678901234567890}"#,
        r#"{"StreamName":"s","ShardCount":-9223372036854775809}"#,
        r#"{"StreamName":"s","TargetShardCount":-5,"ScalingType":"UNIFORM_SCALING"}"#,
        r#"{"StreamName":null,"ShardCount":null,"StreamModeDetails":null,"Tags":null,"Limit":null}"#,
        r#"{"StreamName":"s","StreamModeDetails":{"StreamMode":null}}"#,
        r#"{"StreamName":"s","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":1e400}}"#,
        r#"{"StreamName":"s","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":-1e300}}"#,
        r#"{"StreamName":"s","NewStartingHashKey":"99999999999999999999999999999999999999999","ShardToSplit":"999999999999999999999"}"#,
        r#"{"StreamName":"s","RetentionPeriodHours":-2147483648}"#,
        r#"{"StreamName":"s","Tags":{"a":{"b":[1,{"c":null}]}}}"#,
        r#"{"StreamName":"s","TagKeys":[null,1,[],{}]}"#,
        r#"{"StreamName":"s","ShardLevelMetrics":[[["ALL"]]]}"#,
        r#"{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/s\u0000","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#,
        r#"{"NextToken":"\ud800"}"#,
    ]
    .iter()
    .map(|b| b.as_bytes().to_vec())
    .collect();
    bodies.push(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes());
    bodies.push(format!(r#"{{"StreamName":{}"s"{}}}"#, "{\"a\":".repeat(10_000), "}".repeat(10_000)).into_bytes());
    bodies.push(vec![0xff, 0xfe, 0x7b, 0x7d, 0x80, 0x00]);
    bodies.push(b"{\"StreamName\":\"\xff\xfe\"}".to_vec());
    bodies
}

/// 10 MB bodies: a name far over its 128 characters, and a 10 MB tag map.
fn large_bodies() -> Vec<Vec<u8>> {
    let tags: Vec<String> = (0..200_000).map(|i| format!(r#""k{i}":"{}""#, "v".repeat(40))).collect();
    vec![
        format!(r#"{{"StreamName":"{}","ShardCount":1}}"#, "a".repeat(10 * 1024 * 1024)).into_bytes(),
        format!(r#"{{"StreamName":"s","Tags":{{{}}}}}"#, tags.join(",")).into_bytes(),
    ]
}

fn assert_well_formed(operation: Operation, index: usize, response: &kinesis_playground::sim::Response) {
    // 500 only as the service's InternalFailure (a StartingSequenceNumber of "0").
    let internal = response.status == 500 && response.body == br#"{"__type":"InternalFailure"}"#;
    assert!(
        matches!(response.status, 200 | 400) || internal,
        "{} body #{index}: {}",
        operation.name(),
        response.status
    );
    if response.status == 400 {
        let error: serde_json::Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{} body #{index}: error body is not JSON: {e}", operation.name()));
        assert!(error["__type"].is_string(), "{} body #{index}: {error}", operation.name());
    }
}

#[test]
fn every_operation_answers_every_bad_body_without_panicking() {
    let mut simulator = Simulator::new(Config::default());
    simulator.handle("Kinesis_20131202.CreateStream", br#"{"StreamName":"s","ShardCount":2}"#, NOW);
    let bodies = bodies();
    for (i, &operation) in Operation::ALL.iter().enumerate() {
        for (j, body) in bodies.iter().enumerate() {
            // Spread the calls in time so rate limits do not hide the checks behind them.
            let now = NOW + 31_000 + (i * bodies.len() + j) as i64 * 1_000;
            let response = simulator.handle(&operation.target(), body, now);
            assert_well_formed(operation, j, &response);
        }
    }
    let mut now = NOW + 10_000_000;
    for operation in [
        Operation::CreateStream,
        Operation::AddTagsToStream,
        Operation::DescribeStream,
        Operation::GetRecords,
        Operation::PutRecord,
        Operation::PutRecords,
    ] {
        for (j, body) in large_bodies().iter().enumerate() {
            now += 1_000;
            let response = simulator.handle(&operation.target(), body, now);
            assert_well_formed(operation, j, &response);
            assert_ne!(response.status, 200, "{}: a 10 MB body is always refused", operation.name());
        }
    }
    // Six records of 1 MiB: over the 5 MiB of a call, refused whole; a Limit far out of range.
    let data = base64::encode(&vec![0u8; 1024 * 1024 - 1]);
    let records: Vec<serde_json::Value> =
        (0..6).map(|_| serde_json::json!({"Data": data, "PartitionKey": "k"})).collect();
    let body = serde_json::json!({"StreamName": "s", "Records": records}).to_string();
    let response = simulator.handle("Kinesis_20131202.PutRecords", body.as_bytes(), now + 1_000);
    assert_eq!(response.body, br#"{"__type":"InvalidArgumentException","message":"Records size exceeds 5 MB limit"}"#);
    let response =
        simulator.handle("Kinesis_20131202.GetRecords", br#"{"ShardIterator":"x","Limit":1e30}"#, now + 1_000);
    assert!(String::from_utf8_lossy(&response.body).contains("Value '2147483647' at 'limit'"));
    // Still serving.
    let response = simulator.handle("Kinesis_20131202.ListStreams", b"{}", now + 1_000);
    assert_eq!(response.status, 200);
}

#[test]
fn a_forged_list_shards_token_with_a_multi_byte_character_is_an_invalid_argument() {
    // base64 of `1|0|0|0|é|s1`: the ShardFilter field starts with a two-byte character.
    let mut simulator = Simulator::new(Config::default());
    let response = simulator.handle("Kinesis_20131202.ListShards", br#"{"NextToken":"MXwwfDB8MHzDqXxzMQ=="}"#, NOW);
    assert_eq!(
        (response.status, String::from_utf8_lossy(&response.body).as_ref()),
        (400, r#"{"__type":"InvalidArgumentException","message":"Invalid NextToken."}"#)
    );
}

fn call(simulator: &mut Simulator, operation: &str, body: &str, now_ms: i64) -> (u16, String) {
    let response = simulator.handle(&format!("Kinesis_20131202.{operation}"), body.as_bytes(), now_ms);
    (response.status, String::from_utf8_lossy(&response.body).into_owned())
}

#[test]
fn create_stream_is_held_to_the_shards_a_stream_may_have_before_making_any() {
    let mut config = Config::default();
    config.limits.shard_limit = u32::MAX;
    let mut simulator = Simulator::new(config);
    for count in [2_147_483_647, 1_000_000, 10_001] {
        let (status, body) =
            call(&mut simulator, "CreateStream", &format!(r#"{{"StreamName":"boom","ShardCount":{count}}}"#), NOW);
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("ValidationException") || body.contains("LimitExceededException"), "{body}");
    }
    assert!(simulator.stream("boom").is_none());
    assert_eq!(call(&mut simulator, "CreateStream", r#"{"StreamName":"boom","ShardCount":10000}"#, NOW).0, 200);
}

#[test]
fn an_error_echoes_a_bounded_part_of_what_it_was_sent() {
    // 7 MB of tags break three rules at once (entries, key lengths, value lengths), and each
    // violation would echo the whole map.
    let tags: Vec<String> =
        (0..18_000).map(|i| format!(r#""{}":"{}""#, "k".repeat(129) + &i.to_string(), "v".repeat(257))).collect();
    let body = format!(r#"{{"StreamName":"s","Tags":{{{}}}}}"#, tags.join(","));
    assert!(body.len() > 7_000_000);
    let mut simulator = Simulator::new(Config::default());
    let (status, answer) = call(&mut simulator, "AddTagsToStream", &body, NOW);
    assert_eq!(status, 400);
    assert_eq!(answer.matches("failed to satisfy constraint").count(), 3, "{answer:.300}");
    assert!(answer.len() < 16 * 1024, "a {} byte answer to a {} byte request", answer.len(), body.len());
}

#[test]
fn split_and_merge_forever_keeps_only_the_shards_still_listed() {
    let mut config = Config::default();
    config.limits.rate_limits = false;
    config.durations = Durations { create_stream_ms: 0, update_stream_ms: 30_000, delete_stream_ms: 0 };
    let mut simulator = Simulator::new(config);
    let mut now = NOW;
    call(&mut simulator, "CreateStream", r#"{"StreamName":"s","ShardCount":2}"#, now);
    // Split the newest shard in two and merge the halves back, 3,000 times: a minute a cycle,
    // 50 hours in all, so the early cycles' shards have long left the 24-hour retention.
    for _ in 0..3_000 {
        now = simulator.advance(now + 30_000);
        let newest = simulator.stream("s").unwrap().shards.last().unwrap();
        let (index, middle) = (newest.index, newest.starting_hash_key / 2 + newest.ending_hash_key / 2);
        let split = format!(r#"{{"StreamName":"s","ShardToSplit":"{index}","NewStartingHashKey":"{middle}"}}"#);
        let (status, answer) = call(&mut simulator, "SplitShard", &split, now);
        assert_eq!(status, 200, "{answer}");
        now += 30_000;
        let merge =
            format!(r#"{{"StreamName":"s","ShardToMerge":"{}","AdjacentShardToMerge":"{}"}}"#, index + 1, index + 2);
        assert_eq!(call(&mut simulator, "MergeShards", &merge, now).0, 200);
    }
    now = simulator.advance(now + 30_000);
    let stream = simulator.stream("s").unwrap();
    let listed = stream.listed_shards(now).count();
    assert_eq!(stream.shards.len(), listed, "the stream holds only what ListShards lists");
    // The last 24 hours of cycles: 1,440 of them, three closed shards each, and two open.
    assert!((4_000..=4_600).contains(&listed), "{listed}");
    now += 25 * 3_600_000;
    simulator.advance(now);
    assert_eq!(simulator.stream("s").unwrap().shards.len(), 2, "only the open shards are left");
}

/// Text of any kind, weighted towards what trips byte-offset slicing: multi-byte characters
/// next to the separators and digits the core looks for.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9é€𝄞|-]{0,8}",
        "(shardId-)?[0-9é€𝄞]{0,14}",
        "arn:aws[é:]{0,3}kinesis:[a-z-]{0,9}:[0-9é]{11,13}:stream/[a-zé€]{0,4}",
    ]
}

/// A ListShards NextToken in the token layout (`version|issued|created|after|filter|name`), each
/// field plausible or not.
fn forged_token() -> impl Strategy<Value = String> {
    let number = prop_oneof!["[0-9]{1,13}", any_text()];
    (number.clone(), number.clone(), number, any_text(), any_text()).prop_map(
        |(issued, created, after, filter, name)| {
            base64::encode(format!("1|{issued}|{created}|{after}|{filter}|{name}").as_bytes())
        },
    )
}

/// Members that name streams, shards, tags and pages, where client text is parsed.
const TEXT_MEMBERS: [&str; 17] = [
    "StreamName",
    "NextToken",
    "ExclusiveStartShardId",
    "ExclusiveStartStreamName",
    "ExclusiveStartTagKey",
    "ShardToSplit",
    "AdjacentShardToMerge",
    "ShardId",
    "StreamARN",
    "NewStartingHashKey",
    "ShardIterator",
    "Data",
    "PartitionKey",
    "ExplicitHashKey",
    "SequenceNumberForOrdering",
    "StartingSequenceNumber",
    "ShardIteratorType",
];

/// Texts that pass the ShardId pattern `[a-zA-Z0-9_.-]+`, many of them close to the form the
/// service reads: prefixes, hyphens, leading zeros, numbers around 2^31.
fn shard_id_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_.-]{1,24}",
        "([a-zA-Z_.]{0,8}-)?0{0,12}[0-9]{1,11}",
        "([a-z]{0,3}-){0,3}(2147483647|2147483648|4294967296|[0-9]{1,3})",
    ]
}

/// The service's reading of a ShardId (docs/behaviour.md §7.2), written apart from the
/// simulator's: the digits after the first hyphen, or the whole text without one, at most
/// 2147483647 with any number of leading zeros.
fn names_a_shard_number(text: &str) -> bool {
    let digits = text.split_once('-').map_or(text, |(_, after)| after);
    let significant = digits.trim_start_matches('0');
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && significant.len() <= 10
        && significant.parse::<u64>().unwrap_or(0) <= 2_147_483_647
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every operation that reads a ShardId reads its form before it looks the stream up: for a
    /// stream that does not exist, a ShardId of the form names the stream as missing, any other
    /// text is the shard not found, quoted as sent (docs/behaviour.md §7.2).
    #[test]
    fn a_shard_id_is_read_by_its_form_before_the_stream(text in shard_id_text(), which in 0..5usize) {
        let mut simulator = Simulator::new(Config::default());
        let (operation, body) = match which {
            0 => ("SplitShard", serde_json::json!({"StreamName": "nope", "ShardToSplit": text, "NewStartingHashKey": "5"})),
            1 => ("MergeShards", serde_json::json!({"StreamName": "nope", "ShardToMerge": text, "AdjacentShardToMerge": "shardId-1"})),
            2 => ("MergeShards", serde_json::json!({"StreamName": "nope", "ShardToMerge": "0", "AdjacentShardToMerge": text})),
            3 => ("DescribeStream", serde_json::json!({"StreamName": "nope", "ExclusiveStartShardId": text})),
            _ => ("ListShards", serde_json::json!({"StreamName": "nope", "ShardFilter": {"Type": "AFTER_SHARD_ID", "ShardId": text}})),
        };
        let target = format!("Kinesis_20131202.{operation}");
        let response = simulator.handle(&target, body.to_string().as_bytes(), NOW);
        let error: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        let expected = if names_a_shard_number(&text) {
            "Stream nope under account 123456789012 not found.".to_owned()
        } else {
            format!("Could not find shard {text} in stream nope under account 123456789012.")
        };
        prop_assert_eq!(&error["__type"], "ResourceNotFoundException", "{} {}", operation, error);
        prop_assert_eq!(error["message"].as_str(), Some(expected.as_str()), "{} {}", operation, body);
    }

    #[test]
    fn forged_list_shards_tokens_are_refused_in_words(token in forged_token()) {
        let mut simulator = Simulator::new(Config::default());
        let body = serde_json::json!({ "NextToken": token }).to_string();
        let response = simulator.handle("Kinesis_20131202.ListShards", body.as_bytes(), NOW);
        let error: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        // A token that happens to decode is expired, or names a stream that is not there.
        prop_assert!(
            matches!(
                error["__type"].as_str(),
                Some("InvalidArgumentException" | "ExpiredNextTokenException" | "ResourceNotFoundException")
            ),
            "{}", error
        );
    }

    /// Iterators of the service's prefix and lengths, with any bytes after it: none is read
    /// (docs/behaviour.md §11.3).
    #[test]
    fn forged_shard_iterators_are_invalid(blocks in 0..8usize, bytes in prop::collection::vec(any::<u8>(), 400)) {
        let mut simulator = Simulator::new(Config::default());
        simulator.handle("Kinesis_20131202.CreateStream", br#"{"StreamName":"s","ShardCount":1}"#, NOW);
        let mut forged = vec![0, 0, 0, 0, 0, 0, 0, 1];
        forged.extend_from_slice(&bytes[..144 + 16 * blocks]);
        let body = serde_json::json!({ "ShardIterator": base64::encode(&forged) }).to_string();
        let response = simulator.handle("Kinesis_20131202.GetRecords", body.as_bytes(), NOW + 60_000);
        let expected = br#"{"__type":"InvalidArgumentException","message":"Invalid ShardIterator."}"#;
        prop_assert_eq!(response.body.as_slice(), expected.as_slice());
    }

    #[test]
    fn any_text_in_tokens_and_ids_gets_an_aws_answer(
        values in prop::collection::vec(prop::option::of(any_text()), TEXT_MEMBERS.len()),
        operation in prop::sample::select(Operation::ALL.to_vec()),
        existing_stream: bool,
        with_filter: bool,
    ) {
        let mut simulator = Simulator::new(Config::default());
        simulator.handle("Kinesis_20131202.CreateStream", br#"{"StreamName":"s","ShardCount":2}"#, NOW);
        simulator.advance(NOW + 60_000);
        let mut body: serde_json::Map<String, serde_json::Value> = TEXT_MEMBERS
            .iter()
            .zip(&values)
            .filter_map(|(member, value)| Some(((*member).to_owned(), value.clone()?.into())))
            .collect();
        if existing_stream {
            body.insert("StreamName".into(), "s".into());
        }
        if with_filter {
            let shard_id = values[7].clone().unwrap_or_default();
            body.insert("ShardFilter".into(), serde_json::json!({ "Type": "AFTER_SHARD_ID", "ShardId": shard_id }));
        }
        let response = simulator.handle(&operation.target(), serde_json::Value::Object(body).to_string().as_bytes(), NOW + 60_000);
        assert_well_formed(operation, 0, &response);
    }
}
