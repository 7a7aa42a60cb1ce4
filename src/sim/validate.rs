//! Server-side constraint checks, reported the way the service reports them
//! (docs/behaviour.md §3.4):
//!
//! `2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member
//! must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' …`
//!
//! Each operation checks its members in the order the service was observed to report them; within
//! one string member the order is pattern, minimum length, maximum length (kinesalite's tests,
//! written against AWS). At most ten errors are reported.
//!
//! Each echoed value is cut to `MAX_ECHOED_CHARS` characters, where the service would echo it
//! whole: a 7 MB tag map is echoed by up to three violations, and the answer must not be three
//! times the request (docs/behaviour.md §3.5).

use std::fmt::Display;

use super::error::ApiError;
use super::shapes::{EnumValue, IntegerShape, ModelEnum, StringShape};

const MAX_REPORTED: usize = 10;
/// Twice the longest strings the model allows here (ARNs and KMS key ids, 2048 characters), so
/// only values far out of bounds are cut.
pub const MAX_ECHOED_CHARS: usize = 4096;

/// `value`, or its first `MAX_ECHOED_CHARS` characters, `...` and how long it was, in characters.
pub fn echo(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(MAX_ECHOED_CHARS) {
        None => value.into(),
        Some((cut, _)) => format!("{}...[{} characters]", &value[..cut], value.chars().count()).into(),
    }
}

/// `text` in upper case, as the service's Java `toUpperCase` gives it: full Unicode case
/// mapping. In the browser, JavaScript's own `toUpperCase` does the same mapping, so the page
/// does not carry Rust's case tables (about 7 KB gzipped).
pub fn upper_case(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(text).to_upper_case());
    #[cfg(not(target_arch = "wasm32"))]
    text.to_uppercase()
}

