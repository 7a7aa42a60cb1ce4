//! What a described producer sends: its partition keys and the shards their hash keys put them
//! in, and the data of each record, made again whenever a reader asks (docs/behaviour.md §11.7).
//!
//! Keys are `key-` and a zero-padded number, all of one length so that all of a producer's
//! records have one size. Key 0 is the hot key when the producer has one.

use std::sync::Arc;

use crate::sim::records::hash_key;

/// A producer's keys and record size, shared by the producer and the runs it stored.
#[derive(Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    /// Data bytes of each record.
    pub data_bytes: u32,
    /// Each key's hash key, by key number.
    hash_keys: Vec<u128>,
    width: usize,
}

impl Source {
    pub fn new(name: &str, data_bytes: u32, key_count: u32) -> Self {
        let width = digits(key_count.saturating_sub(1));
        let hash_keys = (0..key_count).map(|k| hash_key::of_partition_key(&key_text(k, width))).collect();
        Self { name: name.to_owned(), data_bytes, hash_keys, width }
    }

    pub fn key_count(&self) -> u64 {
        self.hash_keys.len() as u64
    }

    /// Bytes each record counts for against a shard's limits: its data and partition key.
    pub fn record_size(&self) -> u64 {
        u64::from(self.data_bytes) + self.key_len() as u64
    }

    pub fn key_len(&self) -> usize {
        "key-".len() + self.width
    }

    /// The hash key of the key numbered `number`.
    pub fn hash_key(&self, number: u32) -> u128 {
        self.hash_keys.get(number as usize).copied().unwrap_or_default()
    }

    /// The hash key of key 0, the hot key.
    pub fn hot_hash_key(&self) -> u128 {
        self.hash_keys.first().copied().unwrap_or_default()
    }

    /// The numbers of the keys whose hash keys lie in `start..=end` (a shard's), ascending.
    /// Looked up once per shard, so a scan of the keys rather than a second, sorted table.
    pub fn numbers_in(&self, start: u128, end: u128) -> Arc<[u32]> {
        let here = |&(_, hash): &(usize, &u128)| (start..=end).contains(hash);
        self.hash_keys.iter().enumerate().filter(here).map(|(number, _)| number as u32).collect()
    }

    /// Writes the partition key numbered `number`, or the hot key (key 0).
    pub fn write_key(&self, number: Option<u64>, out: &mut String) {
        out.clear();
        push_key(out, number.unwrap_or(0) as u32, self.width);
    }

    /// Writes the data of the record of rank `rank` among those the producer sent in the second
    /// starting at `second_ms`, but for its padding: how many spaces follow what is written.
    pub fn write_data(&self, second_ms: i64, rank: u64, out: &mut Vec<u8>) -> usize {
        record_head(&self.name, second_ms, rank, self.data_bytes as usize, out)
    }
}

fn digits(mut n: u32) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

fn key_text(number: u32, width: usize) -> String {
    let mut out = String::new();
    push_key(&mut out, number, width);
    out
}

/// `key-` and the number with zeros in front up to `width` digits.
fn push_key(out: &mut String, number: u32, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(number);
    out.push_str("key-");
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    out.push_str(digits);
}

/// The partition key number `number` of a producer with `key_count` keys.
pub fn partition_key(number: u32, key_count: u32) -> String {
    key_text(number, digits(key_count.saturating_sub(1)))
}

/// The data of a described record: a line of JSON naming the producer, the second and the rank
/// of the record in it, padded with spaces to `size` bytes, or cut to it when shorter. Readable
/// in the inspector, and different for every record.
pub fn record_data(producer: &str, second_ms: i64, rank: u64, size: usize, out: &mut Vec<u8>) {
    let spaces = record_head(producer, second_ms, rank, size, out);
    out.resize(out.len() + spaces, b' ');
}

/// The same data but for its padding, and how many spaces the padding is: a reader can encode
/// them without making them.
fn record_head(producer: &str, second_ms: i64, rank: u64, size: usize, out: &mut Vec<u8>) -> usize {
    let (mut second, mut record) = (itoa::Buffer::new(), itoa::Buffer::new());
    out.clear();
    for part in [
        &b"{\"producer\":\""[..],
        producer.as_bytes(),
        b"\",\"second\":",
        second.format(second_ms.div_euclid(1000)).as_bytes(),
        b",\"record\":",
        record.format(rank).as_bytes(),
        b"}",
    ] {
        out.extend_from_slice(part);
    }
    out.truncate(size);
    size - out.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_one_length_and_fall_in_the_shards_of_their_hash_keys() {
        let source = Source::new("p", 10, 1000);
        assert_eq!(source.key_len(), "key-999".len());
        assert_eq!(partition_key(7, 1000), "key-007");
        assert_eq!(partition_key(0, 1), "key-0");
        let mut key = String::new();
        source.write_key(Some(42), &mut key);
        assert_eq!(key, "key-042");
        source.write_key(None, &mut key);
        assert_eq!(key, "key-000", "the hot key");
        assert_eq!(source.hot_hash_key(), hash_key::of_partition_key("key-000"));
        assert_eq!(source.numbers_in(0, u128::MAX).len(), 1000);
        let (low, high) = (source.numbers_in(0, u128::MAX / 2), source.numbers_in(u128::MAX / 2 + 1, u128::MAX));
        assert_eq!(low.len() + high.len(), 1000);
        assert!(low.windows(2).all(|w| w[0] < w[1]), "ascending");
        for (numbers, upper) in [(&low, false), (&high, true)] {
            for &number in numbers.iter() {
                let hash = hash_key::of_partition_key(&partition_key(number, 1000));
                assert_eq!(hash > u128::MAX / 2, upper, "key {number}");
            }
        }
        // MD5 spreads them: each half holds close to half of the keys.
        assert!((400..600).contains(&low.len()), "{}", low.len());
    }

    #[test]
    fn data_is_padded_or_cut_to_its_size() {
        let mut out = Vec::new();
        record_data("p", 1000, 7, 45, &mut out);
        assert_eq!(out, b"{\"producer\":\"p\",\"second\":1,\"record\":7}       ");
        record_data("p", 1000, 7, 5, &mut out);
        assert_eq!(out, b"{\"pro");
    }
}
