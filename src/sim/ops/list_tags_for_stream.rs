//! ListTagsForStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html>
//!
//! Tags in key order, at most `Limit` (1..50, default 50) after ExclusiveStartTagKey.

use serde::Serialize;

use super::InputShape;
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

/// ListTagsForStreamInput.
struct ListTagsForStreamInput<'a> {
    stream_name: Option<&'a str>,
    exclusive_start_tag_key: Option<&'a str>,
    limit: Option<i32>,
}

impl<'a> InputShape<'a> for ListTagsForStreamInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            exclusive_start_tag_key: input.string("ExclusiveStartTagKey")?,
            limit: input.integer("Limit")?,
        })
    }

    /// DescribeStream's observed order: limit, the exclusive start, streamName.
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.integer("limit", self.limit, &LIST_TAGS_LIMIT);
        violations.string("exclusiveStartTagKey", self.exclusive_start_tag_key, &TAG_KEY);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = ListTagsForStreamInput::read(input)?;
    request.validate()?;
    account.admit(Operation::ListTagsForStream, request.stream_name, now_ms)?;
    apply(account, request)
}

fn apply(account: &mut Account, request: ListTagsForStreamInput) -> Result<Response, ApiError> {
    let ListTagsForStreamInput { stream_name, exclusive_start_tag_key: exclusive_start, limit } = request;
    let stream_name = stream_name.unwrap_or_default();

    let stream = account.find(stream_name)?;
    let page_size = limit.map_or(DEFAULT_LIMIT, |l| l as usize);
    let mut remaining = stream.tags.iter().filter(|(key, _)| exclusive_start.is_none_or(|start| key.as_str() > start));
    let tags: Vec<Tag> = remaining.by_ref().take(page_size).map(|(key, value)| Tag { key, value }).collect();
    let has_more_tags = remaining.next().is_some();
    Ok(Response::json(&Output { has_more_tags, tags }))
}
