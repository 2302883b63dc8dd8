//! Dates: the calendar facts every step shares, on `jiff`. A date in the
//! configuration or front matter is `YYYY-MM-DD`; the time of a build is a
//! Unix time (never the clock: see the project's build time).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Parses `YYYY-MM-DD` (a year from 1 to 9999, leading zeros optional) into
/// a calendar date; `None` for anything else, or a day that does not exist.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let y: i16 = it.next()?.parse().ok()?;
    let m: i8 = it.next()?.parse().ok()?;
    let d: i8 = it.next()?.parse().ok()?;
    if !(1..=9999).contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// A Unix time as a timestamp, clamped to what `jiff` holds (the years
/// -9999 to 9999).
fn timestamp(unix: i64) -> Timestamp {
    Timestamp::from_second(unix.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second())).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The calendar date (UTC) of a Unix time in seconds.
pub fn date_of_unix(unix: i64) -> Date {
    timestamp(unix).to_zoned(TimeZone::UTC).date()
}

/// The Unix time of midnight (UTC) at the start of a date.
pub fn unix_of_date(date: Date) -> i64 {
    date.to_zoned(TimeZone::UTC).map_or(0, |z| z.timestamp().as_second())
}

/// Hours, minutes and seconds (UTC) of a Unix time.
pub fn time_of_unix(unix: i64) -> (u8, u8, u8) {
    let secs = unix.rem_euclid(86_400);
    ((secs / 3600) as u8, (secs / 60 % 60) as u8, (secs % 60) as u8)
}

/// `YYYY-MM-DDThh:mm:ssZ` for a Unix time, clamped to the years 1970–9999.
pub fn iso_timestamp(unix: i64) -> String {
    let unix = unix.clamp(0, Timestamp::MAX.as_second());
    let date = date_of_unix(unix);
    let (h, m, s) = time_of_unix(unix);
    format!("{date}T{h:02}:{m:02}:{s:02}Z")
}

/// `YYYY-MM-DD`.
pub fn iso_date(date: Date) -> String {
    date.to_string()
}

/// A date written out in words with the month names given (January
/// first): `2016-11-12` → "November 12, 2016" in English. `pattern` holds
/// `{month}`, `{day}` and `{year}`. Anything that is not a date is
/// returned as written.
pub fn long_date(iso: &str, months: &[String; 12], pattern: &str) -> String {
    match parse_date(iso) {
        Some(d) => pattern.replace("{month}", &months[d.month() as usize - 1]).replace("{day}", &d.day().to_string()).replace("{year}", &d.year().to_string()),
        None => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing() {
        assert_eq!(parse_date("2016-11-12"), Date::new(2016, 11, 12).ok());
        assert_eq!(parse_date(" 2016-1-5 "), Date::new(2016, 1, 5).ok());
        assert!(parse_date("2016-02-30").is_none() && parse_date("12/11/2016").is_none() && parse_date("0-01-01").is_none());
        assert!(parse_date("2016-02-29").is_some() && parse_date("2015-02-29").is_none());
    }

    #[test]
    fn unix_times() {
        assert_eq!(date_of_unix(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(date_of_unix(1_478_908_800), Date::new(2016, 11, 12).unwrap());
        assert_eq!(date_of_unix(951_782_400), Date::new(2000, 2, 29).unwrap());
        for d in [(1970, 1, 1), (2016, 11, 12), (2000, 2, 29), (1999, 12, 31)] {
            let date = Date::new(d.0, d.1, d.2).unwrap();
            assert_eq!(date_of_unix(unix_of_date(date)), date);
        }
        assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_timestamp(1_478_908_800 + 3723), "2016-11-12T01:02:03Z");
        assert!(iso_timestamp(i64::MAX).starts_with("9999-12-"));
        assert_eq!(iso_timestamp(-5), "1970-01-01T00:00:00Z");
        let _ = date_of_unix(i64::MIN);
    }

    #[test]
    fn long_dates() {
        let months =
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].map(String::from);
        assert_eq!(long_date("2016-11-12", &months, "{month} {day}, {year}"), "November 12, 2016");
        assert_eq!(long_date("2012-03-09", &months, "{month} {day}, {year}"), "March 9, 2012");
        assert_eq!(long_date("soon", &months, "{month} {day}, {year}"), "soon");
    }
}
