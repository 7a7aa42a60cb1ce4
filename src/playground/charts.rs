//! The Metrics region's charts: a stream's per-minute metrics over the last hour, six hours or
//! day of simulated time, each line against the capacity it runs into (docs/behaviour.md §11.6).
//!
//! The charts are worked out here as plain data (points on a 600 × 100 grid, in integers, and
//! the words a screen reader reads for each), so the component only draws them and the tests
//! check them natively.

use super::format::fixed;
use super::traffic_form::thousands;
use crate::sim::{
    ON_DEMAND_STREAM_BYTES_PER_SECOND, ON_DEMAND_STREAM_RECORDS_PER_SECOND, Stream, StreamMetric, StreamMode,
    WRITE_BYTES_PER_SECOND, WRITE_RECORDS_PER_SECOND,
};

/// The grid a chart's points are on: the component's SVG viewBox.
pub const WIDTH: u64 = 600;
pub const HEIGHT: u64 = 100;

/// How much time the charts span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    #[default]
    Hour,
    SixHours,
    Day,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Hour, Period::SixHours, Period::Day];

    pub fn id(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::SixHours => "6h",
            Period::Day => "day",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|period| period.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Hour => "Last hour",
            Period::SixHours => "Last 6 hours",
            Period::Day => "Last 24 hours",
        }
    }

    /// The period in a sentence (not `label().to_lowercase()`: case mapping would bring the
    /// Unicode tables into the bundle).
    fn span(self) -> &'static str {
        match self {
            Period::Hour => "last hour",
            Period::SixHours => "last 6 hours",
            Period::Day => "last 24 hours",
        }
    }

    fn minutes(self) -> i64 {
        match self {
            Period::Hour => 60,
            Period::SixHours => 360,
            Period::Day => 1440,
        }
    }

    /// Minutes a point stands for: at most 120 points a line, whatever the span.
    fn step(self) -> i64 {
        (self.minutes() / 120).max(1)
    }
}

/// One minute of a stream as the charts read it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Minute {
    bytes_per_second: u64,
    records_per_second: u64,
    write_exceeded: u64,
    read_exceeded: u64,
    iterator_age_ms: u64,
    open_shards: u64,
}

/// A line of a chart: its name in the legend, its style (static/style.css) and its points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub label: &'static str,
    pub class: &'static str,
    /// SVG polyline points, `x,y` pairs on the grid.
    pub points: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    pub title: &'static str,
    /// The top of the scale, in the chart's unit.
    pub top: String,
    pub lines: Vec<Line>,
    /// What the chart shows, in words: its accessible name.
    pub summary: String,
}

/// The stream's charts over `period` up to `now_ms`, one point per `period.step()` minutes
/// holding the highest minute among them (so a short burst still shows), the current minute
/// counted over its seconds so far.
pub fn stream_charts(stream: &Stream, now_ms: i64, period: Period) -> Vec<Chart> {
    let minutes = dense_minutes(stream, now_ms, period.minutes());
    let step = period.step() as usize;
    let points: Vec<Minute> = minutes.chunks(step).map(highest).collect();
    let on_demand = stream.mode == StreamMode::OnDemand;
    let pick = |field: fn(&Minute) -> u64| points.iter().map(field).collect::<Vec<u64>>();
    let shards = pick(|m| m.open_shards);
    // Every open shard's limit, up to an on-demand stream's maximum (docs/behaviour.md §11.5).
    let capacity = |per_shard: i64, max: i64| -> Vec<u64> {
        let cap = |open: &u64| {
            let all = open * per_shard as u64;
            if on_demand { all.min(max as u64) } else { all }
        };
        shards.iter().map(cap).collect()
    };
    let span = period.span();
    vec![
        against_capacity(
            "Incoming bytes per second",
            span,
            pick(|m| m.bytes_per_second),
            capacity(WRITE_BYTES_PER_SECOND, ON_DEMAND_STREAM_BYTES_PER_SECOND),
            bytes_per_second,
            byte_scale,
        ),
        against_capacity(
            "Incoming records per second",
            span,
            pick(|m| m.records_per_second),
            capacity(WRITE_RECORDS_PER_SECOND, ON_DEMAND_STREAM_RECORDS_PER_SECOND),
            |n| format!("{}/s", thousands(n)),
            scale_top,
        ),
        plain(
            "Throttled per minute",
            span,
            vec![
                ("WriteProvisionedThroughputExceeded", "throttled", pick(|m| m.write_exceeded)),
                ("ReadProvisionedThroughputExceeded", "read-throttled", pick(|m| m.read_exceeded)),
            ],
            thousands,
        ),
        plain("Open shards", span, vec![("Open shards", "shards", shards.clone())], thousands),
        plain(
            "GetRecords.IteratorAgeMilliseconds",
            span,
            vec![("Iterator age", "age", pick(|m| m.iterator_age_ms))],
            |ms| format!("{} ms", thousands(ms)),
        ),
    ]
}

