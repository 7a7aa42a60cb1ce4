//! Described records in a shard's log: what producers stored, second after second, kept as
//! counts rather than records (docs/behaviour.md §11.7).
//!
//! A run covers consecutive seconds ("ticks") of one shard. Each tick holds, in order, the
//! records of each of the run's parts: one part per producer, each storing a prefix of its block
//! for the shard (the hot key's records, then the uniform ones in the order they were sent), as
//! many as the shard admitted that tick. A tick's records are worked out again from the part's
//! description when they are read, so a run costs a few bytes a tick, whatever the traffic.

use std::cell::Cell;
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
    /// `j` has key number `j % key_count`.
    pub uniform: u64,
    pub first_j: u64,
    /// The numbers of the keys in this shard, ascending (`Source::numbers_in`).
    pub keys: Arc<[u32]>,
    /// Where the records stand among those their producer put in their second: records a
    /// producer retries (docs/behaviour.md §11.11) arrive in a later second than they were put.
    pub put: Put,
}

/// Where a block's records stand among their producer's records of the second they were put in.
/// A second's own block is `Put::default()`; what is left of it after its first records were
/// stored is that block from a later record on (`Block::rest`), resent seconds later.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Put {
    /// Seconds between the second the records were put in and the one they arrive in.
    pub late_s: u32,
    /// The rank of the first hot-key record left, and the uniform records of the second before
    /// `first_j`: a record's rank, and so its data, stays the one it was put with.
    pub hot_from: u64,
    pub uniform_from: u64,
}

impl Block {
    /// The block's records this tick: the hot ones, then the uniform ones with a key here.
    pub fn len(&self) -> u64 {
        self.len_between(0, 1)
    }

    /// The records of `ticks` ticks in a row from this one, added up.
    pub fn len_over(&self, ticks: u64) -> u64 {
        self.len_between(0, ticks)
    }

    /// The records of the ticks `from..to` ticks after this one, added up: each tick's uniform
    /// records follow on from the last tick's, so this is a difference of two counts.
    fn len_between(&self, from: u64, to: u64) -> u64 {
        let hot = if self.hot_here { self.hot } else { 0 };
        let j = |tick: u64| self.first_j + tick * self.uniform;
        hot * (to - from) + self.uniform_below(j(to)) - self.uniform_below(j(from))
    }

    /// How many of the uniform records numbered below `j` have a key here: whole rounds of the
    /// keys, and the keys here below where the last round stopped.
    fn uniform_below(&self, j: u64) -> u64 {
        let (count, here) = (self.source.key_count(), self.keys.len() as u64);
        // A shard with none of the keys, or all of them, needs no search (nor division).
        if here == 0 || here == count {
            return if here == 0 { 0 } else { j };
        }
        let (round, rest) = (j / count, j % count);
        round * here + self.keys.partition_point(|&key| u64::from(key) < rest) as u64
    }

    /// The same block `ticks` ticks later.
    pub fn after(&self, ticks: u64) -> Self {
        Self { first_j: self.first_j + ticks * self.uniform, ..self.clone() }
    }

    /// The same block a tick later.
    #[cfg(test)]
    fn next(&self) -> Self {
        self.after(1)
    }

    /// Bounds on the records a tick of this block holds, whichever tick, at once: a stretch of
    /// `uniform % key_count` records covers between none and all of the keys here.
    pub fn len_bounds_any(&self) -> (u64, u64) {
        let hot = if self.hot_here { self.hot } else { 0 };
        let count = self.source.key_count();
        let here = self.keys.len() as u64;
        let (cycles, rest) = (self.uniform / count, self.uniform % count);
        let base = hot + cycles * here;
        (base + rest.saturating_sub(count - here), base + rest.min(here))
    }

    /// The fewest and the most records a tick of this block holds over the `ticks` ticks from
    /// this one, exactly.
    pub fn len_bounds(&self, ticks: u64) -> (u64, u64) {
        (0..ticks.max(1))
            .map(|tick| self.len_between(tick, tick + 1))
            .fold((u64::MAX, 0), |(fewest, most), len| (fewest.min(len), most.max(len)))
    }

