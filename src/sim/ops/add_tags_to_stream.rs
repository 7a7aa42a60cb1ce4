//! AddTagsToStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html>
//!
//! Adds or overwrites tags of an ACTIVE stream, at most 50 per stream (docs/behaviour.md §5.13).

use super::InputShape;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{STREAM_NAME, TAG_KEY, TAG_MAP_ENTRIES, TAG_VALUE_MAX};
use crate::sim::validate::{Violations, render_map};
use crate::sim::wire::Response;

/// Characters the service accepts in tags, as its first text names them: Unicode letters, digits,
/// white space (space separators only: tab, newline and other control characters are refused)
/// and `_ . / = + - % @` (docs/behaviour.md §5.13).
pub fn valid_tag_text(text: &str) -> bool {
    text.chars().all(|c| c.is_alphanumeric() || is_space_separator(c) || "_./=+-%@".contains(c))
}

/// Unicode's space separators (general category Zs): the space, the no-break space and their
/// kin, but not tab, newline or the line and paragraph separators.
fn is_space_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// The text for a `%`, which the first check lets through although the service refuses it: the
/// list as the service printed it, `,` included (docs/behaviour.md §5.13).
pub const PERCENT_REFUSED: &str = "because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.";

/// AddTagsToStreamInput.
struct AddTagsToStreamInput<'a> {
    stream_name: Option<&'a str>,
    tags: Option<Vec<(&'a str, &'a str)>>,
}

impl<'a> InputShape<'a> for AddTagsToStreamInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self { stream_name: input.string("StreamName")?, tags: input.string_map("Tags")? })
    }

    /// Order of kinesalite's validation, written against AWS: tags, then streamName.
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        if let Some(tags) = &self.tags {
            let rendered = render_map(tags);
            let length = |text: &str| text.encode_utf16().count();
            violations.length("tags", &rendered, tags.len(), TAG_MAP_ENTRIES.0, TAG_MAP_ENTRIES.1);
            let keys_ok = tags.iter().all(|(key, _)| (TAG_KEY.min..=TAG_KEY.max).contains(&length(key)));
            violations.map_entries(
                "tags",
                &rendered,
                keys_ok,
                "Map keys",
                &Violations::length_rule(TAG_KEY.min, TAG_KEY.max),
            );
            let values_ok = tags.iter().all(|(_, value)| length(value) <= TAG_VALUE_MAX);
            violations.map_entries(
                "tags",
                &rendered,
                values_ok,
                "Map value",
                &Violations::length_rule(0, TAG_VALUE_MAX),
            );
        } else {
            violations.required("tags", false);
        }
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = AddTagsToStreamInput::read(input)?;
    request.validate()?;
    account.admit(Operation::AddTagsToStream, request.stream_name, now_ms)?;
    apply(account, request)
}

fn apply(account: &mut Account, request: AddTagsToStreamInput) -> Result<Response, ApiError> {
    let (stream_name, tags) = (request.stream_name.unwrap_or_default(), request.tags.unwrap_or_default());

    let account_id = account.config.account_id.clone();
    let limit = account.config.limits.tags_per_stream as usize;
    let stream = account.find_active_mut(stream_name)?;
    let texts = || tags.iter().flat_map(|(key, value)| [*key, *value]);
    if !texts().all(valid_tag_text) {
        return Err(ApiError::InvalidArgument(
            "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.".into(),
        ));
    }
    if texts().any(|text| text.contains('%')) {
        return Err(ApiError::InvalidArgument(format!(
            "Failed to add tags to stream {stream_name} under account {account_id} {PERCENT_REFUSED}"
        )));
    }
    let new_keys = tags.iter().filter(|(key, _)| !stream.tags.contains_key(*key)).count();
    if stream.tags.len() + new_keys > limit {
        return Err(ApiError::InvalidArgument(format!(
            "Failed to add tags to stream {stream_name} under account {account_id} because a given stream cannot have more than {limit} tags associated with it."
        )));
    }
    for (key, value) in tags {
        stream.tags.insert(key.to_owned(), value.to_owned());
    }
    Ok(Response::empty())
}
