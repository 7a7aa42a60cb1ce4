#![cfg(not(target_arch = "wasm32"))]
//! Bad input of every shape at every operation: huge and negative numbers, nulls, deep nesting,
//! non-UTF-8 bytes, a 10 MB body. The answer is always an AWS-shaped error (or a success), never
//! a panic.

use kinesis_playground::sim::{Config, Operation, Simulator};

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
    assert!(matches!(response.status, 200 | 400), "{} body #{index}: {}", operation.name(), response.status);
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
    for operation in
        [Operation::CreateStream, Operation::AddTagsToStream, Operation::DescribeStream, Operation::GetRecords]
    {
        for (j, body) in large_bodies().iter().enumerate() {
            now += 1_000;
            let response = simulator.handle(&operation.target(), body, now);
            assert_well_formed(operation, j, &response);
            assert_ne!(response.status, 200, "{}: a 10 MB body is always refused", operation.name());
        }
    }
    // Still serving.
    let response = simulator.handle("Kinesis_20131202.ListStreams", b"{}", now + 1_000);
    assert_eq!(response.status, 200);
}
