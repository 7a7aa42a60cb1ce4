//! Sequence numbers, laid out as the service's "version 2" numbers (docs/behaviour.md §7.3): 47 hex
//! digits, printed as a 56-digit decimal string.
//!
//! ```text
//! 2 | shard created (9 hex, epoch s) | shard index & 0xF (1) | sequence index (16) | 00 |
//!   record time (9 hex, epoch s) | shard index (8) | 2
//! ```
//!
//! The neighbouring shards of a new stream are therefore 2^144 + 16 apart.

/// The sequence index of a closed shard's EndingSequenceNumber: the largest one a shard can
/// have, as kinesalite (written against AWS) uses.
const LAST_SEQUENCE_INDEX: u64 = 0x7fff_ffff_ffff_ffff;

/// The first sequence number of a shard.
pub fn starting(shard_index: u32, shard_created_ms: i64) -> String {
    encode(shard_index, shard_created_ms, 0, shard_created_ms)
}

/// The EndingSequenceNumber of a shard closed at `closed_ms`.
pub fn ending(shard_index: u32, shard_created_ms: i64, closed_ms: i64) -> String {
    encode(shard_index, shard_created_ms, LAST_SEQUENCE_INDEX, closed_ms)
}

fn encode(shard_index: u32, shard_created_ms: i64, sequence_index: u64, record_ms: i64) -> String {
    let seconds = |ms: i64| (ms.div_euclid(1000).max(0) as u64) & 0xf_ffff_ffff;
    let hex = format!(
        "2{:09x}{:x}{:016x}00{:09x}{:08x}2",
        seconds(shard_created_ms),
        shard_index & 0xf,
        sequence_index,
        seconds(record_ms),
        shard_index
    );
    hex_to_decimal(&hex)
}

/// Converts a hex string of any length to decimal, through base-1e9 limbs.
fn hex_to_decimal(hex: &str) -> String {
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0]; // little-endian, each < BASE
    for digit in hex.chars().filter_map(|c| c.to_digit(16)) {
        let mut carry = u64::from(digit);
        for limb in &mut limbs {
            let value = *limb * 16 + carry;
            *limb = value % BASE;
            carry = value / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut text = limbs.last().copied().unwrap_or(0).to_string();
    for limb in limbs.iter().rev().skip(1) {
        text.push_str(&format!("{limb:09}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_aws_cli_example() {
        // shardId-000000000000 of the AWS CLI describe-stream example, created 2019-10-28 21:12:45.
        assert_eq!(starting(0, 1_572_297_165_000), "49600871682957036442365024926191073437251060580128653314");
    }

    #[test]
    fn neighbouring_shards_are_2_pow_144_plus_16_apart() {
        // The example's shard 0 plus 2^144 + 16, worked out with Python's integers.
        assert_eq!(starting(1, 1_572_297_165_000), "49600871682979337187563555549332609155523708941634633746");
        assert_eq!(starting(1, 1_572_297_165_000).len(), 56);
    }

    #[test]
    fn ending_numbers_are_later_than_starting_ones() {
        let start = starting(3, 1_700_000_000_000);
        let end = ending(3, 1_700_000_000_000, 1_700_000_100_000);
        assert_eq!(start.len(), end.len());
        assert!(end > start);
        assert_eq!(hex_to_decimal("ff"), "255");
        assert_eq!(hex_to_decimal("0"), "0");
    }
}
