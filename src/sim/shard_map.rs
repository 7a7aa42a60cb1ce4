//! Shards and how a stream's hash key space 0..2^128-1 is cut into them
//! (docs/behaviour.md §7.1, §7.2), and how splits, merges and UpdateShardCount close shards and
//! open children.

use super::records::ShardData;
use super::sequence;

/// One shard. Hash keys are 128-bit unsigned integers; on the wire they are decimal strings.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    /// The number in `shardId-000000000000`; new shards take the next unused index, and a stream
    /// keeps its shards in index order.
    pub index: u32,
    /// How many splits and merges lie between the shard and the stream's first shards (0 for
    /// those), kept so the lineage still reads the same once parents have expired.
    pub generation: u32,
    pub parent: Option<u32>,
    pub adjacent_parent: Option<u32>,
    pub starting_hash_key: u128,
    pub ending_hash_key: u128,
    /// Simulation time the shard came into being (encoded in its starting sequence number).
    pub created_at_ms: i64,
    /// Set once a split, merge or reshard closes the shard.
    pub closed_at_ms: Option<i64>,
    /// Worked out once: DescribeStream pages print them again and again (formatting a u128 or a
    /// 188-bit number costs more than the rest of a shard's JSON).
    pub starting_sequence_number: String,
    pub ending_sequence_number: Option<String>,
    pub starting_hash_key_text: String,
    pub ending_hash_key_text: String,
    /// Its records and throughput (docs/behaviour.md §11).
    pub(crate) data: ShardData,
}

impl Shard {
    fn new(
        index: u32,
        generation: u32,
        parents: (Option<u32>, Option<u32>),
        keys: (u128, u128),
        created_at_ms: i64,
    ) -> Self {
        Self {
            index,
            generation,
            parent: parents.0,
            adjacent_parent: parents.1,
            starting_hash_key: keys.0,
            ending_hash_key: keys.1,
            created_at_ms,
            closed_at_ms: None,
            starting_sequence_number: sequence::starting(index, created_at_ms),
            ending_sequence_number: None,
            starting_hash_key_text: keys.0.to_string(),
            ending_hash_key_text: keys.1.to_string(),
            data: ShardData::default(),
        }
    }

    fn close(&mut self, now_ms: i64) {
        self.closed_at_ms = Some(now_ms);
        self.ending_sequence_number = Some(sequence::ending(self.index, self.created_at_ms, now_ms));
    }

    /// Whether `key` falls in the shard's hash key range.
    pub fn contains(&self, key: u128) -> bool {
        (self.starting_hash_key..=self.ending_hash_key).contains(&key)
    }

    pub fn shard_id(&self) -> String {
        shard_id(self.index)
    }

    pub fn is_open(&self) -> bool {
        self.closed_at_ms.is_none()
    }

    /// Whether the shard closed long enough ago that its newest data has left the retention
    /// period: the service then lists it no more and forgets it.
    pub(crate) fn is_expired(&self, retention_ms: i64, now_ms: i64) -> bool {
        self.closed_at_ms.is_some_and(|closed| closed.saturating_add(retention_ms) <= now_ms)
    }
}

/// The shard with `index`, if the stream still has it. A stream's shards are in index order,
/// with gaps where expired ones were dropped.
pub fn find(shards: &[Shard], index: u32) -> Option<&Shard> {
    shards.binary_search_by_key(&index, |s| s.index).ok().map(|at| &shards[at])
}

/// The open shard whose hash key range holds `key`: where a record with that hash key goes.
/// During UPDATING that is still the map from before the change (docs/behaviour.md §11.1).
pub fn route_mut(shards: &mut [Shard], key: u128) -> Option<&mut Shard> {
    shards.iter_mut().find(|shard| shard.is_open() && shard.contains(key))
}

pub(crate) fn find_mut(shards: &mut [Shard], index: u32) -> Option<&mut Shard> {
    shards.binary_search_by_key(&index, |s| s.index).ok().map(move |at| &mut shards[at])
}

/// The index the next new shard takes. The newest shard is always open (closing a shard opens
/// newer ones), so it is never dropped and indexes are never reused.
fn next_index(shards: &[Shard]) -> u32 {
    shards.last().map_or(0, |s| s.index + 1)
}

/// `shardId-` and a 12-digit zero-padded index.
pub fn shard_id(index: u32) -> String {
    ShardIdText(index).to_string()
}

/// A shard id that prints itself, so responses write it without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardIdText(pub u32);

impl std::fmt::Display for ShardIdText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "shardId-{:012}", self.0)
    }
}

impl serde::Serialize for ShardIdText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The largest shard number a ShardId may carry: Java's `Integer.MAX_VALUE`.
const MAX_SHARD_INDEX: u32 = i32::MAX as u32;

