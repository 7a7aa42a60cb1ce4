//! Sequence numbers, laid out as the service's "version 2" numbers (docs/behaviour.md §7.3): 47 hex
//! digits, printed as a 56-digit decimal string.
//!
//! ```text
//! 2 | shard created (9 hex, epoch s) | shard index & 0xF (1) | sequence index (16) | 00 |
//!   record time (9 hex, epoch s) | shard index (8) | 2
//! ```
//!
//! The neighbouring shards of a new stream are therefore 2^144 + 16 apart.
//!
//! Numbers are worked out as 188-bit integers in 32-bit limbs, with no hex text in between: a
//! PutRecords call numbers up to 500 records, and GetShardIterator reads one back.

/// The sequence index of a closed shard's EndingSequenceNumber: the largest one a shard can
/// have, as kinesalite (written against AWS) uses.
const LAST_SEQUENCE_INDEX: u64 = 0x7fff_ffff_ffff_ffff;

/// Epoch seconds keep 9 hex digits.
const SECONDS_MASK: u64 = 0xf_ffff_ffff;

/// A 188-bit number as 32-bit limbs, most significant first (the top 4 bits stay clear).
type Limbs = [u32; 6];

/// The first sequence number of a shard.
pub fn starting(shard_index: u32, shard_created_ms: i64) -> String {
    record(shard_index, shard_created_ms, 0, shard_created_ms)
}

/// The EndingSequenceNumber of a shard closed at `closed_ms`.
pub fn ending(shard_index: u32, shard_created_ms: i64, closed_ms: i64) -> String {
    record(shard_index, shard_created_ms, LAST_SEQUENCE_INDEX, closed_ms)
}

/// The sequence number of the shard's record number `sequence_index` (counted from 0), written at
/// `record_ms` (docs/behaviour.md §11.2). Indices stay below 2^63, as the service's do
/// (`decode` refuses the top bit); times are cut to whole seconds.
pub fn record(shard_index: u32, shard_created_ms: i64, sequence_index: u64, record_ms: i64) -> String {
    record_digits(shard_index, shard_created_ms, sequence_index, record_ms).to_text()
}

/// Numbers the records a call writes: a record that follows the last one numbered on its shard
/// (the next index, in the same second) has that number plus 2^80, the index's place in the
/// layout, and adding it to the last number's digits takes a fraction of a conversion's time.
#[derive(Default)]
pub struct Numbering {
    /// The latest number on a few shards.
    recent: Vec<Followed>,
    /// Which of `recent` a new shard takes once all are in use.
    replace: usize,
}

