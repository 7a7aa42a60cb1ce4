//! A shard's throughput limits, the same in both capacity modes (docs/behaviour.md §11.4):
//! writes of 1 MiB and 1,000 records a second, reads of 2 MiB and five GetRecords calls a
//! second, five GetShardIterator calls a second.
//!
//! How the service counts "a second" is not documented (UNVERIFIED). Each limit here is a bucket
//! that refills continuously at its rate and holds at most one second's worth, so a shard takes
//! a burst of one second's traffic after a quiet second, and never more than its rate over time.
//! Read bytes differ in one way: a call may return more than the bucket holds (up to 10 MiB),
//! and a shard overdrawn so takes no call until its bucket is full again. So a 10 MiB answer
//! from a full bucket blocks the next 5 seconds, as the service says: 8 MiB owed and 2 MiB to
//! fill, at 2 MiB a second.

pub const WRITE_BYTES_PER_SECOND: i64 = 1024 * 1024;
pub const WRITE_RECORDS_PER_SECOND: i64 = 1000;
pub const READ_BYTES_PER_SECOND: i64 = 2 * 1024 * 1024;
pub const READ_CALLS_PER_SECOND: i64 = 5;
pub const ITERATOR_CALLS_PER_SECOND: i64 = 5;
/// The 2021 default maximum of one on-demand stream's writes (docs/behaviour.md §11.5): 200 MB
/// a second, read as MiB like the shard's limit, and 200,000 records (UNVERIFIED: AWS states no
/// records figure; this is the shards' records-to-bytes ratio).
pub const ON_DEMAND_STREAM_BYTES_PER_SECOND: i64 = 200 * 1024 * 1024;
pub const ON_DEMAND_STREAM_RECORDS_PER_SECOND: i64 = 200_000;

/// Tokens counted in thousandths, so that a rate of `r` a second refills `r` thousandths a
/// millisecond, in integers.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bucket {
    level: i64,
    at_ms: i64,
}

impl Bucket {
    /// A full bucket, as a shard's is before its first call.
    fn new(rate: i64, burst_ms: i64, now_ms: i64) -> Self {
        Self { level: rate * burst_ms, at_ms: now_ms }
    }

    /// Refills for the time since the last call, up to `burst_ms` of the rate.
    fn refill(&mut self, rate: i64, burst_ms: i64, now_ms: i64) {
        let elapsed = now_ms.saturating_sub(self.at_ms).max(0);
        self.level = self.level.saturating_add(rate.saturating_mul(elapsed)).min(rate * burst_ms);
        self.at_ms = self.at_ms.max(now_ms);
    }

    fn holds(&self, tokens: i64) -> bool {
        self.level >= tokens.saturating_mul(1000)
    }

    fn take(&mut self, tokens: i64) {
        self.level = self.level.saturating_sub(tokens.saturating_mul(1000));
    }
}

/// A limit's bucket, its rate and its burst, refilled on every look.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Limit {
    rate: i64,
    burst_ms: i64,
    bucket: Option<Bucket>,
}

impl Limit {
    const fn new(rate: i64, burst_ms: i64) -> Self {
        Self { rate, burst_ms, bucket: None }
    }

    fn at(&mut self, now_ms: i64) -> &mut Bucket {
        let (rate, burst_ms) = (self.rate, self.burst_ms);
        let bucket = self.bucket.get_or_insert_with(|| Bucket::new(rate, burst_ms, now_ms));
        bucket.refill(rate, burst_ms, now_ms);
        bucket
    }
}

/// A budget of bytes and records a second, each with a second's burst: a shard's writes, or an
/// on-demand stream's.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteBudget {
    bytes: Limit,
    records: Limit,
}

impl WriteBudget {
    pub const fn new(bytes_per_second: i64, records_per_second: i64) -> Self {
        Self { bytes: Limit::new(bytes_per_second, 1000), records: Limit::new(records_per_second, 1000) }
    }

    /// The most an on-demand stream takes, whatever its shards.
    pub const fn on_demand_stream() -> Self {
        Self::new(ON_DEMAND_STREAM_BYTES_PER_SECOND, ON_DEMAND_STREAM_RECORDS_PER_SECOND)
    }

    /// Whether `records` records of `bytes` in all fit now.
    pub fn fits(&mut self, records: u64, bytes: u64, now_ms: i64) -> bool {
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        let records = i64::try_from(records).unwrap_or(i64::MAX);
        self.bytes.at(now_ms).holds(bytes) && self.records.at(now_ms).holds(records)
    }

    /// How many records of `size` bytes each fit now, one after another: what `fits` and
    /// `take` record by record would admit, worked out at once for described traffic.
    pub fn room(&mut self, size: u64, now_ms: i64) -> u64 {
        let size = i64::try_from(size).unwrap_or(i64::MAX);
        let bytes = self.bytes.at(now_ms).level.max(0).checked_div(size.saturating_mul(1000)).unwrap_or(i64::MAX);
        let records = self.records.at(now_ms).level.max(0) / 1000;
        bytes.min(records) as u64
    }

    /// Takes what `fits` allowed.
    pub fn take(&mut self, records: u64, bytes: u64, now_ms: i64) {
        self.bytes.at(now_ms).take(i64::try_from(bytes).unwrap_or(i64::MAX));
        self.records.at(now_ms).take(i64::try_from(records).unwrap_or(i64::MAX));
    }
}