/// The last `count` clock minutes up to now, oldest first, idle ones as zeros.
fn dense_minutes(stream: &Stream, now_ms: i64, count: i64) -> Vec<Minute> {
    let now_minute = now_ms.div_euclid(60_000);
    let first_ms = (now_minute - count + 1) * 60_000;
    let mut minutes = vec![Minute::default(); count as usize];
    for (start_ms, row) in stream.metrics.minutes(first_ms, now_ms + 1) {
        let Some(minute) = minutes.get_mut(((start_ms - first_ms) / 60_000) as usize) else { continue };
        // The current minute counts its seconds so far, the tick now begun included.
        let seconds =
            if start_ms.div_euclid(60_000) == now_minute { (now_ms - start_ms) / 1000 + 1 } else { 60 } as u64;
        let sum = |metric| row.get(metric).map_or(0, |point| point.sum);
        *minute = Minute {
            bytes_per_second: sum(StreamMetric::IncomingBytes) / seconds,
            records_per_second: sum(StreamMetric::IncomingRecords) / seconds,
            write_exceeded: sum(StreamMetric::WriteProvisionedThroughputExceeded),
            read_exceeded: sum(StreamMetric::ReadProvisionedThroughputExceeded),
            iterator_age_ms: row.get(StreamMetric::GetRecordsIteratorAgeMilliseconds).map_or(0, |point| point.maximum),
            open_shards: 0,
        };
    }
    // Shards open at each minute's end (or now, for the current one).
    for (at, minute) in minutes.iter_mut().enumerate() {
        let end_ms = (first_ms + (at as i64 + 1) * 60_000).min(now_ms + 1);
        minute.open_shards = stream
            .shards
            .iter()
            .filter(|shard| shard.created_at_ms < end_ms && shard.closed_at_ms.is_none_or(|closed| closed >= end_ms))
            .count() as u64;
    }
    minutes
}

/// The highest of each measure over some minutes.
fn highest(minutes: &[Minute]) -> Minute {
    minutes.iter().fold(Minute::default(), |top, m| Minute {
        bytes_per_second: top.bytes_per_second.max(m.bytes_per_second),
        records_per_second: top.records_per_second.max(m.records_per_second),
        write_exceeded: top.write_exceeded.max(m.write_exceeded),
        read_exceeded: top.read_exceeded.max(m.read_exceeded),
        iterator_age_ms: top.iterator_age_ms.max(m.iterator_age_ms),
        open_shards: top.open_shards.max(m.open_shards),
    })
}

/// A rate and the capacity it runs into, on a scale that holds both.
fn against_capacity(
    title: &'static str,
    span: &str,
    values: Vec<u64>,
    capacity: Vec<u64>,
    unit: impl Fn(u64) -> String,
    scale: fn(u64) -> u64,
) -> Chart {
    let top = scale(values.iter().chain(&capacity).copied().max().unwrap_or(0));
    let (now, peak) = (values.last().copied().unwrap_or(0), values.iter().copied().max().unwrap_or(0));
    let cap_now = capacity.last().copied().unwrap_or(0);
    let summary = format!(
        "{title}, {span}: {} now against a write capacity of {}; highest {}.",
        unit(now),
        unit(cap_now),
        unit(peak)
    );
    Chart {
        title,
        top: unit(top),
        lines: vec![
            Line { label: "Write capacity", class: "capacity", points: points(&capacity, top) },
            Line { label: "Accepted", class: "incoming", points: points(&values, top) },
        ],
        summary,
    }
}

/// Lines on a scale of their own.
fn plain(
    title: &'static str,
    span: &str,
    lines: Vec<(&'static str, &'static str, Vec<u64>)>,
    unit: impl Fn(u64) -> String,
) -> Chart {
    let top = scale_top(lines.iter().flat_map(|(_, _, values)| values.iter().copied()).max().unwrap_or(0));
    let said: Vec<String> = lines
        .iter()
        .map(|(label, _, values)| {
            let (now, peak) = (values.last().copied().unwrap_or(0), values.iter().copied().max().unwrap_or(0));
            let label = if lines.len() > 1 { format!("{label} ") } else { String::new() };
            format!("{label}{} now, highest {}", unit(now), unit(peak))
        })
        .collect();
    Chart {
        title,
        top: unit(top),
        summary: format!("{title}, {span}: {}.", said.join("; ")),
        lines: lines
            .into_iter()
            .map(|(label, class, values)| Line { label, class, points: points(&values, top) })
            .collect(),
    }
}

