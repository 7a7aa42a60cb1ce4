//! The journal: the calls that changed the account, in the order they ran, one segment file after
//! another (`journal-00000001.log`, …). A segment starts with the account's settings, which the
//! calls after it ran under; then each call is one entry, written whole with a single `write`
//! before the call is answered:
//!
//! ```text
//! entry   = length (u32 LE) · CRC-32 of payload (u32 LE) · payload
//! payload = time (i64 LE, epoch ms) · CRC-32 of the answer (u32 LE) · operation length (u8)
//!           · operation name · request body (the JSON the simulator read)
//! ```
//!
//! A crash can leave the last entry cut short, or not yet written over its length's worth;
//! reading stops at the first entry that is short or fails its checksum, and everything before it
//! is kept. The answer's checksum lets a replay tell whether it got the same answer again.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use crate::sim::Config;

const MAGIC: &[u8; 8] = b"KPJRNL01";
/// No call's body is larger than the endpoint accepts; a length past this is damage.
const MAX_PAYLOAD: u32 = (crate::endpoint::protocol::MAX_BODY_BYTES + 1024) as u32;

pub fn path(dir: &Path, number: u64) -> PathBuf {
    dir.join(format!("journal-{number:08}.log"))
}

/// The segment numbers in `dir`, ascending.
pub fn numbers(dir: &Path) -> io::Result<Vec<u64>> {
    let mut numbers: Vec<u64> = std::fs::read_dir(dir)?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_prefix("journal-")?.strip_suffix(".log")?.parse().ok()
        })
        .collect();
    numbers.sort_unstable();
    Ok(numbers)
}

/// One call as the journal keeps it.
#[derive(Debug, PartialEq)]
pub struct Entry<'a> {
    pub now_ms: i64,
    pub answer_crc: u32,
    pub operation: &'a str,
    pub body: &'a [u8],
}

impl Entry<'_> {
    /// The entry as written: framed and checksummed.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&self.now_ms.to_le_bytes());
        out.extend_from_slice(&self.answer_crc.to_le_bytes());
        out.push(self.operation.len() as u8);
        out.extend_from_slice(self.operation.as_bytes());
        out.extend_from_slice(self.body);
        let length = (out.len() - 8) as u32;
        let crc = crc32fast::hash(&out[8..]);
        out[..4].copy_from_slice(&length.to_le_bytes());
        out[4..8].copy_from_slice(&crc.to_le_bytes());
    }

    fn decode(payload: &[u8]) -> Option<Entry<'_>> {
        let now_ms = i64::from_le_bytes(payload.get(..8)?.try_into().ok()?);
        let answer_crc = u32::from_le_bytes(payload.get(8..12)?.try_into().ok()?);
        let length = usize::from(*payload.get(12)?);
        let operation = std::str::from_utf8(payload.get(13..13 + length)?).ok()?;
        Some(Entry { now_ms, answer_crc, operation, body: &payload[13 + length..] })
    }
}

/// The segment being written.
pub struct Segment {
    pub number: u64,
    file: File,
    len: u64,
    buffer: Vec<u8>,
}

impl Segment {
    /// Starts segment `number` in `dir`, for calls under `config`; the header is on disk before
    /// this returns.
    pub fn create(dir: &Path, number: u64, config: &Config) -> io::Result<Self> {
        let settings = postcard::to_stdvec(config).map_err(io::Error::other)?;
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&(settings.len() as u32).to_le_bytes());
        header.extend_from_slice(&crc32fast::hash(&settings).to_le_bytes());
        header.extend_from_slice(&settings);
        let mut file = OpenOptions::new().create_new(true).write(true).open(path(dir, number))?;
        file.write_all(&header)?;
        file.sync_all()?;
        super::sync_dir(dir)?;
        Ok(Self { number, file, len: header.len() as u64, buffer: Vec::new() })
    }

    /// Appends an entry with one `write`: once this returns, the entry survives the process.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        entry.encode(&mut self.buffer);
        self.file.write_all(&self.buffer)?;
        self.len += self.buffer.len() as u64;
        Ok(())
    }

    /// Flushes the segment to the disk: once this returns, its entries survive the machine.
    pub fn sync(&self) -> io::Result<()> {
        self.file.sync_data()
    }

    /// A handle on the same file, for syncing from another thread.
    pub fn try_clone_file(&self) -> io::Result<File> {
        self.file.try_clone()
    }

    pub fn len(&self) -> u64 {
        self.len
    }
}

/// What reading a segment found.
#[derive(Debug, Default)]
pub struct Found {
    pub entries: u64,
    /// Where the whole entries end, when bytes after that were dropped: a torn or damaged tail.
    pub damaged_at: Option<u64>,
    pub dropped_bytes: u64,
}

/// Why a segment could not be read at all.
#[derive(Debug)]
pub enum Unreadable {
    Io(io::Error),
    /// Its header is missing or damaged: the settings its calls ran under are unknown.
    Header(String),
}

/// What reading a segment hands on, in order: its settings, then each whole entry.
pub enum Item<'a> {
    Settings(Config),
    Entry(Entry<'a>),
}

