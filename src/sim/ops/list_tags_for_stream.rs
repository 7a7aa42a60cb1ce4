//! ListTagsForStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html>
//!
//! Tags in key order, at most `Limit` (1..50, default 50) after ExclusiveStartTagKey.

use serde::Serialize;

use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{LIST_TAGS_LIMIT, STREAM_NAME, TAG_KEY};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

const DEFAULT_LIMIT: usize = 50;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    has_more_tags: bool,
    tags: Vec<Tag<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Tag<'a> {
    key: &'a str,
    value: &'a str,
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = input.string("StreamName")?;
    let exclusive_start = input.string("ExclusiveStartTagKey")?;
    let limit = input.integer("Limit")?;
    // DescribeStream's observed order: limit, the exclusive start, streamName.
    let mut violations = Violations::new();
    violations.integer("limit", limit, &LIST_TAGS_LIMIT);
    violations.string("exclusiveStartTagKey", exclusive_start, &TAG_KEY);
    violations.required_string("streamName", stream_name, &STREAM_NAME);
    violations.into_result()?;
    let stream_name = stream_name.unwrap_or_default();
    account.admit(Operation::ListTagsForStream, Some(stream_name), now_ms)?;

    let stream = account.find(stream_name)?;
    let page_size = limit.map_or(DEFAULT_LIMIT, |l| l as usize);
    let mut remaining = stream.tags.iter().filter(|(key, _)| exclusive_start.is_none_or(|start| key.as_str() > start));
    let tags: Vec<Tag> = remaining.by_ref().take(page_size).map(|(key, value)| Tag { key, value }).collect();
    let has_more_tags = remaining.next().is_some();
    Ok(Response::json(&Output { has_more_tags, tags }))
}
