//! Reading a request body the way the service's deserialiser does, before any validation: a body
//! that is not a JSON object is a SerializationException without a message; a member of the wrong
//! JSON type is a SerializationException whose `Message` is the Java text the service prints
//! (kinesalite's AWS-verified tests, docs/behaviour.md §3.3). Members the operation does not know
//! are ignored, and `null` reads as absent.
//!
//! serde_json parses the body, but into a flat tree of our own rather than a `serde_json::Value`:
//! strings stay where they are in the text, so a PutRecords body of 500 records is read without
//! the five allocations a `Value` makes per record (a map, two keys, two strings). It reads what
//! a `Value` would: the same syntax, numbers and nesting limit, the last of repeated members.

use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use super::base64::{self, Malformed};
use super::error::ApiError;
use super::shapes::{EnumValue, ModelEnum};
use super::vec_map::VecMap;

/// A request body that is a JSON object, as the protocol checks let it through (`Request`).
#[derive(Debug)]
pub struct Body<'t> {
    text: &'t str,
    /// The strings that held escapes, unescaped one after the other.
    unescaped: String,
    nodes: Vec<Node>,
    /// The items of the arrays, each array's together.
    items: Vec<usize>,
    /// The members of the objects, each object's together and in the order sent.
    members: Vec<(Text, usize)>,
    /// The body object's members.
    root: Range<usize>,
}

/// A string of the body: where it is in the text, or in `unescaped`.
#[derive(Clone, Copy, Debug)]
enum Text {
    Sent(usize, usize),
    Unescaped(usize, usize),
}

/// A JSON value; arrays and objects are ranges of `items` and `members`.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(Text),
    Array(Range<usize>),
    Object(Range<usize>),
}

impl<'t> Body<'t> {
    /// Parses a request body: anything but a JSON object, `null` included, is a
    /// SerializationException without a message (kinesalite's connection tests, run against AWS).
    pub fn parse(body: &'t [u8]) -> Result<Self, ApiError> {
        // Text that is not UTF-8 is not JSON either. Reading it as `str` lets the bundle hold one
        // JSON parser: every other reader in the page parses text (`from_str`).
        #[cfg(not(target_arch = "wasm32"))]
        let text = simdutf8::basic::from_utf8(body).map_err(|_| ApiError::Serialization(None))?;
        #[cfg(target_arch = "wasm32")]
        let text = std::str::from_utf8(body).map_err(|_| ApiError::Serialization(None))?;
        let mut tree = Tree::default();
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let parsed = NodeSeed { tree: &mut tree, text }.deserialize(&mut deserializer);
        let root = match parsed.and_then(|root| deserializer.end().map(|()| root)) {
            Ok(root) => root,
            // The rare body that needs serde_json's own reading (`RAW_VALUE_TOKEN`).
            Err(_) if tree.raw_value_token => {
                tree = Tree::default();
                let value = serde_json::from_str(text).map_err(|_| ApiError::Serialization(None))?;
                tree.add_value(&value)
            }
            Err(_) => return Err(ApiError::Serialization(None)),
        };
        match tree.nodes.get(root) {
            Some(Node::Object(members)) => {
                let root = members.clone();
                let Tree { unescaped, nodes, items, members, .. } = tree;
                Ok(Self { text, unescaped, nodes, items, members, root })
            }
            _ => Err(ApiError::Serialization(None)),
        }
    }

    /// Its members, for an operation to read into its input shape.
    pub fn input(&self) -> Input<'_> {
        Input { body: self, members: &self.members[self.root.clone()] }
    }

    fn text(&self, text: Text) -> &str {
        match text {
            Text::Sent(start, end) => &self.text[start..end],
            Text::Unescaped(start, end) => &self.unescaped[start..end],
        }
    }
}

/// serde_json's private name for a raw value: read as a `Value`, an object whose first member
/// has this name stands for the JSON text in that member's string. Bodies like that are read
/// through a `Value`, to answer the same.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A `Body` under construction.
#[derive(Default)]
struct Tree {
    unescaped: String,
    nodes: Vec<Node>,
    items: Vec<usize>,
    members: Vec<(Text, usize)>,
    /// The items and members of the arrays and objects still open, the innermost last.
    open_items: Vec<usize>,
    open_members: Vec<(Text, usize)>,
    raw_value_token: bool,
}