    /// Whether `other` is this block `ticks` ticks later: the same producer (by identity, so no
    /// key table is compared), the same shard's keys (a producer looks them up once per shard)
    /// and the same records.
    pub fn is_after(&self, ticks: u32, other: &Self) -> bool {
        let first_j = self.first_j + u64::from(ticks) * self.uniform;
        Arc::ptr_eq(&self.source, &other.source)
            && (Arc::ptr_eq(&self.keys, &other.keys) || self.keys == other.keys)
            && (self.hot, self.hot_here, self.uniform, first_j, self.put)
                == (other.hot, other.hot_here, other.uniform, other.first_j, other.put)
    }

    /// The `n`th record of the block: the hot key (None) or a key number, and its rank among
    /// the producer's records of the second it was put in.
    pub fn nth(&self, n: u64) -> (Option<u64>, u64) {
        let hot = if self.hot_here { self.hot } else { 0 };
        if n < hot {
            return (None, self.put.hot_from + n);
        }
        let j = self.uniform_j(n - hot);
        let count = self.source.key_count();
        (Some(j % count), self.put.hot_from + self.hot + self.put.uniform_from + (j - self.first_j))
    }

    /// The number `j` of the block's `u`th uniform record.
    fn uniform_j(&self, u: u64) -> u64 {
        let (count, here) = (self.source.key_count(), self.keys.len() as u64);
        let start = self.first_j;
        let round = start - start % count;
        // The keys here still to come in the round the tick starts in, then whole rounds.
        let first = self.keys.partition_point(|&key| u64::from(key) < start % count) as u64;
        if u < here - first {
            round + u64::from(self.keys[(first + u) as usize])
        } else {
            let u = u - (here - first);
            round + (1 + u / here) * count + u64::from(self.keys[(u % here) as usize])
        }
    }

    /// The block without its first `n` records (at most `len`), resent `late_s` seconds after
    /// they were put: the hot ones go first, then the uniform ones up to the next left.
    pub fn rest(&self, n: u64, late_s: u32) -> Self {
        let mut rest = Self { put: Put { late_s, ..self.put }, ..self.clone() };
        let hot = if self.hot_here { self.hot } else { 0 };
        if n <= hot {
            rest.hot -= n;
            rest.put.hot_from += n;
            return rest;
        }
        rest.hot = 0;
        rest.put.hot_from += self.hot;
        let end_j = self.first_j + self.uniform;
        let from_j = if n < self.len() { self.uniform_j(n - hot) } else { end_j };
        rest.put.uniform_from += from_j - self.first_j;
        rest.first_j = from_j;
        rest.uniform = end_j - from_j;
        rest
    }

    /// The same records limited to the keys here whose hash keys lie in `start..=end`: what a
    /// producer resends to a shard that took over part of a closed one's hash key range.
    pub fn within(&self, start: u128, end: u128) -> Self {
        let source = &self.source;
        let here = |&&number: &&u32| (start..=end).contains(&source.hash_key(number));
        let keys: Arc<[u32]> = self.keys.iter().filter(here).copied().collect();
        Self { keys, hot_here: self.hot_here && (start..=end).contains(&source.hot_hash_key()), ..self.clone() }
    }
}

/// How many records a shard stored each tick of a stretch of steady traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Steady {
    /// All it was sent: the shard was below its limits.
    All,
    /// The same number every tick: the shard was at its limit.
    Same(u32),
}

/// Records stored a tick. Steady traffic stores the same number every tick (a shard at its
/// limit) or all it was sent (a shard below it), which need no count per tick.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Counts {
    Same { count: u32, ticks: u32 },
    All { ticks: u32 },
    Each(Vec<u32>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    /// The block in the run's first tick.
    block: Block,
    counts: Counts,
}

impl Part {
    fn new(block: &Block, count: u32) -> Self {
        let counts =
            if u64::from(count) == block.len() { Counts::All { ticks: 1 } } else { Counts::Same { count, ticks: 1 } };
        Self { block: block.clone(), counts }
    }

    fn block_at(&self, tick: u32) -> Block {
        Block { first_j: self.block.first_j + u64::from(tick) * self.block.uniform, ..self.block.clone() }
    }

    /// Ticks counted, from the run's first.
    fn ticks(&self) -> u32 {
        match &self.counts {
            Counts::Same { ticks, .. } | Counts::All { ticks } => *ticks,
            Counts::Each(counts) => counts.len() as u32,
        }
    }

    fn count(&self, tick: u32) -> u64 {
        self.sum(tick, tick + 1)
    }