#[derive(Default)]
pub struct Violations {
    errors: Vec<String>,
}

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    /// `path` is anything that prints, so that a PutRecords call can name `records.N.member.data`
    /// without writing out 2,000 paths that no error uses.
    fn push(&mut self, value: Option<&str>, path: impl Display, rule: &str) {
        if self.errors.len() >= MAX_REPORTED {
            return;
        }
        let value = match value {
            None => "null".to_owned(),
            Some(value) => format!("'{}'", echo(value)),
        };
        self.errors.push(format!("Value {value} at '{path}' failed to satisfy constraint: {rule}"));
    }

    /// Reports a required member that is absent. Returns whether it was present.
    pub fn required(&mut self, path: impl Display, present: bool) -> bool {
        if !present {
            self.push(None, path, "Member must not be null");
        }
        present
    }

    pub fn string(&mut self, path: impl Display, value: Option<&str>, shape: &StringShape) {
        let Some(value) = value else { return };
        if let Some(pattern) = shape.pattern
            && !pattern.matches(value)
        {
            let rule = format!("Member must satisfy regular expression pattern: {}", pattern.text());
            self.push(Some(value), &path, &rule);
        }
        // Java measures strings in UTF-16 code units: between a third of the UTF-8 bytes and all
        // of them, so most values need no counting.
        let (fewest, most) = (value.len().div_ceil(3), value.len());
        if shape.min <= fewest && most <= shape.max {
            return;
        }
        let length = value.encode_utf16().count();
        if length < shape.min {
            let rule = format!("Member must have length greater than or equal to {}", shape.min);
            self.push(Some(value), &path, &rule);
        }
        if length > shape.max {
            let rule = format!("Member must have length less than or equal to {}", shape.max);
            self.push(Some(value), &path, &rule);
        }
    }

    /// A required string member: absent, or present and checked against its shape.
    pub fn required_string(&mut self, path: impl Display, value: Option<&str>, shape: &StringShape) {
        if self.required(&path, value.is_some()) {
            self.string(path, value, shape);
        }
    }

    /// A blob longer than `max` bytes. The service echoes the Java buffer that holds it, not its
    /// bytes, e.g. `Value 'java.nio.HeapByteBuffer[pos=0 lim=51201 cap=51201]' at
    /// 'records.1.member.data'` (kinesalite's AWS-run tests, docs/behaviour.md §11.1).
    pub fn blob_length(&mut self, path: impl Display, length: usize, max: usize) {
        if length > max {
            let buffer = format!("java.nio.HeapByteBuffer[pos=0 lim={length} cap={length}]");
            self.push(Some(&buffer), path, &format!("Member must have length less than or equal to {max}"));
        }
    }

    /// The number of entries of a list or map, with the value rendered as the service renders
    /// collections (`[a, b]`, `{k=v}`).
    pub fn length(&mut self, path: &str, rendered: &str, length: usize, min: usize, max: usize) {
        if length < min {
            self.push(Some(rendered), path, &format!("Member must have length greater than or equal to {min}"));
        }
        if length > max {
            self.push(Some(rendered), path, &format!("Member must have length less than or equal to {max}"));
        }
    }

    /// A constraint on the members of a list, reported once for the list:
    /// `Member must satisfy constraint: [<rule>]`.
    pub fn members(&mut self, path: &str, rendered: &str, all_valid: bool, rule: &str) {
        if !all_valid {
            self.push(Some(rendered), path, &format!("Member must satisfy constraint: [{rule}]"));
        }
    }

    /// A constraint on the keys or values of a map, reported once for the map, e.g.
    /// `Map keys must satisfy constraint: [...]`.
    pub fn map_entries(&mut self, path: &str, rendered: &str, all_valid: bool, which: &str, rule: &str) {
        if !all_valid {
            self.push(Some(rendered), path, &format!("{which} must satisfy constraint: [{rule}]"));
        }
    }

    pub fn integer(&mut self, path: &str, value: Option<i32>, shape: &IntegerShape) {
        let Some(value) = value else { return };
        let text = value.to_string();
        if let Some(min) = shape.min.filter(|&min| i64::from(value) < min) {
            self.push(Some(&text), path, &format!("Member must have value greater than or equal to {min}"));
        }
        if let Some(max) = shape.max.filter(|&max| i64::from(value) > max) {
            self.push(Some(&text), path, &format!("Member must have value less than or equal to {max}"));
        }
    }

    /// An enum member: a text the enum does not have is reported as sent.
    pub fn enumeration<T: ModelEnum>(&mut self, path: &str, value: Option<EnumValue<T>>) {
        if let Some(EnumValue::Unknown(text)) = value {
            self.push(Some(text), path, &Self::enum_rule::<T>());
        }
    }

    /// The enum rule with the values in model order.
    pub fn enum_rule<T: ModelEnum>() -> String {
        let values: Vec<&str> = T::VALUES.iter().map(|value| value.as_str()).collect();
        format!("Member must satisfy enum value set: [{}]", values.join(", "))
    }

    /// A length rule in the service's bracketed form, maximum first.
    pub fn length_rule(min: usize, max: usize) -> String {
        format!(
            "Member must have length less than or equal to {max}, Member must have length greater than or equal to {min}"
        )
    }

    pub fn into_result(self) -> Result<(), ApiError> {
        match self.errors.len() {
            0 => Ok(()),
            n => {
                let noun = if n == 1 { "error" } else { "errors" };
                Err(ApiError::Validation(format!("{n} validation {noun} detected: {}", self.errors.join("; "))))
            }
        }
    }
}

