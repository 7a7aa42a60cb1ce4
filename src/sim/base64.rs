//! Base64: the standard alphabet with padding (NextTokens, the endpoint's `x-amz-id-2`) and the
//! URL-safe one without (share links). Small enough that a crate would cost the wasm bundle more
//! than it saves.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding (RFC 4648 §5).
pub fn encode_url(bytes: &[u8]) -> String {
    encode(bytes)
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    if text.bytes().any(|b| !URL_ALPHABET.contains(&b)) {
        return None;
    }
    let mut standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    decode(&standard)
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 {
            return None;
        }
        let mut n = 0u32;
        for (i, &b) in chunk[..4 - padding].iter().enumerate() {
            let value = ALPHABET.iter().position(|&a| a == b)? as u32;
            n |= value << (18 - 6 * i);
        }
        out.extend(n.to_be_bytes()[1..4 - padding].iter());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_malformed_text() {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(decode(&encode(text.as_bytes())).unwrap(), text.as_bytes());
        }
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(decode("Zm8"), None);
        assert_eq!(decode("Z==="), None);
        assert_eq!(decode("Zm8*"), None);
    }

    #[test]
    fn url_safe_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = encode_url(&bytes);
        assert!(!text.contains(['+', '/', '=']));
        assert_eq!(decode_url(&text).unwrap(), bytes);
        assert_eq!(decode_url("Zm8"), Some(b"fo".to_vec()));
        assert_eq!(decode_url("Zm8="), None);
        assert_eq!(decode_url("Z"), None);
    }
}
