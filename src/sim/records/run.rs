//! Described records in a shard's log: what producers stored, second after second, kept as
//! counts rather than records (docs/behaviour.md §11.7).
//!
//! A run covers consecutive seconds ("ticks") of one shard. Each tick holds, in order, the
//! records of each of the run's parts: one part per producer, each storing a prefix of its block
//! for the shard (the hot key's records, then the uniform ones in the order they were sent), as
//! many as the shard admitted that tick. A tick's records are worked out again from the part's
//! description when they are read, so a run costs a few bytes a tick, whatever the traffic.

use std::sync::Arc;

use crate::sim::traffic::Source;

/// What one producer sends to one shard each tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub source: Arc<Source>,
    /// The producer's hot-key records a tick, and whether the hot key is in this shard.
    pub hot: u64,
    pub hot_here: bool,
    /// The producer's uniform records a tick, and the number of the first one this tick: record
    /// `j` has the key at position `j % key_count` in hash key order.
    pub uniform: u64,
    pub first_j: u64,
    /// The key positions in this shard: `keys.0..keys.1`.
    pub keys: (u64, u64),
}

impl Block {
    /// The block's records this tick: the hot ones, then the uniform ones with a key here.
    pub fn len(&self) -> u64 {
        let hot = if self.hot_here { self.hot } else { 0 };
        let count = self.source.key_count();
        let (lo, hi) = self.keys;
        let below = |x: u64| x / count * (hi - lo) + (x % count).clamp(lo, hi) - lo;
        hot + below(self.first_j + self.uniform) - below(self.first_j)
    }

    /// The same block a tick later.
    #[cfg(test)]
    fn next(&self) -> Self {
        Self { first_j: self.first_j + self.uniform, ..self.clone() }
    }

    /// Whether `other` is this block: the same producer (by identity, so no key table is
    /// compared) and the same records.
    fn is(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
            && (self.hot, self.hot_here, self.uniform, self.first_j, self.keys)
                == (other.hot, other.hot_here, other.uniform, other.first_j, other.keys)
    }

    /// The `n`th record of the block: the hot key (None) or a key position, and its rank among
    /// the producer's records of the tick.
    fn nth(&self, n: u64) -> (Option<u64>, u64) {
        let hot = if self.hot_here { self.hot } else { 0 };
        if n < hot {
            return (None, n);
        }
        let u = n - hot;
        let count = self.source.key_count();
        let (lo, hi) = self.keys;
        let start = self.first_j;
        let base = start - start % count;
        let first = (start % count).max(lo);
        let in_first_cycle = hi.saturating_sub(first);
        let j = if u < in_first_cycle {
            base + first + u
        } else {
            let u = u - in_first_cycle;
            base + (1 + u / (hi - lo)) * count + lo + u % (hi - lo)
        };
        (Some(j % count), self.hot + (j - start))
    }
}

/// Records stored a tick: the same every tick, or one count per tick.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Counts {
    Same { count: u32, ticks: u32 },
    Each(Vec<u32>),
}

impl Counts {
    fn get(&self, tick: u32) -> u64 {
        match self {
            Self::Same { count, ticks } => {
                if tick < *ticks {
                    u64::from(*count)
                } else {
                    0
                }
            }
            Self::Each(counts) => counts.get(tick as usize).map_or(0, |c| u64::from(*c)),
        }
    }

    fn len(&self) -> u32 {
        match self {
            Self::Same { ticks, .. } => *ticks,
            Self::Each(counts) => counts.len() as u32,
        }
    }

    /// Counts `count` for the next tick, after `pad` ticks of none.
    fn push(&mut self, pad: u32, count: u32) {
        if let Self::Same { count: same, ticks } = self {
            if pad == 0 && *same == count {
                *ticks += 1;
                return;
            }
            *self = Self::Each(vec![*same; *ticks as usize]);
        }
        if let Self::Each(counts) = self {
            counts.extend(std::iter::repeat_n(0, pad as usize));
            counts.push(count);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    /// The block in the run's first tick.
    block: Block,
    counts: Counts,
}

impl Part {
    fn block_at(&self, tick: u32) -> Block {
        Block { first_j: self.block.first_j + u64::from(tick) * self.block.uniform, ..self.block.clone() }
    }
}

/// A run of ticks in one shard's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    first_tick_ms: i64,
    /// Ticks in the run, the trimmed ones included.
    ticks: u32,
    /// Ticks trimmed from the front, whose records have left.
    trimmed: u32,
    /// The index of the first record still held, and how many are held.
    first_index: u64,
    held: u64,
    parts: Vec<Part>,
    /// Parts already counted in the last tick; the others store nothing in it.
    filled: usize,
}

impl Run {
    pub fn new(tick_ms: i64, first_index: u64, block: Block, count: u32) -> Self {
        let part = Part { block, counts: Counts::Same { count, ticks: 1 } };
        Self {
            first_tick_ms: tick_ms,
            ticks: 1,
            trimmed: 0,
            first_index,
            held: u64::from(count),
            parts: vec![part],
            filled: 1,
        }
    }

