//! The snapshot: the whole account at the start of a journal segment, so that a restart reads it
//! and replays only the segments from there, however long the endpoint has run.
//!
//! ```text
//! snapshot = "KPSNAP01" · first segment to replay (u64 LE) · length (u64 LE)
//!            · CRC-32 of the account (u32 LE) · the account (postcard)
//! ```
//!
//! It is written to `snapshot.tmp`, synced, and renamed over `snapshot.bin`, so a crash while
//! writing leaves the previous snapshot whole.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

use crc32fast::Hasher;
use std::path::Path;

use crate::sim::Simulator;

const MAGIC: &[u8; 8] = b"KPSNAP01";
const NAME: &str = "snapshot.bin";
const TEMPORARY: &str = "snapshot.tmp";
const HEADER: usize = 28;

/// Writes `simulator` as the snapshot that segment `next_segment` follows; its size in bytes.
/// The account is written as it is serialised, not gathered in memory first: a snapshot costs
/// no second copy of the records.
pub fn write(dir: &Path, simulator: &Simulator, next_segment: u64) -> io::Result<u64> {
    let temporary = dir.join(TEMPORARY);
    let mut file = File::create(&temporary)?;
    file.write_all(&[0; HEADER])?;
    let mut out =
        Checksummed { inner: BufWriter::with_capacity(1 << 20, file.try_clone()?), crc: Hasher::new(), len: 0 };
    postcard::to_io(simulator, &mut out).map_err(io::Error::other)?;
    out.inner.flush()?;
    let (crc, len) = (out.crc.clone().finalize(), out.len);
    let mut header = MAGIC.to_vec();
    header.extend_from_slice(&next_segment.to_le_bytes());
    header.extend_from_slice(&len.to_le_bytes());
    header.extend_from_slice(&crc.to_le_bytes());
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&header)?;
    file.sync_all()?;
    std::fs::rename(&temporary, dir.join(NAME))?;
    super::sync_dir(dir)?;
    Ok(HEADER as u64 + len)
}

/// A writer that checksums and counts what goes through it.
struct Checksummed<W> {
    inner: W,
    crc: Hasher,
    len: u64,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.crc.update(&bytes[..written]);
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A snapshot read back: the account and the first segment to replay after it.
pub struct Snapshot {
    pub simulator: Simulator,
    pub next_segment: u64,
    pub bytes: u64,
}

/// The snapshot in `dir`: None if there is none yet, an error saying what is wrong with it if it
/// does not read.
pub fn read(dir: &Path) -> Result<Option<Snapshot>, String> {
    let path = dir.join(NAME);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    let damaged = |what: &str| format!("{} {what}", path.display());
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err(damaged("is not a snapshot of this version"));
    }
    let number = |range: std::ops::Range<usize>| u64::from_le_bytes(bytes[range].try_into().unwrap_or_default());
    let (next_segment, length) = (number(8..16), number(16..24));
    let crc = u32::from_le_bytes(bytes[24..28].try_into().unwrap_or_default());
    let account = &bytes[HEADER..];
    if account.len() as u64 != length {
        return Err(damaged(&format!("is cut short: {} of {length} bytes", account.len())));
    }
    if crc32fast::hash(account) != crc {
        return Err(damaged("fails its checksum"));
    }
    let simulator = postcard::from_bytes(account).map_err(|error| damaged(&format!("does not read: {error}")))?;
    Ok(Some(Snapshot { simulator, next_segment, bytes: bytes.len() as u64 }))
}