    /// The records stored in ticks `from..to`.
    fn sum(&self, from: u32, to: u32) -> u64 {
        let to = to.min(self.ticks());
        if from >= to {
            return 0;
        }
        match &self.counts {
            Counts::Same { count, .. } => u64::from(*count) * u64::from(to - from),
            Counts::All { .. } => self.block.len_between(u64::from(from), u64::from(to)),
            Counts::Each(counts) => counts[from as usize..to as usize].iter().map(|&c| u64::from(c)).sum(),
        }
    }

    /// Whether the next tick's `count` keeps the counts as they are kept.
    fn keeps(&self, count: u32) -> bool {
        match self.counts {
            Counts::Same { count: same, .. } => count == same,
            Counts::All { ticks } => u64::from(count) == self.block.len_between(u64::from(ticks), u64::from(ticks) + 1),
            Counts::Each(_) => true,
        }
    }

    /// Counts `count` for the next tick, after `pad` ticks of none.
    fn push(&mut self, pad: u32, count: u32) {
        if pad == 0 && self.keeps(count) {
            match &mut self.counts {
                Counts::Same { ticks, .. } | Counts::All { ticks } => *ticks += 1,
                Counts::Each(counts) => counts.push(count),
            }
            return;
        }
        // A single tick so far reads as either steady form.
        if let (0, 1) = (pad, self.ticks()) {
            let first = self.count(0) as u32;
            if first == count {
                self.counts = Counts::Same { count, ticks: 2 };
                return;
            }
            if u64::from(first) == self.block.len() && u64::from(count) == self.block.len_between(1, 2) {
                self.counts = Counts::All { ticks: 2 };
                return;
            }
        }
        let mut counts = Vec::new();
        for tick in 0..self.ticks() + pad {
            counts.push(self.count(tick) as u32);
        }
        counts.push(count);
        self.counts = Counts::Each(counts);
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
    /// Where the last record looked for was (`locate`).
    last_found: LastFound,
}

/// The tick of the last record `Run::locate` found, and the records held before that tick, as of
/// `trimmed` ticks trimmed. A consumer keeping up looks a tick or two further each second, so
/// the next look starts here instead of searching the run, which dominated a day read by a
/// consumer. Not part of what a run holds: runs compare equal whatever they last looked up.
#[derive(Clone, Debug, Default)]
struct LastFound(Cell<Option<(u32, u32, u64)>>);

impl PartialEq for LastFound {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LastFound {}

/// How many ticks `locate` walks on from the last record found before it searches instead.
const WALK_TICKS: u32 = 4;

impl Run {
    pub fn new(tick_ms: i64, first_index: u64, block: Block, count: u32) -> Self {
        Self {
            first_tick_ms: tick_ms,
            ticks: 1,
            trimmed: 0,
            first_index,
            held: u64::from(count),
            parts: vec![Part::new(&block, count)],
            filled: 1,
            last_found: LastFound::default(),
        }
    }

    /// A run of `ticks` ticks of one block stored in the `form` given, from `tick_ms`.
    pub fn steady(tick_ms: i64, first_index: u64, block: &Block, ticks: u32, form: Steady) -> Self {
        let counts = match form {
            Steady::All => Counts::All { ticks },
            Steady::Same(count) => Counts::Same { count, ticks },
        };
        let part = Part { block: block.clone(), counts };
        let held = part.sum(0, ticks);
        Self {
            first_tick_ms: tick_ms,
            ticks,
            trimmed: 0,
            first_index,
            held,
            parts: vec![part],
            filled: 1,
            last_found: LastFound::default(),
        }
    }

