//! RemoveTagsFromStream:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html>
//!
//! Removes tags of an ACTIVE stream by key; keys it does not have are ignored.

use super::InputShape;
use super::add_tags_to_stream::{PERCENT_REFUSED, valid_tag_text};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{STREAM_NAME, TAG_KEY, TAG_KEY_LIST_ENTRIES};
use crate::sim::validate::{Violations, render_list};
use crate::sim::wire::Response;

/// RemoveTagsFromStreamInput.
struct RemoveTagsFromStreamInput<'a> {
    stream_name: Option<&'a str>,
    tag_keys: Option<Vec<&'a str>>,
}

impl<'a> InputShape<'a> for RemoveTagsFromStreamInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self { stream_name: input.string("StreamName")?, tag_keys: input.string_list("TagKeys")? })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        if let Some(keys) = &self.tag_keys {
            let rendered = render_list(keys);
            violations.length("tagKeys", &rendered, keys.len(), TAG_KEY_LIST_ENTRIES.0, TAG_KEY_LIST_ENTRIES.1);
            let keys_ok = keys.iter().all(|key| (TAG_KEY.min..=TAG_KEY.max).contains(&key.encode_utf16().count()));
            violations.members("tagKeys", &rendered, keys_ok, &Violations::length_rule(TAG_KEY.min, TAG_KEY.max));
        } else {
            violations.required("tagKeys", false);
        }
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = RemoveTagsFromStreamInput::read(input)?;
    request.validate()?;
    account.admit(Operation::RemoveTagsFromStream, request.stream_name, now_ms)?;
    apply(account, request)
}

fn apply(account: &mut Account, request: RemoveTagsFromStreamInput) -> Result<Response, ApiError> {
    let (stream_name, tag_keys) = (request.stream_name.unwrap_or_default(), request.tag_keys.unwrap_or_default());

    let account_id = account.config.account_id.clone();
    let stream = account.find_active_mut(stream_name)?;
    // Texts as kinesalite has them from AWS (docs/behaviour.md §5.13).
    if !tag_keys.iter().all(|key| valid_tag_text(key)) {
        return Err(ApiError::InvalidArgument(
            "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.".into(),
        ));
    }
    if tag_keys.iter().any(|key| key.contains('%')) {
        return Err(ApiError::InvalidArgument(format!(
            "Failed to remove tags from stream {stream_name} under account {account_id} {PERCENT_REFUSED}"
        )));
    }
    for key in tag_keys {
        stream.tags.remove(key);
    }
    Ok(Response::empty())
}
