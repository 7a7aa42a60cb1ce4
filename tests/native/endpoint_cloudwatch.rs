#![cfg(not(target_arch = "wasm32"))]
//! CloudWatch's metric reads at the endpoint's protocol layer, on simulated time
//! (docs/behaviour.md §8.4): periods cut from the range's start, the range's end exclusive,
//! units and dimensions matched exactly, CloudWatch's limits, and paging. Real clients in all
//! three protocols are in tests/conformance/test_cloudwatch.py.

use kinesis_playground::sim::{Config, Durations, Simulator};
use serde_json::{Value, json};

use crate::support::endpoint_call::{Call, NOW};

const MINUTE: i64 = 60_000;

fn simulator() -> Simulator {
    let mut config = Config { durations: Durations::FAST, ..Config::default() };
    config.limits.rate_limits = false;
    Simulator::new(config)
}

fn kinesis(sim: &mut Simulator, operation: &str, body: Value, at: i64) -> Value {
    let body = body.to_string();
    let answer = Call::sdk(operation, &body).at(at).send(sim);
    assert_eq!(answer.status().as_u16(), 200, "{operation}: {}", String::from_utf8_lossy(answer.body()));
    serde_json::from_slice(answer.body()).unwrap_or(Value::Null)
}

/// A CloudWatch call in awsJson 1.0; the status and the answer as sent.
fn cloudwatch_text(sim: &mut Simulator, operation: &str, body: Value, at: i64) -> (u16, String) {
    let body = body.to_string();
    let target = format!("GraniteServiceVersion20100801.{operation}");
    let answer = Call::sdk("ListStreams", &body)
        .with("content-type", "application/x-amz-json-1.0")
        .with("x-amz-target", Box::leak(target.into_boxed_str()))
        .at(at)
        .send(sim);
    (answer.status().as_u16(), String::from_utf8(answer.body().clone()).unwrap())
}

/// The same, the answer read.
fn cloudwatch(sim: &mut Simulator, operation: &str, body: Value, at: i64) -> (u16, Value) {
    let (status, text) = cloudwatch_text(sim, operation, body, at);
    (status, serde_json::from_str(&text).unwrap())
}

