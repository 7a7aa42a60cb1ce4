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
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
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

/// Records offered and stored, and bytes read, in some span of time.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    pub offered: Units,
    pub stored: Units,
    pub out_bytes: u64,
}

/// A rate of offered records: records and bytes in one second.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerSecond {
    pub records: u64,
    pub bytes: u64,
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
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
    /// Records offered in all (stored or throttled): what the other mode would have had to take.
    pub offered: Units,
    /// Records stored while the stream was on-demand, and while it was provisioned: what its own
    /// mode bills.
    pub stored_on_demand: Units,
    pub stored_provisioned: Units,
    /// Bytes returned by GetRecords while the stream was on-demand, and in all.
    pub out_bytes_on_demand: u64,
    pub out_bytes: u64,
    /// The most records and the most bytes offered in one second (each its own busiest second):
    /// what a provisioned stream would have needed shards for.
    pub busiest_second: PerSecond,
    /// The second being counted towards `busiest_second`, and what it has so far.
    second: (i64, PerSecond),
    /// The last two clock minutes that saw traffic, by their start: the current rate.
    minutes: [(i64, Traffic); 2],
}

impl Usage {
    pub fn new(now_ms: i64) -> Self {
        Self {
            since_ms: now_ms,
            until_ms: now_ms,
            on_demand_ms: 0,
            provisioned_shard_ms: 0,
            offered: Units::default(),
            stored_on_demand: Units::default(),
            stored_provisioned: Units::default(),
            out_bytes_on_demand: 0,
            out_bytes: 0,
            busiest_second: PerSecond::default(),
            second: (i64::MIN, PerSecond::default()),
            minutes: [(i64::MIN, Traffic::default()); 2],
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

    /// Counts `records` records of `size` bytes offered at `now_ms`, of which `stored` were
    /// stored, in the stream's `mode`.
    pub fn write(&mut self, now_ms: i64, mode: StreamMode, records: u64, stored: u64, size: u64) {
        self.offered.add(records, size);
        self.stored_in(mode).add(stored, size);
        let second = now_ms.div_euclid(1000);
        if self.second.0 != second {
            self.second = (second, PerSecond::default());
        }
        let this_second = &mut self.second.1;
        this_second.records += records;
        this_second.bytes = this_second.bytes.saturating_add(records.saturating_mul(size));
        self.busiest_second = self.busiest_second.max(*this_second);
        let minute = self.minute(now_ms);
        minute.offered.add(records, size);
        minute.stored.add(stored, size);
    }

    /// Counts `ticks` seconds from `first_ms` on, each offering `records` records of `size` bytes:
    /// a described producer's steady stretch, within one clock minute (docs/behaviour.md §11.7),
    /// `stored` of them stored in all.
    pub fn write_steady(&mut self, first_ms: i64, mode: StreamMode, ticks: u32, records: u64, stored: u64, size: u64) {
        let offered = records * u64::from(ticks);
        self.offered.add(offered, size);
        self.stored_in(mode).add(stored, size);
        // No other writer shares those seconds with the producer.
        let each = PerSecond { records, bytes: records.saturating_mul(size) };
        self.busiest_second = self.busiest_second.max(each);
        self.second = (first_ms.div_euclid(1000) + i64::from(ticks) - 1, each);
        let minute = self.minute(first_ms);
        minute.offered.add(offered, size);
        minute.stored.add(stored, size);
    }

    /// Counts `bytes` returned by GetRecords at `now_ms`.
    pub fn read(&mut self, now_ms: i64, mode: StreamMode, bytes: u64) {
        self.out_bytes = self.out_bytes.saturating_add(bytes);
        if mode == StreamMode::OnDemand {
            self.out_bytes_on_demand = self.out_bytes_on_demand.saturating_add(bytes);
        }
        let minute = self.minute(now_ms);
        minute.out_bytes = minute.out_bytes.saturating_add(bytes);
    }

    /// The traffic of the last whole clock minute before `now_ms`: the current rate.
    pub fn last_minute(&self, now_ms: i64) -> Traffic {
        let previous = (now_ms.div_euclid(60_000) - 1) * 60_000;
        self.minutes.iter().find(|(start, _)| *start == previous).map_or_else(Traffic::default, |(_, t)| *t)
    }

    fn stored_in(&mut self, mode: StreamMode) -> &mut Units {
        match mode {
            StreamMode::OnDemand => &mut self.stored_on_demand,
            StreamMode::Provisioned => &mut self.stored_provisioned,
        }
    }

    /// The counts of the clock minute that holds `now_ms`, started if it is new.
    fn minute(&mut self, now_ms: i64) -> &mut Traffic {
        let start = now_ms.div_euclid(60_000) * 60_000;
        if self.minutes[1].0 != start {
            if let Some(at) = self.minutes.iter().position(|(s, _)| *s == start) {
                // A minute already passed: an earlier call's time (`Simulator::handle` allows it).
                return &mut self.minutes[at].1;
            }
            self.minutes = [self.minutes[1], (start, Traffic::default())];
        }
        &mut self.minutes[1].1
    }
}

impl PerSecond {
    fn max(self, other: Self) -> Self {
        Self { records: self.records.max(other.records), bytes: self.bytes.max(other.bytes) }
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
    fn the_busiest_second_and_the_last_minute() {
        let mut usage = Usage::new(0);
        // Two calls in one second make it the busiest by bytes; a later second has more records.
        usage.write(1_000, StreamMode::Provisioned, 10, 10, 1000);
        usage.write(1_900, StreamMode::Provisioned, 10, 4, 1000);
        usage.write(2_000, StreamMode::OnDemand, 30, 30, 10);
        assert_eq!(usage.busiest_second, PerSecond { records: 30, bytes: 20_000 });
        assert_eq!((usage.stored_provisioned.records, usage.stored_on_demand.records), (14, 30));
        // A steady stretch of the next minute, and a read in it.
        usage.write_steady(61_000, StreamMode::OnDemand, 59, 100, 5_900, 10);
        usage.read(70_000, StreamMode::OnDemand, 77);
        assert_eq!(usage.busiest_second, PerSecond { records: 100, bytes: 20_000 });
        assert_eq!(usage.last_minute(60_000).offered.records, 50, "the first minute's");
        let second = usage.last_minute(120_000);
        assert_eq!((second.offered.records, second.stored.records, second.out_bytes), (5_900, 5_900, 77));
        assert_eq!(usage.last_minute(180_000), Traffic::default(), "a minute with nothing");
        // A call at an earlier time still counts in its own minute.
        usage.write(59_000, StreamMode::OnDemand, 1, 1, 10);
        assert_eq!(usage.last_minute(60_000).offered.records, 51);
        assert_eq!(usage.offered.records, 5_951);
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