    pub fn first_index(&self) -> u64 {
        self.first_index
    }

    pub fn end_index(&self) -> u64 {
        self.first_index + self.held
    }

    pub fn last_arrival_ms(&self) -> i64 {
        self.tick_ms(self.ticks - 1)
    }

    fn tick_ms(&self, tick: u32) -> i64 {
        self.first_tick_ms + i64::from(tick) * 1000
    }

    fn tick_len(&self, tick: u32) -> u64 {
        self.parts.iter().map(|part| part.counts.get(tick)).sum()
    }

    /// Adds `count` records of `block` at `tick_ms` when the run can hold them: as the next part
    /// of its last tick, or as the first part of the tick after it. Returns whether it did.
    pub fn extend(&mut self, tick_ms: i64, block: &Block, count: u32) -> bool {
        let last = self.ticks - 1;
        // A producer that joins in the run's first tick becomes a part of it.
        if self.ticks == 1 && tick_ms == self.first_tick_ms && self.filled == self.parts.len() {
            self.parts.push(Part { block: block.clone(), counts: Counts::Same { count, ticks: 1 } });
            self.filled += 1;
            self.held += u64::from(count);
            return true;
        }
        let (tick, at) = if tick_ms == self.tick_ms(last) && self.filled < self.parts.len() {
            (last, self.filled)
        } else if tick_ms == self.tick_ms(last) + 1000 {
            (last + 1, 0)
        } else {
            return false;
        };
        let part = &self.parts[at];
        if !part.block_at(tick).is(block) {
            return false;
        }
        let pad = tick - part.counts.len();
        self.parts[at].counts.push(pad, count);
        self.ticks = tick + 1;
        self.filled = at + 1;
        self.held += u64::from(count);
        true
    }

    /// Drops the ticks that arrived before `cutoff_ms`. Returns whether the whole run went.
    pub fn trim_before(&mut self, cutoff_ms: i64) -> bool {
        while self.trimmed < self.ticks && self.tick_ms(self.trimmed) < cutoff_ms {
            let gone = self.tick_len(self.trimmed);
            self.first_index += gone;
            self.held -= gone;
            self.trimmed += 1;
        }
        self.trimmed == self.ticks
    }

    /// The index of the first record held that arrived at or after `ms`, if any did.
    pub fn index_at_time(&self, ms: i64) -> Option<u64> {
        let mut index = self.first_index;
        for tick in self.trimmed..self.ticks {
            let len = self.tick_len(tick);
            if self.tick_ms(tick) >= ms && len > 0 {
                return Some(index);
            }
            index += len;
        }
        None
    }

    /// Where record `index` is: its tick, part and place in the part's block.
    fn locate(&self, index: u64) -> Option<Position> {
        let mut skip = index.checked_sub(self.first_index)?;
        let mut tick = self.trimmed;
        // Runs of steady traffic count the same every tick: jump straight to the tick.
        if let [Part { counts: Counts::Same { count, ticks }, .. }] = self.parts.as_slice()
            && *ticks == self.ticks
            && *count > 0
        {
            tick += u32::try_from(skip / u64::from(*count)).ok()?;
            skip %= u64::from(*count);
        }
        while tick < self.ticks {
            for (part, counts) in self.parts.iter().enumerate() {
                let count = counts.counts.get(tick);
                if skip < count {
                    return Some(Position { tick, part, n: skip });
                }
                skip -= count;
            }
            tick += 1;
        }
        None
    }

    /// A reader of the records from `index` on.
    pub fn reader(&self, index: u64) -> Option<RunReader<'_>> {
        let at = self.locate(index)?;
        let block = self.parts[at.part].block_at(at.tick);
        Some(RunReader { run: self, at, block, index })
    }
}

#[derive(Clone, Copy, Debug)]
struct Position {
    tick: u32,
    part: usize,
    n: u64,
}

/// Walks a run's records in order, making each one's key and data into its own buffers.
pub struct RunReader<'a> {
    run: &'a Run,
    at: Position,
    block: Block,
    index: u64,
}

/// One described record, as made again for a reader (from `RunReader::source`).
pub struct Made {
    pub index: u64,
    pub arrival_ms: i64,
    /// The hot key (None) or the key's position in hash key order.
    pub key: Option<u64>,
    pub rank: u64,
}