fn seconds(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

/// A stream `s` of one shard with a record of 10 bytes (`k` as key and 9 bytes of data) put at
/// minutes 0, 1, 2, 5 and 9 from NOW (a whole minute), twice at minute 5.
fn busy_stream() -> Simulator {
    let mut sim = simulator();
    kinesis(&mut sim, "CreateStream", json!({"StreamName": "s", "ShardCount": 1}), NOW - 10 * MINUTE);
    for minute in [0, 1, 2, 5, 5, 9] {
        let put = json!({"StreamName": "s", "Data": "MTIzNDU2Nzg5", "PartitionKey": "k"});
        kinesis(&mut sim, "PutRecord", put, NOW + minute * MINUTE + 1_000);
    }
    sim
}

fn statistics(sim: &mut Simulator, extra: Value) -> (u16, Value) {
    let mut body = json!({
        "Namespace": "AWS/Kinesis", "MetricName": "IncomingBytes",
        "Dimensions": [{"Name": "StreamName", "Value": "s"}],
        "StartTime": seconds(NOW), "EndTime": seconds(NOW + 10 * MINUTE), "Period": 300,
        "Statistics": ["Sum", "SampleCount", "Maximum"],
    });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    cloudwatch(sim, "GetMetricStatistics", body, NOW + 11 * MINUTE)
}

#[test]
fn datapoints_are_periods_cut_from_the_start_of_the_range() {
    assert_eq!(NOW % MINUTE, 20_000, "NOW is 20 s into a minute; the range starts at that minute");
    let mut sim = busy_stream();
    let start = NOW - 20_000;
    let (status, answer) = statistics(&mut sim, json!({}));
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({"Label": "IncomingBytes", "Datapoints": [
            {"Timestamp": seconds(start) as i64, "SampleCount": 3.0, "Sum": 30.0, "Maximum": 10.0, "Unit": "Bytes"},
            {"Timestamp": seconds(start + 5 * MINUTE) as i64, "SampleCount": 3.0, "Sum": 30.0, "Maximum": 10.0, "Unit": "Bytes"},
        ]})
    );
    // A statistic asked for twice is answered once.
    let twice = json!({
        "Namespace": "AWS/Kinesis", "MetricName": "IncomingBytes", "Dimensions": [{"Name": "StreamName", "Value": "s"}],
        "StartTime": seconds(NOW), "EndTime": seconds(start + 5 * MINUTE), "Period": 300,
        "Statistics": ["Sum", "Sum"], "ExtendedStatistics": ["p0", "p0"],
    });
    let (_, text) = cloudwatch_text(&mut sim, "GetMetricStatistics", twice, NOW + 11 * MINUTE);
    let point =
        format!(r#"{{"Timestamp":{},"Sum":30.0,"Unit":"Bytes","ExtendedStatistics":{{"p0":10.0}}}}"#, start / 1000);
    assert_eq!(text, format!(r#"{{"Label":"IncomingBytes","Datapoints":[{point}]}}"#));
    // The end is exclusive: minute 9 starts at the end of a range one minute shorter.
    let (_, answer) = statistics(&mut sim, json!({"EndTime": seconds(start + 9 * MINUTE), "Period": 60}));
    let stamps: Vec<i64> =
        answer["Datapoints"].as_array().unwrap().iter().map(|p| p["Timestamp"].as_i64().unwrap()).collect();
    assert_eq!(stamps, [0, 1, 2, 5].map(|m| seconds(start + m * MINUTE) as i64));
    // Another unit, another dimension set, another namespace: no datapoints, not an error.
    for extra in [
        json!({"Unit": "Count"}),
        json!({"Dimensions": [{"Name": "StreamName", "Value": "s"}, {"Name": "Other", "Value": "x"}]}),
        json!({"Dimensions": [{"Name": "StreamName", "Value": "t"}]}),
        json!({"Namespace": "AWS/Kinesis2"}),
    ] {
        let (status, answer) = statistics(&mut sim, extra.clone());
        assert_eq!((status, &answer["Datapoints"]), (200, &json!([])), "{extra}");
    }
}

#[test]
fn limits_and_errors_have_cloudwatch_s_codes() {
    let mut sim = busy_stream();
    // The range starts at NOW's minute, 20 s before NOW.
    let start = NOW - 20_000;
    let (status, answer) = statistics(&mut sim, json!({"EndTime": seconds(start + 1441 * MINUTE), "Period": 60}));
    assert_eq!(status, 400);
    assert_eq!(answer["__type"], "com.amazonaws.cloudwatch#InvalidParameterCombinationException");
    assert_eq!(
        answer["message"],
        "You have requested up to 1441 datapoints, which exceeds the limit of 1440. You may reduce the datapoints \
         requested by increasing Period, or decreasing the time range."
    );
    let (status, _) = statistics(&mut sim, json!({"EndTime": seconds(start + 1440 * MINUTE), "Period": 60}));
    assert_eq!(status, 200);
    let cases = [
        (json!({"EndTime": seconds(NOW)}), "The parameter StartTime must be less than the parameter EndTime."),
        (json!({"Period": 0}), "The parameter Period must be 1, 5, 10, 30 or a multiple of 60."),
        (
            json!({"Statistics": []}),
            "At least one of the parameters Statistics and ExtendedStatistics must be specified.",
        ),
        (
            json!({"Statistics": ["Median"]}),
            "The parameter Statistics.member.1 must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ].",
        ),
        (json!({"Period": "soon"}), "The value soon for parameter Period is not an integer."),
        (json!({"StartTime": null}), "The parameter StartTime is required."),
    ];
    for (extra, message) in cases {
        let (status, answer) = statistics(&mut sim, extra.clone());
        assert_eq!((status, answer["message"].as_str().unwrap()), (400, message), "{extra}");
    }
    let (status, answer) = cloudwatch(&mut sim, "PutMetricData", json!({}), NOW);
    assert_eq!(status, 400);
    assert!(answer["message"].as_str().unwrap().contains("not \"PutMetricData\""));
}

#[test]
fn percentiles_only_where_a_statistic_set_tells_them() {
    let mut sim = busy_stream();
    let put = json!({"StreamName": "s", "Data": "eA==", "PartitionKey": "k"});
    kinesis(&mut sim, "PutRecord", put, NOW + 9 * MINUTE + 2_000);
    let (_, answer) = statistics(&mut sim, json!({"Statistics": [], "ExtendedStatistics": ["p0", "p50", "p100"]}));
    // Every record of the first five minutes is 10 bytes: all percentiles are known.
    assert_eq!(answer["Datapoints"][0]["ExtendedStatistics"], json!({"p0": 10.0, "p50": 10.0, "p100": 10.0}));
    // The second five hold one of 2 bytes too: only the least and the greatest are.
    assert_eq!(answer["Datapoints"][1]["ExtendedStatistics"], json!({"p0": 2.0, "p100": 10.0}));
}

#[test]
fn get_metric_data_pages_by_max_datapoints() {
    let mut sim = busy_stream();
    let query = |id: &str, stat: &str| {
        json!({"Id": id, "MetricStat": {"Metric": {"Namespace": "AWS/Kinesis", "MetricName": "IncomingRecords",
            "Dimensions": [{"Name": "StreamName", "Value": "s"}]}, "Period": 60, "Stat": stat}})
    };
    let body = |token: Option<&str>| {
        let mut body = json!({"MetricDataQueries": [query("sum", "Sum"), query("max", "Maximum")],
            "StartTime": seconds(NOW), "EndTime": seconds(NOW + 10 * MINUTE), "MaxDatapoints": 3,
            "ScanBy": "TimestampAscending"});
        if let Some(token) = token {
            body["NextToken"] = json!(token);
        }
        body
    };
    let (mut values, mut token, mut pages) = (vec![], None::<String>, 0);
    loop {
        let (status, answer) = cloudwatch(&mut sim, "GetMetricData", body(token.as_deref()), NOW + 11 * MINUTE);
        assert_eq!(status, 200, "{answer}");
        pages += 1;
        for result in answer["MetricDataResults"].as_array().unwrap() {
            let page: Vec<f64> = result["Values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
            values.push((result["Id"].as_str().unwrap().to_owned(), page));
        }
        match answer["NextToken"].as_str() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    // Five minutes with records, two queries: ten datapoints, three a page.
    assert_eq!(pages, 4);
    let sums: Vec<f64> = values.iter().filter(|(id, _)| id == "sum").flat_map(|(_, v)| v.clone()).collect();
    let maxima: Vec<f64> = values.iter().filter(|(id, _)| id == "max").flat_map(|(_, v)| v.clone()).collect();
    assert_eq!((sums, maxima), (vec![1.0, 1.0, 1.0, 2.0, 1.0], vec![1.0; 5]));

    let (status, answer) = cloudwatch(&mut sim, "GetMetricData", body(Some("forged")), NOW);
    assert_eq!((status, answer["__type"].as_str().unwrap()), (400, "com.amazonaws.cloudwatch#InvalidNextToken"));
    let mut expression = body(None);
    expression["MetricDataQueries"] = json!([{"Id": "e", "Expression": "SUM(METRICS())"}]);
    let (status, answer) = cloudwatch(&mut sim, "GetMetricData", expression, NOW);
    assert_eq!(status, 400);
    assert!(answer["message"].as_str().unwrap().contains("does not evaluate metric math"));
}

#[test]
fn list_metrics_pages_and_filters() {
    let mut sim = simulator();
    // 120 streams with a record each: IncomingBytes, IncomingRecords, PutRecord.Bytes,
    // PutRecord.Success and WriteProvisionedThroughputExceeded (zero).
    for i in 0..120 {
        let name = format!("stream-{i:03}");
        // A minute apart, as at most five streams may be CREATING at once.
        kinesis(&mut sim, "CreateStream", json!({"StreamName": name, "ShardCount": 1}), NOW - (130 - i) * MINUTE);
    }
    for i in 0..120 {
        let name = format!("stream-{i:03}");
        kinesis(&mut sim, "PutRecord", json!({"StreamName": name, "Data": "eA==", "PartitionKey": "k"}), NOW);
    }
    let (mut listed, mut token) = (Vec::new(), None::<String>);
    loop {
        let body = match &token {
            Some(token) => json!({"Namespace": "AWS/Kinesis", "NextToken": token}),
            None => json!({"Namespace": "AWS/Kinesis"}),
        };
        let (status, answer) = cloudwatch(&mut sim, "ListMetrics", body, NOW);
        assert_eq!(status, 200);
        listed.extend(answer["Metrics"].as_array().unwrap().clone());
        match answer["NextToken"].as_str() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    let per_stream = listed.iter().filter(|m| m["Dimensions"][0]["Value"] == "stream-007").count();
    assert_eq!((listed.len(), per_stream), (120 * 5, 5));
    assert!(listed.len() > 500, "{} metrics fit one page", listed.len());
    let (_, answer) = cloudwatch(
        &mut sim,
        "ListMetrics",
        json!({"MetricName": "IncomingRecords", "Dimensions": [{"Name": "StreamName", "Value": "stream-007"}]}),
        NOW,
    );
    assert_eq!(
        answer["Metrics"],
        json!([{"Namespace": "AWS/Kinesis", "MetricName": "IncomingRecords",
                "Dimensions": [{"Name": "StreamName", "Value": "stream-007"}]}])
    );
    // Recently active: a datapoint in the last three hours.
    let (_, answer) = cloudwatch(&mut sim, "ListMetrics", json!({"RecentlyActive": "PT3H"}), NOW + 4 * 3600 * 1000);
    assert_eq!(answer["Metrics"], json!([]));
}
