//! Dates, instants and time zones as they appear in rule sets and tickets. Instants always carry
//! an explicit UTC offset (RFC 3339), so the host's time zone never enters a computation.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses an IANA zone name (`Asia/Shanghai`).
pub(crate) fn parse_zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// Parses a calendar date `YYYY-MM-DD`; impossible dates (2026-02-30) are rejected.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    // chrono tolerates signs and padding ("+2026-1-01"); insist on exactly NNNN-NN-NN first.
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// Parses an RFC 3339 instant with offset (`2026-03-01T09:00:00+08:00`, `…Z`).
pub(crate) fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Formats Unix seconds as RFC 3339 with the zone's offset at that instant, to the second
/// (`2025-01-27T09:00:00+08:00`): the same bytes on every host. Every result instant goes
/// through here, so the digits are written directly rather than through a format string.
pub(crate) fn format_instant(t: i64, zone: Tz) -> String {
    use chrono::{Datelike, Offset, Timelike};
    let Some(utc) = DateTime::<Utc>::from_timestamp(t, 0) else {
        return String::new();
    };
    let offset = zone
        .offset_from_utc_datetime(&utc.naive_utc())
        .fix()
        .local_minus_utc();
    let local = utc.naive_utc() + chrono::Duration::seconds(i64::from(offset));
    let year = match u32::try_from(local.year()) {
        Ok(year) if year < 10_000 => year,
        // Outside four-digit years (never reached by checked inputs): chrono's general path.
        _ => {
            return utc
                .with_timezone(&zone)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string();
        }
    };
    let mut out = String::with_capacity(25);
    push_two(&mut out, year / 100);
    push_two(&mut out, year % 100);
    for (separator, value) in [
        ('-', local.month()),
        ('-', local.day()),
        ('T', local.hour()),
        (':', local.minute()),
        (':', local.second()),
    ] {
        out.push(separator);
        push_two(&mut out, value);
    }
    let offset_abs = offset.unsigned_abs();
    out.push(if offset < 0 { '-' } else { '+' });
    push_two(&mut out, offset_abs / 3600);
    out.push(':');
    push_two(&mut out, offset_abs % 3600 / 60);
    out
}

/// Appends the last two decimal digits of `value`.
fn push_two(out: &mut String, value: u32) {
    for digit in [value / 10 % 10, value % 10] {
        out.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
    }
}

/// The first instant of `date` in `zone`. If midnight does not exist there (a DST gap at
/// 00:00), the day starts at the first instant after the gap.
pub(crate) fn start_of_day(date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    match zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(earliest, _) => Some(earliest.with_timezone(&Utc)),
        chrono::LocalResult::None => (1..=180).find_map(|minutes| {
            let later = midnight + chrono::Duration::minutes(minutes);
            zone.from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_matches_chrono_in_every_zone() {
        let zones: Vec<Tz> = [
            "Asia/Shanghai",
            "America/New_York",
            "UTC",
            "Australia/Sydney",
            "America/Havana",
        ]
        .iter()
        .filter_map(|z| parse_zone(z))
        .collect();
        assert_eq!(zones.len(), 5);
        // Every 7,919 seconds over three years, across DST changes and half-hour offsets.
        for t in (1_735_660_800_i64..1_830_000_000).step_by(7_919) {
            for zone in &zones {
                let expected = DateTime::<Utc>::from_timestamp(t, 0)
                    .unwrap()
                    .with_timezone(zone)
                    .format("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string();
                assert_eq!(format_instant(t, *zone), expected);
            }
        }
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-01-01").is_some());
        for bad in [
            "2026-02-30",
            "2026-1-01",
            "2026-01-01T00:00:00",
            "",
            "01/02/2026",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn instants_need_an_offset() {
        let t = parse_instant("2026-03-01T09:00:00+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T01:00:00+00:00");
        assert!(parse_instant("2026-03-01T09:00:00Z").is_some());
        for bad in [
            "2026-03-01T09:00:00",
            "2026-03-01",
            "2026-03-01T24:01:00Z",
            "x",
        ] {
            assert!(parse_instant(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn zones_and_start_of_day() {
        let sh = parse_zone("Asia/Shanghai").unwrap();
        assert!(parse_zone("Mars/Olympus").is_none());
        let day = parse_date("2026-01-01").unwrap();
        assert_eq!(
            start_of_day(day, sh).unwrap().to_rfc3339(),
            "2025-12-31T16:00:00+00:00"
        );
        // Havana springs forward at midnight: 2026-03-08 starts at 01:00 local (05:00 UTC).
        let havana = parse_zone("America/Havana").unwrap();
        let gap = parse_date("2026-03-08").unwrap();
        assert_eq!(
            start_of_day(gap, havana).unwrap().to_rfc3339(),
            "2026-03-08T05:00:00+00:00"
        );
    }
}
