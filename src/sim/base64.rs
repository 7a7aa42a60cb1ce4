//! Base64: the standard alphabet with padding (NextTokens, the endpoint's `x-amz-id-2`, record
//! data) and the URL-safe one without (share links). Small enough that a crate would cost the
//! wasm bundle more than it saves; natively (the local endpoint), record data goes through
//! `base64-simd`, several times faster where the CPU has SIMD, with the same strictness.
//!
//! Record data is the hot path: a PutRecords call carries up to 500 blobs and a GetRecords answer
//! up to 10,000. Both directions work a group of four characters (three bytes) at a time, straight
//! into a buffer sized up front. Encoding looks up 12 bits at a time in a table of 4,096 character
//! pairs; decoding looks up each character in a table for its place in the group, its sextet
//! already shifted there, and ORs the four. The tables are built on first use, so they cost the
//! wasm bundle nothing.

use std::sync::OnceLock;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Marks a byte outside the alphabet in `SEXTETS`. Valid values are below 64, so the OR of a
/// group's four values shows whether any is invalid.
const INVALID: u8 = 0x80;

/// The value of each byte as a standard base64 character, or `INVALID` (`=` included).
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

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
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    encode_into(&mut out, bytes);
    // ASCII only.
    String::from_utf8(out).unwrap_or_default()
}

/// The two characters of each 12-bit number.
fn character_pairs() -> &'static [[u8; 2]; 4096] {
    static PAIRS: OnceLock<Box<[[u8; 2]; 4096]>> = OnceLock::new();
    PAIRS.get_or_init(|| Box::new(std::array::from_fn(|i| [ALPHABET[i >> 6], ALPHABET[i & 63]])))
}

/// The four characters of three bytes.
fn quad(pairs: &[[u8; 2]; 4096], triple: [u8; 3]) -> [u8; 4] {
    let n = usize::from(triple[0]) << 16 | usize::from(triple[1]) << 8 | usize::from(triple[2]);
    let ([a, b], [c, d]) = (pairs[n >> 12], pairs[n & 0xfff]);
    [a, b, c, d]
}

/// The four characters of the last one or two bytes, with padding.
fn last_quad(pairs: &[[u8; 2]; 4096], rest: &[u8]) -> [u8; 4] {
    let mut triple = [0; 3];
    triple[..rest.len()].copy_from_slice(rest);
    let mut out = quad(pairs, triple);
    out[rest.len() + 1..].fill(b'=');
    out
}

/// Appends the padded base64 of `bytes` to `out`: how a GetRecords answer writes each record's
/// data straight into the response body, with no string per record.
pub fn encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    // Natively, SIMD where the CPU has it; the page keeps the tables, smaller in the bundle.
    #[cfg(not(target_arch = "wasm32"))]
    base64_simd::STANDARD.encode_append(bytes, out);
    #[cfg(target_arch = "wasm32")]
    encode_with_tables(out, bytes);
}

