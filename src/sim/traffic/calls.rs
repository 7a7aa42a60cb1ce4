//! The PutRecords calls a producer's tick stands for, as the stream's metrics count them
//! (docs/behaviour.md §11.6, §11.7).
//!
//! A tick's records go out shard after shard in hash key order, in calls of at most 500 records
//! and 5 MiB. Each shard's block is a stored prefix and a throttled rest, so the calls are cut
//! from a few long stretches: whole calls inside one stretch are counted together, and only the
//! calls across a boundary one by one. Metrics keep Sum, Minimum, Maximum and SampleCount per
//! minute, so adding up the samples of all the tick's calls before recording them gives the
//! datapoints the calls one by one would.

use crate::sim::metrics::StreamMetric;
use crate::sim::shapes::MetricsName;
use crate::sim::stream::Stream;

/// What the tick did in one shard.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub shard: u32,
    pub stored: u64,
    pub throttled: u64,
}

/// A call's records of one segment.
#[derive(Clone, Copy, Debug)]
struct Part {
    segment: usize,
    stored: u64,
    throttled: u64,
}

/// Samples of one metric, added up.
#[derive(Clone, Copy, Debug, Default)]
struct Samples {
    count: u64,
    sum: u64,
    min: u64,
    max: u64,
}

impl Samples {
    fn add(&mut self, value: u64, times: u64) {
        if times == 0 {
            return;
        }
        let first = self.count == 0;
        self.count += times;
        self.sum = self.sum.saturating_add(value.saturating_mul(times));
        self.min = if first { value } else { self.min.min(value) };
        self.max = if first { value } else { self.max.max(value) };
    }
}

const STREAM_METRICS: [StreamMetric; 9] = [
    StreamMetric::IncomingBytes,
    StreamMetric::IncomingRecords,
    StreamMetric::PutRecordsBytes,
    StreamMetric::PutRecordsSuccess,
    StreamMetric::PutRecordsTotalRecords,
    StreamMetric::PutRecordsSuccessfulRecords,
    StreamMetric::PutRecordsThrottledRecords,
    StreamMetric::PutRecordsFailedRecords,
    StreamMetric::WriteProvisionedThroughputExceeded,
];

const SHARD_METRICS: [MetricsName; 3] =
    [MetricsName::IncomingBytes, MetricsName::IncomingRecords, MetricsName::WriteProvisionedThroughputExceeded];

/// The samples of a tick's calls, stream-wide and per shard (by place in the tick's segments,
/// when shard-level metrics are on).
struct Tally {
    size: u64,
    stream: [Samples; 9],
    shards: Option<Vec<[Samples; 3]>>,
}

impl Tally {
    /// `times` calls alike, each storing `stored` and throttling `throttled` records, in shards
    /// as `parts` says.
    fn calls(&mut self, times: u64, stored: u64, throttled: u64, parts: &[Part]) {
        let bytes = stored * self.size;
        let [
            incoming_bytes,
            incoming_records,
            put_bytes,
            success,
            total,
            successful,
            throttled_records,
            failed,
            exceeded,
        ] = &mut self.stream;
        if stored > 0 {
            incoming_bytes.add(bytes, times);
            incoming_records.add(stored, times);
        }
        put_bytes.add(bytes, times);
        success.add(u64::from(stored > 0), times);
        total.add(stored + throttled, times);
        successful.add(stored, times);
        throttled_records.add(throttled, times);
        failed.add(0, times);
        exceeded.add(throttled, times);
        let Some(shards) = &mut self.shards else { return };
        for part in parts {
            let Some([incoming_bytes, incoming_records, exceeded]) = shards.get_mut(part.segment) else { continue };
            if part.stored > 0 {
                incoming_bytes.add(part.stored * self.size, times);
                incoming_records.add(part.stored, times);
            }
            exceeded.add(part.throttled, times);
        }
    }
}

/// The call being filled.
#[derive(Default)]
struct Call {
    stored: u64,
    throttled: u64,
    parts: Vec<Part>,
}

impl Call {
    fn len(&self) -> u64 {
        self.stored + self.throttled
    }

    fn add(&mut self, segment: usize, count: u64, stored: bool) {
        let (s, t) = if stored { (count, 0) } else { (0, count) };
        self.stored += s;
        self.throttled += t;
        match self.parts.last_mut() {
            Some(part) if part.segment == segment => {
                part.stored += s;
                part.throttled += t;
            }
            _ => self.parts.push(Part { segment, stored: s, throttled: t }),
        }
    }
}

/// The calls of some ticks, the records they carried and those throttled, as the inspector
/// sums them up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    pub calls: u64,
    pub records: u64,
    pub throttled: u64,
}

/// Records the samples of a tick's calls of at most `per_call` records of `size` bytes each,
/// `ticks` times over (alike ticks in one minute), and returns what they come to.
pub fn record(stream: &mut Stream, segments: &[Segment], per_call: u64, size: u64, ticks: u64, now_ms: i64) -> Counted {
    let shards = (!stream.shard_level_metrics.is_empty()).then(|| vec![[Samples::default(); 3]; segments.len()]);
    let mut tally = Tally { size, stream: [Samples::default(); 9], shards };
    let mut call = Call::default();
    for (at, segment) in segments.iter().enumerate() {
        for (count, stored) in [(segment.stored, true), (segment.throttled, false)] {
            let mut left = count;
            while left > 0 {
                if call.len() == 0 && left >= per_call {
                    // Whole calls inside the stretch.
                    let times = left / per_call;
                    let (s, t) = if stored { (per_call, 0) } else { (0, per_call) };
                    tally.calls(times, s, t, &[Part { segment: at, stored: s, throttled: t }]);
                    left -= times * per_call;
                    continue;
                }
                let take = left.min(per_call - call.len());
                call.add(at, take, stored);
                left -= take;
                if call.len() == per_call {
                    let full = std::mem::take(&mut call);
                    tally.calls(1, full.stored, full.throttled, &full.parts);
                }
            }
        }
    }
    if call.len() > 0 {
        tally.calls(1, call.stored, call.throttled, &call.parts);
    }
    let [.., total, _, throttled, _, _] = tally.stream;
    let counted = Counted { calls: total.count * ticks, records: total.sum * ticks, throttled: throttled.sum * ticks };
    let metrics = &mut stream.metrics;
    metrics.advance(now_ms);
    for (metric, samples) in STREAM_METRICS.into_iter().zip(tally.stream) {
        let (count, sum) = (samples.count * ticks, samples.sum.saturating_mul(ticks));
        metrics.record_many(metric, count, sum, samples.min, samples.max, now_ms);
    }
    let Some(shards) = tally.shards else { return counted };
    for (segment, samples) in segments.iter().zip(shards) {
        let mut recorder = metrics.shard(segment.shard, &stream.shard_level_metrics);
        for (metric, samples) in SHARD_METRICS.into_iter().zip(samples) {
            recorder.record_many(metric, samples.count, samples.sum, samples.min, samples.max, now_ms);
        }
    }
    counted
}
