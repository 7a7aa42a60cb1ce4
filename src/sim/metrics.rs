//! A stream's CloudWatch metrics, one datapoint per metric and simulated minute
//! (docs/behaviour.md §11.6).
//!
//! Kinesis pushes its metrics to CloudWatch every minute in the namespace `AWS/Kinesis`: the
//! stream-level ones ([`StreamMetric`], dimension `StreamName`) always, the shard-level ones
//! ([`MetricsName`], dimensions `StreamName` and `ShardId`) only for the metrics enhanced
//! monitoring is on for. For each metric and minute CloudWatch answers Sum, Minimum, Maximum,
//! SampleCount and Average = Sum / SampleCount of the samples it got; a [`Datapoint`] keeps the
//! first four, so Average is worked out when asked.
//!
//! The data-plane operations record samples as they answer; the playground's charts (and a
//! CloudWatch endpoint, one day) read them back by time range. Sizes, for producers of up to
//! 200 MiB/s on streams of some 400 shards running for simulated days:
//! - Recording adds to the newest minute's row in place: no allocation once the row exists. The
//!   rows' deque grows to at most [`KEPT_MINUTES`] rows, after which a new row takes the room of
//!   the one that aged out. Stream-level recording is O(1); shard-level recording looks the
//!   shard up in a sorted vector, O(log shards).
//! - A stream keeps [`KEPT_MINUTES`]: the 1440 minutes of the last 24 hours and the current one.
//!   Older minutes are dropped as the clock moves on, and a minute without samples has no row.
//! - A stream-level row is 520 bytes (16 datapoints of 32 bytes and the minute), so a stream
//!   busy all day holds about 750 kB. A shard-level row is 232 bytes (7 datapoints and the
//!   minute), so a shard with every metric on holds about 334 kB: 400 shards × 7 metrics × 24 h
//!   come to 400 × 1441 × 232 bytes, about 134 MB (128 MiB), the most this module can hold for
//!   such a stream. Rows of a shard exist only while it has monitoring on or has data from when
//!   it had, and go when the shard's data does ([`StreamMetrics::retain_shards`]).
//!
//! Deterministic: time is the simulation clock's, handed in, and every collection iterates in
//! order (minutes in time order, shards in index order).

use std::collections::VecDeque;
use std::marker::PhantomData;

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use super::shapes::{MetricsName, ModelEnum};
use super::vec_map::VecMap;

const MINUTE_MS: i64 = 60_000;

/// Minutes a stream keeps: the 1440 complete minutes of the last 24 hours and the current one.
/// CloudWatch keeps 1-minute datapoints for 15 days; a day bounds memory over simulated weeks
/// and still covers the default retention period and the rolling 24-hour quotas
/// (docs/behaviour.md §11.6.1).
pub const KEPT_MINUTES: i64 = 1441;

/// The shard-level metrics in the model's enum order: `MetricsName` without `ALL`.
pub const SHARD_METRICS: [MetricsName; 7] = [
    MetricsName::IncomingBytes,
    MetricsName::IncomingRecords,
    MetricsName::OutgoingBytes,
    MetricsName::OutgoingRecords,
    MetricsName::WriteProvisionedThroughputExceeded,
    MetricsName::ReadProvisionedThroughputExceeded,
    MetricsName::IteratorAgeMilliseconds,
];

/// A stream-level metric of `AWS/Kinesis` (dimension `StreamName`), as the developer guide
/// names it. The ones whose value is a time taken (`*.Latency`) are left out: the simulator
/// answers at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StreamMetric {
    IncomingBytes,
    IncomingRecords,
    PutRecordBytes,
    /// 1 for a call that succeeded, 0 for one that failed, so Average is the share that
    /// succeeded; a failure is a 0 rather than no sample (UNVERIFIED, docs/behaviour.md §11.6.1).
    /// The same for `PutRecordsSuccess` (a call with at least one record stored) and
    /// `GetRecordsSuccess`.
    PutRecordSuccess,
    PutRecordsBytes,
    PutRecordsSuccess,
    PutRecordsTotalRecords,
    PutRecordsSuccessfulRecords,
    PutRecordsThrottledRecords,
    PutRecordsFailedRecords,
    GetRecordsBytes,
    GetRecordsRecords,
    GetRecordsSuccess,
    GetRecordsIteratorAgeMilliseconds,
    WriteProvisionedThroughputExceeded,
    ReadProvisionedThroughputExceeded,
}

impl StreamMetric {
    /// Every stream-level metric, in the order rows keep and list them.
    pub const ALL: [Self; 16] = [
        Self::IncomingBytes,
        Self::IncomingRecords,
        Self::PutRecordBytes,
        Self::PutRecordSuccess,
        Self::PutRecordsBytes,
        Self::PutRecordsSuccess,
        Self::PutRecordsTotalRecords,
        Self::PutRecordsSuccessfulRecords,
        Self::PutRecordsThrottledRecords,
        Self::PutRecordsFailedRecords,
        Self::GetRecordsBytes,
        Self::GetRecordsRecords,
        Self::GetRecordsSuccess,
        Self::GetRecordsIteratorAgeMilliseconds,
        Self::WriteProvisionedThroughputExceeded,
        Self::ReadProvisionedThroughputExceeded,
    ];

