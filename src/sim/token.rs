//! ListShards' NextToken: an opaque string that carries where the next page starts and when the
//! token was issued, so it can expire after 300 s of simulation time (docs/behaviour.md §5.9).
//!
//! Deterministic, like everything in the core: the same listing at the same time gives the same
//! token. It is base64, like the service's tokens; a token that does not decode names nothing.

use super::base64::{decode as base64_decode, encode as base64_encode};

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

    pub(crate) fn decode(token: &str) -> Option<Self> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
