//! The records a shard holds, oldest first, each with its sequence index: the counter that, with
//! the shard and the time, makes its sequence number (docs/behaviour.md §11.2). Records leave
//! from the front when the retention period passes, so TRIM_HORIZON moves with time.

use std::collections::VecDeque;
use std::sync::Arc;

use super::run::{Block, Made, Run, RunReader, Steady};

/// A record's partition key and data as a write call holds them, before the shard stores them.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyedData<'a> {
    pub partition_key: &'a str,
    pub data: &'a [u8],
}

impl KeyedData<'_> {
    /// What the record counts for against a shard's limits: data and partition key.
    pub fn size(&self) -> u64 {
        (self.partition_key.len() + self.data.len()) as u64
    }
}

/// The key part of a buffer built from a `&str`, so always UTF-8.
fn key_of(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Records that arrived on a shard in the same millisecond with consecutive indexes, their
/// partition keys and data one after another in one buffer: the records a PutRecords call sends
/// to a shard cost a few allocations, not one each, and leave together when their retention
/// passes. A record's sequence number is worked out when it is read: storing the 56 digits
/// would double the memory of a small record.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
struct Arrived {
    first_index: u64,
    arrival_ms: i64,
    /// Each record's partition key, then its data.
    #[cfg_attr(not(target_arch = "wasm32"), serde(with = "serde_bytes"))]
    bytes: Vec<u8>,
    /// Per record, where its bytes end in `bytes` and how many of them are the partition key
    /// (at most 256 characters, so at most 1,024 bytes).
    ends: Vec<(u32, u16)>,
}

/// How many bytes of records an `Arrived` keeps room for, and holds at most unless one record
/// alone is larger: one allocation then serves dozens of records, and stays below the size at
/// which the allocator maps memory afresh for each buffer (128 KiB in glibc), which made a
/// PutRecords call of 1 KiB records twice as slow as one allocation per record.
const ARRIVED_BYTES: usize = 64 * 1024;

impl Arrived {
    /// Starts with `first`, and room for more like it.
    fn new(first_index: u64, arrival_ms: i64, first: KeyedData) -> Self {
        let size = first.size() as usize;
        let room = if size * 4 > ARRIVED_BYTES { size } else { ARRIVED_BYTES };
        let mut arrived = Self {
            first_index,
            arrival_ms,
            bytes: Vec::with_capacity(room),
            ends: Vec::with_capacity(room / size.max(16)),
        };
        arrived.push(first);
        arrived
    }

    fn end_index(&self) -> u64 {
        self.first_index + self.ends.len() as u64
    }

    /// Adds a record, if it fits in the room kept.
    fn push(&mut self, record: KeyedData) -> bool {
        let end = self.bytes.len() + record.size() as usize;
        if end > self.bytes.capacity().max(ARRIVED_BYTES) && !self.bytes.is_empty() {
            return false;
        }
        // `ARRIVED_BYTES`, or one record of at most a few MiB.
        let end = end as u32;
        self.bytes.extend_from_slice(record.partition_key.as_bytes());
        self.bytes.extend_from_slice(record.data);
        self.ends.push((end, record.partition_key.len() as u16));
        true
    }

    /// The memory the records take: the buffers as allocated, and the entry itself.
    fn footprint(&self) -> u64 {
        (std::mem::size_of::<Self>() + self.bytes.capacity() + self.ends.capacity() * std::mem::size_of::<(u32, u16)>())
            as u64
    }

    /// Gives back the room kept for more records, once no more can come.
    fn seal(&mut self) {
        // Copied to buffers of their own size rather than shrunk in place: shrinking leaves each
        // kept buffer followed by a sliver of free memory that only small allocations can use,
        // and with the oldest records dropped and new ones stored all day, the slivers added up
        // to 40% more memory than the records took (BENCHMARKS.md, the endpoint's memory).
        if self.bytes.len() < self.bytes.capacity() {
            self.bytes = self.bytes.as_slice().to_vec();
        }
        if self.ends.len() < self.ends.capacity() {
            self.ends = self.ends.as_slice().to_vec();
        }
    }

    /// The `k`th record's partition key and data.
    fn record(&self, k: usize) -> (&str, &[u8]) {
        let start = k.checked_sub(1).map_or(0, |before| self.ends[before].0 as usize);
        let (end, key_len) = self.ends[k];
        let bytes = &self.bytes[start..end as usize];
        let (key, data) = bytes.split_at(usize::from(key_len).min(bytes.len()));
        (key_of(key), data)
    }
}

/// What the log holds: records sent one by one, and runs of described traffic
/// (`records::run`), in the order they arrived.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    /// Shared, so that a copy of the account (the endpoint's snapshot, written while calls go
    /// on) costs no copy of the records; the newest is copied before it takes more if shared.
    Arrived(Arc<Arrived>),
    /// Never in the endpoint, the only place that saves a log.
    #[cfg_attr(not(target_arch = "wasm32"), serde(skip))]
    Run(Box<Run>),
}

