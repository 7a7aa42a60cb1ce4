//! The Traffic region's settings, as typed, and the producer they describe
//! (docs/behaviour.md §11.7): the form's choices are words, the core's are numbers.

use crate::sim::{MAX_RECORDS_PER_SECOND, ProducerSpec, RatePattern};

/// How a producer spreads its records over partition keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    /// Many keys, evenly.
    Uniform,
    /// One key takes a share of the records, the rest go evenly over the others.
    OneHotKey,
}

/// How the rate moves: each a preset the form explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Constant,
    Ramp,
    Spike,
    DailyCycle,
}

impl Shape {
    pub const ALL: [Self; 4] = [Self::Constant, Self::Ramp, Self::Spike, Self::DailyCycle];

    pub fn id(self) -> &'static str {
        match self {
            Self::Constant => "constant",
            Self::Ramp => "ramp",
            Self::Spike => "spike",
            Self::DailyCycle => "daily-cycle",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|shape| shape.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Constant => "Constant",
            Self::Ramp => "Ramp",
            Self::Spike => "Spike",
            Self::DailyCycle => "Daily cycle",
        }
    }

    /// What the preset does, in words.
    pub fn explained(self) -> &'static str {
        match self {
            Self::Constant => "The same rate all along.",
            Self::Ramp => "Climbs a step a minute to 4 times the rate over 30 minutes, then stays there.",
            Self::Spike => "3 times the rate for 5 minutes, 5 minutes after it starts: more than doubles the peak.",
            Self::DailyCycle => "The rate at 04:00 UTC, rising to 4 times it at 16:00 and back by 04:00.",
        }
    }

    fn pattern(self, records_per_second: u64) -> RatePattern {
        match self {
            Self::Constant => RatePattern::Constant,
            Self::Ramp => RatePattern::Ramp { to: records_per_second.saturating_mul(4), over_minutes: 30 },
            Self::Spike => RatePattern::Spike { factor: 3, after_minutes: 5, lasting_minutes: 5 },
            Self::DailyCycle => RatePattern::DailyCycle { peak: records_per_second.saturating_mul(4) },
        }
    }
}

/// Partition keys of a producer: enough that they spread evenly over the most shards a
/// playground stream has at the rates the form takes.
const KEY_COUNT: u32 = 10_000;

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficForm {
    pub stream_name: String,
    pub records_per_second: String,
    pub record_bytes: String,
    pub keys: Keys,
    /// The hot key's share in percent, as typed.
    pub hot_share: String,
    pub shape: Shape,
    /// Whether throttled records are sent again, as the Kinesis Producer Library does.
    pub retries: bool,
}

impl Default for TrafficForm {
    fn default() -> Self {
        Self {
            stream_name: String::new(),
            records_per_second: "1000".into(),
            record_bytes: "1024".into(),
            keys: Keys::Uniform,
            hot_share: "50".into(),
            shape: Shape::Constant,
            // Off while a retrying producer at an on-demand stream's maximum runs second by
            // second: a day of it takes seconds, not the 2 s "Advance 1 day" has (BENCHMARKS.md).
            retries: false,
        }
    }
}

impl TrafficForm {
    /// The producer the form describes, named `name`, or what to fix.
    pub fn producer(&self, name: &str) -> Result<ProducerSpec, String> {
        if self.stream_name.is_empty() {
            return Err("Choose the stream to send to.".into());
        }
        let records_per_second =
            whole(&self.records_per_second).filter(|n| (1..=MAX_RECORDS_PER_SECOND).contains(n)).ok_or_else(|| {
                format!("Records per second: a whole number from 1 to {}.", thousands(MAX_RECORDS_PER_SECOND))
            })?;
        let data_bytes = whole(&self.record_bytes)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (1..=1024 * 1024).contains(n))
            .ok_or("Record size: a whole number of bytes from 1 to 1,048,576.")?;
        let hot_key_per_mille = match self.keys {
            Keys::Uniform => 0,
            Keys::OneHotKey => whole(&self.hot_share)
                .filter(|n| (1..=100).contains(n))
                .map(|percent| percent as u32 * 10)
                .ok_or("Hot key's share: a whole percentage from 1 to 100.")?,
        };
        let spec = ProducerSpec {
            name: name.to_owned(),
            stream_name: self.stream_name.clone(),
            records_per_second,
            pattern: self.shape.pattern(records_per_second),
            data_bytes,
            key_count: KEY_COUNT,
            hot_key_per_mille,
            start_ms: 0,
            stop_ms: None,
            retries: self.retries,
        };
        spec.check()?;
        Ok(spec)
    }
}

/// A whole number as typed, spaces and thousands separators allowed.
fn whole(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | ',' | '_')).collect();
    digits.parse().ok()
}

/// 1234567 as "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A running producer in words: its stream, rate, record size and pattern.
/// A running producer as the Traffic region lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningProducer {
    pub id: u32,
    pub spec: ProducerSpec,
    /// Records waiting to be sent again, and records given up on (docs/behaviour.md §11.11).
    pub waiting: u64,
    pub failed: u64,
}