    /// The CloudWatch metric name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IncomingBytes => "IncomingBytes",
            Self::IncomingRecords => "IncomingRecords",
            Self::PutRecordBytes => "PutRecord.Bytes",
            Self::PutRecordSuccess => "PutRecord.Success",
            Self::PutRecordsBytes => "PutRecords.Bytes",
            Self::PutRecordsSuccess => "PutRecords.Success",
            Self::PutRecordsTotalRecords => "PutRecords.TotalRecords",
            Self::PutRecordsSuccessfulRecords => "PutRecords.SuccessfulRecords",
            Self::PutRecordsThrottledRecords => "PutRecords.ThrottledRecords",
            Self::PutRecordsFailedRecords => "PutRecords.FailedRecords",
            Self::GetRecordsBytes => "GetRecords.Bytes",
            Self::GetRecordsRecords => "GetRecords.Records",
            Self::GetRecordsSuccess => "GetRecords.Success",
            Self::GetRecordsIteratorAgeMilliseconds => "GetRecords.IteratorAgeMilliseconds",
            Self::WriteProvisionedThroughputExceeded => "WriteProvisionedThroughputExceeded",
            Self::ReadProvisionedThroughputExceeded => "ReadProvisionedThroughputExceeded",
        }
    }

    /// The metric a CloudWatch request names, if the simulator keeps it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|metric| metric.as_str() == name)
    }

    /// The CloudWatch unit the developer guide gives the metric.
    pub fn unit(self) -> &'static str {
        match self {
            Self::IncomingBytes | Self::PutRecordBytes | Self::PutRecordsBytes | Self::GetRecordsBytes => "Bytes",
            Self::GetRecordsIteratorAgeMilliseconds => "Milliseconds",
            _ => "Count",
        }
    }

    /// The shard-level metric the developer guide pairs with this one, if any. The names pair,
    /// not the samples: a PutRecords call over three shards is one stream-level sample and one
    /// sample on each shard.
    pub fn shard_level(self) -> Option<MetricsName> {
        Some(match self {
            Self::IncomingBytes => MetricsName::IncomingBytes,
            Self::IncomingRecords => MetricsName::IncomingRecords,
            Self::GetRecordsBytes => MetricsName::OutgoingBytes,
            Self::GetRecordsRecords => MetricsName::OutgoingRecords,
            Self::GetRecordsIteratorAgeMilliseconds => MetricsName::IteratorAgeMilliseconds,
            Self::WriteProvisionedThroughputExceeded => MetricsName::WriteProvisionedThroughputExceeded,
            Self::ReadProvisionedThroughputExceeded => MetricsName::ReadProvisionedThroughputExceeded,
            _ => return None,
        })
    }
}

impl Serialize for StreamMetric {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A metric a row has a place for: its place, and its CloudWatch name (which also labels
/// shard-level metrics outside the core, where `MetricsName`'s model-enum methods are private).
pub trait Metric: Copy + 'static {
    /// The metrics in the order of their places.
    const PLACES: &'static [Self];
    /// `None` for a value that is no metric of its own (`MetricsName::All`).
    fn place(self) -> Option<usize>;
    fn name(self) -> &'static str;
}

impl Metric for StreamMetric {
    const PLACES: &'static [Self] = &Self::ALL;

    fn place(self) -> Option<usize> {
        Some(self as usize)
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// Shard-level metrics as CloudWatch names them (dimensions `StreamName` and `ShardId`).
impl MetricsName {
    /// The CloudWatch metric name, which is the enum's text; `ALL` names none.
    pub fn metric_name(self) -> Option<&'static str> {
        (self != Self::All).then(|| self.as_str())
    }

    /// The metric a CloudWatch request names, if it is a shard-level one.
    pub fn parse_metric(name: &str) -> Option<Self> {
        SHARD_METRICS.into_iter().find(|metric| metric.as_str() == name)
    }

    /// The unit the developer guide gives the metric.
    pub fn unit(self) -> &'static str {
        match self {
            Self::IncomingBytes | Self::OutgoingBytes => "Bytes",
            Self::IteratorAgeMilliseconds => "Milliseconds",
            _ => "Count",
        }
    }
}

impl Metric for MetricsName {
    const PLACES: &'static [Self] = &SHARD_METRICS;

