//! Times as Java's `Date.toString()` prints them in UTC, `Thu Jan 22 01:22:02 UTC 2015`: the form
//! of the two times in an ExpiredIteratorException (docs/behaviour.md §11.3). Worked out by hand,
//! as a date crate would cost the wasm bundle more than this.

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The date of a day counted from 1970-01-01: year, month (1 to 12) and day of the month, in
/// the proleptic Gregorian calendar (the days-to-civil arithmetic of 400-year eras). The page's
/// own dates (`playground::format`) use it too.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
    format!("{weekday} {} {day:02} {hour:02}:{minute:02}:{second:02} UTC {year}", MONTHS[month as usize - 1])
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
        // starts a month again after the month's last day.
        let days_in_month = |year: i64, month: u32| match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut previous = civil_from_days(-1);
        for days in 0..2 * 146_097 {
            let (year, month, day) = civil_from_days(days);
            let (p_year, p_month, p_day) = previous;
            if day == 1 {
                assert_eq!(p_day, days_in_month(p_year, p_month), "{days}");
                assert!((year, month) == (p_year, p_month + 1) || (year, month, p_month) == (p_year + 1, 1, 12));
            } else {
                assert_eq!((year, month, day), (p_year, p_month, p_day + 1), "{days}");
            }
            previous = (year, month, day);
        }
        assert_eq!(previous, (2769, 12, 31));
    }

    #[test]
    fn the_expired_iterator_message_has_the_form_kinesalite_saw() {
        // \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} (test/getRecords.js).
        let text = utc_string(1_700_000_000_000);
        assert_eq!(text, "Tue Nov 14 22:13:20 UTC 2023");
        assert_eq!(text.len(), 28);
    }
}
