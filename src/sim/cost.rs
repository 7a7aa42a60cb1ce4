//! What a stream's traffic costs in each capacity mode, from what it used (`usage`), at the 2021
//! US East (N. Virginia) prices (docs/behaviour.md §11.9): the bill as the stream ran, the same
//! offered traffic in the other mode, and both per month at the current rate.

use super::stream::StreamMode;
use super::usage::{Traffic, Units, Usage};

/// The prices of one region, in dollars.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prices {
    /// Where and when they applied, for the page to say.
    pub region: &'static str,
    pub as_of: &'static str,
    pub shard_hour: f64,
    pub put_payload_units_per_million: f64,
    pub on_demand_stream_hour: f64,
    pub on_demand_data_in_per_gb: f64,
    pub on_demand_data_out_per_gb: f64,
}

/// US East (N. Virginia) when on-demand capacity launched, November 2021: the AWS price list as
/// tools that read it give it, unchanged since as far as known (docs/behaviour.md §11.9).
pub const US_EAST_2021: Prices = Prices {
    region: "US East (N. Virginia)",
    as_of: "November 2021",
    shard_hour: 0.015,
    put_payload_units_per_million: 0.014,
    on_demand_stream_hour: 0.04,
    on_demand_data_in_per_gb: 0.08,
    on_demand_data_out_per_gb: 0.04,
};

/// A GB of on-demand data, taken as 2^30 bytes (UNVERIFIED: AWS's pricing page does not say).
const GB: f64 = (1u64 << 30) as f64;
const MS_PER_HOUR: f64 = 3_600_000.0;
/// AWS prices a month as 730 hours.
const HOURS_PER_MONTH: f64 = 730.0;
/// What one provisioned shard takes a second (docs/behaviour.md §11.4).
const SHARD_BYTES_PER_SECOND: u64 = 1024 * 1024;
const SHARD_RECORDS_PER_SECOND: u64 = 1000;

/// One line of a bill: a quantity of a unit at a price.
#[derive(Clone, Debug, PartialEq)]
pub struct LineItem {
    pub what: &'static str,
    pub quantity: f64,
    pub unit: &'static str,
    /// Dollars per `per` units.
    pub price: f64,
    pub per: f64,
}

