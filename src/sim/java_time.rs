//! Times as Java's `Date.toString()` prints them in UTC, `Thu Jan 22 01:22:02 UTC 2015`: the form
//! of the two times in an ExpiredIteratorException (docs/behaviour.md §11.3). Worked out by hand,
//! as a date crate would cost the wasm bundle more than this.

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Days in 400 Gregorian years, which repeat exactly.
const DAYS_PER_400_YEARS: i64 = 146_097;
/// Days from 1970-01-01 to 2000-01-01, the start of a 400-year cycle.
const DAYS_TO_2000: i64 = 10_957;

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: usize) -> i64 {
    match month {
        1 if is_leap(year) => 29,
        1 => 28,
        3 | 5 | 8 | 10 => 30,
        _ => 31,
    }
}

/// The date of a day counted from 1970-01-01: year, month (0 for January) and day of the month.
/// Whole 400-year cycles first, then at most 400 years and 12 months one by one: this runs once
/// per expired iterator, so plain beats clever.
fn civil_from_days(days: i64) -> (i64, usize, i64) {
    let since_2000 = days - DAYS_TO_2000;
    let mut year = 2000 + 400 * since_2000.div_euclid(DAYS_PER_400_YEARS);
    let mut day = since_2000.rem_euclid(DAYS_PER_400_YEARS);
    loop {
        let length = if is_leap(year) { 366 } else { 365 };
        if day < length {
            break;
        }
        day -= length;
        year += 1;
    }
    let mut month = 0;
    while day >= days_in_month(year, month) {
        day -= days_in_month(year, month);
        month += 1;
    }
    (year, month, day + 1)
}

/// `EEE MMM dd HH:mm:ss UTC yyyy` for epoch milliseconds. The calendar is the Gregorian one
/// throughout, which is Java's from 1582-10-15 on; the simulation clock never leaves 1970..=9999.
pub fn utc_string(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let (hour, minute, second) = (of_day / 3600, of_day / 60 % 60, of_day % 60);
    format!("{weekday} {} {day:02} {hour:02}:{minute:02}:{second:02} UTC {year}", MONTHS[month])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_and_its_neighbours() {
        assert_eq!(utc_string(0), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(utc_string(999), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(utc_string(86_399_999), "Thu Jan 01 23:59:59 UTC 1970");
        assert_eq!(utc_string(-1), "Wed Dec 31 23:59:59 UTC 1969");
    }

    #[test]
    fn dates_checked_against_pythons_calendar() {
        let cases = [
            (1_421_889_722_000, "Thu Jan 22 01:22:02 UTC 2015"),
            (951_782_400_000, "Tue Feb 29 00:00:00 UTC 2000"),
            (951_868_800_000, "Wed Mar 01 00:00:00 UTC 2000"),
            (1_456_790_399_000, "Mon Feb 29 23:59:59 UTC 2016"),
            (1_483_228_799_000, "Sat Dec 31 23:59:59 UTC 2016"),
            (1_553_568_735_000, "Tue Mar 26 02:52:15 UTC 2019"),
            (4_107_542_399_000, "Sun Feb 28 23:59:59 UTC 2100"),
            (4_107_542_400_000, "Mon Mar 01 00:00:00 UTC 2100"),
            (68_169_600_000, "Tue Feb 29 00:00:00 UTC 1972"),
            (946_684_799_000, "Fri Dec 31 23:59:59 UTC 1999"),
            (253_402_300_799_999, "Fri Dec 31 23:59:59 UTC 9999"),
        ];
        for (ms, text) in cases {
            assert_eq!(utc_string(ms), text, "{ms}");
        }
    }

    #[test]
    fn every_day_follows_the_one_before() {
        // Across two 400-year cycles, one day at a time: the day of the month advances by one or
        // starts a month again, and the weekday turns.
        let mut previous = civil_from_days(-1);
        for days in 0..2 * DAYS_PER_400_YEARS {
            let (year, month, day) = civil_from_days(days);
            let (p_year, p_month, p_day) = previous;
            if day == 1 {
                assert_eq!(p_day, days_in_month(p_year, p_month), "{days}");
                assert!((year, month) == (p_year, p_month + 1) || (year, month, p_month) == (p_year + 1, 0, 11));
            } else {
                assert_eq!((year, month, day), (p_year, p_month, p_day + 1), "{days}");
            }
            previous = (year, month, day);
        }
        assert_eq!(previous, (2769, 11, 31));
    }

    #[test]
    fn the_expired_iterator_message_has_the_form_kinesalite_saw() {
        // \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} (test/getRecords.js).
        let text = utc_string(1_700_000_000_000);
        assert_eq!(text, "Tue Nov 14 22:13:20 UTC 2023");
        assert_eq!(text.len(), 28);
    }
}
