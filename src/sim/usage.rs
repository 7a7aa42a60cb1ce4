//! What a stream has used of what AWS bills, since it was created (docs/behaviour.md §11.8):
//! the quantities the playground prices in both capacity modes.
//!
//! - On-demand bills a stream-hour for each hour the stream is in on-demand mode, data in as
//!   each record's size rounded up to a whole KiB, and data out as the bytes GetRecords returns.
//! - Provisioned bills a shard-hour for each open shard and hour in provisioned mode, and PUT
//!   payload units: each record's size in 25 KB chunks, rounded up.
//!
//! Records are counted twice: those stored, which are what this stream's mode bills, and those
//! offered (stored or throttled), the traffic another mode would have had to take. Sizes are the
//! ones the shard's throughput counts: data and partition key. Times are integrals, kept exact
//! by accounting a stream's state up to the moment before anything changes it: the shard map
//! and the mode change only when a timer of the stream runs (`Account::run_timer`).

use super::stream::StreamMode;

/// On-demand's data-in unit: a record's size rounded up to whole KiB.
const KIB: u64 = 1024;
/// Provisioned's PUT payload unit. AWS says a 1 MB record holds 40 of them; whether a KB is
/// 1,000 or 1,024 bytes there is UNVERIFIED. 25 × 1,024 bytes makes a record of 1 MiB 41 units.
const PUT_PAYLOAD_UNIT: u64 = 25 * 1024;

/// Records and what they come to in each mode's units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Units {
    pub records: u64,
    pub bytes: u64,
    /// On-demand data in: each record's size in whole KiB, rounded up.
    pub billed_kib: u64,
    pub put_payload_units: u64,
}

impl Units {
    /// Counts `records` records of `size` bytes each.
    pub fn add(&mut self, records: u64, size: u64) {
        self.records += records;
        self.bytes = self.bytes.saturating_add(records.saturating_mul(size));
        self.billed_kib = self.billed_kib.saturating_add(records.saturating_mul(size.div_ceil(KIB).max(1)));
        let units = size.div_ceil(PUT_PAYLOAD_UNIT).max(1);
        self.put_payload_units = self.put_payload_units.saturating_add(records.saturating_mul(units));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// When the stream was created.
    pub since_ms: i64,
    /// The time integrals cover `since_ms..until_ms`.
    pub until_ms: i64,
    /// Milliseconds in on-demand mode.
    pub on_demand_ms: u64,
    /// Open shards times milliseconds, in provisioned mode.
    pub provisioned_shard_ms: u64,
    pub stored: Units,
    pub offered: Units,
    /// Bytes returned by GetRecords.
    pub out_bytes: u64,
}

impl Usage {
    pub fn new(now_ms: i64) -> Self {
        Self {
            since_ms: now_ms,
            until_ms: now_ms,
            on_demand_ms: 0,
            provisioned_shard_ms: 0,
            stored: Units::default(),
            offered: Units::default(),
            out_bytes: 0,
        }
    }

    /// Accounts the time up to `now_ms` in `mode` with `open_shards` open: the state the stream
    /// has had since it was last accounted.
    pub fn advance(&mut self, now_ms: i64, mode: StreamMode, open_shards: usize) {
        let elapsed = u64::try_from(now_ms.saturating_sub(self.until_ms)).unwrap_or(0);
        match mode {
            StreamMode::OnDemand => self.on_demand_ms += elapsed,
            StreamMode::Provisioned => {
                self.provisioned_shard_ms = self.provisioned_shard_ms.saturating_add(elapsed * open_shards as u64);
            }
        }
        self.until_ms = self.until_ms.max(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_up_to_each_modes_unit() {
        let mut units = Units::default();
        units.add(2, 1);
        assert_eq!((units.billed_kib, units.put_payload_units), (2, 2), "the smallest record is one of each");
        let mut units = Units::default();
        units.add(1, 4608); // 4.5 KiB counts as 5 KiB, as AWS's example says
        units.add(1, 1024 * 1024);
        assert_eq!(units.billed_kib, 5 + 1024);
        assert_eq!(units.put_payload_units, 1 + 41);
        assert_eq!((units.records, units.bytes), (2, 4608 + 1024 * 1024));
    }

    #[test]
    fn time_is_accounted_in_the_mode_the_stream_had() {
        let mut usage = Usage::new(1000);
        usage.advance(61_000, StreamMode::Provisioned, 2);
        usage.advance(121_000, StreamMode::OnDemand, 4);
        usage.advance(100_000, StreamMode::OnDemand, 4);
        assert_eq!((usage.provisioned_shard_ms, usage.on_demand_ms), (120_000, 60_000));
        assert_eq!(usage.until_ms, 121_000, "never backwards");
    }
}
