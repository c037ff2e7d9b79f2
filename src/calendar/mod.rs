//! Working calendars: when the desk's clock runs. A calendar is compiled once (per rule set) into
//! the absolute working intervals of its coverage range and their prefix sums, so every
//! question — add a working duration, working time between two instants, the next opening, the
//! close of the Nth working day — is a binary search whose cost does not grow with the duration.
//!
//! Conventions (DESIGN.md, pinned by tests): intervals are half-open `[start, end)`; adding a
//! duration that runs out exactly at an interval's end returns that end; starting exactly at an
//! end starts counting at the next opening; a zero duration from a closed instant returns the
//! next opening; instants are kept to the second. Leaving the coverage range is an error, never
//! a guess.

mod compile;
mod template;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

pub(crate) use compile::compile;

/// Parses a local time of day `HH:MM` (or `HH:MM:SS`).
pub(crate) fn time_of_day(text: &str) -> Result<NaiveTime, String> {
    let seconds = template::time_of_day(text, false)?;
    u32::try_from(seconds)
        .ok()
        .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
        .ok_or_else(|| format!("{text:?} is not a time of day"))
}

/// A computation needed working time outside the calendar's coverage range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotCovered;

/// A compiled calendar. Instants are Unix seconds (UTC).
#[derive(Debug)]
pub(crate) struct Calendar {
    pub zone: Tz,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// `24x7`: every instant is working time, with no coverage limit.
    AlwaysOpen,
    Scheduled(Schedule),
}

#[derive(Debug)]
struct Schedule {
    /// Coverage `[from, to)`: the first covered day's start to the day after the last.
    from: i64,
    to: i64,
    /// Disjoint working intervals `[start, end)`, sorted.
    intervals: Vec<(i64, i64)>,
    /// `cumulative[k]` = working seconds in the intervals before `k` (length `intervals + 1`).
    cumulative: Vec<i64>,
    /// Working days (dates with working time) and each day's close, sorted by date; the close
    /// is `None` when the day's last interval runs past the coverage.
    days: Vec<(NaiveDate, Option<i64>)>,
}

impl Calendar {
    pub(crate) fn always_open(zone: Tz) -> Self {
        Self {
            zone,
            kind: Kind::AlwaysOpen,
        }
    }

    /// The instant at which `seconds` of working time have passed since `from`.
    pub fn add(&self, from: i64, seconds: i64) -> Result<i64, NotCovered> {
        match &self.kind {
            Kind::AlwaysOpen => from.checked_add(seconds).ok_or(NotCovered),
            Kind::Scheduled(s) => s.add(from, seconds),
        }
    }

    /// Working seconds in `[a, b)` (negative when `b` is before `a`).
    pub fn between(&self, a: i64, b: i64) -> Result<i64, NotCovered> {
        match &self.kind {
            Kind::AlwaysOpen => Ok(b.saturating_sub(a)),
            Kind::Scheduled(s) => Ok(s.position(b)? - s.position(a)?),
        }
    }

    /// The close of the `n`th working day after the local date of `from` (that day not counted).
    pub fn close_of_working_day(&self, from: i64, n: u32) -> Result<i64, NotCovered> {
        let date = self.local_date(from)?;
        match &self.kind {
            Kind::AlwaysOpen => {
                let day = date
                    .checked_add_days(chrono::Days::new(u64::from(n) + 1))
                    .ok_or(NotCovered)?;
                self.local_instant(day, NaiveTime::MIN).ok_or(NotCovered)
            }
            Kind::Scheduled(s) => {
                s.check(from)?;
                let first = s.days.partition_point(|(d, _)| *d <= date);
                // On wasm32 `first + n - 1` can pass usize::MAX: past the end, never wrapped.
                let index = usize::try_from(n)
                    .ok()
                    .and_then(|n| first.checked_add(n.saturating_sub(1)))
                    .ok_or(NotCovered)?;
                s.days
                    .get(index)
                    .and_then(|(_, close)| *close)
                    .ok_or(NotCovered)
            }
        }
    }