/// A shard's latest number: what it shares with the next, and its digits in base 10^9, as
/// numbers and as text.
struct Followed {
    at: NumberedAt,
    groups: [u32; 7],
    digits: Digits,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct NumberedAt {
    shard_index: u32,
    shard_created_secs: i64,
    record_secs: i64,
    sequence_index: u64,
}

/// How many shards `Numbering` follows: PutRecords calls mostly write to a few shards, and a
/// longer list would cost more to search than it saves.
const NUMBERING_SHARDS: usize = 8;

/// 2^80 in base 10^9, most significant digit first: adding it moves a number's sequence index
/// on by one.
const INDEX_STEP: [u32; 7] = [0, 0, 0, 0, 1_208_925, 819_614_629, 174_706_176];

impl Numbering {
    /// Appends the digits `record` gives for the record to `out`: no string each, for the
    /// 500 numbers of a PutRecords answer and the 10,000 of a GetRecords one.
    pub fn push(
        &mut self,
        out: &mut Vec<u8>,
        shard_index: u32,
        shard_created_ms: i64,
        sequence_index: u64,
        record_ms: i64,
    ) {
        let at = NumberedAt {
            shard_index,
            shard_created_secs: shard_created_ms.div_euclid(1000),
            record_secs: record_ms.div_euclid(1000),
            sequence_index,
        };
        let follows = |followed: &&mut Followed| {
            NumberedAt { sequence_index: followed.at.sequence_index.wrapping_add(1), ..followed.at } == at
        };
        if let Some(followed) = self.recent.iter_mut().find(follows) {
            followed.step();
            followed.at = at;
            out.extend_from_slice(followed.digits.as_bytes());
            return;
        }
        let digits = record_digits(shard_index, shard_created_ms, sequence_index, record_ms);
        out.extend_from_slice(digits.as_bytes());
        let groups = digits.digits.map(|group| group.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')));
        let followed = Followed { at, groups, digits };
        if let Some(slot) = self.recent.iter_mut().find(|slot| slot.at.shard_index == shard_index) {
            *slot = followed;
        } else if self.recent.len() < NUMBERING_SHARDS {
            self.recent.push(followed);
        } else {
            self.recent[self.replace] = followed;
            self.replace = (self.replace + 1) % NUMBERING_SHARDS;
        }
    }
}

impl Followed {
    /// Adds 2^80. Every version-2 number stays below 3·2^184, under 10^56, so the sum keeps its
    /// 56 digits and the text its first digit's place.
    fn step(&mut self) {
        let mut carry = 0;
        for k in (0..7).rev() {
            let add = INDEX_STEP[k] + carry;
            if add == 0 {
                break;
            }
            let sum = self.groups[k] + add;
            carry = u32::from(sum >= BILLION as u32);
            self.groups[k] = sum - carry * BILLION as u32;
            self.digits.digits[k] = nine_digits(self.groups[k]);
        }
    }
}

fn record_digits(shard_index: u32, shard_created_ms: i64, sequence_index: u64, record_ms: i64) -> Digits {
    let seconds = |ms: i64| (ms.div_euclid(1000).max(0) as u64) & SECONDS_MASK;
    let fields = Decoded {
        shard_created_secs: seconds(shard_created_ms),
        shard_index,
        sequence_index,
        record_secs: seconds(record_ms),
    };
    Digits::of(fields.limbs())
}

/// The fields of a version-2 sequence number (the layout above).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub shard_created_secs: u64,
    /// As the 8 hex digits hold it. The service reads them as a Java `int`, so an index with the
    /// top bit set names a shard like `shardId--02147483648` (kinesalite's AWS-run
    /// `test/getShardIterator.js`): format it as `i32` with `{:012}` to match.
    pub shard_index: u32,
    pub sequence_index: u64,
    pub record_secs: u64,
}

impl Decoded {
    /// The number's bits: the low 128 (version digit up to the sequence index's low 48 bits) and
    /// the 60 above them.
    fn limbs(self) -> Limbs {
        let low = 2u128
            | u128::from(self.shard_index) << 4
            | u128::from(self.record_secs & SECONDS_MASK) << 36
            | u128::from(self.sequence_index) << 80;
        let high = self.sequence_index >> 48
            | u64::from(self.shard_index & 0xf) << 16
            | (self.shard_created_secs & SECONDS_MASK) << 20
            | 2 << 56;
        let word = |value: u128, shift: u32| (value >> shift) as u32;
        let high = u128::from(high);
        [word(high, 32), word(high, 0), word(low, 96), word(low, 64), word(low, 32), word(low, 0)]
    }
}

/// Reads a decimal sequence number back into its fields. None for anything that is not a
/// version-2 number of this layout (docs/behaviour.md §7.3): another length, first or last hex
/// digit not 2, or a sequence index with its top bit set, which the service refuses
/// (kinesalite's AWS-run tests); a set `00` byte, or a shard nibble that is not the shard
/// index's low nibble, which nothing here writes (UNVERIFIED, docs/behaviour.md §10).
/// Every version-2 number lies in [2·2^184, 3·2^184), which holds only 56-digit numbers.
pub fn decode(text: &str) -> Option<Decoded> {
    let limbs = parse_56_digits(text)?;
    let high = u64::from(limbs[0]) << 32 | u64::from(limbs[1]);
    let low = limbs[2..].iter().fold(0u128, |low, &limb| low << 32 | u128::from(limb));
    let decoded = Decoded {
        shard_created_secs: high >> 20 & SECONDS_MASK,
        shard_index: (low >> 4) as u32,
        sequence_index: (high & 0xffff) << 48 | (low >> 80) as u64,
        record_secs: (low >> 36) as u64 & SECONDS_MASK,
    };
    let well_formed = high >> 56 == 2
        && low & 0xf == 2
        && (low >> 72) & 0xff == 0
        && (high >> 16) & 0xf == u64::from(decoded.shard_index & 0xf)
        && decoded.sequence_index >> 63 == 0;
    well_formed.then_some(decoded)
}

/// The layouts a sequence number given by a client can have, as the service reads them
/// (docs/behaviour.md §11.2): numbers below 2^129 are "version 0" (32 hex digits, a small number
/// read as if 2^124 were added, its shard index in the low 16 bits), 56-digit numbers whose first
/// hex digit is 2 carry their version in their last hex digit (kinesalite's `db/index.js`,
/// written against AWS). Only version 2 is what this simulator hands out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    V0 {
        shard_index: u32,
        normalized: u128,
    },
    V1 {
        shard_index: u32,
    },
    V2(Decoded),
    /// Version 3, which the service answered with an InternalFailure.
    V3,
}