impl LineItem {
    pub fn dollars(&self) -> f64 {
        self.quantity / self.per * self.price
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bill {
    pub items: Vec<LineItem>,
}

impl Bill {
    pub fn dollars(&self) -> f64 {
        self.items.iter().map(LineItem::dollars).sum()
    }
}

/// A stream's costs (`costs`).
#[derive(Clone, Debug, PartialEq)]
pub struct Costs {
    /// What the stream's time so far cost as it ran: each stretch in the mode it was in, its
    /// stored records in that mode's units.
    pub as_run: Bill,
    /// The mode the stream is not in now, and what the same time and offered records would have
    /// cost in it.
    pub other_mode: StreamMode,
    pub other: Bill,
    /// The shards a provisioned stream needs for the busiest second offered so far: what the
    /// provisioned figures of a stream that is not provisioned assume.
    pub needed_shards: u64,
    /// A month of the last whole minute's traffic, in the current mode and in the other.
    pub monthly: Bill,
    pub monthly_other: Bill,
}

/// Prices what `usage` says a stream used up to now, in `mode` now with `open_shards` open.
pub fn costs(usage: &Usage, mode: StreamMode, open_shards: u64, now_ms: i64, prices: &Prices) -> Costs {
    let other_mode = match mode {
        StreamMode::OnDemand => StreamMode::Provisioned,
        StreamMode::Provisioned => StreamMode::OnDemand,
    };
    let busiest = usage.busiest_second;
    let needed_shards =
        busiest.bytes.div_ceil(SHARD_BYTES_PER_SECOND).max(busiest.records.div_ceil(SHARD_RECORDS_PER_SECOND)).max(1);
    let hours = (usage.until_ms - usage.since_ms).max(0) as f64 / MS_PER_HOUR;

    let mut as_run = Bill::default();
    if usage.on_demand_ms > 0 || usage.stored_on_demand.records > 0 {
        let stream_hours = usage.on_demand_ms as f64 / MS_PER_HOUR;
        as_run.items.extend(on_demand(prices, stream_hours, &usage.stored_on_demand, usage.out_bytes_on_demand));
    }
    if usage.provisioned_shard_ms > 0 || usage.stored_provisioned.records > 0 {
        let shard_hours = usage.provisioned_shard_ms as f64 / MS_PER_HOUR;
        as_run.items.extend(provisioned(prices, shard_hours, &usage.stored_provisioned));
    }
    let other = Bill {
        items: match other_mode {
            StreamMode::OnDemand => on_demand(prices, hours, &usage.offered, usage.out_bytes).to_vec(),
            StreamMode::Provisioned => provisioned(prices, needed_shards as f64 * hours, &usage.offered).to_vec(),
        },
    };

    // A month of the last whole minute: the stream's own mode bills what it stored, the other
    // would have had to take what was offered.
    let minute = usage.last_minute(now_ms);
    let minutes = HOURS_PER_MONTH * 60.0;
    let month = |mode, shards: u64, units: &Units, out_bytes: u64| {
        let scaled = Units {
            records: 0,
            bytes: 0,
            billed_kib: (units.billed_kib as f64 * minutes) as u64,
            put_payload_units: (units.put_payload_units as f64 * minutes) as u64,
        };
        Bill {
            items: match mode {
                StreamMode::OnDemand => {
                    on_demand(prices, HOURS_PER_MONTH, &scaled, (out_bytes as f64 * minutes) as u64).to_vec()
                }
                StreamMode::Provisioned => provisioned(prices, shards as f64 * HOURS_PER_MONTH, &scaled).to_vec(),
            },
        }
    };
    let Traffic { offered, stored, out_bytes } = minute;
    Costs {
        monthly: month(mode, open_shards, &stored, out_bytes),
        monthly_other: month(other_mode, needed_shards, &offered, out_bytes),
        as_run,
        other_mode,
        other,
        needed_shards,
    }
}

/// On-demand's three dimensions: stream-hours, data in (records rounded up to whole KiB) and
/// data out.
fn on_demand(prices: &Prices, stream_hours: f64, stored: &Units, out_bytes: u64) -> [LineItem; 3] {
    [
        LineItem {
            what: "On-demand stream-hours",
            quantity: stream_hours,
            unit: "stream-hours",
            price: prices.on_demand_stream_hour,
            per: 1.0,
        },
        LineItem {
            what: "Data in (each record rounded up to 1 KB)",
            quantity: stored.billed_kib as f64 * 1024.0 / GB,
            unit: "GB",
            price: prices.on_demand_data_in_per_gb,
            per: 1.0,
        },
        LineItem {
            what: "Data out",
            quantity: out_bytes as f64 / GB,
            unit: "GB",
            price: prices.on_demand_data_out_per_gb,
            per: 1.0,
        },
    ]
}

/// Provisioned's two dimensions: shard-hours and PUT payload units (25 KB chunks of records).
fn provisioned(prices: &Prices, shard_hours: f64, stored: &Units) -> [LineItem; 2] {
    [
        LineItem {
            what: "Shard-hours",
            quantity: shard_hours,
            unit: "shard-hours",
            price: prices.shard_hour,
            per: 1.0,
        },
        LineItem {
            what: "PUT payload units (25 KB each)",
            quantity: stored.put_payload_units as f64,
            unit: "units",
            price: prices.put_payload_units_per_million,
            per: 1_000_000.0,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minute of 1,000 records of 1 KiB a second, all read back once, on a provisioned stream
    /// of one shard.
    fn a_busy_minute(mode: StreamMode) -> Usage {
        let mut usage = Usage::new(0);
        for second in 0..60 {
            usage.write(second * 1000, mode, 1000, 1000, 1024);
            usage.read(second * 1000 + 500, mode, 1000 * 1024);
        }
        usage.advance(60_000, mode, 1);
        usage
    }

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.01
    }

    /// The month of 1,000 records of 1 KiB a second with one consumer, worked out by hand from
    /// the prices: 2,506 GiB in and out; on-demand $29.20 + $200.50 + $100.25, provisioned one
    /// shard (the records limit) $10.95 + 2,628 M units at $0.014 a million.
    #[test]
    fn a_month_of_a_steady_stream_in_both_modes() {
        let usage = a_busy_minute(StreamMode::Provisioned);
        let costs = costs(&usage, StreamMode::Provisioned, 1, 60_000, &US_EAST_2021);
        assert_eq!(costs.needed_shards, 1);
        assert!(near(costs.monthly.dollars(), 10.95 + 36.792), "{}", costs.monthly.dollars());
        assert_eq!(costs.other_mode, StreamMode::OnDemand);
        assert!(near(costs.monthly_other.dollars(), 29.2 + 200.5029 + 100.2515), "{}", costs.monthly_other.dollars());
        // A minute later with nothing sent, the rate is nothing but the time.
        let quiet = super::costs(&usage, StreamMode::Provisioned, 1, 125_000, &US_EAST_2021);
        assert!(near(quiet.monthly.dollars(), 10.95) && near(quiet.monthly_other.dollars(), 29.2));
    }

    #[test]
    fn the_minute_as_run_and_in_the_other_mode() {
        let usage = a_busy_minute(StreamMode::OnDemand);
        let costs = costs(&usage, StreamMode::OnDemand, 4, 60_000, &US_EAST_2021);
        let gib = 60.0 * 1000.0 * 1024.0 / GB;
        let as_run: Vec<f64> = costs.as_run.items.iter().map(|item| item.quantity).collect();
        assert_eq!(as_run, [1.0 / 60.0, gib, gib], "stream-hours, data in, data out");
        assert_eq!(costs.other_mode, StreamMode::Provisioned);
        let other: Vec<f64> = costs.other.items.iter().map(|item| item.quantity).collect();
        assert_eq!(other, [1.0 / 60.0, 60_000.0], "one shard for the minute; a unit per record");
        // Twice the records, half their size: the records limit needs two shards.
        let mut usage = Usage::new(0);
        usage.write(0, StreamMode::OnDemand, 2000, 2000, 512);
        assert_eq!(super::costs(&usage, StreamMode::OnDemand, 4, 1000, &US_EAST_2021).needed_shards, 2);
    }
}
