//! The crate's one JSON reader: request bodies, and in the page saved sessions, share links,
//! scenario and tutorial files, the host page's messages and the answers of an attached endpoint.
//! It replaces serde_json's reader, whose generic code the page's bundle carried once for every
//! kind of value read (BENCHMARKS.md, "The page bundle"); serde_json still writes.
//!
//! It accepts what serde_json accepts and reads the same values (tests compare the two on many
//! texts): RFC 8259 JSON with at most 127 nested arrays and objects, strings of whole UTF-16
//! surrogate pairs, numbers that stay finite. It reads into a flat tree: a string without escapes
//! stays where it is in the text, the items of an array and the members of an object lie
//! together, in the order sent, and each value remembers where it was written, for readers that
//! pass a value on as written (a scenario's request bodies).

use std::fmt;

/// A parsed JSON text. Its values borrow from it: `root`.
#[derive(Debug)]
pub struct Document<'t> {
    text: &'t str,
    /// The strings that held escapes, unescaped one after the other.
    unescaped: String,
    nodes: Vec<Node>,
    /// Where each node was in the text, by node.
    spans: Vec<(u32, u32)>,
    /// The items of the arrays, each array's together.
    items: Vec<u32>,
    /// The members of the objects, each object's together and in the order sent.
    members: Vec<(Text, u32)>,
}

/// A string of the text: where it is in the text, or in `unescaped`.
#[derive(Clone, Copy, Debug)]
enum Text {
    Sent(u32, u32),
    Unescaped(u32, u32),
}

/// A value; a number is its place in the text, arrays and objects ranges of `items` and `members`.
#[derive(Clone, Copy, Debug)]
enum Node {
    Null,
    Bool(bool),
    Number(u32, u32),
    String(Text),
    Array(u32, u32),
    Object(u32, u32),
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    reason: &'static str,
    line: usize,
    column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.reason, self.line, self.column)
    }
}

/// As serde_json counts: a text may open 127 arrays and objects inside each other, not 128.
const DEPTH_LIMIT: u32 = 128;

/// Parses `text`, which must hold one JSON value and nothing else but white space.
pub fn parse(text: &str) -> Result<Document<'_>, Error> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
        document: Document {
            text,
            unescaped: String::new(),
            nodes: Vec::new(),
            spans: Vec::new(),
            items: Vec::new(),
            members: Vec::new(),
        },
        open_items: Vec::new(),
        open_members: Vec::new(),
    };
    parser.value(0)?;
    parser.space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(parser.document)
}

impl<'t> Document<'t> {
    /// The value the text holds.
    pub fn root(&self) -> Value<'_> {
        self.value(self.nodes.len() - 1)
    }

    fn value(&self, node: usize) -> Value<'_> {
        let span = |start: u32, end: u32| &self.text[start as usize..end as usize];
        match self.nodes[node] {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(flag),
            Node::Number(start, end) => Value::Number(Number(span(start, end))),
            Node::String(text) => Value::String(self.text(text)),
            Node::Array(start, end) => {
                Value::Array(Array { document: self, items: &self.items[start as usize..end as usize] })
            }
            Node::Object(start, end) => {
                Value::Object(Object { document: self, members: &self.members[start as usize..end as usize] })
            }
        }
    }

    fn text(&self, text: Text) -> &str {
        match text {
            Text::Sent(start, end) => &self.text[start as usize..end as usize],
            Text::Unescaped(start, end) => &self.unescaped[start as usize..end as usize],
        }
    }

    /// A value's JSON text, as written.
    fn raw(&self, node: u32) -> &str {
        let (start, end) = self.spans[node as usize];
        &self.text[start as usize..end as usize]
    }
}

