//! The metrics CloudWatch holds for the simulator's streams (docs/behaviour.md §11.6): the
//! stream-level ones under dimension `StreamName`, and, for shards with enhanced monitoring,
//! the shard-level ones under `StreamName` and `ShardId`, all in namespace `AWS/Kinesis`, one
//! datapoint (a statistic set) per metric and minute, the last 24 hours of them. This module
//! finds a metric by its name and dimensions, cuts its minutes into periods and works out the
//! statistics asked for.

use crate::sim::{Datapoint, MetricsName, Simulator, Stream, StreamMetric, shard_id};

use super::output::Out;

pub const NAMESPACE: &str = "AWS/Kinesis";
pub const MINUTE_MS: i64 = 60_000;

/// Where a metric's datapoints come from.
#[derive(Clone, Copy)]
pub enum Source<'s> {
    Stream(&'s Stream, StreamMetric),
    Shard(&'s Stream, u32, MetricsName),
}

impl<'s> Source<'s> {
    /// The metric named `name` with exactly `dimensions` (in any order), if the simulator has it:
    /// CloudWatch matches a metric by all of its dimensions, so a stream-level metric asked for
    /// with a ShardId, or a shard-level one without, is another metric, which has no data.
    pub fn find(simulator: &'s Simulator, namespace: &str, name: &str, dimensions: &[(&str, &str)]) -> Option<Self> {
        if namespace != NAMESPACE {
            return None;
        }
        let value = |wanted: &str| {
            let mut values = dimensions.iter().filter(|(dimension, _)| *dimension == wanted);
            let (_, value) = values.next()?;
            values.next().is_none().then_some(*value)
        };
        let stream = simulator.stream(value("StreamName")?)?;
        match dimensions.len() {
            1 => Some(Self::Stream(stream, StreamMetric::parse(name)?)),
            2 => {
                let shard_text = value("ShardId")?;
                let index = crate::sim::parse_shard_id(shard_text).filter(|&i| shard_id(i) == shard_text)?;
                Some(Self::Shard(stream, index, MetricsName::parse_metric(name)?))
            }
            _ => None,
        }
    }

    /// Every metric with datapoints kept, stream by stream (in name order), stream-level metrics
    /// first, then each shard's.
    pub fn all(simulator: &'s Simulator) -> Vec<Self> {
        let mut streams: Vec<&Stream> = simulator.streams().collect();
        streams.sort_by(|a, b| a.name.cmp(&b.name));
        let mut sources = Vec::new();
        for stream in streams {
            let metrics = &stream.metrics;
            for metric in StreamMetric::ALL {
                if metrics.series(metric, i64::MIN, i64::MAX).next().is_some() {
                    sources.push(Self::Stream(stream, metric));
                }
            }
            for shard in metrics.shards() {
                for metric in crate::sim::SHARD_METRICS {
                    if metrics.shard_series(shard, metric, i64::MIN, i64::MAX).next().is_some() {
                        sources.push(Self::Shard(stream, shard, metric));
                    }
                }
            }
        }
        sources
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Stream(_, metric) => metric.as_str(),
            Self::Shard(_, _, metric) => metric.metric_name().unwrap_or_default(),
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Self::Stream(_, metric) => metric.unit(),
            Self::Shard(_, _, metric) => metric.unit(),
        }
    }

    /// `(name, value)` of each dimension, StreamName first.
    pub fn dimensions(self) -> Vec<(&'static str, String)> {
        match self {
            Self::Stream(stream, _) => vec![("StreamName", stream.name.clone())],
            Self::Shard(stream, shard, _) => vec![("StreamName", stream.name.clone()), ("ShardId", shard_id(shard))],
        }
    }

    /// The minutes with datapoints that start in `from_ms..to_ms`, oldest first.
    pub fn minutes(self, from_ms: i64, to_ms: i64) -> Vec<(i64, Datapoint)> {
        match self {
            Self::Stream(stream, metric) => stream.metrics.series(metric, from_ms, to_ms).collect(),
            Self::Shard(stream, shard, metric) => stream.metrics.shard_series(shard, metric, from_ms, to_ms).collect(),
        }
    }

    /// The newest minute with a datapoint, if any.
    pub fn latest_ms(self) -> Option<i64> {
        match self {
            Self::Stream(stream, metric) => stream.metrics.series(metric, i64::MIN, i64::MAX).last(),
            Self::Shard(stream, shard, metric) => stream.metrics.shard_series(shard, metric, i64::MIN, i64::MAX).last(),
        }
        .map(|(start, _)| start)
    }

    /// The metric as ListMetrics describes it.
    pub fn describe(self) -> Out {
        let dimensions = self
            .dimensions()
            .into_iter()
            .map(|(name, value)| Out::Structure(vec![("Name", Out::text(name)), ("Value", Out::Text(value))]))
            .collect();
        Out::Structure(vec![
            ("Namespace", Out::text(NAMESPACE)),
            ("MetricName", Out::text(self.name())),
            ("Dimensions", Out::List(dimensions)),
        ])
    }
}

