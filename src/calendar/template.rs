//! The weekly template of a calendar: which hours each weekday is open, written as
//! `{ "mon-fri": ["09:00-12:00", "13:30-18:00"], "sat": [], "sun": [] }`. An interval may run
//! past midnight (`22:00-06:00`) and belongs to the day it starts on; `24:00` is a valid end.

use chrono::Weekday;

/// Seconds since the start of its day: `[start, end)`, with `end` up to 48 h for overnight spans.
pub(crate) type Span = (i64, i64);

/// Parses a day key: `mon`, a range `mon-fri`, or a list `sat,sun`.
pub(crate) fn days(key: &str) -> Option<Vec<Weekday>> {
    let mut out = Vec::new();
    for part in key.split(',') {
        match part.trim().split_once('-') {
            Some((a, b)) => {
                let (mut day, last) = (weekday(a)?, weekday(b)?);
                // A range walks forward and may wrap (fri-mon); at most 7 steps.
                for _ in 0..7 {
                    out.push(day);
                    if day == last {
                        break;
                    }
                    day = day.succ();
                }
            }
            None => out.push(weekday(part)?),
        }
    }
    Some(out)
}

pub(crate) fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.trim() {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// Parses `HH:MM-HH:MM` (seconds optional: `HH:MM:SS`). An end at or before the start runs
/// past midnight.
pub(crate) fn span(text: &str) -> Result<Span, String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("{text:?} is not an interval like 09:00-12:00"))?;
    let start = time_of_day(a.trim(), false)?;
    let end = time_of_day(b.trim(), true)?;
    if start == end || (end == 0 && start == 0) {
        return Err(format!("{text:?} is empty"));
    }
    Ok(if end > start {
        (start, end)
    } else {
        (start, end + 86_400)
    })
}

/// Seconds since midnight of `HH:MM` or `HH:MM:SS`; `24:00` only where an end is allowed.
pub(crate) fn time_of_day(text: &str, end: bool) -> Result<i64, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let field = |i: usize, max: i64| -> Result<i64, String> {
        let p = parts.get(i).copied().unwrap_or("00");
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{text:?} is not a time like 09:30"));
        }
        let v: i64 = p.parse().map_err(|_| format!("{text:?} is not a time"))?;
        if v > max {
            return Err(format!("{text:?} is not a valid time of day"));
        }
        Ok(v)
    };
    if !(2..=3).contains(&parts.len()) {
        return Err(format!("{text:?} is not a time like 09:30"));
    }
    let (h, m, s) = (field(0, 24)?, field(1, 59)?, field(2, 59)?);
    let seconds = h * 3_600 + m * 60 + s;
    match (h, seconds) {
        (24, 86_400) if end => Ok(86_400),
        (24, _) => Err(format!(
            "{text:?}: 24:00 is allowed only as an interval's end"
        )),
        _ => Ok(seconds),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_keys() {
        assert_eq!(days("mon-fri").unwrap().len(), 5);
        assert_eq!(
            days("fri-mon").unwrap(),
            [Weekday::Fri, Weekday::Sat, Weekday::Sun, Weekday::Mon]
        );
        assert_eq!(days("sat,sun").unwrap(), [Weekday::Sat, Weekday::Sun]);
        assert!(days("mon-xyz").is_none());
        assert!(days("monday").is_none());
    }

    #[test]
    fn spans_and_times() {
        assert_eq!(span("09:00-12:00"), Ok((32_400, 43_200)));
        assert_eq!(span("13:30-24:00"), Ok((48_600, 86_400)));
        assert_eq!(span("22:00-06:00"), Ok((79_200, 108_000)));
        assert_eq!(span("08:30:15-17:30"), Ok((30_615, 63_000)));
        for bad in [
            "09:00",
            "9:00-12:00",
            "09:00-12:60",
            "24:00-01:00",
            "10:00-10:00",
            "24:01-02:00",
            "09:00-24:01",
        ] {
            assert!(span(bad).is_err(), "{bad}");
        }
    }
}