impl Tree {
    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn unescaped(&mut self, text: &str) -> Text {
        let start = self.unescaped.len();
        self.unescaped.push_str(text);
        Text::Unescaped(start, self.unescaped.len())
    }

    /// Adds a parsed `Value` and what it holds; every string goes to `unescaped`.
    fn add_value(&mut self, value: &Value) -> usize {
        let node = match value {
            Value::Null => Node::Null,
            Value::Bool(flag) => Node::Bool(*flag),
            Value::Number(number) => Node::Number(number.clone()),
            Value::String(text) => Node::String(self.unescaped(text)),
            Value::Array(values) => {
                let items: Vec<usize> = values.iter().map(|value| self.add_value(value)).collect();
                let start = self.items.len();
                self.items.extend(items);
                Node::Array(start..self.items.len())
            }
            Value::Object(map) => {
                let members: Vec<(Text, usize)> =
                    map.iter().map(|(key, value)| (self.unescaped(key), self.add_value(value))).collect();
                let start = self.members.len();
                self.members.extend(members);
                Node::Object(start..self.members.len())
            }
        };
        self.push(node)
    }
}

/// Reads one value of the body into the tree; gives its node.
struct NodeSeed<'b, 't> {
    tree: &'b mut Tree,
    /// The whole body, which borrowed strings are places in.
    text: &'t str,
}

