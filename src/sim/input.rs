//! Reading a request body the way the service's deserialiser does, before any validation: a body
//! that is not a JSON object is a SerializationException without a message; a member of the wrong
//! JSON type is a SerializationException whose `Message` is the Java text the service prints
//! (kinesalite's AWS-verified tests, docs/behaviour.md §3.3). Members the operation does not know
//! are ignored, and `null` reads as absent.
//!
//! The body is parsed by the crate's JSON reader (`json`), whose strings stay where they are in
//! the text: a PutRecords body of 500 records is read without a string per record.

use std::ops::Range;

use super::base64::{self, Malformed};
use super::error::ApiError;
use super::json::{self, Document, Value};
use super::shapes::{EnumValue, ModelEnum};
use super::vec_map::VecMap;

/// A request body that is a JSON object, as the protocol checks let it through (`Request`).
#[derive(Debug)]
pub struct Body<'t> {
    document: Document<'t>,
}

impl<'t> Body<'t> {
    /// Parses a request body: anything but a JSON object, `null` included, is a
    /// SerializationException without a message (kinesalite's connection tests, run against AWS).
    pub fn parse(body: &'t [u8]) -> Result<Self, ApiError> {
        // Text that is not UTF-8 is not JSON either.
        #[cfg(not(target_arch = "wasm32"))]
        let text = simdutf8::basic::from_utf8(body).map_err(|_| ApiError::Serialization(None))?;
        #[cfg(target_arch = "wasm32")]
        let text = std::str::from_utf8(body).map_err(|_| ApiError::Serialization(None))?;
        let document = json::parse(text).map_err(|_| ApiError::Serialization(None))?;
        match document.root() {
            Value::Object(_) => Ok(Self { document }),
            _ => Err(ApiError::Serialization(None)),
        }
    }

    /// Its members, for an operation to read into its input shape.
    pub fn input(&self) -> Input<'_> {
        Input { object: self.document.root().as_object() }
    }
}

/// One JSON object of a request, the body itself or a nested structure member, read member by
/// member. What it reads borrows from the body.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// None for an empty structure (a `null` item of a list of structures).
    object: Option<json::Object<'a>>,
}

fn type_error(message: &str) -> ApiError {
    ApiError::Serialization(Some(message.to_owned()))
}

/// The texts for a list or an object where the member's shape wants something else.
fn container_error(value: Value) -> Option<ApiError> {
    match value {
        Value::Array(_) => Some(type_error("Start of list found where not expected")),
        Value::Object(_) => Some(type_error("Start of structure or map found where not expected.")),
        _ => None,
    }
}

/// The error for a non-string where a string belongs.
fn string_type_error(value: Value) -> ApiError {
    match value {
        Value::Bool(_) => type_error("class java.lang.Boolean can not be converted to an String"),
        Value::Number(_) => type_error(
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
        ),
        other => container_error(other).unwrap_or(ApiError::Serialization(None)),
    }
}

/// Decodes a blob's text as `Input::blob` does, appended to `out`: where its bytes are.
pub fn decode_blob_into(out: &mut Vec<u8>, text: &str) -> Result<Range<usize>, ApiError> {
    let start = out.len();
    base64::decode_strict_into(out, text).map_err(|why| blob_text_error(text, why))?;
    Ok(start..out.len())
}

/// The error for text that is not base64 where a blob belongs: the text echoed, then why
/// (docs/behaviour.md §3.3). "dectected" is the service's spelling.
fn blob_text_error(text: &str, malformed: Malformed) -> ApiError {
    let why = match malformed {
        Malformed::Length(units) => {
            format!("Base64 encoded length is expected a multiple of 4 bytes but found: {units}")
        }
        Malformed::Character(c) => format!("Invalid Base64 character: '{c}'"),
        Malformed::LastNonPad => "Invalid last non-pad Base64 character dectected".to_owned(),
    };
    let echoed = crate::sim::validate::echo(text);
    type_error(&format!("'{echoed}' can not be converted to a Blob: {why}"))
}

