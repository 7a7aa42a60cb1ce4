//! Shard iterators: opaque base64 text that names a stream, a shard and a position in it, and
//! the time it was handed out (docs/behaviour.md §11.3).
//!
//! They look like the service's: the first eight bytes are `00 … 01` (so the text starts
//! `AAAAAAAAAAE`) and the length is 152 bytes plus a multiple of 16. The rest is this simulator's
//! own layout, closed by an MD5 tag keyed by the account, so an iterator that was not handed out
//! by this account (forged, cut or edited) is "Invalid ShardIterator." rather than a read of
//! whatever it claims. The tag is deterministic, so replaying a session gives the same texts.

use md5::{Digest, Md5};

use crate::sim::base64;

const PREFIX: [u8; 8] = [0, 0, 0, 0, 0, 0, 0, 1];
const VERSION: u8 = 1;
const TAG_LEN: usize = 16;
const MIN_LEN: usize = 152;
/// Prefix, version, three times, a shard index and the name's length.
const FIXED_LEN: usize = PREFIX.len() + 1 + 8 + 8 + 4 + 8 + 1;
/// How long an iterator stays valid after it is handed out.
pub const LIFETIME_MS: i64 = 300_000;

/// What an iterator says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardIterator {
    pub stream_name: String,
    /// When the stream was created: an iterator of a stream deleted and created again under the
    /// same name does not read the new one.
    pub stream_created_ms: i64,
    pub shard_index: u32,
    /// The sequence index of the next record to read.
    pub position: u64,
    /// When the iterator was handed out; it expires `LIFETIME_MS` later.
    pub created_ms: i64,
}

impl ShardIterator {
    /// The iterator's text, tagged for `account_id`.
    pub fn encode(&self, account_id: &str) -> String {
        let name = self.stream_name.as_bytes();
        let unpadded = FIXED_LEN + name.len() + TAG_LEN;
        let len = MIN_LEN + unpadded.saturating_sub(MIN_LEN).div_ceil(16) * 16;
        let mut bytes = Vec::with_capacity(len);
        bytes.extend_from_slice(&PREFIX);
        bytes.push(VERSION);
        bytes.extend_from_slice(&self.created_ms.to_be_bytes());
        bytes.extend_from_slice(&self.stream_created_ms.to_be_bytes());
        bytes.extend_from_slice(&self.shard_index.to_be_bytes());
        bytes.extend_from_slice(&self.position.to_be_bytes());
        // Stream names are at most 128 characters of [a-zA-Z0-9_.-].
        bytes.push(name.len().min(255) as u8);
        bytes.extend_from_slice(&name[..name.len().min(255)]);
        bytes.resize(len - TAG_LEN, 0);
        let tag = tag(account_id, &bytes);
        bytes.extend_from_slice(&tag);
        base64::encode(&bytes)
    }

    /// Reads an iterator this account handed out; None for any other text.
    pub fn decode(text: &str, account_id: &str) -> Option<Self> {
        let bytes = base64::decode(text)?;
        if bytes.len() < MIN_LEN || !(bytes.len() - MIN_LEN).is_multiple_of(16) || bytes[..8] != PREFIX {
            return None;
        }
        let (body, sent_tag) = bytes.split_at(bytes.len() - TAG_LEN);
        if tag(account_id, body) != sent_tag || body[8] != VERSION {
            return None;
        }
        let read_i64 = |at: usize| i64::from_be_bytes(body[at..at + 8].try_into().unwrap_or_default());
        let shard_index = u32::from_be_bytes(body[25..29].try_into().ok()?);
        let position = u64::from_be_bytes(body[29..37].try_into().ok()?);
        let name_len = usize::from(body[37]);
        let name = body.get(FIXED_LEN..FIXED_LEN + name_len)?;
        Some(Self {
            stream_name: String::from_utf8(name.to_vec()).ok()?,
            stream_created_ms: read_i64(17),
            shard_index,
            position,
            created_ms: read_i64(9),
        })
    }
}

/// The first 16 bytes of MD5 over the account and the iterator's bytes.
fn tag(account_id: &str, body: &[u8]) -> [u8; TAG_LEN] {
    let mut hasher = Md5::new();
    hasher.update(b"kinesis-playground shard iterator ");
    hasher.update(account_id.as_bytes());
    hasher.update(body);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> ShardIterator {
        ShardIterator {
            stream_name: name.into(),
            stream_created_ms: 1_700_000_000_000,
            shard_index: 7,
            position: 12_345,
            created_ms: 1_700_000_123_456,
        }
    }

    #[test]
    fn round_trips_and_looks_like_the_services() {
        for name in ["s", &"n".repeat(98), &"n".repeat(99), &"n".repeat(128)] {
            let text = sample(name).encode("123456789012");
            assert!(text.starts_with("AAAAAAAAAAE"), "{text}");
            let len = base64::decode(&text).unwrap().len();
            assert!(len >= 152 && (len - 152).is_multiple_of(16), "{len}");
            assert!(text.len() <= 512);
            assert_eq!(ShardIterator::decode(&text, "123456789012"), Some(sample(name)));
        }
    }

    #[test]
    fn forged_cut_and_foreign_iterators_do_not_decode() {
        let text = sample("stream").encode("123456789012");
        assert_eq!(ShardIterator::decode(&text, "210987654321"), None, "another account's");
        let mut bytes = base64::decode(&text).unwrap();
        bytes[30] ^= 1; // another position
        assert_eq!(ShardIterator::decode(&base64::encode(&bytes), "123456789012"), None);
        assert_eq!(ShardIterator::decode(&base64::encode(&bytes[..152]), "123456789012"), None);
        for junk in ["", "AAAA", "not base64!", &"A".repeat(204)] {
            assert_eq!(ShardIterator::decode(junk, "123456789012"), None, "{junk}");
        }
    }
}