/// Appends the base64 of `bytes` followed by `spaces` spaces, as `encode_into` would write it:
/// three spaces are always `ICAg`, so a described record's padding is copied, not encoded.
pub fn encode_spaced_into(out: &mut Vec<u8>, bytes: &[u8], spaces: usize) {
    const SPACES: &[u8; 3] = b"   ";
    // 1,536 spaces encoded: a few copies for the largest described record.
    const ENCODED: [u8; 2048] = {
        let mut encoded = [0; 2048];
        let mut at = 0;
        while at < encoded.len() {
            encoded[at] = b"ICAg"[at % 4];
            at += 1;
        }
        encoded
    };
    // Whole groups of `bytes`, then its last few bytes with the spaces that complete their group.
    let whole = bytes.len() / 3 * 3;
    encode_into(out, &bytes[..whole]);
    let rest = &bytes[whole..];
    let joining = if rest.is_empty() { 0 } else { (3 - rest.len()).min(spaces) };
    let mut group = [b' '; 3];
    group[..rest.len()].copy_from_slice(rest);
    encode_into(out, &group[..rest.len() + joining]);
    let spaces = spaces - joining;
    let mut groups = spaces / 3;
    while groups > 0 {
        let now = groups.min(ENCODED.len() / 4);
        out.extend_from_slice(&ENCODED[..now * 4]);
        groups -= now;
    }
    encode_into(out, &SPACES[..spaces % 3]);
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn encode_with_tables(out: &mut Vec<u8>, bytes: &[u8]) {
    let pairs = character_pairs();
    let (triples, rest) = bytes.as_chunks::<3>();
    let start = out.len();
    out.resize(start + bytes.len().div_ceil(3) * 4, 0);
    let quads = out[start..].as_chunks_mut::<4>().0;
    for (quad_out, &triple) in quads.iter_mut().zip(triples) {
        *quad_out = quad(pairs, triple);
    }
    if let (false, Some(last)) = (rest.is_empty(), quads.last_mut()) {
        *last = last_quad(pairs, rest);
    }
}

/// Three bytes from four characters, or None when one is not in the alphabet.
fn group(chars: [u8; 4]) -> Option<[u8; 3]> {
    let [a, b, c, d] = chars.map(|char| SEXTETS[char as usize]);
    if (a | b | c | d) & INVALID != 0 {
        return None;
    }
    Some(bytes_of([a, b, c, d]))
}

/// Three bytes from four valid sextets.
fn bytes_of(sextets: [u8; 4]) -> [u8; 3] {
    let [a, b, c, d] = sextets.map(u32::from);
    let n = a << 18 | b << 12 | c << 6 | d;
    [(n >> 16) as u8, (n >> 8) as u8, n as u8]
}

/// The group of up to four characters (those before the padding), the missing ones read as `A`
/// (zero).
fn padded_group(rest: &[u8]) -> Option<[u8; 3]> {
    let mut chars = [b'A'; 4];
    chars[..rest.len()].copy_from_slice(rest);
    group(chars)
}

/// Decodes padded base64 as the NextTokens and share links were written: up to two `=` at the
/// end of each group of four, and bits left over after the last byte ignored.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks_exact(4) {
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 {
            return None;
        }
        out.extend_from_slice(&padded_group(&chunk[..4 - padding])?[..3 - padding]);
    }
    Some(out)
}

/// Why text is not a blob, in the order the service checks (docs/behaviour.md §3.3): the length
/// first, then the characters, then the padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// The length in UTF-16 units, as Java counts it, is not a multiple of 4.
    Length(usize),
    /// The first character outside the alphabet, or a `=` followed by anything but `=`,
    /// whichever comes first. Whitespace is outside it, and a character beyond U+FFFF is
    /// reported whole, where Java holds it as two units (UNVERIFIED, docs/behaviour.md §10).
    Character(char),
    /// More than two `=`, or set bits after the last whole byte: text that the encoder would
    /// never write.
    LastNonPad,
}

/// Decodes a blob as the service's deserialiser reads it: only text that base64 encoding could
/// have produced, so every blob has one spelling (kinesalite's AWS-run tests,
/// docs/behaviour.md §3.3). The empty text is zero bytes.
pub fn decode_strict(text: &str) -> Result<Vec<u8>, Malformed> {
    let mut out = Vec::new();
    decode_strict_into(&mut out, text)?;
    Ok(out)
}

/// The same, appended to `out`, which is left as it was when the text is refused: how a
/// PutRecords call decodes all its records' data into one buffer.
pub fn decode_strict_into(out: &mut Vec<u8>, text: &str) -> Result<(), Malformed> {
    // Natively, SIMD where the CPU has it. Its standard alphabet is as strict as the tables
    // (padding, and no bits after the last byte); what it refuses, the tables read again for the
    // service's reason. `tests` compare the two on every short text.
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(len) = base64_simd::STANDARD.decoded_length(text.as_bytes()) {
        let start = out.len();
        // Room that grows by doubling: the crate reserves exactly, which, called once a record
        // on one buffer, would copy the buffer every time.
        out.reserve(len);
        if base64_simd::STANDARD.decode_append(text.as_bytes(), &mut *out).is_ok() {
            return Ok(());
        }
        out.truncate(start);
    }
    let start = out.len();
    decode_with_tables(out, text).inspect_err(|_| out.truncate(start))
}

