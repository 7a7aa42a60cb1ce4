//! A shard's accepted writes per minute of the clock: what on-demand scaling watches
//! (docs/behaviour.md §11.5).
//!
//! AWS says an on-demand shard whose incoming traffic exceeds 500 KB a second is split. Here a
//! shard is hot once one minute's accepted writes pass 500 KB a second on average (read as half
//! the shard's 1 MiB), or half its 1,000 records (UNVERIFIED: AWS names only bytes; without the
//! records, streams of small records would never grow). A shard is warm in a minute in which it
//! carries at least an eighth of its limits; two neighbours that have not been warm for a day
//! are merged back (UNVERIFIED: AWS does not document scaling down).

use super::capacity::{WRITE_BYTES_PER_SECOND, WRITE_RECORDS_PER_SECOND};

const MINUTE_MS: i64 = 60_000;
const HOT_BYTES: u64 = WRITE_BYTES_PER_SECOND as u64 / 2 * 60;
const HOT_RECORDS: u64 = WRITE_RECORDS_PER_SECOND as u64 / 2 * 60;
const WARM_BYTES: u64 = WRITE_BYTES_PER_SECOND as u64 / 8 * 60;
const WARM_RECORDS: u64 = WRITE_RECORDS_PER_SECOND as u64 / 8 * 60;

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heat {
    /// The minute counted (epoch minutes) and what it took so far.
    minute: i64,
    bytes: u64,
    records: u64,
    /// The latest minute in which the shard was warm, if any.
    warm_minute: Option<i64>,
}

impl Heat {
    /// Counts accepted writes. Returns the start of the current minute when they made the shard
    /// hot in it, the first time they do.
    pub fn add(&mut self, records: u64, bytes: u64, now_ms: i64) -> Option<i64> {
        let minute = now_ms.div_euclid(MINUTE_MS);
        if minute != self.minute {
            *self = Self { minute, bytes: 0, records: 0, warm_minute: self.warm_minute };
        }
        let was_hot = self.is_hot();
        self.bytes = self.bytes.saturating_add(bytes);
        self.records = self.records.saturating_add(records);
        if self.bytes >= WARM_BYTES || self.records >= WARM_RECORDS {
            self.warm_minute = Some(minute);
        }
        (!was_hot && self.is_hot()).then_some(minute * MINUTE_MS)
    }

    fn is_hot(&self) -> bool {
        self.bytes > HOT_BYTES || self.records > HOT_RECORDS
    }

    /// How close the shard runs to its write limits at `now_ms`, in percent of the nearer one
    /// (bytes or records): what it accepted a second, on average, over the current minute so far
    /// (counting the second now begun, when producers send), or over the last minute when
    /// nothing came yet in this one. The shard map colours shards by it.
    pub fn load_percent(&self, now_ms: i64) -> u32 {
        let minute = now_ms.div_euclid(MINUTE_MS);
        let seconds = match minute - self.minute {
            0 => now_ms.rem_euclid(MINUTE_MS) / 1000 + 1,
            1 => 60,
            _ => return 0,
        } as u64;
        let bytes = self.bytes * 100 / (seconds * WRITE_BYTES_PER_SECOND as u64);
        let records = self.records * 100 / (seconds * WRITE_RECORDS_PER_SECOND as u64);
        bytes.max(records).min(100) as u32
    }

    /// When the shard was last warm (the end of that minute), if ever.
    pub fn warm_until_ms(&self) -> Option<i64> {
        self.warm_minute.map(|minute| (minute + 1) * MINUTE_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_once_a_minute_carries_half_a_shard() {
        let mut heat = Heat::default();
        // 500 KiB a second for 59 seconds is not yet a minute's worth of 512 KiB a second.
        for second in 0..59 {
            assert_eq!(heat.add(100, 512 * 1024, 120_000 + second * 1000), None);
        }
        assert_eq!(heat.add(100, 512 * 1024, 179_000), None, "exactly half is not over it");
        assert_eq!(heat.add(1, 1, 179_500), Some(120_000));
        assert_eq!(heat.add(1, 1, 179_600), None, "once a minute");
        assert_eq!(heat.warm_until_ms(), Some(180_000));
        assert_eq!(heat.add(30_001, 0, 180_000), Some(180_000), "records count too");
    }

    #[test]
    fn load_is_the_rate_so_far_against_the_nearer_limit() {
        let mut heat = Heat::default();
        assert_eq!(heat.load_percent(0), 0, "nothing written");
        // Two ticks of 500 records and 100 KiB at seconds 0 and 1 of minute 2.
        heat.add(500, 100 * 1024, 120_000);
        heat.add(500, 100 * 1024, 121_000);
        assert_eq!(heat.load_percent(121_500), 50, "records are the nearer limit");
        assert_eq!(heat.load_percent(125_000), 16, "1,000 records over six seconds");
        assert_eq!(heat.load_percent(180_000), 1, "the last minute's average: 1,000 in 60 s");
        assert_eq!(heat.load_percent(240_000), 0, "nothing for a minute");
        heat.add(1, 3 * 1024 * 1024, 240_000);
        assert_eq!(heat.load_percent(240_000), 100, "over the limit reads as at it");
    }

    #[test]
    fn a_quiet_minute_is_not_warm() {
        let mut heat = Heat::default();
        heat.add(1, 100, 0);
        assert_eq!(heat.warm_until_ms(), None);
        heat.add(WARM_RECORDS, 0, 60_000);
        assert_eq!(heat.warm_until_ms(), Some(120_000));
        heat.add(1, 1, 600_000);
        assert_eq!(heat.warm_until_ms(), Some(120_000));
    }
}
