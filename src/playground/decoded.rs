//! A record's Data as a reader wants it: the base64 on the wire decoded to its text, or to hex
//! when it is not text, for the inspector to show beside the wire form. Control characters are
//! escaped, so a record cannot lay out the page.

use crate::playground::traffic_form::thousands;
use crate::sim::{base64, json};

/// Characters of decoded text shown at most; bytes of hex.
const TEXT_CHARS: usize = 120;
const HEX_BYTES: usize = 32;

/// What the JSON string `lexeme` (quotes included) holds once base64-decoded, in words: its
/// size and its UTF-8 text (trailing spaces left out, control characters escaped), or its
/// first bytes in hex. None when the lexeme is not base64.
pub fn decoded(lexeme: &str) -> Option<String> {
    let text = json::string(lexeme)?;
    let bytes = base64::decode(&text)?;
    let size = match bytes.len() {
        1 => "1 byte".to_owned(),
        n => format!("{} bytes", thousands(n as u64)),
    };
    Some(match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let trimmed = text.trim_end_matches(' ');
            let mut shown = String::new();
            for c in trimmed.chars().take(TEXT_CHARS) {
                // Control characters, and the marks that reorder text around them.
                if c.is_control()
                    || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                {
                    shown.extend(c.escape_default());
                } else {
                    shown.push(c);
                }
            }
            if trimmed.chars().count() > TEXT_CHARS {
                shown.push('…');
            }
            let padding = text.len() - trimmed.len();
            let padded =
                if padding > 0 { format!(", then {} spaces", thousands(padding as u64)) } else { String::new() };
            format!("decoded, {size} of UTF-8 text{padded}: {shown}")
        }
        Err(_) => {
            // By hand: hex formatting would bring its own machinery into the page.
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            let mut hex = String::new();
            for (at, byte) in bytes.iter().take(HEX_BYTES).enumerate() {
                if at > 0 {
                    hex.push(' ');
                }
                hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
                hex.push(char::from(DIGITS[usize::from(byte & 15)]));
            }
            let more = if bytes.len() > HEX_BYTES { " …" } else { "" };
            format!("decoded, {size}, not text: {hex}{more}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_shown_as_text_and_bytes_as_hex() {
        assert_eq!(decoded(r#""aGVsbG8=""#).unwrap(), "decoded, 5 bytes of UTF-8 text: hello");
        // A described record: its JSON, padded with spaces to its size.
        let padded = base64::encode(format!("{{\"producer\":\"p\"}}{}", " ".repeat(1000)).as_bytes());
        assert_eq!(
            decoded(&format!("\"{padded}\"")).unwrap(),
            "decoded, 1,016 bytes of UTF-8 text, then 1,000 spaces: {\"producer\":\"p\"}"
        );
        assert_eq!(decoded(r#""//79""#).unwrap(), "decoded, 3 bytes, not text: ff fe fd");
        assert_eq!(decoded(r#""CgA=""#).unwrap(), "decoded, 2 bytes of UTF-8 text: \\n\\u{0}");
        let long = base64::encode(&[0xffu8; 40]);
        assert!(decoded(&format!("\"{long}\"")).unwrap().ends_with("ff ff …"));
        assert_eq!(
            decoded(&format!("\"{}\"", base64::encode("a\u{202e}b".as_bytes()))).unwrap(),
            "decoded, 5 bytes of UTF-8 text: a\\u{202e}b"
        );
        assert_eq!(decoded(r#""not base64!""#), None);
        assert_eq!(decoded("12"), None, "not a string");
        assert_eq!(decoded(r#""""#).unwrap(), "decoded, 0 bytes of UTF-8 text: ");
    }
}