fn decode_with_tables(out: &mut Vec<u8>, text: &str) -> Result<(), Malformed> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return Err(malformed(text));
    }
    let data_len = bytes.iter().rposition(|&b| b != b'=').map_or(0, |last| last + 1);
    let (data, padding) = (&bytes[..data_len], bytes.len() - data_len);
    let (groups, rest) = data.as_chunks::<4>();
    let start = out.len();
    out.reserve(groups.len() * 3 + rest.len().saturating_sub(1));
    out.resize(start + groups.len() * 3, 0);
    let [first, second, third, fourth] = placed_sextets();
    // No early exit: the loop runs branch-free and reports a bad character once, at the end.
    let mut seen = 0;
    for (triple, &[a, b, c, d]) in out[start..].as_chunks_mut::<3>().0.iter_mut().zip(groups) {
        let n = first[usize::from(a)] | second[usize::from(b)] | third[usize::from(c)] | fourth[usize::from(d)];
        seen |= n;
        *triple = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    }
    if seen & INVALID_PLACED != 0 {
        return Err(malformed(text));
    }
    let tail = padded_group(rest).ok_or_else(|| malformed(text))?;
    // One `=` stands for 2 bits left over in the last character, two for 4; they must be zero.
    let last = rest.last().map_or(0, |&b| SEXTETS[b as usize]);
    match (rest.len(), padding) {
        (0, 0) => {}
        (3, 1) if last & 0b11 == 0 => out.extend_from_slice(&tail[..2]),
        (2, 2) if last & 0b1111 == 0 => out.push(tail[0]),
        _ => return Err(Malformed::LastNonPad),
    }
    Ok(())
}

/// Marks a character outside the alphabet in `placed_sextets`, above the 24 bits of a group.
const INVALID_PLACED: u32 = 1 << 31;

/// For each of the four places in a group, each byte's sextet shifted to its place (the first
/// character's to the top six of 24 bits), or `INVALID_PLACED`: a group is then four lookups
/// ORed together, in 4 KiB of tables that stay in the L1 cache.
fn placed_sextets() -> &'static [[u32; 256]; 4] {
    static TABLES: OnceLock<Box<[[u32; 256]; 4]>> = OnceLock::new();
    TABLES.get_or_init(|| {
        Box::new(std::array::from_fn(|place| {
            std::array::from_fn(|byte| match SEXTETS[byte] {
                INVALID => INVALID_PLACED,
                sextet => u32::from(sextet) << (18 - 6 * place),
            })
        }))
    })
}