/// A JSON value of a `Document`.
#[derive(Clone, Copy, Debug)]
pub enum Value<'d> {
    Null,
    Bool(bool),
    Number(Number<'d>),
    String(&'d str),
    Array(Array<'d>),
    Object(Object<'d>),
}

impl<'d> Value<'d> {
    pub fn is_null(self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_bool(self) -> Option<bool> {
        if let Value::Bool(flag) = self { Some(flag) } else { None }
    }

    pub fn as_str(self) -> Option<&'d str> {
        if let Value::String(text) = self { Some(text) } else { None }
    }

    pub fn as_number(self) -> Option<Number<'d>> {
        if let Value::Number(number) = self { Some(number) } else { None }
    }

    pub fn as_i64(self) -> Option<i64> {
        self.as_number()?.as_i64()
    }

    pub fn as_u64(self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    pub fn as_array(self) -> Option<Array<'d>> {
        if let Value::Array(array) = self { Some(array) } else { None }
    }

    pub fn as_object(self) -> Option<Object<'d>> {
        if let Value::Object(object) = self { Some(object) } else { None }
    }

    /// The member `name` of an object (the last of that name); none for other values.
    pub fn get(self, name: &str) -> Option<Value<'d>> {
        self.as_object()?.get(name)
    }

    /// The member `name` of an object, or null when it has none or this is not an object: how
    /// optional parameters read.
    pub fn member(self, name: &str) -> Value<'d> {
        self.get(name).unwrap_or(Value::Null)
    }
}

/// A number as written. It reads as serde_json's `Value` reads it: an integer that fits 64 bits
/// is exact, anything else (fractions, exponents, larger integers, `-0`) is the nearest double.
#[derive(Clone, Copy, Debug)]
pub struct Number<'d>(&'d str);

impl<'d> Number<'d> {
    /// The number's text, as written.
    pub fn text(self) -> &'d str {
        self.0
    }

    /// A non-negative integer that fits 64 bits.
    pub fn as_u64(self) -> Option<u64> {
        let digits = self.0.as_bytes();
        if digits.first() == Some(&b'-') {
            return None;
        }
        integer(digits)
    }

    /// An integer that fits a signed 64 bits (not `-0`, which reads as a double).
    pub fn as_i64(self) -> Option<i64> {
        match self.0.as_bytes() {
            [b'-', digits @ ..] => {
                let magnitude = integer(digits)?;
                if magnitude == 0 || magnitude > i64::MIN.unsigned_abs() {
                    return None;
                }
                Some(0i64.wrapping_sub_unsigned(magnitude))
            }
            digits => integer(digits).and_then(|value| i64::try_from(value).ok()),
        }
    }

    pub fn as_f64(self) -> f64 {
        match (self.as_u64(), self.as_i64()) {
            (Some(value), _) => value as f64,
            (None, Some(value)) => value as f64,
            _ => parse_double(self.0).unwrap_or(0.0),
        }
    }
}

/// Digits only, and their value when it fits 64 bits.
fn integer(digits: &[u8]) -> Option<u64> {
    let mut value: u64 = 0;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
    }
    Some(value)
}

/// The nearest double to a JSON number's text (serde_json rounds as closely in all but rare
/// cases of more than 17 significant digits, where it can be one unit in the last place away).
/// In the page, the browser's own `parseFloat`, as correctly rounded: the standard library's
/// parser would bring its 10 KB table of powers of five into the bundle.
fn parse_double(text: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    return text.parse().ok();
    #[cfg(target_arch = "wasm32")]
    return Some(js_sys::parse_float(text)).filter(|value| !value.is_nan());
}

/// The text of a JSON string literal (quotes included), unescaped; none when it is not one.
pub fn string(literal: &str) -> Option<String> {
    parse(literal).ok()?.root().as_str().map(str::to_owned)
}

/// Whether `text` is one JSON number.
pub fn is_number(text: &str) -> bool {
    parse(text).is_ok_and(|document| matches!(document.root(), Value::Number(_)))
}

/// A JSON array: its items in order.
#[derive(Clone, Copy)]
pub struct Array<'d> {
    document: &'d Document<'d>,
    items: &'d [u32],
}

impl<'d> Array<'d> {
    pub fn iter(self) -> impl ExactSizeIterator<Item = Value<'d>> + DoubleEndedIterator + 'd {
        self.items.iter().map(move |&item| self.document.value(item as usize))
    }
}

impl fmt::Debug for Array<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A JSON object: its members in the order sent, repeated names included.
#[derive(Clone, Copy)]
pub struct Object<'d> {
    document: &'d Document<'d>,
    members: &'d [(Text, u32)],
}

impl<'d> Object<'d> {
    pub fn len(self) -> usize {
        self.members.len()
    }

    pub fn is_empty(self) -> bool {
        self.members.is_empty()
    }

