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
    match canonical_seconds(text) {
        Some(seconds) => DateTime::from_timestamp(seconds, 0),
        None => DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// [`parse_instant`] as Unix seconds.
pub(crate) fn parse_seconds(text: &str) -> Option<i64> {
    canonical_seconds(text).or_else(|| parse_instant(text).map(|t| t.timestamp()))
}

/// The Unix seconds of `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` — the shape of every
/// instant the engine writes and of nearly every one it reads — or `None` for anything else
/// (fractions, a lowercase `t`, a leap second, …), which chrono's full RFC 3339 parser then
/// reads. A KPI record holds about ten instants, and chrono's parser (with the date arithmetic
/// after it) was ~5 % of a record's instructions; this reads the date with [`parse_date`] and the
/// rest digit by digit. It accepts only texts chrono accepts, with the same instant
/// (property-tested below).
fn canonical_seconds(text: &str) -> Option<i64> {
    use chrono::Datelike;
    let (date, time) = text.split_at_checked(10)?;
    let (head, zone) = time.as_bytes().split_first_chunk::<9>()?;
    let [b'T', h0, h1, b':', i0, i1, b':', s0, s1] = *head else {
        return None;
    };
    let number = |digits: [u8; 2]| -> Option<i64> {
        digits.iter().try_fold(0, |n, &c| {
            let digit = c.wrapping_sub(b'0');
            (digit < 10).then(|| n * 10 + i64::from(digit))
        })
    };
    let (hour, minute, second) = (number([h0, h1])?, number([i0, i1])?, number([s0, s1])?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = match *zone {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), oh0, oh1, b':', om0, om1] => {
            let (hours, minutes) = (number([oh0, oh1])?, number([om0, om1])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = (hours * 60 + minutes) * 60;
            if sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    // Days from 1970-01-01 (day 719,163 counted from 0001-01-01 as day 1).
    let days = i64::from(parse_date(date)?.num_days_from_ce()) - 719_163;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset)
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

    fn chrono_instant(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn canonical_instants_are_read_without_chrono_and_alike() {
        for (text, expected) in [
            ("2026-03-01T09:00:00+08:00", "2026-03-01T01:00:00Z"),
            ("2026-03-01T00:30:00+08:00", "2026-02-28T16:30:00Z"),
            ("2024-02-29T23:59:59-05:30", "2024-03-01T05:29:59Z"),
            ("0000-01-01T00:00:00+01:00", "-0001-12-31T23:00:00Z"),
            ("2026-12-31T23:59:59Z", "2026-12-31T23:59:59Z"),
        ] {
            let parsed = DateTime::from_timestamp(canonical_seconds(text).unwrap(), 0).unwrap();
            assert_eq!(
                parsed.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                expected
            );
            assert_eq!(Some(parsed), chrono_instant(text), "{text}");
        }
        // Valid RFC 3339 in other shapes: left to chrono, which reads them.
        for text in [
            "2026-03-01t09:00:00+08:00",
            "2026-03-01 09:00:00+08:00",
            "2026-03-01T09:00:00.5+08:00",
            "2026-03-01T09:00:00z",
            "2016-12-31T23:59:60Z",
        ] {
            assert_eq!(canonical_seconds(text), None, "{text}");
            assert!(parse_instant(text).is_some(), "{text}");
            assert!(parse_seconds(text).is_some(), "{text}");
        }
        for bad in [
            "2026-02-30T09:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T09:00:00+24:00",
            "2026-03-01T09:00:00+08:60",
            "2026-03-01T09:00:00",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Whatever the fast path reads, chrono reads the same; and every text in the canonical
        /// shape that chrono reads, the fast path reads too (so it is the path taken).
        #[test]
        fn the_fast_path_agrees_with_chrono(
            text in "[0-9]{4}-[0-2][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](Z|z|[+-][0-2][0-9]:[0-6][0-9]|\\.[0-9]{1,3}Z|)",
        ) {
            let fast = canonical_seconds(&text).and_then(|s| DateTime::from_timestamp(s, 0));
            let chrono = chrono_instant(&text);
            if fast.is_some() {
                proptest::prop_assert_eq!(fast, chrono);
            }
            let canonical_shape = text.as_bytes().get(10) == Some(&b'T')
                && (text.len() == 25 || text.ends_with('Z') && text.len() == 20);
            if canonical_shape && chrono.is_some() && !text.contains(":60") {
                proptest::prop_assert_eq!(fast, chrono);
            }
            proptest::prop_assert_eq!(parse_instant(&text), chrono);
            proptest::prop_assert_eq!(parse_seconds(&text), chrono.map(|t| t.timestamp()));
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