/// The error for text the fast path refused: the length in UTF-16 units (non-ASCII text can pass
/// the byte count and fail this one, or the other way round), else the first bad character.
fn malformed(text: &str) -> Malformed {
    let units = text.encode_utf16().count();
    if !units.is_multiple_of(4) {
        return Malformed::Length(units);
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let stray_pad = c == '=' && chars.peek().is_some_and(|&next| next != '=');
        if stray_pad || (c != '=' && !(c.is_ascii() && SEXTETS[c as usize] != INVALID)) {
            return Malformed::Character(c);
        }
    }
    Malformed::LastNonPad
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

    #[test]
    fn tables_agree_with_the_alphabet() {
        for (i, &c) in ALPHABET.iter().enumerate() {
            assert_eq!(SEXTETS[c as usize], i as u8);
        }
        assert_eq!(SEXTETS.iter().filter(|&&v| v != INVALID).count(), 64);
        assert_eq!(SEXTETS[b'=' as usize], INVALID);
    }

    #[test]
    fn every_length_round_trips_through_both_decoders() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(3000).map(|b| b.wrapping_mul(37)).collect();
        for len in (0..40).chain([767, 768, 769, 770, 1536, 3000]) {
            let text = encode(&bytes[..len]);
            assert_eq!(text.len(), len.div_ceil(3) * 4);
            assert_eq!(decode(&text).unwrap(), &bytes[..len], "{len}");
            assert_eq!(decode_strict(&text).unwrap(), &bytes[..len], "{len}");
        }
    }

    #[test]
    fn encode_into_appends() {
        let mut out = b"x".to_vec();
        encode_into(&mut out, b"fo");
        encode_into(&mut out, b"");
        encode_into(&mut out, b"foobar");
        assert_eq!(out, b"xZm8=Zm9vYmFy");
    }

    #[test]
    fn decoding_into_a_buffer_appends_or_leaves_it_as_it_was() {
        let mut out = b"key".to_vec();
        for len in 0..10 {
            let before = out.len();
            decode_strict_into(&mut out, &encode(&vec![7; len])).unwrap();
            assert_eq!(&out[before..], &vec![7; len][..]);
        }
        let before = out.clone();
        // Refused by the tables, and, natively, by SIMD first.
        for text in ["+/+=", "AAAAAA=A", "QUJD\n", "QQ"] {
            assert!(decode_strict_into(&mut out, text).is_err(), "{text}");
            assert_eq!(out, before, "{text}");
        }
    }

    #[test]
    fn spaces_encode_as_if_they_were_there() {
        for len in 0..8 {
            for spaces in (0..80).chain([1000, 1021]) {
                let bytes: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(97)).collect();
                let mut whole = bytes.clone();
                whole.resize(len + spaces, b' ');
                let mut spaced = b"x".to_vec();
                encode_spaced_into(&mut spaced, &bytes, spaces);
                assert_eq!(&spaced[1..], encode(&whole).as_bytes(), "{len} bytes, {spaces} spaces");
            }
        }
    }

    #[test]
    fn the_old_decoder_stays_lenient() {
        // Padding inside the text and bits left over are ignored, as before the tables.
        assert_eq!(decode("Zg==Zg=="), Some(b"ff".to_vec()));
        assert_eq!(decode("Zh=="), Some(b"f".to_vec()));
        assert_eq!(decode("===="), None);
    }

    #[test]
    fn strict_decoding_checks_length_then_characters_then_padding() {
        use Malformed::*;
        // kinesalite's AWS-run cases.
        assert_eq!(decode_strict("23456"), Err(Length(5)));
        assert_eq!(decode_strict("=+/="), Err(Character('=')));
        assert_eq!(decode_strict("+/+="), Err(LastNonPad));
        assert_eq!(decode_strict(""), Ok(vec![]));
        // The length comes first, counted in UTF-16 units.
        assert_eq!(decode_strict("*"), Err(Length(1)));
        assert_eq!(decode_strict("é"), Err(Length(1)));
        assert_eq!(decode_strict("😀ab"), Err(Character('😀')));
        assert_eq!(decode_strict("😀a"), Err(Length(3)));
        assert_eq!(decode_strict("éabc"), Err(Character('é')));
        assert_eq!(decode_strict("éab"), Err(Length(3)));
        // The leftmost of a stray character and a `=` followed by something else.
        assert_eq!(decode_strict("ab*="), Err(Character('*')));
        assert_eq!(decode_strict("a=*="), Err(Character('=')));
        assert_eq!(decode_strict("a*=b"), Err(Character('*')));
        assert_eq!(decode_strict("Zg==Zg=="), Err(Character('=')));
        assert_eq!(decode_strict("Zm8\n"), Err(Character('\n')));
        assert_eq!(decode_strict("Zm 8"), Err(Character(' ')));
        assert_eq!(decode_strict("Zm8=\n\n\n\n"), Err(Character('=')));
        assert_eq!(decode_strict("Zm9v\r\nYmFy"), Err(Length(10)));
        assert_eq!(decode_strict("Zm9v-_Fy"), Err(Character('-')));
        // Bad characters found past the fast path's first group.
        assert_eq!(decode_strict("Zm9vYm*y"), Err(Character('*')));
        assert_eq!(decode_strict("*==="), Err(Character('*')));
        // Padding that encoding would not write.
        assert_eq!(decode_strict("Z==="), Err(LastNonPad));
        assert_eq!(decode_strict("===="), Err(LastNonPad));
        assert_eq!(decode_strict("Zm8====="), Err(LastNonPad));
        assert_eq!(decode_strict("Zh=="), Err(LastNonPad));
        assert_eq!(decode_strict("Zm9="), Err(LastNonPad));
        assert_eq!(decode_strict("Zg=="), Ok(b"f".to_vec()));
        assert_eq!(decode_strict("Zm8="), Ok(b"fo".to_vec()));
        assert_eq!(decode_strict("+/+8"), Ok(vec![0xfb, 0xff, 0xbc]));
    }

    /// What kinesalite's checks say of `text`, written the plain way: the length, the leftmost
    /// stray character or `=` followed by something else, then whether it re-encodes to itself.
    fn reference(text: &str) -> Result<Vec<u8>, Malformed> {
        let units: Vec<u16> = text.encode_utf16().collect();
        if !units.len().is_multiple_of(4) {
            return Err(Malformed::Length(units.len()));
        }
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let stray = c != '=' && !(c.is_ascii() && ALPHABET.contains(&(c as u8)));
            if stray || (c == '=' && chars.get(i + 1).is_some_and(|&n| n != '=')) {
                return Err(Malformed::Character(c));
            }
        }
        decode(text).filter(|bytes| encode(bytes) == text).ok_or(Malformed::LastNonPad)
    }

    #[test]
    fn strict_decoding_accepts_exactly_the_encodings() {
        // Every text of up to five characters over a small alphabet that holds each kind of case.
        let symbols = ['A', 'B', 'g', 'h', '+', '/', '=', '*', 'é'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            texts = texts.iter().flat_map(|t| symbols.iter().map(move |&c| format!("{t}{c}"))).collect();
            for text in &texts {
                assert_eq!(decode_strict(text), reference(text), "{text}");
            }
        }
    }

    /// Natively, record data goes through SIMD; the page uses the tables. Both must accept and
    /// refuse the same texts, and decode to the same bytes: every text of 4 characters over
    /// letters, digits, both symbols, `=`, `-` and `\n`, and of 8 over the characters that
    /// decide padding and left-over bits (`A` has none set, `/` all).
    #[test]
    fn simd_and_tables_agree() {
        for (len, alphabet) in [(0usize, &b"A"[..]), (4, b"AQgw/+9=-\n"), (8, b"A/=-\n")] {
            let mut digits = vec![0usize; len];
            loop {
                let text: String = digits.iter().map(|&d| alphabet[d] as char).collect();
                let mut bytes = b"k".to_vec();
                let tables = decode_with_tables(&mut bytes, &text);
                let mut simd = b"k".to_vec();
                assert_eq!(decode_strict_into(&mut simd, &text).is_ok(), tables.is_ok(), "{text:?}");
                if tables.is_ok() {
                    assert_eq!(simd, bytes, "{text:?}");
                    let mut encoded = Vec::new();
                    encode_with_tables(&mut encoded, &bytes[1..]);
                    let mut simd = Vec::new();
                    encode_into(&mut simd, &bytes[1..]);
                    assert_eq!(simd, encoded, "{text:?}");
                }
                let Some(at) = digits.iter().rposition(|&d| d + 1 < alphabet.len()) else { break };
                digits[at] += 1;
                digits[at + 1..].fill(0);
            }
        }
    }
}
