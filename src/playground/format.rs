//! How times read on screen.

use crate::sim::civil_from_days;

/// `2023-11-14 22:13:20 UTC` for epoch milliseconds.
pub fn utc(epoch_ms: i64) -> String {
    let seconds = epoch_ms.div_euclid(1000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (second_of_day / 3600, second_of_day % 3600 / 60, second_of_day % 60);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
}

/// `HH:MM:SS` of the UTC time, for log lines.
pub fn utc_time_of_day(epoch_ms: i64) -> String {
    utc(epoch_ms)[11..19].to_owned()
}

/// A countdown in whole seconds, rounded up so it never shows 0 s before the change: `29 s`,
/// `1 min 05 s`.
pub fn countdown(ms: i64) -> String {
    let seconds = (ms.max(0) + 999) / 1000;
    if seconds < 60 { format!("{seconds} s") } else { format!("{} min {:02} s", seconds / 60, seconds % 60) }
}

/// `1.684013726E9` or `1684013726.5` as epoch milliseconds, read with integers (see
/// `Timestamp::to_java_double`).
pub fn epoch_seconds_to_millis(lexeme: &str) -> Option<i64> {
    let (mantissa, exponent) = match lexeme.split_once(['E', 'e']) {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (lexeme, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    // The value is digits × 10^(exponent - fraction length); in milliseconds, three more.
    let shift = exponent - fraction.len() as i32 + 3;
    let mut value: i64 = digits.parse().ok()?;
    if shift >= 0 {
        value = value.checked_mul(10i64.checked_pow(shift as u32)?)?;
    } else {
        value /= 10i64.checked_pow(shift.unsigned_abs())?;
    }
    Some(value)
}

/// A number with `decimals` digits after the point, rounded, without the float formatting
/// machinery (which would cost the page about 30 KB gzipped).
pub fn fixed(value: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let scaled = (value.abs() * scale as f64).round();
    // Beyond what a u64 holds, a bill is not worth its digits.
    let scaled = if scaled < u64::MAX as f64 { scaled as u64 } else { u64::MAX };
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    let (whole, fraction) = (scaled / scale, scaled % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = decimals as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_to_its_digits() {
        assert_eq!(fixed(47.7392, 2), "47.74");
        assert_eq!(fixed(0.0345, 3), "0.035");
        assert_eq!(fixed(0.0001, 3), "0.000");
        assert_eq!(fixed(-1.5, 1), "-1.5");
        assert_eq!(fixed(2.0 / 3.0, 0), "1");
        assert_eq!(fixed(1e30, 2), format!("{}.{}", u64::MAX / 100, u64::MAX % 100));
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_684_013_726_999), "2023-05-13 21:35:26 UTC");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(-1_000), "1969-12-31 23:59:59 UTC");
        assert_eq!(utc_time_of_day(1_684_013_726_999), "21:35:26");
    }

    #[test]
    fn epoch_seconds_read_without_floats() {
        assert_eq!(epoch_seconds_to_millis("1.684013726E9"), Some(1_684_013_726_000));
        assert_eq!(epoch_seconds_to_millis("1.701760153593E9"), Some(1_701_760_153_593));
        assert_eq!(epoch_seconds_to_millis("1684013726.5"), Some(1_684_013_726_500));
        assert_eq!(epoch_seconds_to_millis("1.0E9"), Some(1_000_000_000_000));
        assert_eq!(epoch_seconds_to_millis("12.34567"), Some(12_345));
        assert_eq!(epoch_seconds_to_millis("1E400"), None);
        assert_eq!(epoch_seconds_to_millis("\"x\""), None);
    }

    #[test]
    fn countdowns_round_up() {
        assert_eq!(countdown(29_001), "30 s");
        assert_eq!(countdown(1), "1 s");
        assert_eq!(countdown(0), "0 s");
        assert_eq!(countdown(65_000), "1 min 05 s");
    }
}
