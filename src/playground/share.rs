//! Share links: the session (its log of API calls and clock changes) in the URL fragment,
//! compressed, so that opening the link replays to the same state, byte for byte.
//!
//! `#s=1.<base64url(deflate(saved session JSON))>`. The `1` is the link format; the session
//! inside carries its own version. Links must keep working across releases: a newer release
//! reads every older format (tests replay stored links), and refuses what it cannot read with a
//! message, never a crash. Hostile links are bounded before anything is replayed.

use super::session::SavedSession;
use crate::sim::base64;

/// The fragment key: `#s=…`.
pub const FRAGMENT_KEY: &str = "s=";
pub const LINK_FORMAT: u32 = 1;
/// Longer links are refused unread (browsers cap URLs at a few MB anyway).
pub const MAX_LINK_CHARS: usize = 2 * 1024 * 1024;
/// What a link may inflate to: a zip bomb stops here. Room for `MAX_EVENTS` calls of about 150
/// bytes each.
pub const MAX_INFLATED_BYTES: usize = 16 * 1024 * 1024;
/// A fast level, as sessions are saved often: 50,000 calls compress in 25 ms natively, against
/// 85 ms at level 9, to a nineteenth of the JSON (level 9: a twenty-first). The page uses the
/// browser's deflate, whose output reads the same.
#[cfg(not(target_arch = "wasm32"))]
const COMPRESSION_LEVEL: u8 = 2;

/// The fragment (without `#`) for a session, compressed here. The page compresses with the
/// browser's deflate instead (`ui::compress`), so that its bundle holds no compressor, and
/// makes the fragment with `fragment`.
#[cfg(not(target_arch = "wasm32"))]
pub fn encode(session: &SavedSession) -> String {
    fragment(&miniz_oxide::deflate::compress_to_vec(session.to_json().as_bytes(), COMPRESSION_LEVEL))
}

/// The fragment (without `#`) for a session's JSON deflated (raw deflate, any level).
pub fn fragment(compressed: &[u8]) -> String {
    format!("{FRAGMENT_KEY}{LINK_FORMAT}.{}", base64::encode_url(compressed))
}

/// The form a session is kept in local storage: the same compressed text as a link's fragment,
/// so that tens of thousands of calls fit in the browser's quota. (The page may also keep the
/// plain JSON for a moment, until its compression is done; `from_stored` reads both.)
#[cfg(not(target_arch = "wasm32"))]
pub fn to_stored(session: &SavedSession) -> String {
    encode(session)
}

/// Inflates a link's raw deflate: the bytes, or None when they do not inflate or would inflate
/// to more than `MAX_INFLATED_BYTES`. Natively miniz_oxide; the page inflates with the browser's
/// `DecompressionStream` ahead of reading (`ui::compress`), as that is asynchronous, and its
/// bundle then holds no inflater (6 KB gzipped).
pub type Inflate<'a> = &'a dyn Fn(&[u8]) -> Option<Vec<u8>>;

#[cfg(not(target_arch = "wasm32"))]
fn inflate(compressed: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(compressed, MAX_INFLATED_BYTES).ok()
}

/// Reads a stored session: compressed, or the plain JSON that earlier releases stored.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_stored(text: &str) -> Result<SavedSession, String> {
    from_stored_with(text, &inflate)
}

/// `from_stored`, inflating with `inflate`.
pub fn from_stored_with(text: &str, inflate: Inflate) -> Result<SavedSession, String> {
    match decode_with(text, inflate) {
        Some(result) => result.map_err(|reason| reason.replace("share link", "saved session")),
        None => SavedSession::from_json(text),
    }
}

/// Reads a fragment (with or without `#`); None when it is not a share link at all.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(fragment: &str) -> Option<Result<SavedSession, String>> {
    decode_with(fragment, &inflate)
}

/// `decode`, inflating with `inflate`.
pub fn decode_with(fragment: &str, inflate: Inflate) -> Option<Result<SavedSession, String>> {
    Some(read(link(fragment)?, inflate))
}

/// A fragment's link, after `s=`.
fn link(fragment: &str) -> Option<&str> {
    fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(FRAGMENT_KEY)
}

/// The compressed bytes a fragment or a stored text carries, when it is a link of this format
/// whose payload is base64: what there is to inflate before reading it.
pub fn compressed(text: &str) -> Option<Vec<u8>> {
    let (format, payload) = link(text)?.split_once('.')?;
    (format.parse::<u32>() == Ok(LINK_FORMAT)).then(|| base64::decode_url(payload))?
}

