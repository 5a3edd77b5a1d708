//! Dates, times and timezones as the report format defines them.
//!
//! Three forms of time are accepted: RFC 3339 (`2024-03-14T09:12:00Z`), a
//! local date-time (`2024-03-14 09:12`) read in the report's timezone, and a
//! bare time of day (`09:12`) on the report's `date`. Local times that fall in
//! a daylight-saving gap or overlap are errors, never guesses.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
};
use chrono_tz::Tz;
use std::fmt;

/// A report's timezone: an IANA zone or a fixed UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Iana(Tz),
    Fixed(FixedOffset),
}

impl Default for Zone {
    fn default() -> Self {
        Zone::Iana(Tz::UTC)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Zone::Iana(tz) => f.write_str(tz.name()),
            Zone::Fixed(offset) => write!(f, "{offset}"),
        }
    }
}

impl Zone {
    /// Parses `Europe/London`, `UTC`, `Z`, `+05:30` or `-08:00`.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if text == "Z" {
            return Ok(Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset")));
        }
        if let Some(offset) = parse_offset(text) {
            return Ok(Zone::Fixed(offset));
        }
        text.parse::<Tz>().map(Zone::Iana).map_err(|_| {
            let hint = suggest_zone(text)
                .map(|z| format!("; did you mean `{z}`?"))
                .unwrap_or_default();
            format!("`{text}` is not an IANA timezone name (like `Europe/London`) or a UTC offset (like `+05:30`){hint}")
        })
    }

    /// Today's date in this zone.
    pub fn today(&self) -> NaiveDate {
        let now = chrono::Utc::now();
        match self {
            Zone::Iana(tz) => now.with_timezone(tz).date_naive(),
            Zone::Fixed(offset) => now.with_timezone(offset).date_naive(),
        }
    }

    /// The UTC offset of this zone at an instant.
    pub fn offset_at(&self, instant: &DateTime<FixedOffset>) -> FixedOffset {
        match self {
            Zone::Iana(tz) => tz.offset_from_utc_datetime(&instant.naive_utc()).fix(),
            Zone::Fixed(offset) => *offset,
        }
    }

    fn resolve(&self, local: &NaiveDateTime) -> LocalResult<DateTime<FixedOffset>> {
        match self {
            Zone::Iana(tz) => tz.from_local_datetime(local).map(|t| t.fixed_offset()),
            Zone::Fixed(offset) => offset.from_local_datetime(local),
        }
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    // Bytes, not characters: `split_at` below may only cut ASCII digits.
    let (hours, minutes) = match rest.as_bytes().iter().position(|&b| b == b':') {
        Some(colon) => (&rest.as_bytes()[..colon], &rest.as_bytes()[colon + 1..]),
        None if rest.len() == 4 => rest.as_bytes().split_at(2),
        None if rest.len() <= 2 => (rest.as_bytes(), &b"0"[..]),
        None => return None,
    };
    let hours = digits(hours)? as i32;
    let minutes = digits(minutes)? as i32;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

fn suggest_zone(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            (
                strsim::jaro_winkler(&lower, &tz.name().to_ascii_lowercase()),
                tz.name(),
            )
        })
        .filter(|(score, _)| *score > 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// Parses a calendar date `YYYY-MM-DD`, rejecting impossible ones.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let Some((year, month, day)) = date_parts(text).filter(|_| text.len() == 10) else {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "`{text}` is not a real date (there is no month {month})"
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("`{text}` is not a real date (no such day in that month)"))
}

/// The numbers of a leading `YYYY-MM-DD`, unchecked. When it returns
/// `Some`, the first 10 bytes are ASCII, so `text[10..]` is a boundary.
fn date_parts(text: &str) -> Option<(i32, u32, u32)> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    ))
}

/// The value of 1 to 9 ASCII digits. Works on bytes, so that no slice of a
/// field ever cuts a character in two (a field may hold any text).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// `HH:MM` or `HH:MM:SS` at the start of `text`, and the rest. The bytes
/// read are ASCII, so the rest starts on a character boundary.
fn time_of_day(text: &str) -> Option<(NaiveTime, &str)> {
    let b = text.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (hour, minute) = (digits(&b[0..2])?, digits(&b[3..5])?);
    let (second, rest) = if b.len() >= 8 && b[5] == b':' {
        (digits(&b[6..8])?, &text[8..])
    } else {
        (0, &text[5..])
    };
    Some((NaiveTime::from_hms_opt(hour, minute, second)?, rest))
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not in any accepted form.
    Malformed(String),
    /// The local time never happened (clocks went forward).
    Nonexistent(String),
    /// The local time happened twice (clocks went back).
    Ambiguous(String),
}