/// Reads segment `path`, handing its settings and then each whole entry in order to `on`. Stops
/// at the first entry that is short or fails its checksum.
pub fn read(path: &Path, mut on: impl FnMut(Item)) -> Result<Found, Unreadable> {
    let file = File::open(path).map_err(Unreadable::Io)?;
    let size = file.metadata().map_err(Unreadable::Io)?.len();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut fixed = [0_u8; 16];
    let header_error = |what: &str| Unreadable::Header(format!("{}: {what}", path.display()));
    reader.read_exact(&mut fixed).map_err(|_| header_error("the header is cut short"))?;
    if &fixed[..8] != MAGIC {
        return Err(header_error("not a journal segment of this version"));
    }
    let length = u32::from_le_bytes(fixed[8..12].try_into().unwrap_or_default());
    let crc = u32::from_le_bytes(fixed[12..16].try_into().unwrap_or_default());
    if length > 1 << 20 {
        return Err(header_error("the header is damaged"));
    }
    let mut settings = vec![0; length as usize];
    reader.read_exact(&mut settings).map_err(|_| header_error("the header is cut short"))?;
    if crc32fast::hash(&settings) != crc {
        return Err(header_error("the header fails its checksum"));
    }
    let config: Config = postcard::from_bytes(&settings).map_err(|_| header_error("the settings do not read"))?;
    on(Item::Settings(config));

    let mut read = Found::default();
    let mut offset = 16 + u64::from(length);
    let mut payload = Vec::new();
    loop {
        let mut frame = [0_u8; 8];
        match read_full(&mut reader, &mut frame).map_err(Unreadable::Io)? {
            0 => break,
            8 => {}
            _ => {
                read.damaged_at = Some(offset);
                break;
            }
        }
        let length = u32::from_le_bytes(frame[..4].try_into().unwrap_or_default());
        let crc = u32::from_le_bytes(frame[4..].try_into().unwrap_or_default());
        if length > MAX_PAYLOAD {
            read.damaged_at = Some(offset);
            break;
        }
        payload.resize(length as usize, 0);
        let got = read_full(&mut reader, &mut payload).map_err(Unreadable::Io)?;
        let entry =
            (got == payload.len() && crc32fast::hash(&payload) == crc).then(|| Entry::decode(&payload)).flatten();
        let Some(entry) = entry else {
            read.damaged_at = Some(offset);
            break;
        };
        on(Item::Entry(entry));
        read.entries += 1;
        offset += 8 + u64::from(length);
    }
    if let Some(at) = read.damaged_at {
        read.dropped_bytes = size.saturating_sub(at);
    }
    Ok(read)
}

/// Reads until `buffer` is full or the file ends; how many bytes were read.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Cuts segment `path` at `at`, keeping what follows in `<path>.damaged-<at>` for inspection.
pub fn cut(path: &Path, at: u64) -> io::Result<PathBuf> {
    let bytes = std::fs::read(path)?;
    let kept = path.with_extension(format!("log.damaged-{at}"));
    std::fs::write(&kept, bytes.get(at as usize..).unwrap_or_default())?;
    let file = OpenOptions::new().write(true).open(path)?;
    file.set_len(at)?;
    file.sync_all()?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: i64) -> Vec<u8> {
        let body = format!("{{\"n\":{i}}}");
        let mut out = Vec::new();
        Entry { now_ms: i, answer_crc: 7, operation: "PutRecord", body: body.as_bytes() }.encode(&mut out);
        out
    }

    fn read_all(path: &Path) -> (Vec<i64>, Found) {
        let mut times = Vec::new();
        let found = read(path, |item| {
            if let Item::Entry(entry) = item {
                times.push(entry.now_ms);
            }
        })
        .unwrap();
        (times, found)
    }

    #[test]
    fn entries_read_back_and_a_torn_or_damaged_tail_is_dropped() {
        let dir = std::env::temp_dir().join(format!("journal-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut segment = Segment::create(&dir, 3, &Config::default()).unwrap();
        for i in 0..5 {
            let body = format!("{{\"n\":{i}}}");
            segment.append(&Entry { now_ms: i, answer_crc: 7, operation: "PutRecord", body: body.as_bytes() }).unwrap();
        }
        let path = path(&dir, 3);
        assert_eq!(numbers(&dir).unwrap(), [3]);
        let whole = std::fs::read(&path).unwrap();
        let (times, found) = read_all(&path);
        assert_eq!((times, found.damaged_at), (vec![0, 1, 2, 3, 4], None));

        // Every cut inside the last entry keeps the first four.
        let last = entry(4).len();
        for cut_at in whole.len() - last + 1..whole.len() {
            std::fs::write(&path, &whole[..cut_at]).unwrap();
            let (times, found) = read_all(&path);
            assert_eq!(times, [0, 1, 2, 3], "cut at {cut_at}");
            assert_eq!(found.damaged_at, Some((whole.len() - last) as u64));
        }
        // A flipped byte in the third entry keeps the first two, whatever it hits.
        let third = whole.len() - 3 * last;
        for at in third..third + last {
            let mut damaged = whole.clone();
            damaged[at] ^= 0x20;
            std::fs::write(&path, &damaged).unwrap();
            let (times, _) = read_all(&path);
            assert_eq!(times, [0, 1], "byte {at} flipped");
        }
        // Cutting keeps the dropped bytes aside.
        std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
        let (_, found) = read_all(&path);
        let kept = cut(&path, found.damaged_at.unwrap()).unwrap();
        assert_eq!(std::fs::read(&kept).unwrap().len(), last - 3);
        assert_eq!(read_all(&path).0, [0, 1, 2, 3]);
        // A damaged header makes the segment unreadable, with a reason.
        std::fs::write(&path, &whole[..10]).unwrap();
        assert!(matches!(read(&path, |_| {}), Err(Unreadable::Header(reason)) if reason.contains("cut short")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