    /// The members, each name with its value, in the order sent.
    pub fn iter(self) -> impl DoubleEndedIterator<Item = (&'d str, Value<'d>)> + 'd {
        self.members.iter().map(move |&(name, node)| (self.document.text(name), self.document.value(node as usize)))
    }

    /// The member `name`; the last one, when it was sent more than once (as serde_json reads).
    pub fn get(self, name: &str) -> Option<Value<'d>> {
        Some(self.document.value(self.find(name)? as usize))
    }

    /// The JSON text of the member `name` as written (the last one of that name).
    pub fn raw(self, name: &str) -> Option<&'d str> {
        Some(self.document.raw(self.find(name)?))
    }

    fn find(self, name: &str) -> Option<u32> {
        let document = self.document;
        self.members.iter().rev().find(|&&(key, _)| document.text(key) == name).map(|&(_, node)| node)
    }
}

impl fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

struct Parser<'t> {
    bytes: &'t [u8],
    at: usize,
    document: Document<'t>,
    /// The items and members of the arrays and objects still open, the innermost last.
    open_items: Vec<u32>,
    open_members: Vec<(Text, u32)>,
}

impl<'t> Parser<'t> {
    fn error(&self, reason: &'static str) -> Error {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let column = before.len() - before.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1) + 1;
        Error { reason, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn push(&mut self, node: Node, start: usize) -> u32 {
        self.document.nodes.push(node);
        self.document.spans.push((start as u32, self.at as u32));
        (self.document.nodes.len() - 1) as u32
    }

    /// Reads a value inside `depth` open arrays and objects; gives its node.
    fn value(&mut self, depth: u32) -> Result<u32, Error> {
        self.space();
        let start = self.at;
        let node = match self.peek() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'n') => self.literal("null", Node::Null)?,
            Some(b't') => self.literal("true", Node::Bool(true))?,
            Some(b'f') => self.literal("false", Node::Bool(false))?,
            Some(b'"') => Node::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'{') => self.object(depth + 1)?,
            Some(_) => return Err(self.error("expected value")),
        };
        Ok(self.push(node, start))
    }

    fn literal(&mut self, word: &str, node: Node) -> Result<Node, Error> {
        for &expected in word.as_bytes() {
            match self.peek() {
                Some(byte) if byte == expected => self.at += 1,
                Some(_) => return Err(self.error("expected ident")),
                None => return Err(self.error("EOF while parsing a value")),
            }
        }
        Ok(node)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, whose value must be finite.
    fn number(&mut self) -> Result<Node, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.error("invalid number")),
            None => return Err(self.error("EOF while parsing a value")),
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            whole = false;
            if self.digits() == 0 {
                return Err(self.error(if self.peek().is_some() {
                    "invalid number"
                } else {
                    "EOF while parsing a value"
                }));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            whole = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(if self.peek().is_some() {
                    "invalid number"
                } else {
                    "EOF while parsing a value"
                }));
            }
        }
        let number = Number(&self.document.text[start..self.at]);
        // A number too large for a double is refused, as serde_json refuses it.
        let fits = (whole && (number.as_u64().is_some() || number.as_i64().is_some()))
            || parse_double(number.0).is_some_and(f64::is_finite);
        if !fits {
            return Err(self.error("number out of range"));
        }
        Ok(Node::Number(start as u32, self.at as u32))
    }

    /// Moves past the bytes a string holds as they are: up to a quote, a backslash or a control
    /// character. Eight bytes at a time while none is among them (a record's base64 data is
    /// most of a PutRecords body), then byte by byte.
    fn plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
        while let Some(chunk) = self.bytes.get(self.at..self.at + 8) {
            let word =
                u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
            // A byte below 0x20, a quote (0x22) or a backslash (0x5c) anywhere in the word.
            let special = (word.wrapping_sub(ONES * 0x20) & !word & HIGHS)
                | has_zero(word ^ (ONES * u64::from(b'"')))
                | has_zero(word ^ (ONES * u64::from(b'\\')));
            if special != 0 {
                break;
            }
            self.at += 8;
        }
        while let Some(byte) = self.peek() {
            if byte == b'"' || byte == b'\\' || byte < 0x20 {
                break;
            }
            self.at += 1;
        }
    }

    /// Reads a string from its opening quote.
    fn string(&mut self) -> Result<Text, Error> {
        self.at += 1;
        let start = self.at;
        self.plain();
        match self.peek() {
            None => return Err(self.error("EOF while parsing a string")),
            Some(b'"') => {
                self.at += 1;
                return Ok(Text::Sent(start as u32, (self.at - 1) as u32));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.control_character()),
        }
        // Escapes: the string is copied out, unescaped.
        let text = self.document.text;
        let out = self.document.unescaped.len();
        self.document.unescaped.push_str(&text[start..self.at]);
        loop {
            let run = self.at;
            self.plain();
            self.document.unescaped.push_str(&text[run..self.at]);
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Text::Unescaped(out as u32, self.document.unescaped.len() as u32));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let unescaped = self.escape()?;
                    self.document.unescaped.push(unescaped);
                }
                Some(_) => return Err(self.control_character()),
            }
        }
    }

    fn control_character(&self) -> Error {
        self.error("control character (\\u0000-\\u001F) found while parsing a string")
    }

    /// The character an escape stands for, from the byte after its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let Some(byte) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex()?;
                match unit {
                    0xDC00..=0xDFFF => return Err(self.error("lone leading surrogate in hex escape")),
                    0xD800..=0xDBFF => {
                        // A leading surrogate must be followed by `\u` and a trailing one.
                        if self.peek() != Some(b'\\') || self.bytes.get(self.at + 1) != Some(&b'u') {
                            self.at = (self.at + 1).min(self.bytes.len());
                            return Err(self.error("unexpected end of hex escape"));
                        }
                        self.at += 2;
                        let trailing = self.hex()?;
                        if !(0xDC00..=0xDFFF).contains(&trailing) {
                            return Err(self.error("lone leading surrogate in hex escape"));
                        }
                        let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(trailing) - 0xDC00);
                        char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                    _ => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
                }
            }
            _ => return Err(self.error("invalid escape")),
        })
    }

    /// Four hex digits.
    fn hex(&mut self) -> Result<u16, Error> {
        let mut unit = 0u16;
        for _ in 0..4 {
            let Some(byte) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
            let digit = match byte {
                b'0'..=b'9' => byte - b'0',
                b'a'..=b'f' => byte - b'a' + 10,
                b'A'..=b'F' => byte - b'A' + 10,
                _ => return Err(self.error("invalid escape")),
            };
            self.at += 1;
            unit = unit << 4 | u16::from(digit);
        }
        Ok(unit)
    }

    /// Reads the opening bracket of an array or object inside `depth` open ones; true when the
    /// closing one follows at once (it is read too).
    fn open(&mut self, depth: u32, close: u8) -> Result<bool, Error> {
        if depth >= DEPTH_LIMIT {
            return Err(self.error("recursion limit exceeded"));
        }
        self.at += 1;
        self.space();
        let empty = self.peek() == Some(close);
        if empty {
            self.at += 1;
        }
        Ok(empty)
    }

    /// After an item or a member: true for a comma, another to follow; false for the closing
    /// bracket, which is read. `what` names the container in the errors ("a list", "an object").
    fn more(&mut self, close: u8, expected: &'static str, what: &'static str) -> Result<bool, Error> {
        self.space();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.space();
                if self.peek() == Some(close) { Err(self.error("trailing comma")) } else { Ok(true) }
            }
            Some(byte) if byte == close => {
                self.at += 1;
                Ok(false)
            }
            Some(_) => Err(self.error(expected)),
            None => Err(self.error(what)),
        }
    }

    /// Reads an array from its `[`.
    fn array(&mut self, depth: u32) -> Result<Node, Error> {
        let open = self.open_items.len();
        if !self.open(depth, b']')? {
            loop {
                let item = self.value(depth)?;
                self.open_items.push(item);
                if !self.more(b']', "expected `,` or `]`", "EOF while parsing a list")? {
                    break;
                }
            }
        }
        let items = &mut self.document.items;
        let start = items.len() as u32;
        items.extend(self.open_items.drain(open..));
        Ok(Node::Array(start, items.len() as u32))
    }

    /// Reads an object from its `{`.
    fn object(&mut self, depth: u32) -> Result<Node, Error> {
        let open = self.open_members.len();
        if !self.open(depth, b'}')? {
            loop {
                match self.peek() {
                    Some(b'"') => {}
                    Some(_) => return Err(self.error("key must be a string")),
                    None => return Err(self.error("EOF while parsing an object")),
                }
                let name = self.string()?;
                self.space();
                match self.peek() {
                    Some(b':') => self.at += 1,
                    Some(_) => return Err(self.error("expected `:`")),
                    None => return Err(self.error("EOF while parsing an object")),
                }
                let value = self.value(depth)?;
                self.open_members.push((name, value));
                if !self.more(b'}', "expected `,` or `}`", "EOF while parsing an object")? {
                    break;
                }
            }
        }
        let members = &mut self.document.members;
        let start = members.len() as u32;
        members.extend(self.open_members.drain(open..));
        Ok(Node::Object(start, members.len() as u32))
    }
}

