//! How a producer's rate moves over time (docs/behaviour.md §11.7). The rate is worked out once
//! per clock minute, so the seconds of a minute send alike and share one run in each shard's
//! log: a ramp climbs a step a minute.

const MINUTES_A_DAY: i64 = 1440;
/// The daily cycle's trough: 04:00 UTC; its peak comes twelve hours later.
const TROUGH_MINUTE: i64 = 4 * 60;

/// Saved in sessions and share links as one string of the kind and its numbers (the `String`
/// conversions below): a tagged map inside the journal's tagged events cost the page 4 KB
/// gzipped to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(into = "String")]
pub enum RatePattern {
    /// The producer's rate throughout.
    #[default]
    Constant,
    /// From the producer's rate at its first minute to `to` records a second `over_minutes`
    /// later, evenly a step a minute; then `to`.
    Ramp { to: u64, over_minutes: u32 },
    /// The producer's rate, `factor` times over for `lasting_minutes` minutes from
    /// `after_minutes` after its first minute: a burst that more than doubles the peak.
    Spike { factor: u32, after_minutes: u32, lasting_minutes: u32 },
    /// A day in UTC: the producer's rate at 04:00, rising evenly to `peak` at 16:00 and falling
    /// back by 04:00.
    DailyCycle { peak: u64 },
}

impl RatePattern {
    /// Records a second in the clock minute `minute` (epoch minutes) of a producer whose rate
    /// is `base` and whose first tick was in minute `first_minute`.
    pub fn rate(self, base: u64, first_minute: i64, minute: i64) -> u64 {
        let since = (minute - first_minute).max(0);
        match self {
            Self::Constant => base,
            Self::Ramp { to, over_minutes } => {
                let step = since.min(i64::from(over_minutes));
                let over = i64::from(over_minutes).max(1);
                let moved = |from: u64, to: u64| (u128::from(to - from) * step as u128 / over as u128) as u64;
                if to >= base { base + moved(base, to) } else { base - moved(to, base) }
            }
            Self::Spike { factor, after_minutes, lasting_minutes } => {
                let start = i64::from(after_minutes);
                let during = (start..start + i64::from(lasting_minutes)).contains(&since);
                if during { base.saturating_mul(u64::from(factor)) } else { base }
            }
            Self::DailyCycle { peak } => {
                let t = (minute - TROUGH_MINUTE).rem_euclid(MINUTES_A_DAY);
                let half = MINUTES_A_DAY / 2;
                let up = if t < half { t } else { MINUTES_A_DAY - t };
                let (low, high) = (base.min(peak), base.max(peak));
                let moved = (u128::from(high - low) * up as u128 / half as u128) as u64;
                if peak >= base { base + moved } else { base - moved }
            }
        }
    }

    /// The lowest and highest rates the pattern reaches from a base rate: the lowest must
    /// leave a record a second, the highest stay within a producer's maximum. Every pattern
    /// moves between the base and one other rate.
    pub fn span(self, base: u64) -> (u64, u64) {
        let other = match self {
            Self::Constant => base,
            Self::Ramp { to, .. } => to,
            Self::Spike { factor, lasting_minutes, .. } if lasting_minutes > 0 => {
                base.saturating_mul(u64::from(factor))
            }
            Self::Spike { .. } => base,
            Self::DailyCycle { peak } => peak,
        };
        (base.min(other), base.max(other))
    }
}

/// `constant`, `ramp <to> <over_minutes>`, `spike <factor> <after_minutes> <lasting_minutes>`
/// or `daily_cycle <peak>`.
impl From<RatePattern> for String {
    fn from(pattern: RatePattern) -> Self {
        match pattern {
            RatePattern::Constant => "constant".to_owned(),
            RatePattern::Ramp { to, over_minutes } => format!("ramp {to} {over_minutes}"),
            RatePattern::Spike { factor, after_minutes, lasting_minutes } => {
                format!("spike {factor} {after_minutes} {lasting_minutes}")
            }
            RatePattern::DailyCycle { peak } => format!("daily_cycle {peak}"),
        }
    }
}

impl TryFrom<String> for RatePattern {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let mut words = text.split(' ');
        let kind = words.next().unwrap_or_default();
        let numbers: Vec<u64> =
            words.map(str::parse).collect::<Result<_, _>>().map_err(|_| format!("not a pattern: {text:.40}"))?;
        let small = |n: u64| u32::try_from(n).map_err(|_| format!("not a pattern: {text:.40}"));
        match (kind, numbers.as_slice()) {
            ("constant", []) => Ok(Self::Constant),
            ("ramp", &[to, over]) => Ok(Self::Ramp { to, over_minutes: small(over)? }),
            ("spike", &[factor, after, lasting]) => Ok(Self::Spike {
                factor: small(factor)?,
                after_minutes: small(after)?,
                lasting_minutes: small(lasting)?,
            }),
            ("daily_cycle", &[peak]) => Ok(Self::DailyCycle { peak }),
            _ => Err(format!("not a pattern: {text:.40}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_saved_as_words_and_read_back() {
        for pattern in [
            RatePattern::Constant,
            RatePattern::Ramp { to: 4000, over_minutes: 30 },
            RatePattern::Spike { factor: 3, after_minutes: 5, lasting_minutes: 5 },
            RatePattern::DailyCycle { peak: 4000 },
        ] {
            let text = String::from(pattern);
            assert_eq!(RatePattern::try_from(text.clone()), Ok(pattern), "{text}");
        }
        assert_eq!(String::from(RatePattern::Ramp { to: 4000, over_minutes: 30 }), "ramp 4000 30");
        for bad in ["", "ramp", "ramp 1", "spike 1 2 99999999999", "constant 1", "wave 1", "ramp -1 2"] {
            assert!(RatePattern::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn ramps_climb_a_step_a_minute_then_hold() {
        let ramp = RatePattern::Ramp { to: 1000, over_minutes: 10 };
        let rates: Vec<u64> = (0..12).map(|m| ramp.rate(100, 50, 50 + m)).collect();
        assert_eq!(rates, [100, 190, 280, 370, 460, 550, 640, 730, 820, 910, 1000, 1000]);
        let down = RatePattern::Ramp { to: 100, over_minutes: 3 };
        assert_eq!((0..4).map(|m| down.rate(400, 0, m)).collect::<Vec<_>>(), [400, 300, 200, 100]);
        assert_eq!(ramp.rate(100, 50, 10), 100, "before the first minute, the base");
    }

    #[test]
    fn spikes_multiply_for_their_minutes() {
        let spike = RatePattern::Spike { factor: 3, after_minutes: 5, lasting_minutes: 2 };
        let rates: Vec<u64> = (0..9).map(|m| spike.rate(100, 0, m)).collect();
        assert_eq!(rates, [100, 100, 100, 100, 100, 300, 300, 100, 100]);
        assert_eq!(spike.span(100), (100, 300));
    }

    #[test]
    fn the_daily_cycle_runs_from_4_to_16_utc_and_back() {
        let cycle = RatePattern::DailyCycle { peak: 1540 };
        let day = 20_000 * MINUTES_A_DAY;
        let at = |hour: i64| cycle.rate(100, 0, day + hour * 60);
        assert_eq!([at(4), at(10), at(16), at(22), at(28)], [100, 820, 1540, 820, 100]);
        assert_eq!(cycle.rate(100, 0, day + 4 * 60 + 1), 102);
    }
}