    fn place(self) -> Option<usize> {
        SHARD_METRICS.iter().position(|&metric| metric == self)
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// The statistics of one metric over one minute (or, combined, over a longer period). The
/// values are bytes, counts or milliseconds, never negative, so whole numbers; Average is
/// [`Datapoint::average`]. Serialises with CloudWatch's member names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Datapoint {
    pub sum: u64,
    pub minimum: u64,
    pub maximum: u64,
    pub sample_count: u64,
}

impl Datapoint {
    /// No samples: what a row's place holds until its metric's first sample of the minute. Never
    /// handed out.
    const EMPTY: Self = Self { sum: 0, minimum: u64::MAX, maximum: 0, sample_count: 0 };

    /// The statistics of `samples` samples adding up to `sum`, the least `minimum` and the
    /// greatest `maximum`: what CloudWatch calls a statistic set.
    pub fn of(samples: u64, sum: u64, minimum: u64, maximum: u64) -> Self {
        debug_assert!(samples == 0 || minimum <= maximum, "minimum {minimum} above maximum {maximum}");
        Self { sum, minimum, maximum, sample_count: samples }
    }

    /// Sum / SampleCount.
    pub fn average(&self) -> f64 {
        self.sum as f64 / self.sample_count.max(1) as f64
    }

    /// Adds the samples of `other`, e.g. to chart five-minute periods from one-minute rows.
    /// Sums saturate rather than wrap.
    pub fn combine(&mut self, other: Self) {
        self.sum = self.sum.saturating_add(other.sum);
        self.minimum = self.minimum.min(other.minimum);
        self.maximum = self.maximum.max(other.maximum);
        self.sample_count = self.sample_count.saturating_add(other.sample_count);
    }

    fn present(self) -> Option<Self> {
        (self.sample_count > 0).then_some(self)
    }
}

impl Serialize for Datapoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut point = serializer.serialize_struct("Datapoint", 5)?;
        point.serialize_field("SampleCount", &self.sample_count)?;
        point.serialize_field("Average", &self.average())?;
        point.serialize_field("Sum", &self.sum)?;
        point.serialize_field("Minimum", &self.minimum)?;
        point.serialize_field("Maximum", &self.maximum)?;
        point.end()
    }
}

/// One minute of a stream's ([`StreamRow`]) or a shard's ([`ShardRow`]) metrics: a datapoint
/// for each metric that had samples in the minute. Serialises as a map from metric name to
/// datapoint, in the metrics' order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<M, const N: usize> {
    /// Minutes since the epoch: the row covers `minute * 60000 .. (minute + 1) * 60000`.
    minute: i64,
    points: [Datapoint; N],
    metric: PhantomData<M>,
}

/// A minute of the stream-level metrics.
pub type StreamRow = Row<StreamMetric, 16>;
/// A minute of one shard's shard-level metrics.
pub type ShardRow = Row<MetricsName, 7>;

impl<M: Metric, const N: usize> Row<M, N> {
    fn new(minute: i64) -> Self {
        Self { minute, points: [Datapoint::EMPTY; N], metric: PhantomData }
    }

    /// When the minute starts (epoch milliseconds), the datapoints' CloudWatch timestamp.
    pub fn start_ms(&self) -> i64 {
        self.minute * MINUTE_MS
    }

    /// The metric's datapoint, unless it had no sample in the minute: then there is none, not
    /// one of zeros (UNVERIFIED for an idle stream, docs/behaviour.md §11.6.1).
    pub fn get(&self, metric: M) -> Option<Datapoint> {
        self.points[metric.place()?].present()
    }

    /// The metrics that had samples in the minute, with their datapoints, in the metrics' order.
    pub fn iter(&self) -> impl Iterator<Item = (M, Datapoint)> + '_ {
        M::PLACES.iter().zip(&self.points).filter_map(|(&metric, point)| Some((metric, point.present()?)))
    }
}

impl<M: Metric, const N: usize> Serialize for Row<M, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (metric, point) in self.iter() {
            map.serialize_entry(metric.name(), &point)?;
        }
        map.end()
    }
}

/// The kept minutes of a stream or of a shard, oldest first; only minutes with samples.
#[derive(Clone, Debug)]
struct Minutes<M, const N: usize> {
    rows: VecDeque<Row<M, N>>,
}

impl<M, const N: usize> Default for Minutes<M, N> {
    fn default() -> Self {
        Self { rows: VecDeque::new() }
    }
}

impl<M: Metric, const N: usize> Minutes<M, N> {
    /// Adds `samples` to the metric at `place` in `minute`; `oldest` is the oldest minute kept.
    fn add(&mut self, place: usize, samples: Datapoint, minute: i64, oldest: i64) {
        if let Some(row) = self.rows.back_mut()
            && row.minute == minute
        {
            row.points[place].combine(samples);
            return;
        }
        if minute < oldest {
            return;
        }
        let at = if self.rows.back().is_some_and(|row| row.minute > minute) {
            // A sample of an earlier minute than the newest row's. The simulator's clock never
            // runs backwards, so this is a caller's late report: it still lands in its minute.
            let at = self.rows.partition_point(|row| row.minute < minute);
            if self.rows[at].minute == minute {
                self.rows[at].points[place].combine(samples);
                return;
            }
            at
        } else {
            self.trim(oldest);
            self.rows.len()
        };
        // Grow by doubling as `Vec` does, but never past the minutes kept: rows older than the
        // window were just dropped, so the deque needs no more room than that, ever.
        if self.rows.len() == self.rows.capacity() {
            let room = (self.rows.capacity() * 2).clamp(8, KEPT_MINUTES as usize);
            self.rows.reserve_exact(room.saturating_sub(self.rows.len()));
        }
        self.rows.insert(at, Row::new(minute));
        self.rows[at].points[place].combine(samples);
    }