    /// Adds `ticks` ticks of `block` from `tick_ms`, stored in `form`, when they follow on from
    /// a run of that block in that form. Returns the records added, or None when it did not.
    pub fn extend_steady(&mut self, tick_ms: i64, block: &Block, ticks: u32, form: Steady) -> Option<u64> {
        let [part] = self.parts.as_mut_slice() else { return None };
        if tick_ms != self.first_tick_ms + i64::from(self.ticks) * 1000 || !part.block.is_after(self.ticks, block) {
            return None;
        }
        match (&mut part.counts, form) {
            (Counts::All { ticks: held }, Steady::All) => *held += ticks,
            (Counts::Same { count, ticks: held }, Steady::Same(same)) if *count == same => *held += ticks,
            _ => return None,
        }
        let added = part.sum(self.ticks, self.ticks + ticks);
        self.ticks += ticks;
        self.held += added;
        Some(added)
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

    /// When the run's oldest tick still held was: the first after those trimmed.
    pub fn first_arrival_ms(&self) -> i64 {
        self.tick_ms(self.trimmed)
    }

    fn tick_ms(&self, tick: u32) -> i64 {
        self.first_tick_ms + i64::from(tick) * 1000
    }

    /// The records stored in ticks `from..to`.
    fn sum(&self, from: u32, to: u32) -> u64 {
        self.parts.iter().map(|part| part.sum(from, to)).sum()
    }

    /// The first tick at or after `ms`, or the number of ticks when there is none.
    fn tick_at_or_after(&self, ms: i64) -> u32 {
        let ticks = ms.saturating_sub(self.first_tick_ms).max(0).saturating_add(999) / 1000;
        u32::try_from(ticks).unwrap_or(u32::MAX).min(self.ticks)
    }

    /// Adds `count` records of `block` at `tick_ms` when the run can hold them: as the next part
    /// of its last tick, or as the first part of the tick after it. Returns whether it did. A
    /// run of one producer holds one steady form of counts; a change starts a new run, so that
    /// hours of steady traffic stay a few bytes.
    pub fn extend(&mut self, tick_ms: i64, block: &Block, count: u32) -> bool {
        let last = self.ticks - 1;
        // A producer that joins in the run's first tick becomes a part of it.
        if self.ticks == 1 && tick_ms == self.first_tick_ms && self.filled == self.parts.len() {
            self.parts.push(Part::new(block, count));
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
        if !part.block.is_after(tick, block) {
            return false;
        }
        let pad = tick - part.ticks();
        if self.parts.len() == 1 && self.ticks > 1 && !part.keeps(count) {
            return false;
        }
        self.parts[at].push(pad, count);
        self.ticks = tick + 1;
        self.filled = at + 1;
        self.held += u64::from(count);
        true
    }

    /// Drops the ticks that arrived before `cutoff_ms`. Returns whether the whole run went.
    pub fn trim_before(&mut self, cutoff_ms: i64) -> bool {
        let keep_from = self.tick_at_or_after(cutoff_ms).max(self.trimmed);
        let gone = self.sum(self.trimmed, keep_from);
        self.first_index += gone;
        self.held -= gone;
        self.trimmed = keep_from;
        self.trimmed == self.ticks
    }

    /// The index of the first record held that arrived at or after `ms`, if any did.
    pub fn index_at_time(&self, ms: i64) -> Option<u64> {
        let from = self.tick_at_or_after(ms).max(self.trimmed);
        if self.sum(from, self.ticks) == 0 {
            return None;
        }
        // Some tick from `from` on holds a record; steady runs find it at once.
        let tick = (from..self.ticks).find(|&tick| self.sum(tick, tick + 1) > 0)?;
        Some(self.first_index + self.sum(self.trimmed, tick))
    }

    /// Where record `index` is: its tick, part and place in the part's block.
    fn locate(&self, index: u64) -> Option<Position> {
        let skip = index.checked_sub(self.first_index)?;
        if skip >= self.held {
            return None;
        }
        // The tick holding it: the last whose earlier ticks hold at most `skip` records. First
        // a few ticks on from where the last record looked for was.
        if let Some((trimmed, mut tick, mut before)) = self.last_found.0.get()
            && trimmed == self.trimmed
            && before <= skip
        {
            for _ in 0..WALK_TICKS {
                let len = self.sum(tick, tick + 1);
                if skip < before + len {
                    return self.position(tick, before, skip);
                }
                (tick, before) = (tick + 1, before + len);
            }
        }
        // Counts kept per tick are summed by walking them, so a run with such a part is walked
        // once.
        let tick = if self.parts.iter().any(|part| matches!(part.counts, Counts::Each(_))) {
            let mut before = 0;
            let mut tick = self.trimmed;
            loop {
                let len = self.sum(tick, tick + 1);
                if skip < before + len {
                    break tick;
                }
                before += len;
                tick += 1;
            }
        } else {
            // Readers mostly want the last ticks (a consumer keeping up): gallop back from the
            // end to the first tick whose records from there on reach `index`, then search
            // between it and the last one galloped over.
            let from_end = self.held - skip;
            let (mut low, mut high) = (self.trimmed, self.ticks);
            let mut step = 1;
            while step < self.ticks - self.trimmed {
                let tick = self.ticks - step;
                if self.sum(tick, self.ticks) >= from_end {
                    low = tick;
                    break;
                }
                high = tick;
                step *= 2;
            }
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                if self.sum(self.trimmed, middle) <= skip {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            low
        };
        self.position(tick, self.sum(self.trimmed, tick), skip)
    }

    /// The place of the record `skip` records into the run, in `tick`, which `before` records
    /// held come before; remembered for the next `locate`.
    fn position(&self, tick: u32, before: u64, skip: u64) -> Option<Position> {
        self.last_found.0.set(Some((self.trimmed, tick, before)));
        let mut n = skip - before;
        for (part, counts) in self.parts.iter().enumerate() {
            let count = counts.count(tick);
            if n < count {
                return Some(Position { tick, part, n });
            }
            n -= count;
        }
        None
    }

    /// The records from `index` on as spans of records that arrived together and have one
    /// size: (first index, arrival, records, bytes each). A span is the rest of one producer's
    /// part of a tick, so a reader that only counts walks ticks, not records.
    pub fn spans(&self, index: u64) -> impl Iterator<Item = (u64, i64, u64, u64)> + '_ {
        let mut at = self.locate(index);
        let mut index = index;
        std::iter::from_fn(move || {
            loop {
                let Position { tick, part, n } = at?;
                if tick >= self.ticks {
                    return None;
                }
                let counts = &self.parts[part];
                let count = counts.count(tick);
                at = Some(if part + 1 < self.parts.len() {
                    Position { tick, part: part + 1, n: 0 }
                } else {
                    Position { tick: tick + 1, part: 0, n: 0 }
                });
                if n < count {
                    let span = (index, self.tick_ms(tick), count - n, counts.block.source.record_size());
                    index += count - n;
                    return Some(span);
                }
            }
        })
    }

    /// A reader of the records from `index` on.
    pub fn reader(&self, index: u64) -> Option<RunReader<'_>> {
        let at = self.locate(index)?;
        let block = self.parts[at.part].block_at(at.tick);
        let count = self.parts[at.part].count(at.tick);
        Some(RunReader { run: self, at, block, count, index })
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
    /// The records of `block` stored in the run, worked out once per block.
    count: u64,
    index: u64,
}

/// One described record, as made again for a reader (from `RunReader::source`).
pub struct Made {
    pub index: u64,
    pub arrival_ms: i64,
    /// The second the record was put in, which its data names: its arrival but for retries.
    pub put_ms: i64,
    /// The hot key (None) or the key's number.
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
            if n < self.count {
                let (key, rank) = self.block.nth(n);
                let arrival_ms = run.tick_ms(tick);
                let put_ms = arrival_ms - i64::from(self.block.put.late_s) * 1000;
                let made = Made { index: self.index, arrival_ms, put_ms, key, rank };
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
                let part = &run.parts[self.at.part];
                self.block = part.block_at(self.at.tick);
                self.count = part.count(self.at.tick);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(source: &Arc<Source>, hot: u64, uniform: u64, keys: &[u32], first_j: u64) -> Block {
        let hot_here = hot > 0;
        Block { source: Arc::clone(source), hot, hot_here, uniform, first_j, keys: keys.into(), put: Put::default() }
    }

    /// The block's records by brute force: hot ones, then every uniform record with a key here.
    fn naive(block: &Block) -> Vec<(Option<u64>, u64)> {
        let count = block.source.key_count();
        let hot = if block.hot_here { block.hot } else { 0 };
        let mut out: Vec<_> = (0..hot).map(|rank| (None, rank)).collect();
        for j in block.first_j..block.first_j + block.uniform {
            let number = j % count;
            if block.keys.contains(&(number as u32)) {
                out.push((Some(number), block.hot + j - block.first_j));
            }
        }
        out
    }

    #[test]
    fn blocks_count_and_find_their_records_as_brute_force_does() {
        let source = Arc::new(Source::new("p", 10, 7));
        let shards: [&[u32]; 6] = [&[0, 1, 2, 3, 4, 5, 6], &[2, 3, 4], &[0], &[6], &[], &[1, 4, 5]];
        for keys in shards {
            for first_j in 0..15 {
                for uniform in [0, 1, 6, 7, 20] {
                    for hot in [0, 3] {
                        let b = block(&source, hot, uniform, keys, first_j);
                        let expected = naive(&b);
                        assert_eq!(b.len(), expected.len() as u64, "{b:?}");
                        let made: Vec<_> = (0..b.len()).map(|n| b.nth(n)).collect();
                        assert_eq!(made, expected, "{b:?}");
                        let (fewest, most) = b.len_bounds(4);
                        let lens: Vec<u64> = (0..4).map(|tick| b.after(tick).len()).collect();
                        assert_eq!((fewest, most), (*lens.iter().min().unwrap(), *lens.iter().max().unwrap()));
                        let (at_least, at_most) = b.len_bounds_any();
                        assert!(at_least <= fewest && most <= at_most, "{b:?}");
                        let over: u64 = (0..5).map(|ticks| b.after(ticks).len()).sum();
                        assert_eq!(b.len_over(5), over, "{b:?}");
                    }
                }
            }
        }
    }

    /// What is left of a block after its first records, and that rest within part of the hash
    /// key space, holds the same records with the same ranks as the block itself.
    #[test]
    fn the_rest_of_a_block_keeps_its_records_and_ranks() {
        let source = Arc::new(Source::new("p", 10, 7));
        let hashes: Vec<u128> = (0..7).map(|number| source.hash_key(number)).collect();
        let mut middle = hashes.clone();
        middle.sort_unstable();
        let (low, high) = (middle[2], middle[4]);
        for keys in [&[0u32, 1, 2, 3, 4, 5, 6][..], &[0, 2, 5], &[3]] {
            for first_j in [0, 4, 11] {
                for (uniform, hot) in [(0, 3), (6, 0), (20, 3)] {
                    let b = block(&source, hot, uniform, keys, first_j);
                    let all = naive(&b);
                    for n in 0..=b.len() {
                        let rest = b.rest(n, 2);
                        let made: Vec<_> = (0..rest.len()).map(|at| rest.nth(at)).collect();
                        assert_eq!(made, all[n as usize..], "{b:?} without {n}");
                        assert_eq!(rest.put.late_s, 2);
                        let inside = rest.within(low, high);
                        let expected: Vec<_> = made
                            .iter()
                            .copied()
                            .filter(|(key, _)| (low..=high).contains(&hashes[key.unwrap_or(0) as usize]))
                            .collect();
                        let made: Vec<_> = (0..inside.len()).map(|at| inside.nth(at)).collect();
                        assert_eq!(made, expected, "{b:?} without {n}, within");
                    }
                }
            }
        }
    }

    #[test]
    fn runs_extend_tick_by_tick_and_part_by_part() {
        let a = Arc::new(Source::new("a", 10, 4));
        let b = Arc::new(Source::new("b", 10, 4));
        let block_a = block(&a, 0, 4, &[0, 1, 2, 3], 0);
        let block_b = block(&b, 0, 2, &[0, 1, 2, 3], 0);
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
    fn steady_runs_keep_no_count_per_tick_and_find_a_record_without_a_walk() {
        // 7 keys, 3 of them here, 10 uniform records a tick: 3 to 6 a tick reach this shard.
        let source = Arc::new(Source::new("p", 10, 7));
        let first = block(&source, 0, 10, &[2, 3, 4], 0);
        for (limit, steady) in [(u64::MAX, "all sent"), (3, "the same")] {
            let stored = |b: &Block| b.len().min(limit) as u32;
            let mut run = Run::new(0, 0, first.clone(), stored(&first));
            let mut next = first.clone();
            let mut starts = vec![0];
            for tick in 1..100_000 {
                next = next.next();
                starts.push(run.end_index());
                assert!(run.extend(tick * 1000, &next, stored(&next)), "{steady}, tick {tick}");
            }
            match (steady, &run.parts[0].counts) {
                ("all sent", Counts::All { ticks: 100_000 })
                | ("the same", Counts::Same { count: 3, ticks: 100_000 }) => {}
                (_, counts) => panic!("{steady}: {counts:?}"),
            }
            let tick = 99_998;
            let made = run.reader(starts[tick] + 1).unwrap().next_made().unwrap();
            assert_eq!((made.index, made.arrival_ms), (starts[tick] + 1, tick as i64 * 1000), "{steady}");
            assert_eq!(run.index_at_time(tick as i64 * 1000 - 10), Some(starts[tick]), "{steady}");
            assert!(!run.trim_before(tick as i64 * 1000));
            assert_eq!(run.first_index(), starts[tick], "{steady}");
        }
    }

    #[test]
    fn a_change_of_steady_form_starts_a_new_run() {
        let source = Arc::new(Source::new("p", 10, 10));
        let first = block(&source, 0, 10, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0);
        let mut run = Run::new(0, 0, first.clone(), 10);
        assert!(run.extend(1000, &first.next(), 10));
        assert!(!run.extend(2000, &first.next().next(), 6), "throttled after two ticks of all sent");
        // One tick alone reads as either form.
        let mut run = Run::new(0, 0, first.clone(), 10);
        assert!(run.extend(1000, &first.next(), 6));
        assert!(matches!(run.parts[0].counts, Counts::Each(_)), "10 then 6 is neither form");
    }

    /// Runs of random counts, steady stretches and changes alike, read every way and checked
    /// against the same records listed one by one.
    #[test]
    fn runs_read_as_their_records_listed_one_by_one() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for case in 0..200 {
            let source = Arc::new(Source::new("p", 10, 1 + random(9) as u32));
            // Any subset of the keys, as a shard may hold.
            let here: Vec<u32> = (0..source.key_count() as u32).filter(|_| random(2) == 0).collect();
            let mut b = block(&source, random(3), random(12), &here, random(20));
            b.hot_here = random(2) == 0;
            // Each tick: (arrival, index, rank) of the records stored.
            let mut listed: Vec<(i64, u64, u64)> = Vec::new();
            let mut runs: Vec<Run> = Vec::new();
            let mut next_index = 100;
            let limit = random(6);
            for tick in 0..(1 + random(40) as i64) {
                let sent = b.len();
                let stored = match random(4) {
                    0 => random(sent + 1),
                    1 => sent.min(limit),
                    _ => sent,
                } as u32;
                let extended = runs
                    .last_mut()
                    .is_some_and(|run| run.end_index() == next_index && run.extend(tick * 1000, &b, stored));
                if !extended {
                    runs.push(Run::new(tick * 1000, next_index, b.clone(), stored));
                }
                for n in 0..u64::from(stored) {
                    listed.push((tick * 1000, next_index, b.nth(n).1));
                    next_index += 1;
                }
                b = b.next();
            }
            let cutoff = random(45) as i64 * 1000 - 500;
            for run in &mut runs {
                run.trim_before(cutoff);
            }
            listed.retain(|&(arrival, ..)| arrival >= cutoff);
            let held: Vec<(i64, u64, u64)> = runs
                .iter()
                .flat_map(|run| {
                    let mut reader = run.reader(run.first_index());
                    std::iter::from_fn(move || reader.as_mut()?.next_made())
                        .map(|made| (made.arrival_ms, made.index, made.rank))
                        .collect::<Vec<_>>()
                })
                .collect();
            assert_eq!(held, listed, "case {case}");
            for &(arrival, index, rank) in &listed {
                let run = runs.iter().find(|run| (run.first_index()..run.end_index()).contains(&index)).unwrap();
                let made = run.reader(index).unwrap().next_made().unwrap();
                assert_eq!((made.arrival_ms, made.rank), (arrival, rank), "case {case}, index {index}");
                let first_then = listed.iter().find(|r| r.0 >= arrival - 300).unwrap().1;
                let found = runs.iter().find_map(|run| run.index_at_time(arrival - 300));
                assert_eq!(found, Some(first_then), "case {case}, at {arrival}");
            }
            // Where the last look ended (`LastFound`) never changes what a look finds: looked up
            // again backwards and at random, then after more records have left.
            let read = |runs: &[Run], &(arrival, index, rank): &(i64, u64, u64)| {
                let run = runs.iter().find(|run| (run.first_index()..run.end_index()).contains(&index)).unwrap();
                let made = run.reader(index).unwrap().next_made().unwrap();
                assert_eq!((made.arrival_ms, made.rank), (arrival, rank), "case {case}, index {index}");
            };
            let mut order: Vec<usize> = (0..listed.len()).rev().collect();
            order.extend((0..listed.len()).map(|_| random(listed.len() as u64) as usize));
            for at in order {
                read(&runs, &listed[at]);
            }
            let later = cutoff + random(20) as i64 * 1000;
            for run in &mut runs {
                run.trim_before(later);
            }
            listed.retain(|&(arrival, ..)| arrival >= later);
            for record in &listed {
                read(&runs, record);
            }
        }
    }
}