impl Default for WriteBudget {
    fn default() -> Self {
        Self::on_demand_stream()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardCapacity {
    pub write: WriteBudget,
    read_bytes: Limit,
    /// Set when an answer overdrew `read_bytes`, until it is full again.
    read_overdrawn: bool,
    read_calls: Limit,
    iterator_calls: Limit,
}

impl Default for ShardCapacity {
    fn default() -> Self {
        Self {
            write: WriteBudget::new(WRITE_BYTES_PER_SECOND, WRITE_RECORDS_PER_SECOND),
            read_bytes: Limit::new(READ_BYTES_PER_SECOND, 1000),
            read_overdrawn: false,
            read_calls: Limit::new(READ_CALLS_PER_SECOND, 1000),
            iterator_calls: Limit::new(ITERATOR_CALLS_PER_SECOND, 1000),
        }
    }
}

impl ShardCapacity {
    /// Admits one record of `size` bytes (data and partition key), or refuses it and takes
    /// nothing: a throttled record is never stored.
    #[cfg(test)]
    pub fn admit_write(&mut self, size: u64, now_ms: i64) -> bool {
        let fits = self.write.fits(1, size, now_ms);
        if fits {
            self.write.take(1, size, now_ms);
        }
        fits
    }

    /// Admits a GetRecords call: one of the five a second, and no read bytes still owed.
    pub fn admit_read(&mut self, now_ms: i64) -> bool {
        if self.read_overdrawn {
            self.read_overdrawn = !self.read_bytes.at(now_ms).holds(READ_BYTES_PER_SECOND);
        }
        let fits = !self.read_overdrawn && self.read_calls.at(now_ms).holds(1);
        if fits {
            self.read_calls.at(now_ms).take(1);
        }
        fits
    }

    /// Charges what an admitted GetRecords returned.
    pub fn charge_read(&mut self, bytes: u64, now_ms: i64) {
        let bucket = self.read_bytes.at(now_ms);
        bucket.take(i64::try_from(bytes).unwrap_or(i64::MAX));
        self.read_overdrawn = !bucket.holds(0);
    }

    /// Admits a GetShardIterator call.
    pub fn admit_iterator(&mut self, now_ms: i64) -> bool {
        let bucket = self.iterator_calls.at(now_ms);
        let fits = bucket.holds(1);
        if fits {
            bucket.take(1);
        }
        fits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_take_a_second_of_burst_then_the_rate() {
        let mut shard = ShardCapacity::default();
        let admitted = (0..1500).filter(|_| shard.admit_write(10, 0)).count();
        assert_eq!(admitted, 1000, "1,000 records a second");
        assert!(!shard.admit_write(10, 0));
        assert!(shard.admit_write(10, 1), "1 ms refills one record");
        assert!(!shard.admit_write(10, 1));
        let mut shard = ShardCapacity::default();
        assert!(shard.admit_write(1024 * 1024, 0), "one record of 1 MiB fits an idle shard");
        assert!(!shard.admit_write(1, 0), "and leaves nothing");
        assert!(!shard.admit_write(600 * 1024, 500), "half a second refills half a MiB");
        assert!(shard.admit_write(500 * 1024, 500));
        assert!(shard.admit_write(1000 * 1024, 60_000), "a quiet minute refills only a second");
        assert!(!shard.admit_write(100 * 1024, 60_000));
    }

    #[test]
    fn room_is_what_one_record_after_another_would_take() {
        for (size, elapsed) in [(1, 0), (1000, 0), (3000, 700), (1024 * 1024, 1000), (700, 333)] {
            let mut one_by_one = ShardCapacity::default();
            let mut at_once = one_by_one;
            assert!(one_by_one.admit_write(200_000, 0));
            at_once.write.take(1, 200_000, 0);
            let admitted = (0..5000).take_while(|_| one_by_one.admit_write(size, elapsed)).count() as u64;
            assert_eq!(at_once.write.room(size, elapsed), admitted, "{size} bytes after {elapsed} ms");
            at_once.write.take(admitted, admitted * size, elapsed);
            assert_eq!(at_once, one_by_one);
        }
    }

    #[test]
    fn a_10_mib_read_blocks_the_next_5_seconds() {
        let mut shard = ShardCapacity::default();
        assert!(shard.admit_read(0));
        shard.charge_read(10 * 1024 * 1024, 0);
        assert!(!shard.admit_read(1000));
        assert!(!shard.admit_read(4999));
        assert!(shard.admit_read(5000));
        shard.charge_read(3 * 1024 * 1024, 5000);
        assert!(!shard.admit_read(6000), "1 MiB owed and 2 MiB to fill");
        assert!(shard.admit_read(6500));
        for t in [6600, 6800, 7000] {
            assert!(shard.admit_read(t), "small answers never block");
            shard.charge_read(1000, t);
        }
    }

    #[test]
    fn five_calls_a_second() {
        let mut shard = ShardCapacity::default();
        assert_eq!((0..10).filter(|_| shard.admit_read(0)).count(), 5);
        assert!(shard.admit_read(200), "a fifth of a second refills one call");
        assert_eq!((0..10).filter(|_| shard.admit_iterator(0)).count(), 5);
        assert!(!shard.admit_iterator(199));
        assert!(shard.admit_iterator(200));
    }
}