    /// Drops the minutes before `oldest`.
    fn trim(&mut self, oldest: i64) {
        while self.rows.front().is_some_and(|row| row.minute < oldest) {
            self.rows.pop_front();
        }
    }

    /// The kept minutes starting within `from_ms` (rounded down to its minute) ..`to_ms`.
    fn range(&self, from_ms: i64, to_ms: i64, oldest: i64) -> impl Iterator<Item = (i64, &Row<M, N>)> {
        let first = from_ms.div_euclid(MINUTE_MS).max(oldest);
        let at = self.rows.partition_point(|row| row.minute < first);
        self.rows.range(at..).take_while(move |row| row.start_ms() < to_ms).map(|row| (row.start_ms(), row))
    }
}

/// The endpoint's snapshot of the minutes (`endpoint::state`): each row as its minute and its
/// points as `(sum, minimum, maximum, sample_count)`, empty places included. (A row's own
/// `Serialize` is the view's, by metric name.)
#[cfg(not(target_arch = "wasm32"))]
mod image {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Datapoint, Minutes, Row};

    type Points = Vec<(u64, u64, u64, u64)>;

    impl<M, const N: usize> Serialize for Minutes<M, N> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.rows.iter().map(|row| {
                let points: Points = row.points.iter().map(|p| (p.sum, p.minimum, p.maximum, p.sample_count)).collect();
                (row.minute, points)
            }))
        }
    }

    impl<'de, M, const N: usize> Deserialize<'de> for Minutes<M, N> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let rows: Vec<(i64, Points)> = Vec::deserialize(deserializer)?;
            let mut minutes = Minutes::default();
            for (minute, points) in rows {
                if points.len() != N {
                    return Err(serde::de::Error::invalid_length(points.len(), &"a point per metric"));
                }
                let mut row = Row { minute, points: [Datapoint::EMPTY; N], metric: std::marker::PhantomData };
                for (place, (sum, minimum, maximum, sample_count)) in points.into_iter().enumerate() {
                    row.points[place] = Datapoint { sum, minimum, maximum, sample_count };
                }
                minutes.rows.push_back(row);
            }
            Ok(minutes)
        }
    }
}

/// A stream's metrics: the stream-level minutes, and the shard-level minutes of each shard that
/// has any. See the module's documentation for what is kept and what it costs.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug)]
pub struct StreamMetrics {
    /// The newest minute a sample or [`StreamMetrics::advance`] has reached: the current minute,
    /// which the window of kept minutes ends with.
    latest: i64,
    /// The minute of the last sweep of every shard by `advance`.
    swept: i64,
    stream: Minutes<StreamMetric, 16>,
    /// By shard index (the number in `shardId-…`).
    shards: VecMap<u32, Minutes<MetricsName, 7>>,
}

impl Default for StreamMetrics {
    fn default() -> Self {
        Self { latest: i64::MIN, swept: i64::MIN, stream: Minutes::default(), shards: VecMap::new() }
    }
}

impl StreamMetrics {
    /// One stream-level sample of `value` at `now_ms`.
    pub fn record(&mut self, metric: StreamMetric, value: u64, now_ms: i64) {
        self.record_many(metric, 1, value, value, value, now_ms);
    }

    /// `samples` stream-level samples at `now_ms` adding up to `sum`, the least `min` and the
    /// greatest `max`: thousands of like calls of the described traffic at once. The same as
    /// recording each sample on its own.
    pub fn record_many(&mut self, metric: StreamMetric, samples: u64, sum: u64, min: u64, max: u64, now_ms: i64) {
        if samples == 0 {
            return;
        }
        let minute = self.reach(now_ms);
        let oldest = self.oldest();
        self.stream.add(metric as usize, Datapoint::of(samples, sum, min, max), minute, oldest);
    }

    /// Where shard `shard`'s samples go. `enabled` is the stream's list of shard-level metrics
    /// with enhanced monitoring on (`Stream::shard_level_metrics`): samples of other metrics are
    /// not kept, as the service does not send them.
    pub fn shard<'a>(&'a mut self, shard: u32, enabled: &'a [MetricsName]) -> ShardRecorder<'a> {
        ShardRecorder { metrics: self, shard, enabled }
    }