impl<'a> Input<'a> {
    /// The member of that name; the last one, when it was sent more than once.
    fn member(self, name: &str) -> Option<Value<'a>> {
        self.object?.get(name).filter(|value| !value.is_null())
    }

    pub fn string(self, name: &str) -> Result<Option<&'a str>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::String(text) => Ok(Some(text)),
            other => Err(string_type_error(other)),
        }
    }

    /// A `blob` member: base64 text in JSON, decoded as strictly as the service does, so a text
    /// that encoding would not have written is refused (docs/behaviour.md §3.3). The empty text
    /// is zero bytes. Records read theirs with `blob_text` and `decode_blob_into`.
    #[cfg(test)]
    pub fn blob(self, name: &str) -> Result<Option<Vec<u8>>, ApiError> {
        let mut out = Vec::new();
        Ok(self.blob_text(name)?.map(|text| decode_blob_into(&mut out, text)).transpose()?.map(|_| out))
    }

    /// A `blob` member's base64 text, type-checked but not yet decoded: for records, whose data
    /// a call decodes into one buffer (`decode_blob_into`).
    pub fn blob_text(self, name: &str) -> Result<Option<&'a str>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::String(text) => Ok(Some(text)),
            Value::Bool(_) => Err(type_error("class java.lang.Boolean can not be converted to a Blob")),
            Value::Number(_) => Err(type_error(
                "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob",
            )),
            other => Err(container_error(other).unwrap_or(ApiError::Serialization(None))),
        }
    }

    /// An `integer` member. Fractions are truncated towards negative infinity and values outside
    /// the Java int range are clamped to it, as the service does (docs/behaviour.md §3.3:
    /// 100000000000 is reported as '2147483647').
    pub fn integer(self, name: &str) -> Result<Option<i32>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Number(number) => {
                let wide = match (number.as_i64(), number.as_u64()) {
                    (Some(signed), _) => signed as f64,
                    (None, Some(unsigned)) => unsigned as f64,
                    _ => number.as_f64().floor(),
                };
                Ok(Some(wide.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32))
            }
            Value::String(_) => Err(type_error("class java.lang.String can not be converted to an Integer")),
            Value::Bool(_) => Err(type_error("class java.lang.Boolean can not be converted to an Integer")),
            other => Err(container_error(other).unwrap_or(ApiError::Serialization(None))),
        }
    }

    /// A `boolean` member. The strings "true" and "false" convert, as in the service.
    pub fn boolean(self, name: &str) -> Result<Option<bool>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Bool(flag) => Ok(Some(flag)),
            Value::String(text) if text.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Value::String(text) if text.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Value::String(text) => {
                let echoed = crate::sim::validate::upper_case(&crate::sim::validate::echo(text));
                Err(type_error(&format!("'{echoed}' can not be converted to an Boolean")))
            }
            Value::Number(_) => Err(type_error(
                "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean",
            )),
            other => Err(container_error(other).unwrap_or(ApiError::Serialization(None))),
        }
    }

    /// A `timestamp` member: epoch seconds as a JSON number, which is how SDKs send them
    /// (docs/behaviour.md §2.1). Returns epoch milliseconds. A string or boolean gets the text the
    /// service was observed to send (docs/behaviour.md §3.3).
    pub fn timestamp(self, name: &str) -> Result<Option<i64>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Number(number) => Ok(Some((number.as_f64() * 1000.0).floor() as i64)),
            Value::String(_) => {
                Err(type_error("class java.lang.String can not be converted to milliseconds since epoch"))
            }
            Value::Bool(_) => {
                Err(type_error("class java.lang.Boolean can not be converted to milliseconds since epoch"))
            }
            other => Err(container_error(other).unwrap_or(ApiError::Serialization(None))),
        }
    }

    /// A list of strings.
    pub fn string_list(self, name: &str) -> Result<Option<Vec<&'a str>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Array(items) => items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| match item {
                    Value::String(text) => Ok(text),
                    other => Err(string_type_error(other)),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Value::Object(_) => Err(type_error("Start of structure or map found where not expected.")),
            _ => Err(type_error("Expected list or null")),
        }
    }

    /// A member of an enum shape: the model's value, or the text as sent.
    pub fn enumeration<T: ModelEnum>(self, name: &str) -> Result<Option<EnumValue<'a, T>>, ApiError> {
        Ok(self.string(name)?.map(EnumValue::read))
    }

    /// A list of enum members.
    pub fn enumeration_list<T: ModelEnum>(self, name: &str) -> Result<Option<Vec<EnumValue<'a, T>>>, ApiError> {
        Ok(self.string_list(name)?.map(|items| items.into_iter().map(EnumValue::read).collect()))
    }

    /// A map of strings to strings, in key order, the last of a key sent more than once.
    pub fn string_map(self, name: &str) -> Result<Option<Vec<(&'a str, &'a str)>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Object(members) => {
                let mut entries = VecMap::new();
                for (key, item) in members.iter() {
                    entries.insert(key, item);
                }
                entries
                    .into_iter()
                    .filter(|(_, item)| !item.is_null())
                    .map(|(key, item)| match item {
                        Value::String(text) => Ok((key, text)),
                        other => Err(string_type_error(other)),
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Some)
            }
            Value::Array(_) => Err(type_error("Start of list found where not expected")),
            _ => Err(type_error("Expected map or null")),
        }
    }

    /// A list of structures (PutRecords' Records), each to read in turn. A `null` item reads as
    /// an empty structure, whose required members then fail validation.
    pub fn structure_list(self, name: &str) -> Result<Option<Vec<Input<'a>>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    Value::Object(members) => Ok(Input { object: Some(members) }),
                    Value::Null => Ok(Input { object: None }),
                    Value::Array(_) => Err(type_error("Start of list found where not expected")),
                    _ => Err(type_error("Expected null")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Value::Object(_) => Err(type_error("Start of structure or map found where not expected.")),
            _ => Err(type_error("Expected list or null")),
        }
    }

    /// A structure member, to read the members of in turn.
    pub fn structure(self, name: &str) -> Result<Option<Input<'a>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Value::Object(members) => Ok(Some(Input { object: Some(members) })),
            Value::Array(_) => Err(type_error("Start of list found where not expected")),
            _ => Err(type_error("Expected null")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` both ways: the body must hold what serde_json's `Value` holds, and refuse
    /// what it refuses (and any value but an object).
    fn reads_as_a_value_does(text: &str) {
        let expected = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(members)) => Some(serde_json::Value::Object(members)),
            _ => None,
        };
        let read = Body::parse(text.as_bytes()).ok().map(|body| json::to_serde(body.document.root()));
        assert_eq!(read, expected, "{text}");
    }

    #[test]
    fn bodies_read_as_values_would() {
        let deep = |depth: usize| format!("{{\"A\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        for text in [
            r#"{}"#,
            r#"{"A":"x","A":"y"}"#,
            r#"{"A":"x","A":null}"#,
            r#"{"A":null,"A":"x"}"#,
            r#"{"St\u0072eamName":"a\"b\\c\u00e9\ud83d\ude00","B":"plain"}"#,
            r#"{"A":[1,-2,3.5,1e300,-0,18446744073709551615,18446744073709551616,-9223372036854775809]}"#,
            r#"{"A":1e400}"#,
            r#"{"A":[{"B":[{}],"C":{"D":[null,true,false]}},[],{}],"E":{"F":{"G":"h"}}}"#,
            r#" { "A" : [ 1 , 2 ] } "#,
            r#"{"A":1,}"#,
            r#"{"A":[1,]}"#,
            r#"{"A":"\x"}"#,
            r#"{"A":"\ud800"}"#,
            "{\"A\":\"tab\tin\"}",
            r#"{"A":1}{}"#,
            r#"{"A":1} x"#,
            &deep(126),
            &deep(127),
            &deep(128),
        ] {
            reads_as_a_value_does(text);
        }
    }

    #[test]
    fn random_bodies_read_as_values_would() {
        let pieces = [
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"A\"",
            "\"B\"",
            "\"\\u0041\"",
            "\"x\\ny\"",
            "1",
            "-2.5",
            "1e5",
            "null",
            "true",
            " ",
            "\"",
            "\\",
        ];
        let mut state = 0x5eed_u64;
        let mut next = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..20_000 {
            let len = next() % 14;
            let inner: String = (0..len).map(|_| pieces[next() % pieces.len()]).collect();
            reads_as_a_value_does(&format!("{{\"A\":{inner}}}"));
            reads_as_a_value_does(&format!("{{{inner}}}"));
        }
    }

    #[test]
    fn repeated_members_read_as_the_last_one_sent() {
        let body = Body::parse(br#"{"A":"x","A":"y","M":{"k":"1","j":"2","k":"3"},"N":"v","N":null}"#).unwrap();
        let input = body.input();
        assert_eq!(input.string("A").unwrap(), Some("y"));
        assert_eq!(input.string_map("M").unwrap(), Some(vec![("j", "2"), ("k", "3")]));
        assert_eq!(input.string("N").unwrap(), None);
    }

    #[test]
    fn strings_with_escapes_and_without_read_alike() {
        let body =
            Body::parse(br#"{"A":"plain","\u0042":"a\"b\u00e9","L":[{"D":"Zg=="},null,{"D":"Z\u0067=="}]}"#).unwrap();
        let input = body.input();
        assert_eq!(input.string("A").unwrap(), Some("plain"));
        assert_eq!(input.string("B").unwrap(), Some("a\"bé"));
        let items = input.structure_list("L").unwrap().unwrap();
        let blobs: Vec<_> = items.iter().map(|item| item.blob("D").unwrap()).collect();
        assert_eq!(blobs, [Some(b"f".to_vec()), None, Some(b"f".to_vec())]);
    }

    fn serialization_message(result: Result<impl std::fmt::Debug, ApiError>) -> Option<String> {
        match result {
            Err(ApiError::Serialization(message)) => message,
            other => panic!("expected a SerializationException, got {other:?}"),
        }
    }

    #[test]
    fn bodies_that_are_not_json_objects() {
        assert_eq!(serialization_message(Body::parse(b"")), None);
        assert_eq!(serialization_message(Body::parse(b"{\"StreamName\":")), None);
        for body in [&b"[]"[..], b"null", b"\"x\"", b"1"] {
            assert_eq!(serialization_message(Body::parse(body)), None);
        }
    }

    #[test]
    fn wrong_member_types_name_the_java_classes() {
        let body = Body::parse(br#"{"A":true,"B":12,"C":"12","D":[],"E":{},"F":null}"#).unwrap();
        let input = body.input();
        assert_eq!(
            serialization_message(input.string("A")).as_deref(),
            Some("class java.lang.Boolean can not be converted to an String")
        );
        assert!(serialization_message(input.string("B")).unwrap().contains("TruncatingBigNumber"));
        assert_eq!(
            serialization_message(input.integer("C")).as_deref(),
            Some("class java.lang.String can not be converted to an Integer")
        );
        assert_eq!(
            serialization_message(input.integer("D")).as_deref(),
            Some("Start of list found where not expected")
        );
        assert_eq!(
            serialization_message(input.string("E")).as_deref(),
            Some("Start of structure or map found where not expected.")
        );
        assert_eq!(serialization_message(input.structure("B")).as_deref(), Some("Expected null"));
        assert_eq!(input.string("F").unwrap(), None);
    }

    #[test]
    fn booleans_lists_maps_and_timestamps() {
        let body = Body::parse(
            br#"{"B":"TRUE","C":"yes","L":["a",null,"b"],"M":{"k":"v"},"X":[1],"Y":{"k":1},"T":1700000000.5,"Z":false}"#,
        )
        .unwrap();
        let input = body.input();
        assert_eq!(input.boolean("B").unwrap(), Some(true));
        assert_eq!(
            serialization_message(input.boolean("C")).as_deref(),
            Some("'YES' can not be converted to an Boolean")
        );
        assert_eq!(input.string_list("L").unwrap(), Some(vec!["a", "b"]));
        assert_eq!(
            serialization_message(input.string_list("M")).as_deref(),
            Some("Start of structure or map found where not expected.")
        );
        assert_eq!(serialization_message(input.string_list("B")).as_deref(), Some("Expected list or null"));
        assert!(serialization_message(input.string_list("X")).unwrap().contains("TruncatingBigNumber"));
        assert_eq!(input.string_map("M").unwrap(), Some(vec![("k", "v")]));
        assert_eq!(
            serialization_message(input.string_map("L")).as_deref(),
            Some("Start of list found where not expected")
        );
        assert!(serialization_message(input.string_map("Y")).unwrap().contains("TruncatingBigNumber"));
        assert_eq!(input.timestamp("T").unwrap(), Some(1_700_000_000_500));
        assert_eq!(
            serialization_message(input.timestamp("C")).as_deref(),
            Some("class java.lang.String can not be converted to milliseconds since epoch")
        );
        assert_eq!(
            serialization_message(input.timestamp("Z")).as_deref(),
            Some("class java.lang.Boolean can not be converted to milliseconds since epoch")
        );
    }

    #[test]
    fn blobs_decode_base64_text() {
        let body = Body::parse(br#"{"A":"Zm9vYmFy","B":"","C":"Zg==","D":null}"#).unwrap();
        let input = body.input();
        assert_eq!(input.blob("A").unwrap(), Some(b"foobar".to_vec()));
        assert_eq!(input.blob("B").unwrap(), Some(vec![]));
        assert_eq!(input.blob("C").unwrap(), Some(b"f".to_vec()));
        assert_eq!(input.blob("D").unwrap(), None);
        assert_eq!(input.blob("E").unwrap(), None);
    }

    #[test]
    fn blobs_of_the_wrong_type_or_text_get_the_services_texts() {
        // kinesalite's assertType cases for a Blob, run against AWS.
        let body = Body::parse(
            br#"{"T":true,"N":23,"M":-2147483648,"F":34.56,"L":[],"O":{},
                "S":"23456","P":"=+/=","Q":"+/+=","W":"Zm8\n","U":"Zm9vYmE\u00e9"}"#,
        )
        .unwrap();
        let input = body.input();
        let message = |name| serialization_message(input.blob(name));
        assert_eq!(message("T").as_deref(), Some("class java.lang.Boolean can not be converted to a Blob"));
        for name in ["N", "M", "F"] {
            assert_eq!(
                message(name).as_deref(),
                Some("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob")
            );
        }
        assert_eq!(message("L").as_deref(), Some("Start of list found where not expected"));
        assert_eq!(message("O").as_deref(), Some("Start of structure or map found where not expected."));
        assert_eq!(
            message("S").as_deref(),
            Some(
                "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"
            )
        );
        assert_eq!(
            message("P").as_deref(),
            Some("'=+/=' can not be converted to a Blob: Invalid Base64 character: '='")
        );
        assert_eq!(
            message("Q").as_deref(),
            Some("'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected")
        );
        assert_eq!(
            message("W").as_deref(),
            Some("'Zm8\n' can not be converted to a Blob: Invalid Base64 character: '\n'")
        );
        assert_eq!(
            message("U").as_deref(),
            Some("'Zm9vYmEé' can not be converted to a Blob: Invalid Base64 character: 'é'")
        );
    }

    #[test]
    fn a_long_bad_blob_is_echoed_cut() {
        let data = format!("{}*", "A".repeat(10 * 1024 * 1024 - 1));
        let text = format!(r#"{{"Data":"{data}"}}"#);
        let body = Body::parse(text.as_bytes()).unwrap();
        let message = serialization_message(body.input().blob("Data")).unwrap();
        assert!(message.len() < crate::sim::validate::MAX_ECHOED_CHARS + 200, "{}", message.len());
        assert!(
            message
                .ends_with("...[10485760 characters]' can not be converted to a Blob: Invalid Base64 character: '*'")
        );
    }

    #[test]
    fn integers_truncate_and_clamp() {
        let body = Body::parse(br#"{"A":2.9,"B":100000000000,"C":-1e30,"D":-1.5}"#).unwrap();
        let input = body.input();
        assert_eq!(input.integer("A").unwrap(), Some(2));
        assert_eq!(input.integer("B").unwrap(), Some(i32::MAX));
        assert_eq!(input.integer("C").unwrap(), Some(i32::MIN));
        assert_eq!(input.integer("D").unwrap(), Some(-2));
    }
}
