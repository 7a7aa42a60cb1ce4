//! ListShards' NextToken: an opaque string that carries where the next page starts and when the
//! token was issued, so it can expire after 300 s of simulation time (KINESIS.md §2.9).
//!
//! Deterministic, like everything in the core: the same listing at the same time gives the same
//! token. It is base64, like the service's tokens; a token that does not decode names nothing.

/// What a ListShards page needs to continue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardPageToken {
    pub issued_at_ms: i64,
    pub stream_name: String,
    pub stream_created_at_ms: i64,
    /// The index of the last shard returned.
    pub after_index: u32,
    /// The ShardFilter in force, encoded by `list_shards`.
    pub filter: String,
}

const VERSION: &str = "1";

impl ShardPageToken {
    pub fn encode(&self) -> String {
        let text = format!(
            "{VERSION}|{}|{}|{}|{}|{}",
            self.issued_at_ms, self.stream_created_at_ms, self.after_index, self.filter, self.stream_name
        );
        base64_encode(text.as_bytes())
    }

    pub fn decode(token: &str) -> Option<Self> {
        let text = String::from_utf8(base64_decode(token)?).ok()?;
        let mut parts = text.splitn(6, '|');
        if parts.next()? != VERSION {
            return None;
        }
        Some(Self {
            issued_at_ms: parts.next()?.parse().ok()?,
            stream_created_at_ms: parts.next()?.parse().ok()?,
            after_index: parts.next()?.parse().ok()?,
            filter: parts.next()?.to_owned(),
            stream_name: parts.next()?.to_owned(),
        })
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
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

fn base64_decode(text: &str) -> Option<Vec<u8>> {
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
    fn base64_round_trips() {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(base64_decode(&base64_encode(text.as_bytes())).unwrap(), text.as_bytes());
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_decode("Zm8"), None);
        assert_eq!(base64_decode("Z==="), None);
        assert_eq!(base64_decode("Zm8*"), None);
    }

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let token = ShardPageToken {
            issued_at_ms: 1_700_000_000_000,
            stream_name: "a.b-c_d".into(),
            stream_created_at_ms: 1_699_999_000_000,
            after_index: 99,
            filter: "A1700000000000".into(),
        };
        assert_eq!(ShardPageToken::decode(&token.encode()), Some(token));
        assert_eq!(ShardPageToken::decode("not a token"), None);
        assert_eq!(ShardPageToken::decode(&base64_encode(b"2|1|2|3|-|x")), None);
        assert_eq!(ShardPageToken::decode(&base64_encode(b"1|x|2|3|-|x")), None);
    }
}
