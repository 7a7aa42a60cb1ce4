//! What the Metrics and Cost regions draw for one stream: its per-minute metrics under their
//! CloudWatch names, its open shards, and what its traffic cost (docs/behaviour.md §11.6, §11.9).

use super::format::fixed;
use crate::sim::{Costs, Stream, StreamMetric, US_EAST_2021, costs};

/// The minutes the table shows at most: an hour, newest first.
pub const TABLE_MINUTES: usize = 60;

/// One simulated minute of a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MinuteRow {
    pub start_ms: i64,
    pub incoming_bytes: u64,
    pub incoming_records: u64,
    /// Records throttled (PutRecords) and calls throttled (PutRecord), as the metric sums them.
    pub write_exceeded: u64,
    pub read_exceeded: u64,
    /// The oldest iterator age a GetRecords saw in the minute (the metric's Maximum), if any read.
    pub iterator_age_ms: Option<u64>,
    /// Shards open at the end of the minute.
    pub open_shards: usize,
}

/// The stream's latest minutes with metrics, newest first, at most `limit`.
pub fn minute_rows(stream: &Stream, limit: usize) -> Vec<MinuteRow> {
    let minutes: Vec<_> = stream.metrics.minutes(i64::MIN, i64::MAX).collect();
    minutes
        .iter()
        .rev()
        .take(limit)
        .map(|(start_ms, row)| {
            let sum = |metric| row.get(metric).map_or(0, |point| point.sum);
            let end_ms = start_ms + 60_000;
            MinuteRow {
                start_ms: *start_ms,
                incoming_bytes: sum(StreamMetric::IncomingBytes),
                incoming_records: sum(StreamMetric::IncomingRecords),
                write_exceeded: sum(StreamMetric::WriteProvisionedThroughputExceeded),
                read_exceeded: sum(StreamMetric::ReadProvisionedThroughputExceeded),
                iterator_age_ms: row.get(StreamMetric::GetRecordsIteratorAgeMilliseconds).map(|point| point.maximum),
                open_shards: open_at(stream, end_ms),
            }
        })
        .collect()
}

/// The shards open just before `ms`: made by then and not yet closed.
fn open_at(stream: &Stream, ms: i64) -> usize {
    stream
        .shards
        .iter()
        .filter(|shard| shard.created_at_ms < ms && shard.closed_at_ms.is_none_or(|closed| closed >= ms))
        .count()
}

/// What the stream's traffic so far cost, in its mode and the other, at the 2021 prices.
pub fn stream_costs(stream: &Stream, now_ms: i64) -> Costs {
    costs(&stream.usage(now_ms), stream.mode, u64::from(stream.open_shard_count()), now_ms, &US_EAST_2021)
}

/// Dollars as the Cost region prints them: cents, or tenths of a cent below a dollar.
pub fn dollars(amount: f64) -> String {
    format!("${}", fixed(amount, if amount.abs() < 1.0 { 3 } else { 2 }))
}

/// A whole minute of the clock, where the Metrics region's tests begin.
#[cfg(test)]
pub(crate) const T0: i64 = 1_700_000_040_000;

/// A provisioned stream "s" of one shard, ACTIVE at `T0 + 20 s` (a whole minute and 20 s), under
/// a producer of 1,500 records of 100 bytes a second from then: every minute stores 60,000 and
/// throttles 30,000. For the Metrics region's tests.
#[cfg(test)]
pub(crate) fn one_shard_over_its_limit() -> crate::sim::Simulator {
    use crate::sim::{Config, Durations, ProducerSpec, RatePattern, Simulator};
    let mut sim = Simulator::new(Config { durations: Durations::FAST, ..Config::default() });
    let created = sim.handle("Kinesis_20131202.CreateStream", br#"{"StreamName":"s","ShardCount":1}"#, T0);
    assert_eq!(created.status, 200);
    sim.advance(T0 + 20_000);
    let spec = ProducerSpec {
        name: "p".into(),
        stream_name: "s".into(),
        records_per_second: 1500,
        pattern: RatePattern::Constant,
        data_bytes: 100,
        key_count: 10,
        hot_key_per_mille: 0,
        start_ms: 0,
        stop_ms: None,
        retries: false,
    };
    sim.start_producer(spec).unwrap();
    sim
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_newest_first_with_throttling_and_open_shards() {
        let mut sim = one_shard_over_its_limit();
        let t0 = T0;
        sim.advance(t0 + 20_000 + 3 * 60_000);
        let rows = minute_rows(sim.stream("s").unwrap(), 2);
        assert_eq!(rows.len(), 2);
        assert!(rows[0].start_ms > rows[1].start_ms, "newest first");
        let full = &rows[1];
        assert_eq!((full.incoming_records, full.write_exceeded, full.open_shards), (60_000, 30_000, 1));
        assert_eq!(full.incoming_bytes, 60_000 * (100 + 5), "data and key: key-0 to key-9");
        assert_eq!((full.read_exceeded, full.iterator_age_ms), (0, None));

        let costs = stream_costs(sim.stream("s").unwrap(), t0 + 20_000 + 3 * 60_000);
        assert_eq!(costs.needed_shards, 2, "1,500 records a second need two shards");
        assert!(costs.monthly.dollars() > 10.95, "a shard's month and the units");
        assert_eq!(dollars(0.0345), "$0.035");
        assert_eq!(dollars(47.7392), "$47.74");
    }
}