    /// Moves the current minute on to `now_ms`'s, and drops the minutes that leave the window
    /// from the stream and from every shard (recording only trims what it adds to). Costs a walk
    /// over the shards the first time in a minute, nothing more until the next.
    pub fn advance(&mut self, now_ms: i64) {
        let minute = self.reach(now_ms);
        if minute <= self.swept {
            return;
        }
        self.swept = minute;
        let oldest = self.oldest();
        self.stream.trim(oldest);
        self.shards.retain(|_, minutes| {
            minutes.trim(oldest);
            !minutes.rows.is_empty()
        });
    }

    /// Keeps the shard-level minutes of the shards `keep` accepts: a shard's metrics go with its
    /// data when it leaves the retention period (docs/behaviour.md §4.4), where CloudWatch would
    /// keep them; a choice, to bound memory (docs/behaviour.md §11.6.1).
    pub fn retain_shards(&mut self, mut keep: impl FnMut(u32) -> bool) {
        self.shards.retain(|&shard, _| keep(shard));
    }

    /// The stream-level minutes kept that start within `from_ms` (rounded down to a whole
    /// minute, as CloudWatch rounds a start time) up to `to_ms` (exclusive), oldest first, with
    /// each minute's start.
    pub fn minutes(&self, from_ms: i64, to_ms: i64) -> impl Iterator<Item = (i64, &StreamRow)> {
        self.stream.range(from_ms, to_ms, self.oldest())
    }

    /// One stream-level metric over the same range: only the minutes it had samples in.
    pub fn series(&self, metric: StreamMetric, from_ms: i64, to_ms: i64) -> impl Iterator<Item = (i64, Datapoint)> {
        self.minutes(from_ms, to_ms).filter_map(move |(start_ms, row)| Some((start_ms, row.get(metric)?)))
    }

    /// Shard `shard`'s minutes over the same range; none for a shard without shard-level data.
    pub fn shard_minutes(&self, shard: u32, from_ms: i64, to_ms: i64) -> impl Iterator<Item = (i64, &ShardRow)> {
        let oldest = self.oldest();
        self.shards.get(&shard).into_iter().flat_map(move |minutes| minutes.range(from_ms, to_ms, oldest))
    }

    /// One shard-level metric of shard `shard` over the same range.
    pub fn shard_series(
        &self,
        shard: u32,
        metric: MetricsName,
        from_ms: i64,
        to_ms: i64,
    ) -> impl Iterator<Item = (i64, Datapoint)> {
        self.shard_minutes(shard, from_ms, to_ms).filter_map(move |(start_ms, row)| Some((start_ms, row.get(metric)?)))
    }

    /// The shards with shard-level minutes kept, in index order.
    pub fn shards(&self) -> impl Iterator<Item = u32> + '_ {
        self.shards.keys().copied()
    }

    /// Makes `now_ms`'s minute the current one if it is newer, and returns it. Minutes are whole
    /// UTC minutes of the simulation clock; how the service cuts them is UNVERIFIED
    /// (docs/behaviour.md §11.6.1).
    fn reach(&mut self, now_ms: i64) -> i64 {
        let minute = now_ms.div_euclid(MINUTE_MS);
        self.latest = self.latest.max(minute);
        minute
    }

    /// The oldest minute kept.
    fn oldest(&self) -> i64 {
        self.latest.saturating_sub(KEPT_MINUTES - 1)
    }
}

/// Records one shard's shard-level samples, for the metrics the stream has enhanced monitoring
/// on for; from [`StreamMetrics::shard`].
pub struct ShardRecorder<'a> {
    metrics: &'a mut StreamMetrics,
    shard: u32,
    enabled: &'a [MetricsName],
}