/// Reads a ShardId by its form, as the service does (docs/behaviour.md §7.2): the digits after
/// the first hyphen, whatever comes before it (`shardId-5`, `shard-5`, `-5`), or the whole text
/// when it has no hyphen (`5`); up to 2147483647, leading zeros allowed. None for any other form,
/// which the service reports by the text as sent.
pub fn parse_shard_id(text: &str) -> Option<u32> {
    let digits = text.split_once('-').map_or(text, |(_, after)| after);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Leading zeros never overflow the parse; more than ten significant digits do.
    digits.parse::<u32>().ok().filter(|&index| index <= MAX_SHARD_INDEX)
}

/// `count` shards splitting the key space evenly, as CreateStream makes them: with
/// `step = floor(2^128 / count)`, shard i spans `[i*step, (i+1)*step - 1]` and the last shard
/// ends at 2^128 - 1. This matches every sample from the real service (docs/behaviour.md §7.1).
pub fn uniform(count: u32, created_at_ms: i64) -> Vec<Shard> {
    let count = count.max(1);
    let divisor = u128::from(count);
    // floor(2^128 / n) computed without 2^128: one more than floor((2^128 - 1) / n) exactly when
    // n divides 2^128.
    let step = if count == 1 { 0 } else { u128::MAX / divisor + u128::from(u128::MAX % divisor == divisor - 1) };
    (0..count)
        .map(|i| {
            let end = if i + 1 == count { u128::MAX } else { u128::from(i + 1) * step - 1 };
            Shard::new(i, 0, (None, None), (u128::from(i) * step, end), created_at_ms)
        })
        .collect()
}

/// Closes `shards[index]` and opens two children split at `new_starting_hash_key`, which must
/// lie inside the shard (the caller checks). Returns the children's indexes, or None if the
/// stream has no such shard.
pub fn split(shards: &mut Vec<Shard>, index: u32, new_starting_hash_key: u128, now_ms: i64) -> Option<[u32; 2]> {
    let first = next_index(shards);
    let parent = find_mut(shards, index)?;
    parent.close(now_ms);
    let (start, end, generation) = (parent.starting_hash_key, parent.ending_hash_key, parent.generation + 1);
    let parents = (Some(index), None);
    shards.push(Shard::new(first, generation, parents, (start, new_starting_hash_key - 1), now_ms));
    shards.push(Shard::new(first + 1, generation, parents, (new_starting_hash_key, end), now_ms));
    Some([first, first + 1])
}

/// Closes two adjacent shards and opens their union. `index` is the parent, `adjacent` the
/// adjacent parent, as in MergeShards. Returns the child's index, or None if the stream lacks
/// either shard.
pub fn merge(shards: &mut Vec<Shard>, index: u32, adjacent: u32, now_ms: i64) -> Option<u32> {
    let (a, b) = (find(shards, index)?, find(shards, adjacent)?);
    let starting_hash_key = a.starting_hash_key.min(b.starting_hash_key);
    let ending_hash_key = a.ending_hash_key.max(b.ending_hash_key);
    let generation = a.generation.max(b.generation) + 1;
    for i in [index, adjacent] {
        find_mut(shards, i)?.close(now_ms);
    }
    let child = next_index(shards);
    let keys = (starting_hash_key, ending_hash_key);
    shards.push(Shard::new(child, generation, (Some(index), Some(adjacent)), keys, now_ms));
    Some(child)
}

/// Open shards in hash key order.
pub fn open_in_key_order(shards: &[Shard]) -> Vec<u32> {
    let mut open: Vec<&Shard> = shards.iter().filter(|s| s.is_open()).collect();
    open.sort_by_key(|s| s.starting_hash_key);
    open.iter().map(|s| s.index).collect()
}

