//! The records a shard holds, oldest first, each with its sequence index: the counter that, with
//! the shard and the time, makes its sequence number (docs/behaviour.md §11.2). Records leave
//! from the front when the retention period passes, so TRIM_HORIZON moves with time.

use std::collections::VecDeque;

/// One stored record. Its sequence number is worked out when it is read: storing the 56 digits
/// would double the memory of a small record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub index: u64,
    pub arrival_ms: i64,
    pub partition_key: Box<str>,
    pub data: Box<[u8]>,
}

impl Record {
    /// What the record counts for against a shard's throughput: data and partition key
    /// (docs/behaviour.md §11.4).
    pub fn size(&self) -> u64 {
        (self.data.len() + self.partition_key.len()) as u64
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardLog {
    records: VecDeque<Record>,
    /// The index the next record takes; indexes only grow, also past trimmed records.
    next_index: u64,
}

impl ShardLog {
    pub fn next_index(&self) -> u64 {
        self.next_index
    }

    /// The index of the oldest record still held, or the next one's when none is.
    pub fn first_index(&self) -> u64 {
        self.records.front().map_or(self.next_index, |record| record.index)
    }

    /// Stores a record arriving at `arrival_ms` and returns its index.
    pub fn append(&mut self, arrival_ms: i64, partition_key: &str, data: Vec<u8>) -> u64 {
        let index = self.next_index;
        self.next_index += 1;
        let record = Record { index, arrival_ms, partition_key: partition_key.into(), data: data.into() };
        self.records.push_back(record);
        index
    }

    /// Makes the next record's index at least `index`: how SequenceNumberForOrdering guarantees
    /// a larger sequence number than the one it names (docs/behaviour.md §11.2).
    pub fn skip_to(&mut self, index: u64) {
        self.next_index = self.next_index.max(index);
    }

    /// The records from sequence index `from` on, oldest first.
    pub fn read_from(&self, from: u64) -> impl Iterator<Item = &Record> {
        let start = self.records.partition_point(|record| record.index < from);
        self.records.range(start..)
    }

    /// The index of the first record that arrived at or after `ms`, or the next index when none
    /// did: where an AT_TIMESTAMP iterator starts (docs/behaviour.md §11.3).
    pub fn index_at_time(&self, ms: i64) -> u64 {
        let at = self.records.partition_point(|record| record.arrival_ms < ms);
        self.records.get(at).map_or(self.next_index, |record| record.index)
    }

    /// Drops the records that arrived before `cutoff_ms`: their retention has passed.
    pub fn trim_before(&mut self, cutoff_ms: i64) {
        while self.records.front().is_some_and(|record| record.arrival_ms < cutoff_ms) {
            self.records.pop_front();
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.records.len()
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
            assert_eq!(log.append(t * 1000, "k", vec![t as u8]), t as u64);
        }
        log.trim_before(2000);
        assert_eq!((log.first_index(), log.len()), (2, 3));
        assert_eq!(log.read_from(0).map(|r| r.index).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(log.read_from(4).count(), 1);
        log.skip_to(10);
        assert_eq!(log.append(6000, "k", vec![]), 10);
        assert_eq!(log.index_at_time(3500), 4);
        assert_eq!(log.index_at_time(0), 2);
        assert_eq!(log.index_at_time(7000), 11);
        log.trim_before(10_000);
        assert_eq!((log.first_index(), log.len()), (11, 0));
    }
}