/// `[a, b]`, as the service renders a list in a message.
pub fn render_list(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

/// `{k=v, k2=v2}`, as the service renders a map in a message.
pub fn render_map(entries: &[(&str, &str)]) -> String {
    let inner: Vec<String> = entries.iter().map(|(key, value)| format!("{key}={value}")).collect();
    format!("{{{}}}", inner.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::shapes::{POSITIVE_INTEGER_OBJECT, STREAM_NAME, ShardFilterType};

    fn message(violations: Violations) -> String {
        match violations.into_result() {
            Err(ApiError::Validation(message)) => message,
            other => panic!("expected a ValidationException, got {other:?}"),
        }
    }

    #[test]
    fn one_error_is_singular() {
        let mut v = Violations::new();
        v.required("streamName", false);
        assert_eq!(
            message(v),
            "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn several_errors_join_with_semicolons_in_check_order() {
        let mut v = Violations::new();
        v.integer("shardCount", Some(0), &POSITIVE_INTEGER_OBJECT);
        v.string("streamName", Some(""), &STREAM_NAME);
        assert_eq!(
            message(v),
            "3 validation errors detected: \
             Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; \
             Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; \
             Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1"
        );
    }

    #[test]
    fn enums_report_the_text_as_sent_and_the_values_in_model_order() {
        let mut v = Violations::new();
        v.enumeration("shardFilter.type", Some(EnumValue::<ShardFilterType>::read("at_latest")));
        v.enumeration("shardFilter.type", Some(EnumValue::<ShardFilterType>::read("AT_LATEST")));
        v.enumeration::<ShardFilterType>("shardFilter.type", None);
        assert_eq!(
            message(v),
            "1 validation error detected: Value 'at_latest' at 'shardFilter.type' failed to satisfy constraint: \
             Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]"
        );
    }

    #[test]
    fn at_most_ten_errors_are_reported() {
        let mut v = Violations::new();
        for _ in 0..12 {
            v.required("streamName", false);
        }
        assert!(message(v).starts_with("10 validation errors detected: "));
    }

    #[test]
    fn long_values_are_echoed_cut_at_a_character() {
        let mut v = Violations::new();
        let name = format!("{}{}", "é".repeat(MAX_ECHOED_CHARS - 1), "😀".repeat(10));
        v.string("streamName", Some(&name), &STREAM_NAME);
        let text = message(v);
        let echoed = format!("'{}😀...[{} characters]'", "é".repeat(MAX_ECHOED_CHARS - 1), MAX_ECHOED_CHARS + 9);
        assert_eq!(text.matches(&echoed).count(), 2, "{text:.200}");
        assert!(text.len() < 3 * MAX_ECHOED_CHARS * 4);
        assert_eq!(echo("short"), "short");
        assert_eq!(echo(&"a".repeat(MAX_ECHOED_CHARS)), "a".repeat(MAX_ECHOED_CHARS));
    }

    #[test]
    fn blobs_are_echoed_as_java_buffers() {
        let mut v = Violations::new();
        v.blob_length("data", 1_048_576, 1_048_576);
        assert!(v.into_result().is_ok());
        let mut v = Violations::new();
        v.blob_length("records.1.member.data", 51_201, 51_200);
        v.blob_length("data", 1_048_577, 1_048_576);
        assert_eq!(
            message(v),
            "2 validation errors detected: \
             Value 'java.nio.HeapByteBuffer[pos=0 lim=51201 cap=51201]' at 'records.1.member.data' failed to satisfy \
             constraint: Member must have length less than or equal to 51200; \
             Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: \
             Member must have length less than or equal to 1048576"
        );
    }

    #[test]
    fn lengths_at_the_bounds_in_every_width_of_character() {
        let shape = StringShape { min: 4, max: 6, pattern: None };
        for c in ["a", "é", "€", "😀"] {
            let units = c.encode_utf16().count();
            for count in 0..8 {
                let mut v = Violations::new();
                v.string("s", Some(&c.repeat(count)), &shape);
                let length = units * count;
                assert_eq!(v.into_result().is_ok(), (4..=6).contains(&length), "{c} x {count}");
            }
        }
    }

    #[test]
    fn lengths_count_utf16_units() {
        let mut v = Violations::new();
        v.string("streamName", Some(&"😀".repeat(64)), &STREAM_NAME); // 128 units: pattern only
        assert_eq!(message(v).matches("failed to satisfy").count(), 1);
    }
}
