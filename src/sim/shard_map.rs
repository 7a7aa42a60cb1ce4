//! Shards and how a stream's hash key space 0..2^128-1 is cut into them (KINESIS.md §4.1, §4.2).

/// One shard. Hash keys are 128-bit unsigned integers; on the wire they are decimal strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    /// The number in `shardId-000000000000`; new shards take the next unused index.
    pub index: u32,
    pub starting_hash_key: u128,
    pub ending_hash_key: u128,
    /// Simulation time the shard came into being (encoded in its starting sequence number).
    pub created_at_ms: i64,
    /// Set once a split, merge or reshard closes the shard.
    pub closed_at_ms: Option<i64>,
}

impl Shard {
    pub fn shard_id(&self) -> String {
        shard_id(self.index)
    }

    pub fn is_open(&self) -> bool {
        self.closed_at_ms.is_none()
    }
}

/// `shardId-` and a 12-digit zero-padded index.
pub fn shard_id(index: u32) -> String {
    format!("shardId-{index:012}")
}

/// `count` shards splitting the key space evenly, as CreateStream makes them: with
/// `step = floor(2^128 / count)`, shard i spans `[i*step, (i+1)*step - 1]` and the last shard
/// ends at 2^128 - 1. This matches every sample from the real service (KINESIS.md §4.1).
pub fn uniform(count: u32, first_index: u32, created_at_ms: i64) -> Vec<Shard> {
    let count = count.max(1);
    let divisor = u128::from(count);
    // floor(2^128 / n) computed without 2^128: one more than floor((2^128 - 1) / n) exactly when
    // n divides 2^128.
    let step = if count == 1 { 0 } else { u128::MAX / divisor + u128::from(u128::MAX % divisor == divisor - 1) };
    (0..count)
        .map(|i| {
            let starting_hash_key = u128::from(i) * step;
            let ending_hash_key = if i + 1 == count { u128::MAX } else { u128::from(i + 1) * step - 1 };
            Shard { index: first_index + i, starting_hash_key, ending_hash_key, created_at_ms, closed_at_ms: None }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(count: u32) -> Vec<(String, String)> {
        uniform(count, 0, 0).iter().map(|s| (s.starting_hash_key.to_string(), s.ending_hash_key.to_string())).collect()
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
            let shards = uniform(count, 0, 0);
            assert_eq!(shards[0].starting_hash_key, 0);
            assert_eq!(shards.last().unwrap().ending_hash_key, u128::MAX);
            for pair in shards.windows(2) {
                assert_eq!(pair[0].ending_hash_key + 1, pair[1].starting_hash_key);
            }
        }
    }

    #[test]
    fn shard_ids_are_zero_padded() {
        assert_eq!(shard_id(0), "shardId-000000000000");
        assert_eq!(shard_id(2_147_483_647), "shardId-002147483647");
    }
}
