//! Calendar days in UTC, as day numbers since 1970-01-01, for report periods. The civil-date
//! conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`, exact for the
//! proleptic Gregorian calendar.

const SECONDS_PER_DAY: i64 = 86_400;

/// The day number of `unix_secs` (UTC).
pub fn day_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(SECONDS_PER_DAY)
}

/// The Unix time at the start of `day`.
pub fn start_of(day: i64) -> i64 {
    day * SECONDS_PER_DAY
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DD` as a day number; `None` for anything else, including dates that do not exist
/// (2026-02-30).
pub fn parse(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // A day past the month's end rolls into the next month: not a real date.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

/// A day number as `YYYY-MM-DD`.
pub fn format(day: i64) -> String {
    let (year, month, day) = civil_from_days(day);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_impossible_ones_are_refused() {
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("2026-11-27"), Some(day_of(1_795_737_600)));
        assert_eq!(format(day_of(1_795_737_600)), "2026-11-27");
        assert_eq!(
            parse("2024-02-29").map(format).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2026-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-11-27",
            "2026/11/27",
            "",
            "2026-11-2x",
            "+026-11-27",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        // Every day of four centuries, both ways.
        for day in -200_000..200_000 {
            assert_eq!(parse(&format(day)), Some(day), "{}", format(day));
        }
        assert_eq!(start_of(day_of(1_795_737_700)), 1_795_737_600);
        assert_eq!(day_of(-1), -1);
    }
}