impl RunReader<'_> {
    /// The producer of the record `next_made` returned last.
    pub fn source(&self) -> &Source {
        &self.block.source
    }

    /// The next record, or None at the end of the run.
    pub fn next_made(&mut self) -> Option<Made> {
        let run = self.run;
        loop {
            let Position { tick, part, n } = self.at;
            if tick >= run.ticks {
                return None;
            }
            if n < run.parts[part].counts.get(tick) {
                let (key, rank) = self.block.nth(n);
                let made = Made { index: self.index, arrival_ms: run.tick_ms(tick), key, rank };
                self.at.n += 1;
                self.index += 1;
                return Some(made);
            }
            self.at = if part + 1 < run.parts.len() {
                Position { tick, part: part + 1, n: 0 }
            } else {
                Position { tick: tick + 1, part: 0, n: 0 }
            };
            if self.at.tick < run.ticks {
                self.block = run.parts[self.at.part].block_at(self.at.tick);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(source: &Arc<Source>, hot: u64, uniform: u64, keys: (u64, u64), first_j: u64) -> Block {
        let hot_here = hot > 0;
        Block { source: Arc::clone(source), hot, hot_here, uniform, first_j, keys }
    }

    /// The block's records by brute force: hot ones, then every uniform record with a key here.
    fn naive(block: &Block) -> Vec<(Option<u64>, u64)> {
        let count = block.source.key_count();
        let hot = if block.hot_here { block.hot } else { 0 };
        let mut out: Vec<_> = (0..hot).map(|rank| (None, rank)).collect();
        for j in block.first_j..block.first_j + block.uniform {
            let position = j % count;
            if (block.keys.0..block.keys.1).contains(&position) {
                out.push((Some(position), block.hot + j - block.first_j));
            }
        }
        out
    }

    #[test]
    fn blocks_count_and_find_their_records_as_brute_force_does() {
        let source = Arc::new(Source::new("p", 10, 7));
        for keys in [(0, 7), (2, 5), (0, 1), (6, 7), (3, 3)] {
            for first_j in 0..15 {
                for uniform in [0, 1, 6, 7, 20] {
                    for hot in [0, 3] {
                        let b = block(&source, hot, uniform, keys, first_j);
                        let expected = naive(&b);
                        assert_eq!(b.len(), expected.len() as u64, "{b:?}");
                        let made: Vec<_> = (0..b.len()).map(|n| b.nth(n)).collect();
                        assert_eq!(made, expected, "{b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn runs_extend_tick_by_tick_and_part_by_part() {
        let a = Arc::new(Source::new("a", 10, 4));
        let b = Arc::new(Source::new("b", 10, 4));
        let block_a = block(&a, 0, 4, (0, 4), 0);
        let block_b = block(&b, 0, 2, (0, 4), 0);
        let mut run = Run::new(1000, 5, block_a.clone(), 3);
        assert!(run.extend(1000, &block_b, 2), "a second part in the same tick");
        assert!(run.extend(2000, &block_a.next(), 4));
        assert!(!run.extend(2000, &Block { first_j: 9, ..block_b.clone() }, 2), "b's records must follow on");
        assert!(!run.extend(2000, &block_a.next().next(), 1), "a has had its part in tick 1");
        assert!(run.extend(3000, &block_a.next().next(), 1), "b sends nothing in tick 2");
        assert!(!run.extend(5000, &block_a.next().next().next(), 1), "no gaps");
        assert_eq!((run.first_index(), run.end_index()), (5, 15));
        // Tick 0: a0 a1 a2 b0 b1; tick 1: a4..a7 (a's 4 a tick); tick 2: a8.
        let mut reader = run.reader(5).unwrap();
        let mut seen = Vec::new();
        while let Some(made) = reader.next_made() {
            seen.push((made.index, made.arrival_ms, reader.source().name.clone(), made.rank));
        }
        let expected: Vec<(u64, i64, String, u64)> = [
            (5, 1000, "a", 0),
            (6, 1000, "a", 1),
            (7, 1000, "a", 2),
            (8, 1000, "b", 0),
            (9, 1000, "b", 1),
            (10, 2000, "a", 0),
            (11, 2000, "a", 1),
            (12, 2000, "a", 2),
            (13, 2000, "a", 3),
            (14, 3000, "a", 0),
        ]
        .into_iter()
        .map(|(i, t, s, r)| (i, t, s.to_owned(), r))
        .collect();
        assert_eq!(seen, expected);
        assert_eq!(run.reader(12).unwrap().next_made().unwrap().rank, 2);
        assert!(run.reader(15).is_none());
        assert_eq!(run.index_at_time(1500), Some(10));
        assert_eq!(run.index_at_time(3001), None);
        assert!(!run.trim_before(2000));
        assert_eq!((run.first_index(), run.end_index()), (10, 15));
        assert!(run.trim_before(3001));
    }

    #[test]
    fn steady_runs_find_a_record_without_a_walk() {
        let source = Arc::new(Source::new("p", 10, 10));
        let first = block(&source, 0, 10, (0, 10), 0);
        let mut run = Run::new(0, 0, first.clone(), 10);
        let mut next = first;
        for tick in 1..100_000 {
            next = next.next();
            assert!(run.extend(tick * 1000, &next, 10));
        }
        assert!(matches!(run.parts[0].counts, Counts::Same { count: 10, ticks: 100_000 }));
        let made = run.reader(999_995).unwrap().next_made().unwrap();
        assert_eq!((made.arrival_ms, made.rank), (99_999_000, 5));
    }
}