fn read(link: &str, inflate: Inflate) -> Result<SavedSession, String> {
    const DAMAGED: &str = "The share link is damaged or incomplete.";
    if link.len() > MAX_LINK_CHARS {
        return Err("The share link is too long to open.".into());
    }
    let (format, payload) = link.split_once('.').ok_or(DAMAGED)?;
    match format.parse::<u32>() {
        Ok(LINK_FORMAT) => {}
        Ok(other) => {
            return Err(format!(
                "The share link is from a newer version of the playground (link format {other:.10}); this one reads format {LINK_FORMAT}."
            ));
        }
        Err(_) => return Err(DAMAGED.into()),
    }
    let compressed = base64::decode_url(payload).ok_or(DAMAGED)?;
    let json = inflate(&compressed).ok_or(DAMAGED)?;
    let text = String::from_utf8(json).map_err(|_| DAMAGED.to_owned())?;
    SavedSession::from_json(&text).map_err(|reason| reason.replace("saved session", "share link"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::playground::session::{Event, SESSION_VERSION};

    #[test]
    fn stored_sessions_are_compressed_and_plain_json_still_reads() {
        let saved = session(&["a", "b"]);
        let stored = to_stored(&saved);
        assert!(stored.starts_with("s=1."));
        assert_eq!(from_stored(&stored), Ok(saved.clone()));
        assert_eq!(from_stored(&saved.to_json()), Ok(saved));
        assert_eq!(from_stored("s=1.AAAA"), Err("The saved session is damaged or incomplete.".into()));
        assert!(from_stored("{").unwrap_err().contains("could not be read"));
    }

    fn session(names: &[&str]) -> SavedSession {
        SavedSession {
            version: SESSION_VERSION,
            started_ms: 1_700_000_000_000,
            events: names
                .iter()
                .enumerate()
                .map(|(i, name)| Event::Call {
                    at_ms: 1_700_000_000_000 + i as i64 * 1000,
                    operation: "CreateStream".into(),
                    body: format!(r#"{{"StreamName":"{name}","ShardCount":1}}"#),
                })
                .collect(),
            now_ms: 1_700_000_100_000,
            speed: 1,
            paused: false,
        }
    }

    #[test]
    fn round_trips_and_compresses() {
        let names: Vec<String> = (0..500).map(|i| format!("orders.v{i}-eu_west")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let saved = session(&names);
        let link = encode(&saved);
        assert!(link.starts_with("s=1."));
        assert!(link.len() * 5 < saved.to_json().len(), "compressed: {} of {}", link.len(), saved.to_json().len());
        assert_eq!(decode(&format!("#{link}")), Some(Ok(saved)));
        assert_eq!(decode("#other=1"), None);
    }

    #[test]
    fn the_compressed_bytes_of_a_link_are_found_before_reading_it() {
        let link = encode(&session(&["a"]));
        let bytes = compressed(&link).expect("a link of this format");
        assert_eq!(Some(bytes.clone()), compressed(&format!("#{link}")));
        assert_eq!(
            decode_with(&link, &|b| (b == bytes).then(|| session(&["a"]).to_json().into_bytes())),
            Some(Ok(session(&["a"])))
        );
        assert_eq!(decode_with(&link, &|_| None), Some(Err("The share link is damaged or incomplete.".into())));
        for other in ["s=2.AAAA", "s=1.!!!", "s=1", "#other=1", "{\"version\":3}"] {
            assert_eq!(compressed(other), None, "{other}");
        }
    }

    #[test]
    fn refuses_bad_links_with_a_reason() {
        let good = encode(&session(&["a"]));
        let cases = [
            ("s=", "damaged"),
            ("s=1.", "damaged"),
            ("s=1.!!!", "damaged"),
            ("s=1.AAAA", "damaged"),
            ("s=x.AAAA", "damaged"),
            ("s=2.AAAA", "newer version"),
            (&good[..good.len() - 3], "damaged"),
        ];
        for (link, reason) in cases {
            let error = decode(link).unwrap().unwrap_err();
            assert!(error.contains(reason), "{link}: {error}");
        }
        let huge = format!("s=1.{}", "A".repeat(MAX_LINK_CHARS));
        assert!(decode(&huge).unwrap().unwrap_err().contains("too long"));
        // A zip bomb: 50 MB of zeros compress to a few kB.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 50 * 1024 * 1024], 9);
        let link = format!("s=1.{}", base64::encode_url(&bomb));
        assert!(decode(&link).unwrap().unwrap_err().contains("damaged"));
    }
}
