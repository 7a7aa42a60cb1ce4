//! The records a shard holds, oldest first, each with its sequence index: the counter that, with
//! the shard and the time, makes its sequence number (docs/behaviour.md §11.2). Records leave
//! from the front when the retention period passes, so TRIM_HORIZON moves with time.

use std::collections::VecDeque;

use super::run::{Block, Made, Run, RunReader, Steady};

/// A record's partition key and data in one buffer, key first: one allocation per stored
/// record rather than two, which PutRecords of small records feels.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyedData {
    bytes: Vec<u8>,
    key_len: usize,
}

impl KeyedData {
    /// The buffer `base64::decode_strict_after` made with the key as its prefix.
    pub fn from_buffer(bytes: Vec<u8>, key_len: usize) -> Self {
        debug_assert!(key_len <= bytes.len());
        let key_len = key_len.min(bytes.len());
        Self { bytes, key_len }
    }

    #[cfg(test)]
    pub fn new(key: &str, data: &[u8]) -> Self {
        Self::from_buffer([key.as_bytes(), data].concat(), key.len())
    }

    pub fn data(&self) -> &[u8] {
        &self.bytes[self.key_len..]
    }

    /// What the record counts for against a shard's limits: data and partition key.
    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
}

/// The key part of a buffer built from a `&str`, so always UTF-8.
fn key_of(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// One stored record. Its sequence number is worked out when it is read: storing the 56 digits
/// would double the memory of a small record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub index: u64,
    pub arrival_ms: i64,
    /// The partition key's bytes, then the data's.
    bytes: Box<[u8]>,
    /// A partition key has at most 256 characters, so at most 1,024 bytes.
    key_len: u16,
}

impl Record {
    pub fn partition_key(&self) -> &str {
        key_of(&self.bytes[..usize::from(self.key_len)])
    }

    pub fn data(&self) -> &[u8] {
        &self.bytes[usize::from(self.key_len)..]
    }
}

/// What the log holds: records sent one by one, and runs of described traffic
/// (`records::run`), in the order they arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Record(Record),
    Run(Box<Run>),
}

impl Entry {
    fn first_index(&self) -> u64 {
        match self {
            Self::Record(record) => record.index,
            Self::Run(run) => run.first_index(),
        }
    }

    fn end_index(&self) -> u64 {
        match self {
            Self::Record(record) => record.index + 1,
            Self::Run(run) => run.end_index(),
        }
    }

    fn last_arrival_ms(&self) -> i64 {
        match self {
            Self::Record(record) => record.arrival_ms,
            Self::Run(run) => run.last_arrival_ms(),
        }
    }
}

/// A record as a reader sees it, whether stored or made again from a run.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'a> {
    pub index: u64,
    pub arrival_ms: i64,
    pub partition_key: &'a str,
    pub data: &'a [u8],
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardLog {
    entries: VecDeque<Entry>,
    /// The index the next record takes; indexes only grow, also past trimmed records.
    next_index: u64,
}

impl ShardLog {
    pub fn next_index(&self) -> u64 {
        self.next_index
    }

    /// The index of the oldest record still held, or the next one's when none is.
    pub fn first_index(&self) -> u64 {
        self.entries.front().map_or(self.next_index, Entry::first_index)
    }

    /// Stores a record arriving at `arrival_ms` and returns its index.
    pub fn append(&mut self, arrival_ms: i64, record: KeyedData) -> u64 {
        let index = self.next_index;
        self.next_index += 1;
        let key_len = u16::try_from(record.key_len).unwrap_or(u16::MAX);
        // Exactly the length, so boxing does not reallocate.
        let record = Record { index, arrival_ms, bytes: record.bytes.into_boxed_slice(), key_len };
        self.entries.push_back(Entry::Record(record));
        index
    }

    /// Stores the first `count` records of a described producer's `block` for the tick at
    /// `tick_ms`, extending the newest run when they follow on from it.
    pub fn append_block(&mut self, tick_ms: i64, block: &Block, count: u32) {
        let extended = match self.entries.back_mut() {
            Some(Entry::Run(run)) if run.end_index() == self.next_index => run.extend(tick_ms, block, count),
            _ => false,
        };
        if !extended && count > 0 {
            self.entries.push_back(Entry::Run(Box::new(Run::new(tick_ms, self.next_index, block.clone(), count))));
        }
        self.next_index += u64::from(count);
    }

    /// Stores `ticks` ticks of a producer's `block` from `tick_ms` on, as many records a tick
    /// as `form` says: a stretch of steady traffic worked out at once.
    pub fn append_steady(&mut self, tick_ms: i64, block: &Block, ticks: u32, form: Steady) {
        let next_index = self.next_index;
        let extended = match self.entries.back_mut() {
            Some(Entry::Run(run)) if run.end_index() == next_index => run.extend_steady(tick_ms, block, ticks, form),
            _ => None,
        };
        let added = match extended {
            Some(added) => added,
            None => {
                let run = Run::steady(tick_ms, next_index, block, ticks, form);
                let added = run.end_index() - next_index;
                if added > 0 {
                    self.entries.push_back(Entry::Run(Box::new(run)));
                }
                added
            }
        };
        self.next_index += added;
    }

    /// Makes the next record's index at least `index`: how SequenceNumberForOrdering guarantees
    /// a larger sequence number than the one it names (docs/behaviour.md §11.2).
    pub fn skip_to(&mut self, index: u64) {
        self.next_index = self.next_index.max(index);
    }