impl ShardRecorder<'_> {
    /// One sample of `value` at `now_ms`.
    pub fn record(&mut self, metric: MetricsName, value: u64, now_ms: i64) {
        self.record_many(metric, 1, value, value, value, now_ms);
    }

    /// `samples` samples at `now_ms`, as [`StreamMetrics::record_many`]. `MetricsName::All` is
    /// no metric of its own and records nothing.
    pub fn record_many(&mut self, metric: MetricsName, samples: u64, sum: u64, min: u64, max: u64, now_ms: i64) {
        debug_assert!(metric != MetricsName::All, "ALL is no shard-level metric of its own");
        let Some(place) = metric.place() else { return };
        if samples == 0 || !self.enabled.contains(&metric) {
            return;
        }
        let minute = self.metrics.reach(now_ms);
        let oldest = self.metrics.oldest();
        let minutes = self.metrics.shards.or_insert_with(self.shard, Default::default);
        minutes.add(place, Datapoint::of(samples, sum, min, max), minute, oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_SHARD_METRICS: &[MetricsName] = &SHARD_METRICS;

    fn point(sample_count: u64, sum: u64, minimum: u64, maximum: u64) -> Datapoint {
        Datapoint { sum, minimum, maximum, sample_count }
    }

    #[test]
    fn names_are_cloudwatch_s() {
        let names: Vec<&str> = StreamMetric::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(
            names,
            [
                "IncomingBytes",
                "IncomingRecords",
                "PutRecord.Bytes",
                "PutRecord.Success",
                "PutRecords.Bytes",
                "PutRecords.Success",
                "PutRecords.TotalRecords",
                "PutRecords.SuccessfulRecords",
                "PutRecords.ThrottledRecords",
                "PutRecords.FailedRecords",
                "GetRecords.Bytes",
                "GetRecords.Records",
                "GetRecords.Success",
                "GetRecords.IteratorAgeMilliseconds",
                "WriteProvisionedThroughputExceeded",
                "ReadProvisionedThroughputExceeded",
            ]
        );
        for (place, metric) in StreamMetric::ALL.into_iter().enumerate() {
            assert_eq!((metric.place(), StreamMetric::parse(metric.as_str())), (Some(place), Some(metric)));
        }
        assert_eq!(StreamMetric::parse("GetRecords.Latency"), None);
        assert_eq!(StreamMetric::GetRecordsBytes.shard_level(), Some(MetricsName::OutgoingBytes));
        assert_eq!(StreamMetric::PutRecordsBytes.shard_level(), None);
        assert_eq!(StreamMetric::GetRecordsIteratorAgeMilliseconds.unit(), "Milliseconds");
        assert_eq!(MetricsName::All.place(), None);
        assert_eq!(MetricsName::IteratorAgeMilliseconds.place(), Some(6));
    }

    #[test]
    fn samples_fall_into_the_minute_of_their_time() {
        let mut metrics = StreamMetrics::default();
        // One put of 100 bytes and one of 300 in minute 0, the second on its last millisecond.
        metrics.record(StreamMetric::IncomingBytes, 100, 1_000);
        metrics.record(StreamMetric::IncomingBytes, 300, 59_999);
        // Minute 1 starts at 60000 exactly.
        metrics.record(StreamMetric::IncomingBytes, 50, 60_000);
        metrics.record(StreamMetric::IncomingBytes, 70, 119_000);
        metrics.record(StreamMetric::IncomingBytes, 60, 90_000);
        let series: Vec<_> = metrics.series(StreamMetric::IncomingBytes, 0, i64::MAX).collect();
        assert_eq!(series, [(0, point(2, 400, 100, 300)), (60_000, point(3, 180, 50, 70))]);
        let rows: Vec<_> = metrics.minutes(0, i64::MAX).map(|(start_ms, row)| (start_ms, row.start_ms())).collect();
        assert_eq!(rows, [(0, 0), (60_000, 60_000)]);
    }

    #[test]
    fn average_is_sum_over_sample_count() {
        let mut metrics = StreamMetrics::default();
        // PutRecord.Success: 1 per call that succeeded, 0 per call that failed.
        for success in [1, 1, 0, 1] {
            metrics.record(StreamMetric::PutRecordSuccess, success, 5_000);
        }
        let (_, success) = metrics.series(StreamMetric::PutRecordSuccess, 0, 60_000).next().unwrap();
        assert_eq!(success, point(4, 3, 0, 1));
        assert_eq!(success.average(), 0.75);
        // IncomingBytes: Average is bytes per put operation.
        metrics.record(StreamMetric::IncomingBytes, 10, 5_000);
        metrics.record(StreamMetric::IncomingBytes, 25, 6_000);
        let (_, bytes) = metrics.series(StreamMetric::IncomingBytes, 0, 60_000).next().unwrap();
        assert_eq!(bytes.average(), 17.5);
    }

    #[test]
    fn recording_in_bulk_equals_recording_each_sample() {
        let (mut one_by_one, mut bulk) = (StreamMetrics::default(), StreamMetrics::default());
        for _ in 0..1000 {
            one_by_one.record(StreamMetric::PutRecordsBytes, 4096, 30_000);
        }
        for value in [3, 7, 5] {
            one_by_one.record(StreamMetric::GetRecordsIteratorAgeMilliseconds, value, 61_000);
        }
        bulk.record_many(StreamMetric::PutRecordsBytes, 1000, 4_096_000, 4096, 4096, 30_000);
        bulk.record_many(StreamMetric::GetRecordsIteratorAgeMilliseconds, 3, 15, 3, 7, 61_000);
        let rows = |m: &StreamMetrics| m.minutes(0, i64::MAX).map(|(s, r)| (s, r.clone())).collect::<Vec<_>>();
        assert_eq!(rows(&one_by_one), rows(&bulk));
        assert_eq!(rows(&bulk).len(), 2);

        let (mut one_by_one, mut bulk) = (StreamMetrics::default(), StreamMetrics::default());
        for value in [2, 9] {
            one_by_one.shard(4, ALL_SHARD_METRICS).record(MetricsName::OutgoingRecords, value, 0);
        }
        bulk.shard(4, ALL_SHARD_METRICS).record_many(MetricsName::OutgoingRecords, 2, 11, 2, 9, 0);
        let shard =
            |m: &StreamMetrics| m.shard_minutes(4, 0, i64::MAX).map(|(s, r)| (s, r.clone())).collect::<Vec<_>>();
        assert_eq!(shard(&one_by_one), shard(&bulk));
        // No samples: no datapoint.
        bulk.record_many(StreamMetric::GetRecordsSuccess, 0, 0, 0, 0, 0);
        assert_eq!(bulk.series(StreamMetric::GetRecordsSuccess, 0, i64::MAX).count(), 0);
    }

    #[test]
    fn a_minute_without_samples_has_no_datapoint() {
        let mut metrics = StreamMetrics::default();
        metrics.record(StreamMetric::GetRecordsRecords, 10, 0);
        metrics.record(StreamMetric::GetRecordsRecords, 20, 2 * MINUTE_MS);
        let starts: Vec<i64> = metrics.minutes(0, i64::MAX).map(|(start_ms, _)| start_ms).collect();
        assert_eq!(starts, [0, 2 * MINUTE_MS], "minute 1 had no samples and has no row");
        let (_, row) = metrics.minutes(0, i64::MAX).next().unwrap();
        assert_eq!(row.get(StreamMetric::GetRecordsBytes), None);
        assert_eq!(row.iter().collect::<Vec<_>>(), [(StreamMetric::GetRecordsRecords, point(1, 10, 10, 10))]);
        assert_eq!(metrics.series(StreamMetric::GetRecordsBytes, 0, i64::MAX).count(), 0);
        assert_eq!(StreamMetrics::default().minutes(i64::MIN, i64::MAX).count(), 0);
    }

    #[test]
    fn a_range_starts_at_its_minute_and_ends_before_its_end() {
        let mut metrics = StreamMetrics::default();
        for minute in 0..5 {
            metrics.record(StreamMetric::IncomingRecords, minute as u64, minute * MINUTE_MS + 30_000);
        }
        let starts = |from_ms, to_ms| metrics.minutes(from_ms, to_ms).map(|(s, _)| s / MINUTE_MS).collect::<Vec<_>>();
        // The start time rounds down to its minute; the end time is exclusive.
        assert_eq!(starts(MINUTE_MS + 59_999, 3 * MINUTE_MS), [1, 2]);
        assert_eq!(starts(MINUTE_MS, 3 * MINUTE_MS + 1), [1, 2, 3]);
        assert_eq!(starts(3 * MINUTE_MS, 3 * MINUTE_MS), Vec::<i64>::new());
        assert_eq!(starts(i64::MIN, i64::MAX), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn shard_level_metrics_are_kept_only_when_enabled() {
        let mut metrics = StreamMetrics::default();
        let enabled = [MetricsName::IncomingBytes, MetricsName::IteratorAgeMilliseconds];
        let mut shard = metrics.shard(3, &enabled);
        shard.record(MetricsName::IncomingBytes, 512, 1_000);
        shard.record(MetricsName::OutgoingBytes, 512, 1_000);
        shard.record(MetricsName::IteratorAgeMilliseconds, 0, 2_000);
        // Monitoring off for this shard's stream: nothing, not even an empty entry.
        metrics.shard(5, &[]).record(MetricsName::IncomingBytes, 512, 1_000);
        assert_eq!(metrics.shards().collect::<Vec<_>>(), [3]);
        let (start_ms, row) = metrics.shard_minutes(3, 0, i64::MAX).next().unwrap();
        assert_eq!(start_ms, 0);
        assert_eq!(
            row.iter().collect::<Vec<_>>(),
            [
                (MetricsName::IncomingBytes, point(1, 512, 512, 512)),
                (MetricsName::IteratorAgeMilliseconds, point(1, 0, 0, 0))
            ]
        );
        assert_eq!(metrics.shard_series(3, MetricsName::OutgoingBytes, 0, i64::MAX).count(), 0);
        assert_eq!(metrics.shard_minutes(5, 0, i64::MAX).count(), 0);
        // Shard-level samples leave the stream-level minutes alone.
        assert_eq!(metrics.minutes(0, i64::MAX).count(), 0);
        // The shard's minutes go with its data.
        metrics.retain_shards(|shard| shard != 3);
        assert_eq!(metrics.shards().count(), 0);
    }

    #[test]
    fn ten_days_of_samples_every_second_keep_one_day() {
        let mut metrics = StreamMetrics::default();
        let start_ms = 1_700_000_000_000;
        let mut now_ms = start_ms;
        let mut most_rows = 0;
        for second in 0..10 * 24 * 3600 {
            now_ms = start_ms + second * 1000;
            metrics.record(StreamMetric::IncomingBytes, 1000, now_ms);
            metrics.shard(0, ALL_SHARD_METRICS).record(MetricsName::IncomingBytes, 1000, now_ms);
            // Shard 1 stops after the first day: its rows age out on `advance`.
            if second < 24 * 3600 {
                metrics.shard(1, ALL_SHARD_METRICS).record(MetricsName::IncomingRecords, 1, now_ms);
            }
            if second % 60 == 0 {
                metrics.advance(now_ms);
                most_rows = most_rows.max(metrics.stream.rows.len()).max(metrics.shards.get(&0).unwrap().rows.len());
            }
        }
        let kept = KEPT_MINUTES as usize;
        assert_eq!(most_rows, kept);
        assert!(metrics.stream.rows.capacity() <= kept, "capacity {}", metrics.stream.rows.capacity());
        assert!(metrics.shards.get(&0).unwrap().rows.capacity() <= kept);
        assert_eq!(metrics.shards().collect::<Vec<_>>(), [0], "shard 1's day has passed");

        let current_minute = now_ms.div_euclid(MINUTE_MS) * MINUTE_MS;
        let series: Vec<_> = metrics.series(StreamMetric::IncomingBytes, i64::MIN, i64::MAX).collect();
        assert_eq!(series.len(), kept);
        assert_eq!(series[0].0, current_minute - 1440 * MINUTE_MS);
        assert_eq!(series[kept - 1].0, current_minute);
        assert_eq!(series[0].1, point(60, 60_000, 1000, 1000));
        assert_eq!(metrics.shard_series(0, MetricsName::IncomingBytes, i64::MIN, i64::MAX).count(), kept);
    }

    #[test]
    fn minutes_older_than_the_window_are_not_shown_or_kept() {
        let mut metrics = StreamMetrics::default();
        metrics.shard(2, ALL_SHARD_METRICS).record(MetricsName::OutgoingRecords, 1, 0);
        metrics.record(StreamMetric::GetRecordsRecords, 1, 0);
        // A day and a minute later, minute 0 has left the window, though nothing trimmed it yet.
        let later_ms = KEPT_MINUTES * MINUTE_MS;
        metrics.record(StreamMetric::GetRecordsRecords, 2, later_ms);
        assert_eq!(metrics.minutes(i64::MIN, i64::MAX).map(|(s, _)| s).collect::<Vec<_>>(), [later_ms]);
        assert_eq!(metrics.shard_minutes(2, i64::MIN, i64::MAX).count(), 0);
        // A late sample for a minute out of the window is dropped; one within it lands in order.
        metrics.record(StreamMetric::GetRecordsRecords, 3, 0);
        metrics.record(StreamMetric::GetRecordsRecords, 4, later_ms - MINUTE_MS);
        let series: Vec<_> = metrics.series(StreamMetric::GetRecordsRecords, i64::MIN, i64::MAX).collect();
        assert_eq!(series, [(later_ms - MINUTE_MS, point(1, 4, 4, 4)), (later_ms, point(1, 2, 2, 2))]);
        metrics.advance(later_ms);
        assert_eq!(metrics.shards().count(), 0);
    }

    #[test]
    fn rows_serialise_with_cloudwatch_names() {
        let mut metrics = StreamMetrics::default();
        metrics.record(StreamMetric::GetRecordsSuccess, 1, 0);
        metrics.record(StreamMetric::GetRecordsSuccess, 0, 0);
        metrics.record(StreamMetric::IncomingBytes, 7, 0);
        let (_, row) = metrics.minutes(0, MINUTE_MS).next().unwrap();
        assert_eq!(
            serde_json::to_string(row).unwrap(),
            r#"{"IncomingBytes":{"SampleCount":1,"Average":7.0,"Sum":7,"Minimum":7,"Maximum":7},"GetRecords.Success":{"SampleCount":2,"Average":0.5,"Sum":1,"Minimum":0,"Maximum":1}}"#
        );
        metrics.shard(0, ALL_SHARD_METRICS).record(MetricsName::WriteProvisionedThroughputExceeded, 3, 0);
        let (_, row) = metrics.shard_minutes(0, 0, MINUTE_MS).next().unwrap();
        assert_eq!(
            serde_json::to_string(row).unwrap(),
            r#"{"WriteProvisionedThroughputExceeded":{"SampleCount":1,"Average":3.0,"Sum":3,"Minimum":3,"Maximum":3}}"#
        );
    }

    #[test]
    fn combining_minutes_gives_a_longer_period() {
        let mut five = Datapoint::EMPTY;
        five.combine(point(2, 10, 4, 6));
        five.combine(point(1, 1, 1, 1));
        assert_eq!(five, point(3, 11, 1, 6));
        five.combine(point(1, u64::MAX, 9, 9));
        assert_eq!((five.sum, five.maximum), (u64::MAX, 9));
    }

    /// The sizes the module's documentation counts with.
    #[test]
    fn rows_are_the_size_the_estimate_assumes() {
        assert_eq!(size_of::<Datapoint>(), 32);
        assert_eq!(size_of::<StreamRow>(), 520);
        assert_eq!(size_of::<ShardRow>(), 232);
        assert_eq!(400 * KEPT_MINUTES as usize * size_of::<ShardRow>(), 133_724_800);
    }
}