/// The top of a scale of bytes: as `scale_top` in the largest binary unit the highest reaches.
fn byte_scale(highest: u64) -> u64 {
    let unit = match highest {
        0..1024 => 1,
        1024..1_048_576 => 1024,
        _ => 1_048_576,
    };
    scale_top(highest.div_ceil(unit)).saturating_mul(unit)
}

/// The top of a scale: the highest value rounded up to 1, 2 or 5 times a power of ten, at
/// least 1.
fn scale_top(highest: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let top = power.saturating_mul(factor);
            if top >= highest || top == u64::MAX {
                return top.max(1);
            }
        }
        power = power.saturating_mul(10);
    }
}

/// Values as polyline points across the grid, `top` at the top.
fn points(values: &[u64], top: u64) -> String {
    let last = values.len().saturating_sub(1).max(1) as u64;
    let mut out = String::with_capacity(values.len() * 8);
    for (at, &value) in values.iter().enumerate() {
        let x = at as u64 * WIDTH / last;
        let y = HEIGHT - (u128::from(value.min(top)) * u128::from(HEIGHT) / u128::from(top.max(1))) as u64;
        if at > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{x},{y}"));
    }
    out
}

/// Bytes a second in the largest binary unit that keeps a whole part.
pub fn bytes_per_second(bytes: u64) -> String {
    const KIB: u64 = 1024;
    let (value, unit) = match bytes {
        0..KIB => return format!("{bytes} B/s"),
        KIB..1_048_576 => (bytes as f64 / KIB as f64, "KiB/s"),
        _ => (bytes as f64 / 1_048_576.0, "MiB/s"),
    };
    let text = fixed(value, 1);
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_up_to_one_two_or_five() {
        let tops: Vec<u64> = [0, 1, 2, 3, 7, 10, 11, 1001, 1_048_576].into_iter().map(scale_top).collect();
        assert_eq!(tops, [1, 1, 2, 5, 10, 10, 20, 2000, 2_000_000]);
        assert_eq!(points(&[0, 50, 100], 100), "0,100 300,50 600,0");
        assert_eq!(points(&[7], 10), "0,30", "a single point sits at the left");
        assert_eq!(byte_scale(4 * 1_048_576), 5 * 1_048_576, "4 MiB rounds to 5 MiB, not 5 million bytes");
        assert_eq!(byte_scale(1500), 2048);
        assert_eq!(byte_scale(700), 1000);
        assert_eq!(bytes_per_second(512), "512 B/s");
        assert_eq!(bytes_per_second(1536), "1.5 KiB/s");
        assert_eq!(bytes_per_second(2 * 1_048_576), "2 MiB/s");
    }

    /// A one-shard provisioned stream under 1,500 records a second of 100 bytes: the chart of
    /// records runs at the shard's 1,000 against a capacity of 1,000, throttling 500 a second.
    #[test]
    fn charts_show_a_throttled_shard_against_its_capacity() {
        let mut sim = crate::playground::metrics_view::one_shard_over_its_limit();
        let t0 = crate::playground::metrics_view::T0;
        let now = t0 + 20_000 + 3 * 60_000 + 30_500;
        sim.advance(now);
        let charts = stream_charts(sim.stream("s").unwrap(), now, Period::Hour);
        let titles: Vec<&str> = charts.iter().map(|chart| chart.title).collect();
        assert_eq!(
            titles,
            [
                "Incoming bytes per second",
                "Incoming records per second",
                "Throttled per minute",
                "Open shards",
                "GetRecords.IteratorAgeMilliseconds"
            ]
        );
        let records = &charts[1];
        assert_eq!(
            records.summary,
            "Incoming records per second, last hour: 1,000/s now against a write capacity of 1,000/s; highest 1,000/s."
        );
        assert_eq!(records.top, "1,000/s");
        let accepted = &records.lines[1].points;
        assert!(accepted.ends_with(" 600,0"), "the current minute at the top: {accepted}");
        assert!(accepted.starts_with("0,100 "), "an hour ago, nothing");
        let throttled = &charts[2];
        assert!(
            throttled.summary.contains("WriteProvisionedThroughputExceeded 25,500 now, highest 30,000"),
            "{}",
            throttled.summary
        );
        assert_eq!(charts[3].summary, "Open shards, last hour: 1 now, highest 1.");
        assert_eq!(
            charts[0].summary,
            "Incoming bytes per second, last hour: 102.5 KiB/s now against a write capacity of 1 MiB/s; highest 102.5 KiB/s."
        );

        let day = stream_charts(sim.stream("s").unwrap(), now, Period::Day);
        assert_eq!(day[1].lines[1].points.split(' ').count(), 120, "12 minutes a point");
        assert!(day[1].summary.contains("last 24 hours"));
    }
}