    /// The first working day after the local date of `from`, at local time `at`.
    pub fn next_working_day_at(&self, from: i64, at: NaiveTime) -> Result<i64, NotCovered> {
        let date = self.local_date(from)?;
        let day = match &self.kind {
            Kind::AlwaysOpen => date.succ_opt().ok_or(NotCovered)?,
            Kind::Scheduled(s) => {
                s.check(from)?;
                let first = s.days.partition_point(|(d, _)| *d <= date);
                s.days.get(first).map(|(d, _)| *d).ok_or(NotCovered)?
            }
        };
        self.local_instant(day, at).ok_or(NotCovered)
    }

    /// Whether every instant of `[from, to)` is within the calendar's coverage.
    pub fn covers(&self, from: i64, to: i64) -> bool {
        match &self.kind {
            Kind::AlwaysOpen => true,
            Kind::Scheduled(s) => s.from <= from && to <= s.to,
        }
    }

    /// Whether the local date of `t` has working time (a 调休 make-up day does; a weekend or
    /// holiday does not). Every day of an always-open calendar is a working day.
    pub fn is_working_day(&self, t: i64) -> Result<bool, NotCovered> {
        let date = self.local_date(t)?;
        match &self.kind {
            Kind::AlwaysOpen => Ok(true),
            Kind::Scheduled(s) => {
                s.check(t)?;
                Ok(s.days.binary_search_by_key(&date, |(d, _)| *d).is_ok())
            }
        }
    }

    fn local_date(&self, t: i64) -> Result<NaiveDate, NotCovered> {
        DateTime::<Utc>::from_timestamp(t, 0)
            .map(|utc| utc.with_timezone(&self.zone).date_naive())
            .ok_or(NotCovered)
    }

    /// A local date and time as an instant: in a DST overlap the earlier instant, in a gap the
    /// instant the gap ends.
    pub fn local_instant(&self, date: NaiveDate, time: NaiveTime) -> Option<i64> {
        local_to_instant(self.zone, date.and_time(time))
    }
}

/// Maps a local wall time to an instant: in a DST overlap the earlier one; inside a gap, the
/// instant the gap ends (the first local time that exists after it).
pub(crate) fn local_to_instant(zone: Tz, local: chrono::NaiveDateTime) -> Option<i64> {
    if let Some(t) = zone.from_local_datetime(&local).earliest() {
        return Some(t.timestamp());
    }
    // Offset changes happen on whole minutes and gaps last hours at most: the first existing
    // whole minute after `local` is the end of the gap. Bounded to one day.
    let minute = local.with_second(0)?;
    (1..=24 * 60).find_map(|m| {
        let candidate = minute + chrono::Duration::minutes(m);
        zone.from_local_datetime(&candidate)
            .earliest()
            .map(|t| t.timestamp())
    })
}

impl Schedule {
    fn check(&self, t: i64) -> Result<(), NotCovered> {
        if t < self.from || t > self.to {
            Err(NotCovered)
        } else {
            Ok(())
        }
    }

    /// Working seconds from the coverage start up to `t`.
    fn position(&self, t: i64) -> Result<i64, NotCovered> {
        self.check(t)?;
        let k = self.intervals.partition_point(|&(_, end)| end <= t);
        let before = self.cumulative.get(k).copied().unwrap_or(0);
        Ok(match self.intervals.get(k) {
            Some(&(start, end)) => before + (t.min(end) - start).max(0),
            None => before,
        })
    }

    fn add(&self, from: i64, seconds: i64) -> Result<i64, NotCovered> {
        if seconds < 0 {
            return Err(NotCovered);
        }
        let target = self.position(from)? + seconds;
        // Only intervals ending after `from` may hold the answer: a duration that runs out at an
        // interval's end returns that end, and nothing lands before `from`.
        let first = self.intervals.partition_point(|&(_, end)| end <= from);
        let tail = self.cumulative.get(first + 1..).unwrap_or(&[]);
        let k = first + tail.partition_point(|&done| done < target);
        let (start, _) = self.intervals.get(k).copied().ok_or(NotCovered)?;
        let before = self.cumulative.get(k).copied().ok_or(NotCovered)?;
        Ok(start + (target - before))
    }
}
