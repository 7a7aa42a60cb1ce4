//! JSON read into a tree that keeps every lexeme as written: key order, number forms such as
//! `1.684013726E9`, string escapes. The inspector pretty-prints from it without changing a byte
//! of any value, which `serde_json::Value` would (it reorders keys and reprints numbers).

use crate::sim::json;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Keys as written, quotes and escapes included, with their decoded text.
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// A string, number, true, false or null, exactly as written.
    Scalar(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub raw_key: String,
    pub key: String,
    pub value: Node,
}

/// Deeper nesting than any Kinesis body has; a hostile body stops here instead of the stack.
const MAX_DEPTH: usize = 64;

pub fn parse(text: &str) -> Option<Node> {
    let mut parser = Parser { bytes: text.as_bytes(), at: 0, text };
    let node = parser.value(0)?;
    parser.skip_space();
    (parser.at == parser.bytes.len()).then_some(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Some(Node::Object(members));
                }
                loop {
                    self.skip_space();
                    let raw_key = self.string()?;
                    let key = json::string(&raw_key)?;
                    if !self.eat(b':') {
                        return None;
                    }
                    let value = self.value(depth + 1)?;
                    members.push(Member { raw_key, key, value });
                    if self.eat(b'}') {
                        return Some(Node::Object(members));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Node::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Some(Node::Array(items));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'"' => self.string().map(Node::Scalar),
            _ => {
                let start = self.at;
                while self.bytes.get(self.at).is_some_and(|b| !b",]} \t\r\n".contains(b)) {
                    self.at += 1;
                }
                let lexeme = &self.text[start..self.at];
                // Only what JSON allows: validated by the crate's reader, kept as written.
                json::parse(lexeme).ok()?;
                Some(Node::Scalar(lexeme.to_owned()))
            }
        }
    }

    /// A string token with its quotes, validated.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        loop {
            match self.bytes.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    break;
                }
                _ => self.at += 1,
            }
        }
        let raw = self.text.get(start..self.at)?;
        json::string(raw)?;
        Some(raw.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lexemes_and_order() {
        let node = parse(r#"{"b":1.684013726E9,"a":[true,null,"x\"y"],"c":{}}"#).unwrap();
        let Node::Object(members) = node else { panic!() };
        assert_eq!(members.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(members[0].value, Node::Scalar("1.684013726E9".into()));
        assert_eq!(
            members[1].value,
            Node::Array(vec![
                Node::Scalar("true".into()),
                Node::Scalar("null".into()),
                Node::Scalar(r#""x\"y""#.into())
            ])
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in ["", "{", r#"{"a":}"#, r#"{"a":1,}"#, "[1 2]", "tru", r#"{"a":1}x"#, &"[".repeat(100), "\"\\"] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert!(parse(" [ ] ").is_some());
    }
}