    /// The records from sequence index `from` on, oldest first.
    pub fn read_from(&self, from: u64) -> Cursor<'_> {
        let at = self.entries.partition_point(|entry| entry.end_index() <= from);
        Cursor { log: self, at, from, run: None, key: String::new(), data: Vec::new() }
    }

    /// The index of the first record that arrived at or after `ms`, or the next index when none
    /// did: where an AT_TIMESTAMP iterator starts (docs/behaviour.md §11.3).
    pub fn index_at_time(&self, ms: i64) -> u64 {
        let at = self.entries.partition_point(|entry| entry.last_arrival_ms() < ms);
        self.entries
            .range(at..)
            .find_map(|entry| match entry {
                Entry::Record(record) => Some(record.index),
                Entry::Run(run) => run.index_at_time(ms),
            })
            .unwrap_or(self.next_index)
    }

    /// Drops the records that arrived before `cutoff_ms`: their retention has passed.
    pub fn trim_before(&mut self, cutoff_ms: i64) {
        while let Some(front) = self.entries.front_mut() {
            let gone = match front {
                Entry::Record(record) => record.arrival_ms < cutoff_ms,
                Entry::Run(run) => run.trim_before(cutoff_ms),
            };
            if !gone {
                break;
            }
            self.entries.pop_front();
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.iter().map(|entry| (entry.end_index() - entry.first_index()) as usize).sum()
    }
}

/// Reads a log from an index on. Not an `Iterator`: a record made again from a run lives in
/// the cursor's own buffers until the next one is asked for.
pub struct Cursor<'a> {
    log: &'a ShardLog,
    /// The entry read next, and the first index wanted.
    at: usize,
    from: u64,
    run: Option<RunReader<'a>>,
    key: String,
    data: Vec<u8>,
}

impl<'a> Cursor<'a> {
    /// The next record.
    pub fn next_record(&mut self) -> Option<RecordView<'_>> {
        match self.advance()? {
            Next::Stored(record) => Some(RecordView {
                index: record.index,
                arrival_ms: record.arrival_ms,
                partition_key: record.partition_key(),
                data: record.data(),
            }),
            Next::Made(made) => {
                let source = self.run.as_ref()?.source();
                source.write_key(made.key, &mut self.key);
                source.write_data(made.arrival_ms, made.rank, &mut self.data);
                Some(RecordView {
                    index: made.index,
                    arrival_ms: made.arrival_ms,
                    partition_key: &self.key,
                    data: &self.data,
                })
            }
        }
    }

    /// The next record's place and size, without making its key and data: what GetRecords
    /// needs to know before it writes the records out.
    pub fn next_size(&mut self) -> Option<RecordSize> {
        Some(match self.advance()? {
            Next::Stored(record) => RecordSize {
                index: record.index,
                arrival_ms: record.arrival_ms,
                partition_key: usize::from(record.key_len),
                data: record.bytes.len() - usize::from(record.key_len),
            },
            Next::Made(made) => {
                let source = self.run.as_ref()?.source();
                RecordSize {
                    index: made.index,
                    arrival_ms: made.arrival_ms,
                    partition_key: source.key_len(),
                    data: source.data_bytes as usize,
                }
            }
        })
    }

    fn advance(&mut self) -> Option<Next<'a>> {
        loop {
            if let Some(reader) = &mut self.run {
                if let Some(made) = reader.next_made() {
                    return Some(Next::Made(made));
                }
                self.run = None;
            }
            let entry = self.log.entries.get(self.at)?;
            self.at += 1;
            match entry {
                Entry::Record(record) if record.index >= self.from => return Some(Next::Stored(record)),
                Entry::Record(_) => {}
                Entry::Run(run) => self.run = run.reader(self.from.max(run.first_index())),
            }
        }
    }
}

enum Next<'a> {
    Stored(&'a Record),
    Made(Made),
}

/// A record's place and the lengths of its partition key and data.
#[derive(Clone, Copy, Debug)]
pub struct RecordSize {
    pub index: u64,
    pub arrival_ms: i64,
    pub partition_key: usize,
    pub data: usize,
}

impl RecordSize {
    /// What the record counts for against a shard's throughput (docs/behaviour.md §11.4).
    pub fn size(&self) -> u64 {
        (self.data + self.partition_key) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_grow_past_trimmed_and_skipped_records() {
        let mut log = ShardLog::default();
        assert_eq!((log.first_index(), log.next_index()), (0, 0));
        for t in 0..5 {
            assert_eq!(log.append(t * 1000, KeyedData::new("k", &[t as u8])), t as u64);
        }
        log.trim_before(2000);
        assert_eq!((log.first_index(), log.len()), (2, 3));
        let mut cursor = log.read_from(0);
        let mut indexes = Vec::new();
        while let Some(record) = cursor.next_record() {
            indexes.push(record.index);
        }
        assert_eq!(indexes, [2, 3, 4]);
        let mut cursor = log.read_from(4);
        assert_eq!(cursor.next_record().map(|r| r.index), Some(4));
        assert!(cursor.next_record().is_none());
        log.skip_to(10);
        assert_eq!(log.append(6000, KeyedData::new("k", &[])), 10);
        assert_eq!(log.index_at_time(3500), 4);
        assert_eq!(log.index_at_time(0), 2);
        assert_eq!(log.index_at_time(7000), 11);
        log.trim_before(10_000);
        assert_eq!((log.first_index(), log.len()), (11, 0));
    }
}