impl RunningProducer {
    /// What became of the records that did not get in at once, or None while all did.
    pub fn fate(&self) -> Option<String> {
        let waiting = (self.waiting > 0).then(|| format!("{} waiting to be resent", thousands(self.waiting)));
        let failed = (self.failed > 0).then(|| match self.spec.retries {
            true => format!("{} failed (throttled for 30 s)", thousands(self.failed)),
            false => format!("{} throttled and lost", thousands(self.failed)),
        });
        match (waiting, failed) {
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => Some(one),
            (Some(waiting), Some(failed)) => Some(format!("{waiting}, {failed}")),
        }
    }
}

pub fn described(spec: &ProducerSpec) -> String {
    let shape = match spec.pattern {
        RatePattern::Constant => "constant".to_owned(),
        RatePattern::Ramp { to, over_minutes } => format!("ramping to {} over {over_minutes} min", thousands(to)),
        RatePattern::Spike { factor, .. } => format!("spiking {factor}×"),
        RatePattern::DailyCycle { peak } => format!("daily cycle to {}", thousands(peak)),
    };
    let keys = match spec.hot_key_per_mille {
        0 => String::new(),
        per_mille => format!(", {}% on one key", per_mille / 10),
    };
    let retries = if spec.retries { ", retrying throttled records" } else { "" };
    format!(
        "{} records/s of {} bytes into {}, {shape}{keys}{retries}",
        thousands(spec.records_per_second),
        thousands(u64::from(spec.data_bytes)),
        spec.stream_name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TrafficForm {
        TrafficForm { stream_name: "orders".into(), ..TrafficForm::default() }
    }

    #[test]
    fn the_form_describes_a_producer() {
        let spec = TrafficForm { records_per_second: "1,500".into(), shape: Shape::Spike, ..form() }
            .producer("producer-1")
            .unwrap();
        assert_eq!((spec.records_per_second, spec.data_bytes, spec.hot_key_per_mille), (1500, 1024, 0));
        assert_eq!(spec.pattern, RatePattern::Spike { factor: 3, after_minutes: 5, lasting_minutes: 5 });
        assert_eq!(described(&spec), "1,500 records/s of 1,024 bytes into orders, spiking 3×");
        let hot = TrafficForm { keys: Keys::OneHotKey, hot_share: "30".into(), ..form() }.producer("p").unwrap();
        assert_eq!(hot.hot_key_per_mille, 300);
        assert!(described(&hot).ends_with(", 30% on one key"));
        for shape in Shape::ALL {
            assert_eq!(Shape::from_id(shape.id()), Some(shape));
            assert!(TrafficForm { shape, ..form() }.producer("p").is_ok(), "{shape:?}");
        }
    }

    #[test]
    fn a_producer_says_what_became_of_its_throttled_records() {
        let retrying = TrafficForm { retries: true, ..form() }.producer("p").unwrap();
        assert!(retrying.retries && described(&retrying).ends_with(", retrying throttled records"));
        let row = |spec: &ProducerSpec, waiting, failed| RunningProducer { id: 0, spec: spec.clone(), waiting, failed };
        assert_eq!(row(&retrying, 0, 0).fate(), None);
        assert_eq!(row(&retrying, 1500, 0).fate().unwrap(), "1,500 waiting to be resent");
        assert_eq!(
            row(&retrying, 1500, 20_000).fate().unwrap(),
            "1,500 waiting to be resent, 20,000 failed (throttled for 30 s)"
        );
        let plain = form().producer("p").unwrap();
        assert!(!plain.retries, "off unless ticked");
        assert_eq!(row(&plain, 0, 500).fate().unwrap(), "500 throttled and lost");
    }

    #[test]
    fn what_cannot_run_says_what_to_fix() {
        let cases = [
            (TrafficForm { stream_name: String::new(), ..form() }, "Choose the stream"),
            (TrafficForm { records_per_second: "0".into(), ..form() }, "Records per second"),
            (TrafficForm { records_per_second: "lots".into(), ..form() }, "Records per second"),
            (TrafficForm { record_bytes: "2000000".into(), ..form() }, "Record size"),
            (TrafficForm { keys: Keys::OneHotKey, hot_share: "0".into(), ..form() }, "Hot key's share"),
            // Four times the rate at the ramp's top is past a producer's maximum.
            (TrafficForm { records_per_second: "600000".into(), shape: Shape::Ramp, ..form() }, "Records per second"),
            (TrafficForm { record_bytes: "1048576".into(), ..form() }, "1 MiB"),
        ];
        for (form, words) in cases {
            let error = form.producer("p").unwrap_err();
            assert!(error.contains(words), "{error:?} should say {words:?}");
        }
        assert_eq!(thousands(2_000_000), "2,000,000");
        assert_eq!(thousands(999), "999");
    }
}
