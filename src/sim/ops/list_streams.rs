//! ListStreams: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html>
//!
//! Stream names in order, at most 100 per call (the default, and the most AWS returns whatever
//! `Limit` says), paged with ExclusiveStartStreamName (docs/behaviour.md §5.8).

use serde::Serialize;

use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{LIST_LIMIT, STREAM_NAME};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

const MAX_STREAMS_PER_PAGE: usize = 100;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    has_more_streams: bool,
    stream_names: Vec<&'a str>,
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let limit = input.integer("Limit")?;
    let exclusive_start = input.string("ExclusiveStartStreamName")?;
    let mut violations = Violations::new();
    violations.integer("limit", limit, &LIST_LIMIT);
    violations.string("exclusiveStartStreamName", exclusive_start, &STREAM_NAME);
    violations.into_result()?;
    account.admit(Operation::ListStreams, None, now_ms)?;

    let page_size = limit.map_or(MAX_STREAMS_PER_PAGE, |l| (l as usize).min(MAX_STREAMS_PER_PAGE));
    let mut remaining = account.streams_after(exclusive_start);
    let stream_names: Vec<&str> = remaining.by_ref().take(page_size).map(|s| s.name.as_str()).collect();
    let has_more_streams = remaining.next().is_some();
    Ok(Response::json(&Output { has_more_streams, stream_names }))
}