impl Entry {
    fn first_index(&self) -> u64 {
        match self {
            Self::Arrived(arrived) => arrived.first_index,
            Self::Run(run) => run.first_index(),
        }
    }

    fn end_index(&self) -> u64 {
        match self {
            Self::Arrived(arrived) => arrived.end_index(),
            Self::Run(run) => run.end_index(),
        }
    }

    fn last_arrival_ms(&self) -> i64 {
        match self {
            Self::Arrived(arrived) => arrived.arrival_ms,
            Self::Run(run) => run.last_arrival_ms(),
        }
    }

    /// The memory the entry takes. A run's records are made when read, so it takes its own
    /// size whatever it holds.
    fn footprint(&self) -> u64 {
        match self {
            Self::Arrived(arrived) => arrived.footprint(),
            Self::Run(_) => std::mem::size_of::<Run>() as u64,
        }
    }
}

/// A record as a reader sees it, whether stored or made again from a run.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'a> {
    pub index: u64,
    pub arrival_ms: i64,
    pub partition_key: &'a str,
    /// The record's data: these bytes, then `spaces` spaces. A described record is padded with
    /// spaces to its size, and they are not made (`base64::encode_spaced_into`).
    pub data: &'a [u8],
    pub spaces: usize,
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardLog {
    entries: VecDeque<Entry>,
    /// The index the next record takes; indexes only grow, also past trimmed records.
    next_index: u64,
    /// The memory of every entry but the newest, which may still grow (`held_bytes`).
    sealed_bytes: u64,
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
        let added = match self.entries.back_mut() {
            Some(Entry::Arrived(arrived)) if arrived.arrival_ms == arrival_ms && arrived.end_index() == index => {
                Arc::make_mut(arrived).push(record)
            }
            _ => false,
        };
        if !added {
            self.push_entry(Entry::Arrived(Arc::new(Arrived::new(index, arrival_ms, record))));
        }
        self.next_index += 1;
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
            self.push_entry(Entry::Run(Box::new(Run::new(tick_ms, self.next_index, block.clone(), count))));
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
                    self.push_entry(Entry::Run(Box::new(run)));
                }
                added
            }
        };
        self.next_index += added;
    }

    /// Adds an entry after the newest, which then takes no more records.
    fn push_entry(&mut self, entry: Entry) {
        if let Some(newest) = self.entries.back_mut() {
            if let Entry::Arrived(arrived) = newest {
                Arc::make_mut(arrived).seal();
            }
            self.sealed_bytes += newest.footprint();
        }
        self.entries.push_back(entry);
    }

    /// Drops the front entry, keeping `sealed_bytes` in step.
    fn pop_front(&mut self) -> Option<Entry> {
        let front = self.entries.pop_front()?;
        if !self.entries.is_empty() {
            self.sealed_bytes -= front.footprint();
        }
        Some(front)
    }

    /// The memory the stored records take (docs/behaviour.md §8.6).
    pub fn held_bytes(&self) -> u64 {
        self.sealed_bytes + self.entries.back().map_or(0, Entry::footprint)
    }

    /// When the oldest record still held arrived.
    pub fn oldest_arrival_ms(&self) -> Option<i64> {
        self.entries.front().map(|entry| match entry {
            Entry::Arrived(arrived) => arrived.arrival_ms,
            Entry::Run(run) => run.first_arrival_ms(),
        })
    }

    /// Drops the oldest records early, as if their retention had passed: the oldest entry, a
    /// call's records on this shard or a run. Returns how many records and bytes of memory went.
    pub fn drop_oldest(&mut self) -> Option<(u64, u64)> {
        let front = self.entries.front()?;
        let (records, bytes) = (front.end_index() - front.first_index(), front.footprint());
        self.pop_front();
        Some((records, bytes))
    }

    /// Makes the next record's index at least `index`: how SequenceNumberForOrdering guarantees
    /// a larger sequence number than the one it names (docs/behaviour.md §11.2).
    pub fn skip_to(&mut self, index: u64) {
        self.next_index = self.next_index.max(index);
    }

    /// The records from sequence index `from` on, oldest first.
    pub fn read_from(&self, from: u64) -> Cursor<'_> {
        let at = self.entries.partition_point(|entry| entry.end_index() <= from);
        Cursor { log: self, at, from, arrived: None, run: None, key: String::new(), data: Vec::new() }
    }

    /// What a GetRecords from index `from` would return, counted rather than made: at most
    /// `limit` records and, past the first, `max_bytes`, of those that arrived by `until_ms`
    /// (a simulated reader may run while a producer's later seconds are already stored).
    pub fn take(&self, from: u64, limit: u64, max_bytes: u64, until_ms: i64) -> Taken {
        let from = from.max(self.first_index());
        let mut taken = Taken { count: 0, bytes: 0, next: from, last_arrival_ms: None, unread_since_ms: None };
        // Takes what fits of `count` records of `size` that arrived at `arrival_ms`; false once full.
        let mut take = |index: u64, arrival_ms: i64, count: u64, size: u64| {
            if arrival_ms > until_ms {
                return false;
            }
            let by_bytes = max_bytes.saturating_sub(taken.bytes) / size.max(1);
            let room = (limit - taken.count).min(if taken.count == 0 { by_bytes.max(1) } else { by_bytes });
            let n = count.min(room);
            if n > 0 {
                taken.count += n;
                taken.bytes += n * size;
                taken.next = index + n;
                taken.last_arrival_ms = Some(arrival_ms);
            }
            if n < count {
                taken.unread_since_ms = Some(arrival_ms);
                return false;
            }
            true
        };
        let at = self.entries.partition_point(|entry| entry.end_index() <= from);
        for entry in self.entries.range(at..) {
            let more = match entry {
                Entry::Arrived(arrived) => {
                    let skip = from.saturating_sub(arrived.first_index) as usize;
                    (skip..arrived.ends.len()).all(|k| {
                        let start = k.checked_sub(1).map_or(0, |before| arrived.ends[before].0);
                        let size = u64::from(arrived.ends[k].0 - start);
                        take(arrived.first_index + k as u64, arrived.arrival_ms, 1, size)
                    })
                }
                Entry::Run(run) => run
                    .spans(from.max(run.first_index()))
                    .all(|(index, arrival_ms, count, size)| take(index, arrival_ms, count, size)),
            };
            if !more {
                break;
            }
        }
        taken
    }

    /// The index of the first record that arrived at or after `ms`, or the next index when none
    /// did: where an AT_TIMESTAMP iterator starts (docs/behaviour.md §11.3).
    pub fn index_at_time(&self, ms: i64) -> u64 {
        let at = self.entries.partition_point(|entry| entry.last_arrival_ms() < ms);
        self.entries
            .range(at..)
            .find_map(|entry| match entry {
                Entry::Arrived(arrived) => Some(arrived.first_index),
                Entry::Run(run) => run.index_at_time(ms),
            })
            .unwrap_or(self.next_index)
    }

    /// Drops the records that arrived before `cutoff_ms`: their retention has passed.
    pub fn trim_before(&mut self, cutoff_ms: i64) {
        while let Some(front) = self.entries.front_mut() {
            let gone = match front {
                Entry::Arrived(arrived) => arrived.arrival_ms < cutoff_ms,
                Entry::Run(run) => run.trim_before(cutoff_ms),
            };
            if !gone {
                break;
            }
            self.pop_front();
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
    /// Stored records being read, and the next one's place among them.
    arrived: Option<(&'a Arrived, usize)>,
    run: Option<RunReader<'a>>,
    key: String,
    data: Vec<u8>,
}

impl<'a> Cursor<'a> {
    /// The next record.
    pub fn next_record(&mut self) -> Option<RecordView<'_>> {
        match self.advance()? {
            Next::Stored(arrived, k) => {
                let (partition_key, data) = arrived.record(k);
                Some(RecordView {
                    index: arrived.first_index + k as u64,
                    arrival_ms: arrived.arrival_ms,
                    partition_key,
                    data,
                    spaces: 0,
                })
            }
            Next::Made(made) => {
                let source = self.run.as_ref()?.source();
                source.write_key(made.key, &mut self.key);
                let spaces = source.write_data(made.put_ms, made.rank, &mut self.data);
                Some(RecordView {
                    index: made.index,
                    arrival_ms: made.arrival_ms,
                    partition_key: &self.key,
                    data: &self.data,
                    spaces,
                })
            }
        }
    }

    /// The next record's place and size, without making its key and data: what GetRecords
    /// needs to know before it writes the records out.
    pub fn next_size(&mut self) -> Option<RecordSize> {
        Some(match self.advance()? {
            Next::Stored(arrived, k) => {
                let (partition_key, data) = arrived.record(k);
                RecordSize {
                    index: arrived.first_index + k as u64,
                    arrival_ms: arrived.arrival_ms,
                    partition_key: partition_key.len(),
                    data: data.len(),
                }
            }
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
            if let Some((arrived, k)) = &mut self.arrived {
                let arrived: &'a Arrived = arrived;
                if *k < arrived.ends.len() {
                    *k += 1;
                    return Some(Next::Stored(arrived, *k - 1));
                }
                self.arrived = None;
            }
            if let Some(reader) = &mut self.run {
                if let Some(made) = reader.next_made() {
                    return Some(Next::Made(made));
                }
                self.run = None;
            }
            let entry = self.log.entries.get(self.at)?;
            self.at += 1;
            match entry {
                Entry::Arrived(arrived) => {
                    let skipped = self.from.saturating_sub(arrived.first_index);
                    self.arrived = Some((arrived, usize::try_from(skipped).unwrap_or(usize::MAX)));
                }
                Entry::Run(run) => self.run = run.reader(self.from.max(run.first_index())),
            }
        }
    }
}

enum Next<'a> {
    /// The records stored together, and which of them.
    Stored(&'a Arrived, usize),
    Made(Made),
}

/// What a read took from a log (`ShardLog::take`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    pub count: u64,
    /// Data and partition keys, as the read limits count them.
    pub bytes: u64,
    /// Where the next read starts.
    pub next: u64,
    /// When the last record taken arrived, if any was.
    pub last_arrival_ms: Option<i64>,
    /// When the oldest record left unread arrived, if the read stopped short of one.
    pub unread_since_ms: Option<i64>,
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
            assert_eq!(log.append(t * 1000, KeyedData { partition_key: "k", data: &[t as u8] }), t as u64);
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
        assert_eq!(log.append(6000, KeyedData { partition_key: "k", data: &[] }), 10);
        assert_eq!(log.index_at_time(3500), 4);
        assert_eq!(log.index_at_time(0), 2);
        assert_eq!(log.index_at_time(7000), 11);
        log.trim_before(10_000);
        assert_eq!((log.first_index(), log.len()), (11, 0));
    }

    /// Records of one millisecond share an entry; a read can start among them, and they leave
    /// together.
    #[test]
    fn records_of_one_millisecond_are_stored_and_read_together() {
        let mut log = ShardLog::default();
        let keys = ["a", "bb", "", "dddd"];
        for (i, key) in keys.iter().enumerate() {
            log.append(1000, KeyedData { partition_key: key, data: &vec![i as u8; i * 3] });
        }
        // A SequenceNumberForOrdering jump starts a new entry within the same millisecond.
        log.skip_to(9);
        log.append(1000, KeyedData { partition_key: "e", data: b"x" });
        log.append(2000, KeyedData { partition_key: "f", data: b"yz" });
        assert_eq!(log.entries.len(), 3);
        let read = |from| {
            let mut cursor = log.read_from(from);
            let mut seen = Vec::new();
            while let Some(record) = cursor.next_record() {
                seen.push((record.index, record.arrival_ms, record.partition_key.to_owned(), record.data.to_vec()));
            }
            seen
        };
        let all = read(0);
        assert_eq!(all.len(), 6);
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(all[i], (i as u64, 1000, key.to_string(), vec![i as u8; i * 3]));
        }
        assert_eq!(all[4], (9, 1000, "e".to_owned(), b"x".to_vec()));
        assert_eq!(read(2), all[2..]);
        assert_eq!(read(5), all[4..]);
        let mut sizes = log.read_from(3);
        let size = sizes.next_size().unwrap();
        assert_eq!((size.index, size.partition_key, size.data), (3, 4, 9));
        assert_eq!(log.index_at_time(1000), 0);
        assert_eq!(log.index_at_time(1001), 10);
        log.trim_before(1001);
        assert_eq!((log.first_index(), log.len()), (10, 1));
    }

    /// A read counted by `take` is the read GetRecords makes record by record, over stored
    /// records and described runs alike, whatever its limits and time bound.
    #[test]
    fn take_counts_what_reading_record_by_record_returns() {
        use super::super::Block;
        use crate::sim::traffic::Source;
        use std::sync::Arc;
        let mut log = ShardLog::default();
        for i in 0..5u8 {
            log.append(500, KeyedData { partition_key: "key", data: &vec![i; usize::from(i) * 100] });
        }
        let (a, b) = (Arc::new(Source::new("a", 300, 10)), Arc::new(Source::new("b", 50, 10)));
        let keys: Arc<[u32]> = (0..10).collect::<Vec<u32>>().into();
        let block = |source: &Arc<Source>, uniform, first_j| Block {
            source: Arc::clone(source),
            hot: 0,
            hot_here: false,
            uniform,
            first_j,
            keys: Arc::clone(&keys),
            put: Default::default(),
        };
        for tick in 0..6u64 {
            log.append_block(1000 + tick as i64 * 1000, &block(&a, 7, tick * 7), 5 + (tick % 3) as u32);
            log.append_block(1000 + tick as i64 * 1000, &block(&b, 4, tick * 4), 4);
        }
        log.append(7000, KeyedData { partition_key: "k", data: b"last" });
        let naive = |from: u64, limit: u64, max_bytes: u64, until_ms: i64| {
            let mut taken = Taken { count: 0, bytes: 0, next: from, last_arrival_ms: None, unread_since_ms: None };
            let mut cursor = log.read_from(from);
            while let Some(record) = cursor.next_size() {
                if record.arrival_ms > until_ms {
                    break;
                }
                if taken.count == limit || (taken.bytes + record.size() > max_bytes && taken.count > 0) {
                    taken.unread_since_ms = Some(record.arrival_ms);
                    break;
                }
                taken.count += 1;
                taken.bytes += record.size();
                taken.next = record.index + 1;
                taken.last_arrival_ms = Some(record.arrival_ms);
            }
            taken
        };
        let end = log.next_index();
        let mut checked = 0;
        for from in 0..=end {
            for limit in [1, 3, 10, 10_000] {
                for max_bytes in [1, 700, 2000, 10 << 20] {
                    for until_ms in [400, 500, 2999, 3000, 6000, 7000] {
                        let expected = naive(from, limit, max_bytes, until_ms);
                        assert_eq!(
                            log.take(from, limit, max_bytes, until_ms),
                            expected,
                            "{from} {limit} {max_bytes} {until_ms}"
                        );
                        checked += u64::from(expected.count > 0 && expected.unread_since_ms.is_some());
                    }
                }
            }
        }
        assert!(checked > 100, "reads that stopped short were checked: {checked}");
    }
}
