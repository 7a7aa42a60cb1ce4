//! ListStreams: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html>
//!
//! Stream names in order, at most 100 per call (the default, and the most AWS returns whatever
//! `Limit` says), paged with ExclusiveStartStreamName (docs/behaviour.md §5.8).

use serde::Serialize;

use super::InputShape;
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

/// ListStreamsInput.
struct ListStreamsInput<'a> {
    limit: Option<i32>,
    exclusive_start_stream_name: Option<&'a str>,
}

impl<'a> InputShape<'a> for ListStreamsInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            limit: input.integer("Limit")?,
            exclusive_start_stream_name: input.string("ExclusiveStartStreamName")?,
        })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.integer("limit", self.limit, &LIST_LIMIT);
        violations.string("exclusiveStartStreamName", self.exclusive_start_stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = ListStreamsInput::read(input)?;
    request.validate()?;
    account.admit(Operation::ListStreams, None, now_ms)?;
    apply(account, request)
}

fn apply(account: &mut Account, request: ListStreamsInput) -> Result<Response, ApiError> {
    let ListStreamsInput { limit, exclusive_start_stream_name: exclusive_start } = request;

    let page_size = limit.map_or(MAX_STREAMS_PER_PAGE, |l| (l as usize).min(MAX_STREAMS_PER_PAGE));
    let mut remaining = account.streams_after(exclusive_start);
    let stream_names: Vec<&str> = remaining.by_ref().take(page_size).map(|s| s.name.as_str()).collect();
    let has_more_streams = remaining.next().is_some();
    Ok(Response::json(&Output { has_more_streams, stream_names }))
}