/// The value as serde_json's `Value`, members inserted in the order sent (so the last of a
/// name wins, as in serde_json).
#[cfg(test)]
pub(crate) fn to_serde(value: Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(flag),
        Value::Number(number) => serde_json::Value::Number(match (number.as_u64(), number.as_i64()) {
            (Some(value), _) => value.into(),
            (None, Some(value)) => value.into(),
            _ => serde_json::Number::from_f64(number.as_f64()).expect("finite"),
        }),
        Value::String(text) => serde_json::Value::String(text.to_owned()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Object(members) => {
            serde_json::Value::Object(members.iter().map(|(name, value)| (name.to_owned(), to_serde(value))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles may differ in the last place where serde_json's fast reading does (over 17 digits).
    fn close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value as V;
        match (a, b) {
            (V::Number(x), V::Number(y)) if x.is_f64() && y.is_f64() => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                x == y || (x.to_bits().abs_diff(y.to_bits()) <= 1 && x.signum() == y.signum())
            }
            (V::Array(x), V::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y)),
            (V::Object(x), V::Object(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|((kx, x), (ky, y))| kx == ky && close(x, y))
            }
            _ => a == b,
        }
    }

    /// Reads `text` both ways: the same values, the same refusals.
    fn reads_as_serde_json_does(text: &str) {
        let expected = serde_json::from_str::<serde_json::Value>(text).ok();
        let read = parse(text).ok().map(|document| to_serde(document.root()));
        let same = match (&read, &expected) {
            (Some(read), Some(expected)) => close(read, expected),
            (None, None) => true,
            _ => false,
        };
        assert!(same, "{text:?}: read {read:?}, serde_json {expected:?}");
    }

    #[test]
    fn texts_read_as_serde_json_reads_them() {
        let deep = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let deep_objects = |depth: usize| format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for text in [
            "{}",
            "[]",
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1",
            "-1",
            "\"\"",
            " 1 ",
            "\n\t\r 1",
            "",
            " ",
            "nul",
            "nulls",
            "tru",
            "True",
            "[",
            "]",
            "{",
            "}",
            "[1",
            "[1,",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            r#"{"A":"x","A":"y"}"#,
            r#"{"A":"x","A":null}"#,
            r#"{"St\u0072eamName":"a\"b\\c\u00e9\ud83d\ude00\/\b\f\n\r\t","B":"plain"}"#,
            r#"["\uD83D\uDE00", "\u00E9", "\u0000"]"#,
            r#"[1,-2,3.5,1e300,-0,18446744073709551615,18446744073709551616,-9223372036854775808]"#,
            r#"[-9223372036854775809, 9223372036854775807, 9223372036854775808, -0.0, 0e0, 1E+2, 1e-2]"#,
            "[1e400]",
            "[-1e400]",
            "[1e-400]",
            "[1.7976931348623157e308]",
            "[1.8e308]",
            &format!("[{}]", "9".repeat(400)),
            &format!("[{}]", "9".repeat(300)),
            "[01]",
            "[-]",
            "[-01]",
            "[1.]",
            "[.1]",
            "[1.e1]",
            "[1e]",
            "[1e+]",
            "[+1]",
            "[1x]",
            "[0x1]",
            "[Infinity]",
            "[NaN]",
            "[1.0e",
            "[-",
            "[1.5",
            "1.",
            "-",
            r#"["\x"]"#,
            r#"["\ud800"]"#,
            r#"["\udc00"]"#,
            r#"["\ud800\u0041"]"#,
            r#"["\ud800x"]"#,
            r#"["\ud800\n"]"#,
            r#"["\u12"]"#,
            r#"["\u12g4"]"#,
            r#"["\"#,
            r#"["abc"#,
            "[\"tab\tin\"]",
            "[\"\u{7f}\u{e9}\u{1F600}\"]",
            r#"{"A":1}{}"#,
            r#"{"A":1} x"#,
            "[1] ",
            "[1]\n",
            r#"{"A":[{"B":[{}],"C":{"D":[null,true,false]}},[],{}],"E":{"F":{"G":"h"}}}"#,
            &deep(126),
            &deep(127),
            &deep(128),
            &deep(129),
            &deep_objects(127),
            &deep_objects(128),
        ] {
            reads_as_serde_json_does(text);
        }
    }

    #[test]
    fn random_texts_read_as_serde_json_reads_them() {
        // Mutations of a text with every kind of value: each byte dropped, doubled or replaced.
        let base = r#"{"a":[1,-2.5e3,"x\u00e9\n",true,false,null,{"b":{}},[]],"c":"d"}"#;
        let replacements = [b'"', b',', b':', b'[', b']', b'{', b'}', b'\\', b'0', b'-', b'e', b'.', b' ', b'u'];
        for at in 0..base.len() {
            let bytes = base.as_bytes();
            let mut variants = vec![[&bytes[..at], &bytes[at + 1..]].concat(), [&bytes[..=at], &bytes[at..]].concat()];
            for &byte in &replacements {
                let mut changed = bytes.to_vec();
                changed[at] = byte;
                variants.push(changed);
            }
            for variant in variants {
                if let Ok(text) = std::str::from_utf8(&variant) {
                    reads_as_serde_json_does(text);
                }
            }
        }
    }

    #[test]
    fn long_strings_read_as_serde_json_reads_them() {
        // A special byte at every place of the eight-byte words the reader skips over.
        for len in 0..40 {
            for at in 0..len {
                for special in ["\\\"", "\\n", "\\u00e9", "\"", "\n", "\u{1f}", "\u{7f}", "é", "\\", "\\ud83d\\ude00"]
                {
                    let mut text = "x".repeat(len);
                    text.replace_range(at..=at, special);
                    reads_as_serde_json_does(&format!("[\"{text}\"]"));
                    reads_as_serde_json_does(&format!("{{\"{text}\":\"{text}\"}}"));
                }
            }
        }
    }

    #[test]
    fn numbers_read_as_written() {
        let document = parse("[18446744073709551615, -9223372036854775808, -0, 2.5, 1e2]").unwrap();
        let numbers: Vec<Number> = document.root().as_array().unwrap().iter().map(|v| v.as_number().unwrap()).collect();
        assert_eq!(numbers[0].as_u64(), Some(u64::MAX));
        assert_eq!(numbers[0].as_i64(), None);
        assert_eq!(numbers[1].as_i64(), Some(i64::MIN));
        assert_eq!((numbers[2].as_i64(), numbers[2].as_f64().to_bits()), (None, (-0.0f64).to_bits()));
        assert_eq!((numbers[3].as_u64(), numbers[3].as_f64()), (None, 2.5));
        assert_eq!((numbers[4].as_u64(), numbers[4].as_f64(), numbers[4].text()), (None, 100.0, "1e2"));
    }

    #[test]
    fn members_keep_their_order_and_text() {
        let document = parse(r#"{"b": {"z": 1, "a": [2]}, "a": "x\ty", "b": 3}"#).unwrap();
        let root = document.root().as_object().unwrap();
        let names: Vec<&str> = root.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["b", "a", "b"]);
        assert_eq!(root.get("b").and_then(Value::as_u64), Some(3), "the last of a name");
        assert_eq!(root.get("a").and_then(Value::as_str), Some("x\ty"));
        assert_eq!(root.raw("b"), Some("3"));
        let first = root.iter().next().unwrap().1.as_object().unwrap();
        assert_eq!(document.raw(first.members[1].1), r#"[2]"#);
        assert_eq!(
            parse(r#" {"a": {"z": 1,  "a": [2]} } "#).unwrap().root().as_object().unwrap().raw("a"),
            Some(r#"{"z": 1,  "a": [2]}"#)
        );
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse("{\n  \"a\": tru }").unwrap_err().to_string(), "expected ident at line 2 column 11");
        assert_eq!(parse("[1,]").unwrap_err().to_string(), "trailing comma at line 1 column 4");
    }
}