/// Shard creation times of version 0 numbers stop here (kinesalite's reading of AWS's).
const V0_LAST_CREATED_SECS: u128 = 16_025_175_000;

/// Reads any layout; None for a number of none of them.
pub fn layout(text: &str) -> Option<Layout> {
    if text.len() <= 39 {
        let value: u128 = text.parse().ok()?;
        let value = if value < 1 << 124 { value + (1 << 124) } else { value };
        if (value >> 92) & 0xf_ffff_ffff >= V0_LAST_CREATED_SECS {
            return None;
        }
        return Some(Layout::V0 { shard_index: (value & 0xffff) as u32, normalized: value });
    }
    let limbs = parse_56_digits(text)?;
    if limbs[0] >> 24 != 2 {
        return None;
    }
    match limbs[5] & 0xf {
        1 => Some(Layout::V1 { shard_index: ((u64::from(limbs[4]) << 32 | u64::from(limbs[5])) >> 4) as u32 }),
        2 => decode(text).map(Layout::V2),
        3 => Some(Layout::V3),
        _ => None,
    }
}

/// 56 ASCII digits as limbs, nine digits at a time (the first group holds two).
fn parse_56_digits(text: &str) -> Option<Limbs> {
    let digits = text.as_bytes();
    if digits.len() != 56 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut limbs: Limbs = [0; 6];
    let (head, tail) = digits.split_at(2);
    for group in std::iter::once(head).chain(tail.chunks(9)) {
        let value = group.iter().fold(0u64, |value, &d| value * 10 + u64::from(d - b'0'));
        let mut carry = value;
        let scale = 10u64.pow(group.len() as u32);
        for limb in limbs.iter_mut().rev() {
            let product = u64::from(*limb) * scale + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        // 10^56 < 2^192: six limbs always hold the number.
    }
    Some(limbs)
}

/// "00" to "99", to write two digits per division.
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

/// The decimal digits of a number, on the stack.
struct Digits {
    digits: [[u8; 9]; 7],
    /// Where the first significant digit is (the last digit for zero).
    first: usize,
}

const BILLION: u64 = 1_000_000_000;

/// Bits per limb when converting to decimal: few enough that seven products of a limb and a
/// digit in base 10^9 add up within a u64.
const LIMB_BITS: u32 = 28;

/// (2^28)^k for k from 0 to 6 in base 10^9, least significant digit first.
const POWERS: [[u64; 7]; 7] = {
    let mut powers = [[0; 7]; 7];
    powers[0][0] = 1;
    let mut k = 1;
    while k < 7 {
        let mut carry = 0;
        let mut j = 0;
        while j < 7 {
            let value = powers[k - 1][j] * (1 << LIMB_BITS) + carry;
            powers[k][j] = value % BILLION;
            carry = value / BILLION;
            j += 1;
        }
        k += 1;
    }
    powers
};

impl Digits {
    /// In base 10^9 (seven digits hold anything below 2^192), the number is the sum of its 28-bit
    /// limbs times the powers of 2^28: 49 products that do not wait for one another and one pass
    /// of carries, twice as fast as long division, whose 27 divisions each wait for the last.
    fn of(limbs: Limbs) -> Self {
        let high = u64::from(limbs[0]) << 32 | u64::from(limbs[1]);
        let low = limbs[2..].iter().fold(0u128, |low, &limb| low << 32 | u128::from(limb));
        let mut columns = [0u64; 7];
        for (k, power) in POWERS.iter().enumerate() {
            let shift = LIMB_BITS * k as u32;
            let bits = match shift {
                ..128 => low >> shift | u128::from(high).checked_shl(128 - shift).unwrap_or(0),
                _ => u128::from(high) >> (shift - 128),
            };
            let limb = bits as u64 & ((1 << LIMB_BITS) - 1);
            // (2^28)^k has at most max(k, 1) digits in base 10^9: the rest are zeros to skip.
            for (column, &digit) in columns.iter_mut().zip(power).take(k.max(1)) {
                *column += limb * digit;
            }
        }
        let mut digits = [[b'0'; 9]; 7];
        let mut carry = 0;
        for (group, column) in digits.iter_mut().rev().zip(columns) {
            let value = column + carry;
            *group = nine_digits((value % BILLION) as u32);
            carry = value / BILLION;
        }
        let flat = digits.as_flattened();
        let first = flat.iter().position(|&d| d != b'0').unwrap_or(flat.len() - 1);
        Self { digits, first }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.digits.as_flattened()[self.first..]
    }

    fn to_text(&self) -> String {
        // ASCII digits only.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default().to_owned()
    }
}

/// A number below 10^9 as nine digits, leading zeros included.
fn nine_digits(mut n: u32) -> [u8; 9] {
    let mut out = [b'0'; 9];
    for at in [7, 5, 3, 1] {
        out[at..at + 2].copy_from_slice(&PAIRS[(n % 100) as usize]);
        n /= 100;
    }
    out[0] = b'0' + (n % 10) as u8;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbering by addition gives the numbers a conversion gives: records in order on a few
    /// shards, across seconds, past a jump in the index, on more shards than it follows, and
    /// across indexes whose addition carries far.
    #[test]
    fn numbering_follows_each_shard() {
        let mut numbering = Numbering::default();
        let mut next = [0u64; 11];
        next[3] = (1 << 48) - 3;
        next[4] = u64::MAX / 2 - 600;
        for step in 0..600u64 {
            // Mostly four shards, now and then one of seven others, more than are followed.
            let shard = if step % 10 == 9 { 4 + (step / 10 % 7) as u32 } else { (step % 4) as u32 };
            let record_ms = 1_700_000_000_000 + step as i64 * 37;
            if step == 300 {
                next[0] += 1_000;
            }
            let index = next[shard as usize];
            next[shard as usize] += 1;
            let mut followed = Vec::new();
            numbering.push(&mut followed, shard, 1_600_000_000_000, index, record_ms);
            let converted = record(shard, 1_600_000_000_000, index, record_ms);
            assert_eq!(String::from_utf8(followed).unwrap(), converted, "step {step}");
        }
    }

    /// A number given in hex (up to 47 digits), in decimal.
    fn from_hex(hex: &str) -> String {
        let mut limbs: Limbs = [0; 6];
        for digit in hex.chars().map(|c| c.to_digit(16).unwrap()) {
            let mut carry = digit;
            for limb in limbs.iter_mut().rev() {
                let value = u64::from(*limb) << 4 | u64::from(carry);
                *limb = value as u32;
                carry = (value >> 32) as u32;
            }
        }
        Digits::of(limbs).to_text()
    }

    /// Long division by 10^9, the plain way to the same digits.
    fn long_division(mut limbs: Limbs) -> String {
        let mut groups = Vec::new();
        while limbs.iter().any(|&limb| limb != 0) {
            let mut remainder = 0u64;
            for limb in &mut limbs {
                let value = remainder << 32 | u64::from(*limb);
                *limb = (value / BILLION) as u32;
                remainder = value % BILLION;
            }
            groups.push(remainder);
        }
        let mut text: String = groups.iter().rev().map(|group| format!("{group:09}")).collect();
        text = text.trim_start_matches('0').to_owned();
        if text.is_empty() { "0".to_owned() } else { text }
    }

    #[test]
    fn decimals_agree_with_long_division() {
        let mut rng = Lcg(0xdec);
        for case in 0..20_000 {
            // Numbers of every size up to 192 bits, and every limb at its largest.
            let mut limbs: Limbs = std::array::from_fn(|_| rng.next() as u32 ^ (rng.next() << 31) as u32);
            limbs[..case % 7].fill(0);
            if case % 5 == 0 {
                limbs[case % 6] = u32::MAX;
            }
            assert_eq!(Digits::of(limbs).to_text(), long_division(limbs), "{limbs:?}");
        }
        assert_eq!(Digits::of([u32::MAX; 6]).to_text(), long_division([u32::MAX; 6]));
    }

    #[test]
    fn matches_the_aws_cli_example() {
        // shardId-000000000000 of the AWS CLI describe-stream example, created 2019-10-28 21:12:45.
        assert_eq!(starting(0, 1_572_297_165_000), "49600871682957036442365024926191073437251060580128653314");
        assert_eq!(from_hex("205db759cd000000000000000000005db759cd000000002"), starting(0, 1_572_297_165_000));
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
    }

    #[test]
    fn decimals_of_small_and_large_numbers() {
        assert_eq!(from_hex("0"), "0");
        assert_eq!(from_hex("ff"), "255");
        assert_eq!(from_hex("3b9aca00"), "1000000000");
        assert_eq!(from_hex("de0b6b3a7640000"), "1000000000000000000");
        // 2^188 - 1 and 2^128, from Python.
        assert_eq!(from_hex(&"f".repeat(47)), "392318858461667547739736838950479151006397215279002157055");
        assert_eq!(from_hex("100000000000000000000000000000000"), "340282366920938463463374607431768211456");
    }

    #[test]
    fn a_real_aws_number_decodes() {
        // kinesalite#87 (docs/behaviour.md §11.2).
        let text = "49594189147623985939251953501666965394405037144469929986";
        let decoded = decode(text).unwrap();
        assert_eq!(
            decoded,
            Decoded {
                shard_created_secs: 1_553_568_712,
                shard_index: 0,
                sequence_index: 195,
                record_secs: 1_553_568_735
            }
        );
        assert_eq!(record(0, 1_553_568_712_000, 195, 1_553_568_735_999), text);
    }

    #[test]
    fn records_round_trip() {
        let cases = [
            (0, 0, 0, 0),
            (1, 1_572_297_165_000, 1, 1_572_297_170_500),
            (17, 1_700_000_000_000, 123_456_789, 1_700_000_999_000),
            (i32::MAX as u32, 68_719_476_735_000, LAST_SEQUENCE_INDEX, 68_719_476_735_000),
            (0x8000_0000, 1_000, 1 << 62, 2_000),
        ];
        for (shard, created, index, written) in cases {
            let text = record(shard, created, index, written);
            assert_eq!(text.len(), 56, "{text}");
            let decoded = decode(&text).unwrap();
            assert_eq!(decoded.shard_index, shard);
            assert_eq!(decoded.shard_created_secs, created as u64 / 1000);
            assert_eq!(decoded.sequence_index, index);
            assert_eq!(decoded.record_secs, written as u64 / 1000);
        }
        assert_eq!(decode(&starting(5, 1_700_000_000_000)).unwrap().sequence_index, 0);
        assert_eq!(decode(&ending(5, 1_700_000_000_000, 0)).unwrap().sequence_index, LAST_SEQUENCE_INDEX);
    }

    #[test]
    fn later_records_of_a_shard_have_larger_numbers() {
        let first = record(2, 1_700_000_000_000, 7, 1_700_000_005_000);
        let next = record(2, 1_700_000_000_000, 8, 1_700_000_005_000);
        let later = record(2, 1_700_000_000_000, 9, 1_700_000_006_000);
        assert!(first < next && next < later);
    }

    #[test]
    fn numbers_from_kinesaliteʼs_aws_runs() {
        // Refused by the service as StartingSequenceNumber or SequenceNumberForOrdering, and
        // not of this layout here: version digits 0, 1, 3, 4; first digit 1 or 3; the top bit of
        // the sequence index; a number with too few digits; small numbers.
        for hex in [
            "20000000000000000000000000000000000000000000000",
            "20000000000000000000000000000000000000000000001",
            "20000000000000000000000000000000000000000000003",
            "20000000000000000000000000000000000000000000004",
            "30000000000000000000000000000000000000000000001",
            "1ffffffffff7fffffffffffffff000000000007fffffff2",
            "20000000000800000000000000000000000000000000002",
            "13bb2cc3d80000000000000000000000",
            "0",
            "5",
        ] {
            assert_eq!(decode(&from_hex(hex)), None, "{hex}");
        }
        // Taken by the service: all fields at their largest, and a shard index with its top bit.
        assert_eq!(
            decode(&from_hex("2ffffffffff7fffffffffffffff000000000007fffffff2")),
            Some(Decoded {
                shard_created_secs: SECONDS_MASK,
                shard_index: i32::MAX as u32,
                sequence_index: LAST_SEQUENCE_INDEX,
                record_secs: 0
            })
        );
        let top_bit = decode(&from_hex("20000000000000000000000000000000000000800000002")).unwrap();
        assert_eq!(format!("shardId-{:012}", top_bit.shard_index as i32), "shardId--02147483648");
    }

    #[test]
    fn numbers_off_the_layout_do_not_decode() {
        // Shard nibble 1 with shard index 0; either digit of the `00` byte set; the last digit 2
        // but not the first.
        for hex in [
            "20000000001000000000000000000000000000000000002",
            "20000000000000000000000000001000000000000000002",
            "20000000000000000000000000010000000000000000002",
            "40000000000000000000000000000000000000000000002",
        ] {
            assert_eq!(decode(&from_hex(hex)), None, "{hex}");
        }
        let valid = starting(3, 1_700_000_000_000);
        for text in ["", "0", "-1", "+4960087168295703644236502492619107343725106058012865331", &format!("{valid}0")] {
            assert_eq!(decode(text), None, "{text}");
        }
        // The same digits with one that is not ASCII, and a Unicode digit.
        assert_eq!(decode(&valid.replacen('3', "٣", 1)), None);
        assert_eq!(decode(&format!("{}é", &valid[..54])), None);
    }

    /// A small linear congruential generator, so the fuzz cases are the same on every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn decoding_never_panics_and_only_accepts_what_record_writes() {
        let mut rng = Lcg(0x5eed);
        let valid = record(9, 1_700_000_000_000, 42, 1_700_000_001_000);
        let pool: Vec<char> = "0123456789012345678901234567890123456789 +-eé٣\u{0}😀".chars().collect();
        let mut accepted = 0;
        for case in 0..20_000 {
            let text: String = match case % 3 {
                // Random text of any length up to 130, mostly digits.
                0 => (0..rng.below(131)).map(|_| pool[rng.below(pool.len())]).collect(),
                // A valid number with one digit changed.
                1 => {
                    let mut digits = valid.clone().into_bytes();
                    let at = rng.below(digits.len());
                    digits[at] = b'0' + rng.below(10) as u8;
                    String::from_utf8(digits).unwrap()
                }
                // Random 56 digits starting like a version-2 number.
                _ => format!(
                    "{}{}",
                    4 + rng.below(4),
                    (0..55).map(|_| char::from(b'0' + rng.below(10) as u8)).collect::<String>()
                ),
            };
            if let Some(d) = decode(&text) {
                accepted += 1;
                let again = record(
                    d.shard_index,
                    d.shard_created_secs as i64 * 1000,
                    d.sequence_index,
                    d.record_secs as i64 * 1000,
                );
                assert_eq!(again, text);
            }
        }
        assert!(accepted > 100, "{accepted}");
        // And random fields come back.
        for _ in 0..2_000 {
            let fields = Decoded {
                shard_created_secs: rng.next() & SECONDS_MASK,
                shard_index: rng.next() as u32,
                sequence_index: (rng.next() << 31 ^ rng.next()) & LAST_SEQUENCE_INDEX,
                record_secs: rng.next() & SECONDS_MASK,
            };
            let text = Digits::of(fields.limbs()).to_text();
            assert_eq!(decode(&text), Some(fields), "{text}");
        }
    }

    #[test]
    fn layouts_as_the_service_reads_them() {
        // Small numbers are version 0, their shard in the low 16 bits.
        assert_eq!(layout("5"), Some(Layout::V0 { shard_index: 5, normalized: (1 << 124) + 5 }));
        assert!(matches!(layout("12345"), Some(Layout::V0 { shard_index: 12345, .. })));
        let v2 = record(3, 1_700_000_000_000, 42, 1_700_000_001_000);
        assert!(matches!(layout(&v2), Some(Layout::V2(Decoded { shard_index: 3, sequence_index: 42, .. }))));
        // The same number with its last hex digit 1 or 3: versions 1 and 3.
        let as_version = |version: u32| {
            let mut limbs = parse_56_digits(&v2).unwrap();
            limbs[5] = limbs[5] & !0xf | version;
            Digits::of(limbs).to_text()
        };
        assert_eq!(layout(&as_version(1)), Some(Layout::V1 { shard_index: 3 }));
        assert_eq!(layout(&as_version(3)), Some(Layout::V3));
        assert_eq!(layout(&as_version(4)), None);
        assert_eq!(layout(&"9".repeat(56)), None);
        assert_eq!(layout(&"1".repeat(45)), None);
    }
}
