//! The inspector's sums of described calls per minute (docs/behaviour.md §11.12), as the traffic
//! and consumer tests compare them with the calls they made through the front door.

use std::collections::BTreeMap;

use kinesis_playground::sim::{CallMinute, Caller, SampleCall, Simulator};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

/// One caller's calls in one clock minute: how many, the records they carried, what was
/// throttled, and the first call's request (as JSON) and response (as sent).
#[derive(Debug, Default, PartialEq)]
pub struct Minute {
    pub calls: u64,
    pub records: u64,
    pub throttled: u64,
    pub first: Option<(Value, String)>,
}

/// By caller name and the minute's start.
pub type Minutes = BTreeMap<(String, i64), Minute>;

/// Counts a call of `name` made at `at_ms` through the front door.
pub fn count(
    minutes: &mut Minutes,
    name: &str,
    at_ms: i64,
    request: &str,
    response: &str,
    records: u64,
    throttled: u64,
) {
    let minute = minutes.entry((name.to_owned(), at_ms.div_euclid(60_000) * 60_000)).or_default();
    minute.calls += 1;
    minute.records += records;
    minute.throttled += throttled;
    if minute.first.is_none() {
        minute.first = Some((serde_json::from_str(request).unwrap(), response.to_owned()));
    }
}

/// Checks that the described `caller`s' minutes are those `made` through the front door: the
/// same rows, counts, first requests and first responses byte for byte. Returns the first calls
/// as the inspector writes them out.
pub fn same_minutes(
    described: &mut Simulator,
    caller: Caller,
    made: &Minutes,
) -> Result<Vec<SampleCall>, TestCaseError> {
    let mut summed: Vec<CallMinute> = described.take_call_minutes();
    summed.extend(described.call_minutes_under_way().cloned());
    let mut seen = Minutes::new();
    let mut samples = Vec::new();
    for minute in summed.iter().filter(|minute| minute.caller == caller) {
        let sample = described.sample_call(minute).map_err(TestCaseError::fail)?;
        let first = Some((serde_json::from_str(&sample.request).unwrap(), sample.response.clone()));
        let key = (minute.name.clone(), minute.minute_ms);
        let row = Minute { calls: minute.calls, records: minute.records, throttled: minute.throttled, first };
        prop_assert!(seen.insert(key, row).is_none(), "one row per caller and minute");
        samples.push(sample);
    }
    prop_assert_eq!(seen.keys().collect::<Vec<_>>(), made.keys().collect::<Vec<_>>());
    for (key, minute) in &seen {
        let other = &made[key];
        let counts = |m: &Minute| (m.calls, m.records, m.throttled);
        prop_assert_eq!(counts(minute), counts(other), "calls, records and throttled of {:?}", key);
        let (request, response) = minute.first.as_ref().unwrap();
        let (other_request, other_response) = other.first.as_ref().unwrap();
        prop_assert!(request == other_request, "the first request of {:?}", key);
        prop_assert!(response == other_response, "the first response of {:?}:\n{}\n{}", key, response, other_response);
    }
    Ok(samples)
}