impl NodeSeed<'_, '_> {
    /// A string serde_json read: a slice of the body when it held no escapes, otherwise its
    /// unescaped copy, which lies elsewhere.
    fn string(&mut self, text: &str) -> Text {
        let start = (text.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        match self.text.get(start..start.wrapping_add(text.len())) {
            Some(_) => Text::Sent(start, start + text.len()),
            None => self.tree.unescaped(text),
        }
    }

    fn text_of(&self, text: Text) -> &str {
        match text {
            Text::Sent(start, end) => &self.text[start..end],
            Text::Unescaped(start, end) => &self.tree.unescaped[start..end],
        }
    }

    fn again(&mut self) -> NodeSeed<'_, '_> {
        NodeSeed { tree: self.tree, text: self.text }
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
    type Value = usize;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<usize, E> {
        Ok(self.tree.push(Node::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<usize, E> {
        Ok(self.tree.push(Node::Number(value.into())))
    }

    fn visit_u64<E>(self, value: u64) -> Result<usize, E> {
        Ok(self.tree.push(Node::Number(value.into())))
    }

    /// As a `Value` reads it: a number that is not finite is null.
    fn visit_f64<E>(self, value: f64) -> Result<usize, E> {
        Ok(self.tree.push(Number::from_f64(value).map_or(Node::Null, Node::Number)))
    }

    fn visit_str<E>(mut self, value: &str) -> Result<usize, E> {
        let text = self.string(value);
        Ok(self.tree.push(Node::String(text)))
    }

    fn visit_unit<E>(self) -> Result<usize, E> {
        Ok(self.tree.push(Node::Null))
    }

    fn visit_none<E>(self) -> Result<usize, E> {
        Ok(self.tree.push(Node::Null))
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<usize, A::Error> {
        let open = self.tree.open_items.len();
        while let Some(item) = seq.next_element_seed(self.again())? {
            self.tree.open_items.push(item);
        }
        let tree = self.tree;
        let start = tree.items.len();
        tree.items.extend(tree.open_items.drain(open..));
        Ok(tree.push(Node::Array(start..tree.items.len())))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<usize, A::Error> {
        let open = self.tree.open_members.len();
        while let Some(key) = map.next_key_seed(KeySeed(self.again()))? {
            if open == self.tree.open_members.len() && self.text_of(key) == RAW_VALUE_TOKEN {
                self.tree.raw_value_token = true;
                return Err(de::Error::custom("read through a Value"));
            }
            let value = map.next_value_seed(self.again())?;
            self.tree.open_members.push((key, value));
        }
        let tree = self.tree;
        let start = tree.members.len();
        tree.members.extend(tree.open_members.drain(open..));
        Ok(tree.push(Node::Object(start..tree.members.len())))
    }
}

/// Reads a member's name.
struct KeySeed<'b, 't>(NodeSeed<'b, 't>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Text;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Text;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_str<E>(mut self, value: &str) -> Result<Text, E> {
        Ok(self.0.string(value))
    }
}

/// One JSON object of a request, the body itself or a nested structure member, read member by
/// member. What it reads borrows from the body.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    body: &'a Body<'a>,
    members: &'a [(Text, usize)],
}

fn type_error(message: &str) -> ApiError {
    ApiError::Serialization(Some(message.to_owned()))
}

/// The texts for a list or an object where the member's shape wants something else.
fn container_error(value: &Node) -> Option<ApiError> {
    match value {
        Node::Array(_) => Some(type_error("Start of list found where not expected")),
        Node::Object(_) => Some(type_error("Start of structure or map found where not expected.")),
        _ => None,
    }
}

/// The error for a non-string where a string belongs.
fn string_type_error(value: &Node) -> ApiError {
    match value {
        Node::Bool(_) => type_error("class java.lang.Boolean can not be converted to an String"),
        Node::Number(_) => type_error(
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
    fn member(self, name: &str) -> Option<&'a Node> {
        let (_, node) = self.members.iter().rev().find(|&&(key, _)| self.body.text(key) == name)?;
        Some(self.node(*node)).filter(|value| !matches!(value, Node::Null))
    }

    fn node(self, index: usize) -> &'a Node {
        &self.body.nodes[index]
    }

    fn text(self, text: Text) -> &'a str {
        self.body.text(text)
    }

    fn items(self, items: &Range<usize>) -> impl Iterator<Item = &'a Node> {
        self.body.items[items.clone()].iter().map(move |&item| self.node(item))
    }

    fn object(self, members: &Range<usize>) -> Input<'a> {
        Input { body: self.body, members: &self.body.members[members.clone()] }
    }

    pub fn string(self, name: &str) -> Result<Option<&'a str>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Node::String(text) => Ok(Some(self.text(*text))),
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
            Node::String(text) => Ok(Some(self.text(*text))),
            Node::Bool(_) => Err(type_error("class java.lang.Boolean can not be converted to a Blob")),
            Node::Number(_) => Err(type_error(
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
            Node::Number(number) => {
                let wide = match (number.as_i64(), number.as_u64()) {
                    (Some(signed), _) => signed as f64,
                    (None, Some(unsigned)) => unsigned as f64,
                    _ => number.as_f64().unwrap_or(0.0).floor(),
                };
                Ok(Some(wide.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32))
            }
            Node::String(_) => Err(type_error("class java.lang.String can not be converted to an Integer")),
            Node::Bool(_) => Err(type_error("class java.lang.Boolean can not be converted to an Integer")),
            other => Err(container_error(other).unwrap_or(ApiError::Serialization(None))),
        }
    }

    /// A `boolean` member. The strings "true" and "false" convert, as in the service.
    pub fn boolean(self, name: &str) -> Result<Option<bool>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Node::Bool(flag) => Ok(Some(*flag)),
            Node::String(text) if self.text(*text).eq_ignore_ascii_case("true") => Ok(Some(true)),
            Node::String(text) if self.text(*text).eq_ignore_ascii_case("false") => Ok(Some(false)),
            Node::String(text) => {
                let echoed = crate::sim::validate::upper_case(&crate::sim::validate::echo(self.text(*text)));
                Err(type_error(&format!("'{echoed}' can not be converted to an Boolean")))
            }
            Node::Number(_) => Err(type_error(
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
            Node::Number(number) => Ok(Some((number.as_f64().unwrap_or(0.0) * 1000.0).floor() as i64)),
            Node::String(_) => {
                Err(type_error("class java.lang.String can not be converted to milliseconds since epoch"))
            }
            Node::Bool(_) => {
                Err(type_error("class java.lang.Boolean can not be converted to milliseconds since epoch"))
            }
            other => Err(container_error(other).unwrap_or(ApiError::Serialization(None))),
        }
    }

    /// A list of strings.
    pub fn string_list(self, name: &str) -> Result<Option<Vec<&'a str>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Node::Array(items) => self
                .items(items)
                .filter(|item| !matches!(item, Node::Null))
                .map(|item| match item {
                    Node::String(text) => Ok(self.text(*text)),
                    other => Err(string_type_error(other)),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Node::Object(_) => Err(type_error("Start of structure or map found where not expected.")),
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
            Node::Object(members) => {
                let mut entries = VecMap::new();
                for &(key, item) in self.object(members).members {
                    entries.insert(self.text(key), self.node(item));
                }
                entries
                    .into_iter()
                    .filter(|(_, item)| !matches!(item, Node::Null))
                    .map(|(key, item)| match item {
                        Node::String(text) => Ok((key, self.text(*text))),
                        other => Err(string_type_error(other)),
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Some)
            }
            Node::Array(_) => Err(type_error("Start of list found where not expected")),
            _ => Err(type_error("Expected map or null")),
        }
    }

    /// A list of structures (PutRecords' Records), each to read in turn. A `null` item reads as
    /// an empty structure, whose required members then fail validation.
    pub fn structure_list(self, name: &str) -> Result<Option<Vec<Input<'a>>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Node::Array(items) => self
                .items(items)
                .map(|item| match item {
                    Node::Object(members) => Ok(self.object(members)),
                    Node::Null => Ok(Input { body: self.body, members: &[] }),
                    Node::Array(_) => Err(type_error("Start of list found where not expected")),
                    _ => Err(type_error("Expected null")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Node::Object(_) => Err(type_error("Start of structure or map found where not expected.")),
            _ => Err(type_error("Expected list or null")),
        }
    }

    /// A structure member, to read the members of in turn.
    pub fn structure(self, name: &str) -> Result<Option<Input<'a>>, ApiError> {
        let Some(value) = self.member(name) else { return Ok(None) };
        match value {
            Node::Object(members) => Ok(Some(self.object(members))),
            Node::Array(_) => Err(type_error("Start of list found where not expected")),
            _ => Err(type_error("Expected null")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body as a `Value`, built from the tree the way a `Value` builds itself: members
    /// inserted in the order sent, so the last of a name wins.
    fn as_value(body: &Body, node: &Node) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(*flag),
            Node::Number(number) => Value::Number(number.clone()),
            Node::String(text) => Value::String(body.text(*text).to_owned()),
            Node::Array(items) => {
                Value::Array(body.items[items.clone()].iter().map(|&item| as_value(body, &body.nodes[item])).collect())
            }
            Node::Object(members) => Value::Object(
                body.members[members.clone()]
                    .iter()
                    .map(|&(key, item)| (body.text(key).to_owned(), as_value(body, &body.nodes[item])))
                    .collect(),
            ),
        }
    }

    /// Reads `text` both ways: the tree must hold what a `Value` holds, and refuse what it refuses.
    fn reads_as_a_value_does(text: &str) {
        let expected = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(members)) => Some(Value::Object(members)),
            _ => None,
        };
        let read = Body::parse(text.as_bytes()).ok().map(|body| as_value(&body, &Node::Object(body.root.clone())));
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
            r#"{"$serde_json::private::RawValue":"{\"A\":1}"}"#,
            r#"{"$serde_json::private::RawValue":"[1]"}"#,
            r#"{"$serde_json::private::RawValue":1}"#,
            r#"{"$serde_json::private::RawValue":"{}","B":2}"#,
            r#"{"A":{"$serde_json::private::RawValue":"\"x\""},"B":[{"$serde_json::private::RawValue":"{\"C\":[2]}"}]}"#,
            r#"{"B":1,"$serde_json::private::RawValue":"2"}"#,
            r#"{"\u0024serde_json::private::RawValue":"{\"A\":3}"}"#,
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