/// UpdateShardCount with UNIFORM_SCALING, done the way the service was observed to do it: to
/// scale up, split every open shard in half, then merge adjacent pairs (left to right, pass after
/// pass) until the target count is reached; to scale down, only the merging. This reproduces the
/// shard totals seen on AWS (2→4: 6 shards in all, 4→5: 15, 10→13: 37, 5→3: 7, 10→3: 17; facts
/// collected in moto's tests).
pub fn scale_uniformly(shards: &mut Vec<Shard>, target: u32, now_ms: i64) {
    let mut open = open_in_key_order(shards);
    if (open.len() as u32) < target {
        for index in open {
            let Some(shard) = find(shards, index) else { continue };
            // A shard of a single hash key cannot be split.
            if shard.starting_hash_key == shard.ending_hash_key {
                continue;
            }
            let middle = shard.starting_hash_key + (shard.ending_hash_key - shard.starting_hash_key) / 2;
            split(shards, index, middle + 1, now_ms);
        }
        open = open_in_key_order(shards);
    }
    let mut merges_needed = open.len().saturating_sub(target as usize);
    while merges_needed > 0 {
        for pair in open.chunks_exact(2) {
            merge(shards, pair[0], pair[1], now_ms);
            merges_needed -= 1;
            if merges_needed == 0 {
                break;
            }
        }
        open = open_in_key_order(shards);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(count: u32) -> Vec<(String, String)> {
        uniform(count, 0).iter().map(|s| (s.starting_hash_key.to_string(), s.ending_hash_key.to_string())).collect()
    }

    fn assert_tiles(shards: &[Shard]) {
        let open = open_in_key_order(shards);
        assert_eq!(shards[open[0] as usize].starting_hash_key, 0);
        assert_eq!(shards[*open.last().unwrap() as usize].ending_hash_key, u128::MAX);
        for pair in open.windows(2) {
            assert_eq!(shards[pair[0] as usize].ending_hash_key + 1, shards[pair[1] as usize].starting_hash_key);
        }
    }

    #[test]
    fn ranges_match_the_real_service() {
        assert_eq!(ranges(1), [("0".into(), "340282366920938463463374607431768211455".into())]);
        assert_eq!(ranges(2)[0].1, "170141183460469231731687303715884105727");
        assert_eq!(ranges(3)[0].1, "113427455640312821154458202477256070484");
        assert_eq!(ranges(3)[1].0, "113427455640312821154458202477256070485");
        assert_eq!(ranges(3)[2].0, "226854911280625642308916404954512140970");
        assert_eq!(ranges(4)[0].1, "85070591730234615865843651857942052863");
        assert_eq!(ranges(4)[3].0, "255211775190703847597530955573826158592");
    }

    #[test]
    fn ranges_tile_the_key_space() {
        for count in [1, 2, 3, 4, 5, 7, 64, 500, 10_000] {
            assert_tiles(&uniform(count, 0));
        }
    }

    #[test]
    fn shard_ids_are_zero_padded_and_read_by_the_digits_after_the_first_hyphen() {
        assert_eq!(shard_id(0), "shardId-000000000000");
        assert_eq!(shard_id(2_147_483_647), "shardId-002147483647");
        for text in ["shardId-000000000005", "shardId-5", "5", "shard-5", "abc-5", "-5", "a-0000000000000000005"] {
            assert_eq!(parse_shard_id(text), Some(5), "{text}");
        }
        assert_eq!(parse_shard_id("a-00002147483647"), Some(2_147_483_647));
        assert_eq!(parse_shard_id("2147483647"), Some(2_147_483_647));
        for text in ["2147483648", "shardId-002147483648", "99999999999999", "shardId-", "-", "", "ABKLFD8"] {
            assert_eq!(parse_shard_id(text), None, "{text}");
        }
        // Only the first hyphen separates the prefix.
        for text in ["2.14E4", "a-b-5", "a--5", "shardId-5-", "shardId-+5", "shardId- 5"] {
            assert_eq!(parse_shard_id(text), None, "{text}");
        }
    }

    #[test]
    fn split_and_merge_record_their_lineage() {
        let mut shards = uniform(2, 0);
        assert_eq!(shards[0].starting_sequence_number.len(), 56);
        let [left, right] = split(&mut shards, 0, 85_070_591_730_234_615_865_843_651_857_942_052_863, 10).unwrap();
        assert_eq!((left, right), (2, 3));
        assert_eq!(shards[2].ending_hash_key.to_string(), "85070591730234615865843651857942052862");
        assert_eq!((shards[2].parent, shards[0].closed_at_ms), (Some(0), Some(10)));
        assert!(shards[0].ending_sequence_number.as_ref().unwrap() > &shards[0].starting_sequence_number);
        let merged = merge(&mut shards, 3, 1, 20);
        assert_eq!((shards[4].parent, shards[4].adjacent_parent), (Some(3), Some(1)));
        assert_eq!(merged, Some(4));
        assert_eq!((shards[2].generation, shards[4].generation), (1, 2));
        assert_tiles(&shards);
    }

    #[test]
    fn uniform_scaling_creates_the_shards_aws_does() {
        for (from, to, total) in [(2, 4, 6), (4, 5, 15), (10, 13, 37), (4, 2, 6), (5, 3, 7), (10, 3, 17), (1, 2, 3)] {
            let mut shards = uniform(from, 0);
            scale_uniformly(&mut shards, to, 1);
            assert_eq!(open_in_key_order(&shards).len(), to as usize, "{from} -> {to}");
            assert_eq!(shards.len(), total, "{from} -> {to}");
            assert_tiles(&shards);
        }
    }
}