/// Parses a time in one of the three accepted forms. `date` is the report's
/// date (for bare times) and `zone` its timezone (for local forms).
pub fn parse_time(
    text: &str,
    date: NaiveDate,
    zone: Zone,
) -> Result<DateTime<FixedOffset>, TimeError> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    let malformed = || {
        TimeError::Malformed(format!(
            "`{text}` is not a time: write `2024-03-14T09:12:00Z`, `2024-03-14 09:12` or `09:12`"
        ))
    };
    let local = if let Some((y, m, d)) = date_parts(text) {
        let day = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(malformed)?;
        let rest = text[10..].strip_prefix([' ', 'T']).ok_or_else(malformed)?;
        let (time, rest) = time_of_day(rest).ok_or_else(malformed)?;
        let naive = day.and_time(time);
        // RFC 3339 without seconds: `2024-03-14T09:12Z`, `…T09:12+01:00`.
        if rest == "Z" || rest == "z" {
            return Ok(naive.and_utc().fixed_offset());
        }
        if !rest.is_empty() {
            let offset = parse_offset(rest).ok_or_else(malformed)?;
            return offset
                .from_local_datetime(&naive)
                .single()
                .ok_or_else(malformed);
        }
        naive
    } else {
        match time_of_day(text) {
            Some((time, "")) => date.and_time(time),
            _ => return Err(malformed()),
        }
    };
    match zone.resolve(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::None => Err(TimeError::Nonexistent(format!(
            "{} never happened in {zone}: the clocks went forward",
            local.format("%Y-%m-%d %H:%M")
        ))),
        LocalResult::Ambiguous(a, b) => Err(TimeError::Ambiguous(format!(
            "{} happened twice in {zone}: the clocks went back; write `{}` or `{}`",
            local.format("%Y-%m-%d %H:%M"),
            a.to_rfc3339(),
            b.to_rfc3339()
        ))),
    }
}

/// A time as messages show it: `2024-03-14 09:12 +01:00`.
pub fn show(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M %:z").to_string()
}

/// `1 h 05 min`, `3 d 2 h`, `12 min`: a compact, readable duration.
pub fn format_duration(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins:02} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// Today's date on this machine: what "overdue" is measured against when
/// a command is not given `--today`.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn zones_accept_iana_names_and_offsets() {
        assert_eq!(
            Zone::parse("Europe/London").unwrap().to_string(),
            "Europe/London"
        );
        assert_eq!(Zone::parse("+05:30").unwrap().to_string(), "+05:30");
        assert_eq!(Zone::parse("-0800").unwrap().to_string(), "-08:00");
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("+25:00").is_err());
        let err = Zone::parse("Europe/Londn").unwrap_err();
        assert!(err.contains("did you mean `Europe/London`"), "{err}");
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(
            parse_date("2024-02-30")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("14/03/2024").unwrap_err().contains("YYYY-MM-DD"));
        assert!(
            parse_date("2026-13-01")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(parse_date("2024-3-14").is_err());
    }

    #[test]
    fn three_forms_of_time() {
        let zone = Zone::parse("Europe/London").unwrap();
        let d = date("2024-07-01");
        let rfc = parse_time("2024-07-01T09:12:00Z", d, zone).unwrap();
        let local = parse_time("2024-07-01 10:12", d, zone).unwrap();
        let bare = parse_time("10:12", d, zone).unwrap();
        assert_eq!(rfc, local);
        assert_eq!(local, bare);
        assert_eq!(bare.offset().local_minus_utc(), 3600);
        let offset = parse_time("2024-07-01T10:12:00+01:00", d, zone).unwrap();
        assert_eq!(offset, rfc);
        assert!(matches!(
            parse_time("tuesday", d, zone),
            Err(TimeError::Malformed(_))
        ));
        assert!(matches!(
            parse_time("25:00", d, zone),
            Err(TimeError::Malformed(_))
        ));
    }

    #[test]
    fn daylight_saving_gaps_and_overlaps_are_errors() {
        let zone = Zone::parse("Europe/London").unwrap();
        // 2024-03-31 01:30 does not exist in London; 2024-10-27 01:30 happens twice.
        let gap = parse_time("01:30", date("2024-03-31"), zone).unwrap_err();
        assert!(matches!(gap, TimeError::Nonexistent(ref m) if m.contains("never happened")));
        let overlap = parse_time("2024-10-27 01:30", date("2024-10-27"), zone).unwrap_err();
        let TimeError::Ambiguous(message) = overlap else {
            panic!()
        };
        assert!(message.contains("2024-10-27T01:30:00+01:00"), "{message}");
        assert!(message.contains("2024-10-27T01:30:00+00:00"), "{message}");
        // An explicit offset settles it.
        assert!(parse_time("2024-10-27T01:30:00+00:00", date("2024-10-27"), zone).is_ok());
    }

    #[test]
    fn fixed_offsets_have_no_gaps() {
        let zone = Zone::parse("+05:30").unwrap();
        let t = parse_time("23:59", date("2024-03-31"), zone).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-03-31T23:59:00+05:30");
    }

    /// Found by hand and by fuzzing: every byte slice of a field cut a
    /// character in two and panicked.
    #[test]
    fn any_text_is_an_error_never_a_panic() {
        let zone = Zone::parse("Europe/London").unwrap();
        let d = date("2025-01-01");
        for text in [
            "2025-01-0é",
            "2025-0é-01",
            "2025-01-01 12:0é",
            "2025-01-01T12:00:0é",
            "12:0é",
            "1é:00",
            "12:00:é",
            "é",
            "2025-01-01 12:00+é1",
            "2025-01-01 12:00+0é",
            "２０２５-01-01",
        ] {
            assert!(
                matches!(parse_time(text, d, zone), Err(TimeError::Malformed(_))),
                "{text}"
            );
        }
        for text in ["2025-01-0é", "é025-01-01", "2025-01-é", "2025-01-0١"] {
            assert!(parse_date(text).is_err(), "{text}");
        }
        for text in ["+é1", "+0é:00", "+é12", "-１２", "+1:é"] {
            assert!(Zone::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(8 * 60), "8 min");
        assert_eq!(format_duration(65 * 60), "1 h 05 min");
        assert_eq!(format_duration((3 * 1440 + 120) * 60), "3 d 2 h");
    }
}