/// The datapoints of `minutes` combined by period: each period starts at `start_ms` plus a whole
/// number of periods; periods without data have no datapoint. Oldest first.
pub fn by_period(minutes: &[(i64, Datapoint)], start_ms: i64, period_ms: i64) -> Vec<(i64, Datapoint)> {
    let mut periods: Vec<(i64, Datapoint)> = Vec::new();
    for &(minute_ms, point) in minutes {
        let start = start_ms + (minute_ms - start_ms).div_euclid(period_ms) * period_ms;
        match periods.last_mut() {
            Some((last, combined)) if *last == start => combined.combine(point),
            _ => periods.push((start, point)),
        }
    }
    periods
}

/// Where a request's time range starts: rounded down to its minute, as CloudWatch rounds the
/// start of a range of one-minute data.
pub fn range_start(start_ms: i64) -> i64 {
    start_ms.div_euclid(MINUTE_MS) * MINUTE_MS
}

/// Periods CloudWatch accepts: 1, 5, 10 and 30 seconds (for high-resolution metrics) or a
/// multiple of 60. Kinesis's metrics are one-minute ones, so a shorter period holds one minute's
/// datapoint, at the minute's start.
pub fn valid_period(seconds: i64) -> bool {
    matches!(seconds, 1 | 5 | 10 | 30) || (seconds > 0 && seconds % 60 == 0)
}

/// A statistic of a datapoint.
#[derive(Clone, Debug, PartialEq)]
pub enum Statistic {
    SampleCount,
    Average,
    Sum,
    Minimum,
    Maximum,
    /// `pNN` or `pNN.NN`, as written.
    Percentile(f64, String),
}

impl Statistic {
    pub const STANDARD: [&'static str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "SampleCount" => Self::SampleCount,
            "Average" => Self::Average,
            "Sum" => Self::Sum,
            "Minimum" => Self::Minimum,
            "Maximum" => Self::Maximum,
            _ => Self::parse_percentile(text)?,
        })
    }

    /// The statistic's name, as asked for and answered.
    pub fn name(&self) -> &str {
        match self {
            Self::Percentile(_, text) => text,
            standard => standard.standard_name().unwrap_or_default(),
        }
    }

    /// The name of one of the five statistics every datapoint has; None for a percentile.
    pub fn standard_name(&self) -> Option<&'static str> {
        Some(match self {
            Self::SampleCount => "SampleCount",
            Self::Average => "Average",
            Self::Sum => "Sum",
            Self::Minimum => "Minimum",
            Self::Maximum => "Maximum",
            Self::Percentile(..) => return None,
        })
    }

    /// `p0` to `p100`, with up to two decimals.
    pub fn parse_percentile(text: &str) -> Option<Self> {
        let number = text.strip_prefix('p')?;
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = |part: &str, max: usize| part.len() <= max && part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole, 3) || !digits(fraction, 2) || (number.ends_with('.')) {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        (0.0..=100.0).contains(&value).then(|| Self::Percentile(value, text.to_owned()))
    }

    /// The statistic of `point`. A percentile needs the samples themselves, which a statistic
    /// set does not keep: as CloudWatch does for statistic sets, there is none unless it is
    /// certain (one sample, or all equal, or p0 and p100, the minimum and maximum).
    pub fn of(&self, point: &Datapoint) -> Option<f64> {
        Some(match self {
            Self::SampleCount => point.sample_count as f64,
            Self::Average => point.average(),
            Self::Sum => point.sum as f64,
            Self::Minimum => point.minimum as f64,
            Self::Maximum => point.maximum as f64,
            Self::Percentile(p, _) if *p == 0.0 => point.minimum as f64,
            Self::Percentile(p, _) if *p == 100.0 => point.maximum as f64,
            Self::Percentile(..) if point.minimum == point.maximum => point.minimum as f64,
            Self::Percentile(..) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(count: u64, sum: u64, min: u64, max: u64) -> Datapoint {
        Datapoint::of(count, sum, min, max)
    }

    #[test]
    fn minutes_combine_into_periods_from_the_start() {
        let minutes = [(0, point(1, 10, 10, 10)), (60_000, point(2, 30, 5, 25)), (300_000, point(1, 7, 7, 7))];
        assert_eq!(by_period(&minutes, 0, 300_000), vec![(0, point(3, 40, 5, 25)), (300_000, point(1, 7, 7, 7))]);
        // Periods count from the range's start, not from the epoch.
        assert_eq!(by_period(&minutes, 60_000, 120_000)[0], (-60_000, point(1, 10, 10, 10)));
        assert_eq!(by_period(&minutes, 0, 10_000).len(), 3);
        assert_eq!(range_start(119_999), 60_000);
        assert!(valid_period(60) && valid_period(10) && valid_period(86_400) && !valid_period(90) && !valid_period(0));
    }

    #[test]
    fn statistics_and_percentiles_of_statistic_sets() {
        let p = point(4, 100, 10, 40);
        let stat = |text: &str| Statistic::parse(text).unwrap().of(&p);
        assert_eq!(
            ["SampleCount", "Average", "Sum", "Minimum", "Maximum"].map(stat),
            [Some(4.0), Some(25.0), Some(100.0), Some(10.0), Some(40.0)]
        );
        assert_eq!((stat("p0"), stat("p100"), stat("p99"), stat("p99.9")), (Some(10.0), Some(40.0), None, None));
        assert_eq!(Statistic::parse("p50").unwrap().of(&point(3, 21, 7, 7)), Some(7.0));
        for bad in ["p", "p101", "p99.999", "p-1", "P99", "tm99", "p99.", "avg"] {
            assert_eq!(Statistic::parse(bad), None, "{bad}");
        }
    }
}
