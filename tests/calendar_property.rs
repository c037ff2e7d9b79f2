//! Property test of the calendar arithmetic — `add_working_time`, `working_time_between` and
//! `close_of_working_day` — against a deliberately naive model of DESIGN.md "Calendars and
//! durations", written from the design and not from the engine's algorithm.
//!
//! Random calendars: weekly templates on a 15-minute grid (overnight spans, `24:00` / `00:00`
//! ends, keys written as `mon`, `mon-fri`, `sat,sun` or wrapping ranges), holidays and make-up
//! workdays (with a random `workday_template`), closures at arbitrary minutes, 1–3 months of
//! coverage in 2025, in Asia/Shanghai or America/New_York (coverage often spans a DST change).
//!
//! The model decides for every minute of the coverage whether the desk is open — a minute is open
//! when it lies in an interval belonging to a covered date (holiday: none; make-up workday: the
//! template day's; else its weekday's) and in no closure — and answers every question by walking
//! minute by minute. Its own conventions: intervals are half-open; a duration that runs out at an
//! interval's end returns that end; a zero duration returns the first open minute at or after the
//! start; a local time in a DST gap is the instant the gap ends, an ambiguous one the earlier
//! instant; anything that needs a minute outside `[first covered midnight, midnight after the last
//! covered date]` is `calendar_not_covered` — and so is the stretch after the first covered
//! midnight into which the (uncovered) day before would run an overnight interval. A working day whose close lies past that (the last
//! covered date's overnight interval) may answer its true close or `calendar_not_covered`.
//!
//! Also checked: `add` is monotone in the duration, and `between(a, add(a, d)) == d`.
//! `PROPTEST_CASES=5000 cargo test --test calendar_property` runs a longer search.

mod common;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime,
    SecondsFormat, TimeZone, Utc,
};
use chrono_tz::Tz;
use common::config;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Map, Value, json};
use slafee::{Engine, Error, ErrorCode};
use std::collections::BTreeSet;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const QUARTERS_PER_DAY: u32 = 96;
const MINUTES_PER_DAY: i64 = 1_440;
/// The longest duration asked for: 600 hours.
const MAX_MINUTES: u32 = 36_000;

// ---------------------------------------------------------------------------------------------
// Random calendars
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct CalendarSpec {
    new_york: bool,
    /// The zone is given on the calendar (and the rule set names the other zone), else inherited.
    zone_on_calendar: bool,
    /// Day templates: intervals in quarter hours since the owning day's midnight (an end past
    /// 96 runs into the next day).
    patterns: Vec<Vec<(u32, u32)>>,
    /// Monday first: which pattern each weekday uses (`None`: closed).
    week: [Option<usize>; 7],
    /// Closed weekdays are written as `"sun": []` rather than left out.
    write_closed_days: bool,
    /// 0: `mon,tue,wed`; 1: runs from Monday (`mon-wed,sat`); 2: wrapping runs (`sat-mon`).
    key_style: u8,
    /// An end at midnight is written `00:00` instead of `24:00`.
    midnight_as_zero: bool,
    first: NaiveDate,
    days: u32,
    /// (offset from the first covered date, length in days).
    holidays: Vec<(i64, u32)>,
    /// Offsets from the first covered date (those that are holidays are dropped).
    workdays: Vec<i64>,
    workday_template: Option<usize>,
    /// (start in minutes from the first covered midnight, length in minutes, offset style).
    closures: Vec<(i64, i64, u8)>,
}

/// One day template whose intervals all lie in `[boundary, boundary + 24 h)`: the weekly template
/// cannot overlap itself across midnight whatever the day-to-day assignment. Some points fall
/// between 01:00 and 03:00, where New York's clocks change, on the day itself or (as an overnight
/// end) on the next; `dst` makes them the rule rather than the exception.
fn pattern(boundary: u32, dst: bool) -> impl Strategy<Value = Vec<(u32, u32)>> {
    let (anywhere, critical) = if dst { (1, 3) } else { (3, 2) };
    let point = prop_oneof![
        anywhere => boundary..=boundary + QUARTERS_PER_DAY,
        critical => 4u32..=12,
        critical => QUARTERS_PER_DAY + 4..=QUARTERS_PER_DAY + 12,
    ]
    .prop_map(move |q| q.clamp(boundary, boundary + QUARTERS_PER_DAY));
    prop::collection::vec(point, 2..=8).prop_map(|mut points| {
        points.sort_unstable();
        points
            .chunks_exact(2)
            .filter_map(|pair| {
                let &[start, mut end] = pair else {
                    return None;
                };
                if start >= QUARTERS_PER_DAY || start == end {
                    return None;
                }
                // "06:00-06:00" is not an interval: a whole day is only 00:00-24:00.
                if end - start == QUARTERS_PER_DAY && start != 0 {
                    end -= 1;
                }
                Some((start, end))
            })
            .collect()
    })
}

fn patterns(dst: bool) -> impl Strategy<Value = Vec<Vec<(u32, u32)>>> {
    prop_oneof![Just(0u32), 1u32..=32, 12u32..=32]
        .prop_flat_map(move |boundary| prop::collection::vec(pattern(boundary, dst), 1..=3))
}

/// The first covered date and the coverage length: anywhere in 2025, or spanning New York's
/// spring-forward (2025-03-09) or fall-back (2025-11-02) day.
fn coverage(dst: bool) -> impl Strategy<Value = (NaiveDate, u32)> {
    (if dst { 1u8..3 } else { 0u8..3 }, any::<u32>(), 28u32..=92).prop_map(|(mode, x, days)| {
        let jan1 = date(2025, 1, 1);
        let latest = 365 - i64::from(days);
        let anchor = |d: NaiveDate| (d - jan1).num_days() - i64::from(x % days);
        let offset = match mode {
            0 => i64::from(x) % (latest + 1),
            1 => anchor(date(2025, 3, 9)),
            _ => anchor(date(2025, 11, 2)),
        }
        .clamp(0, latest);
        (jan1 + Duration::days(offset), days)
    })
}

/// A random calendar; `dst`: in New York, covering a day the clocks change, with intervals
/// starting or ending in the hours that do not exist or happen twice.
fn calendar_spec(dst: bool) -> impl Strategy<Value = CalendarSpec> {
    (
        (
            any::<bool>().prop_map(move |ny| ny || dst),
            any::<bool>(),
            patterns(dst),
        ),
        prop::array::uniform7(prop::option::weighted(
            if dst { 0.9 } else { 0.75 },
            0usize..3,
        )),
        (any::<bool>(), 0u8..3, any::<bool>()),
        coverage(dst),
        prop::collection::vec((-5i64..100, 1u32..=7), 0..=5),
        prop::collection::vec(-3i64..100, 0..=4),
        prop::option::of(0usize..7),
        prop::collection::vec(
            (-1_440i64..94 * MINUTES_PER_DAY, 1i64..=4_320, 0u8..4),
            0..=3,
        ),
    )
        .prop_map(
            |(
                (new_york, zone_on_calendar, patterns),
                week,
                (write_closed_days, key_style, midnight_as_zero),
                (first, days),
                holidays,
                workdays,
                workday_template,
                closures,
            )| CalendarSpec {
                new_york,
                zone_on_calendar,
                week: week.map(|p| p.map(|p| p % patterns.len())),
                patterns,
                write_closed_days,
                key_style,
                midnight_as_zero,
                first,
                days,
                holidays,
                workdays,
                workday_template,
                closures,
            },
        )
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

impl CalendarSpec {
    fn zone(&self) -> Tz {
        if self.new_york {
            chrono_tz::America::New_York
        } else {
            chrono_tz::Asia::Shanghai
        }
    }

    fn last(&self) -> NaiveDate {
        self.first + Duration::days(i64::from(self.days) - 1)
    }

    fn holiday_dates(&self) -> BTreeSet<NaiveDate> {
        self.holidays
            .iter()
            .flat_map(|&(offset, len)| {
                (0..i64::from(len)).map(move |i| self.first + Duration::days(offset + i))
            })
            .collect()
    }

    fn workday_dates(&self) -> BTreeSet<NaiveDate> {
        let holidays = self.holiday_dates();
        self.workdays
            .iter()
            .map(|&offset| self.first + Duration::days(offset))
            .filter(|d| !holidays.contains(d))
            .collect()
    }

    /// The instant (Unix seconds) of the first covered midnight.
    fn coverage_start(&self) -> i64 {
        local_instant(self.zone(), self.first.and_hms_opt(0, 0, 0).unwrap())
    }

    fn closure_instants(&self) -> Vec<(i64, i64)> {
        let start = self.coverage_start();
        self.closures
            .iter()
            .map(|&(from, len, _)| (start + from * 60, start + (from + len) * 60))
            .collect()
    }

    fn rule_set_json(&self) -> String {
        let zone = self.zone().name();
        let other = if self.new_york {
            "Asia/Shanghai"
        } else {
            "America/New_York"
        };
        let mut calendar = Map::new();
        calendar.insert("week".into(), self.week_json());
        let day = |d: &NaiveDate| d.format("%Y-%m-%d").to_string();
        let holidays: Vec<String> = self
            .holidays
            .iter()
            .map(|&(offset, len)| {
                let a = self.first + Duration::days(offset);
                let b = a + Duration::days(i64::from(len) - 1);
                if len == 1 && offset % 2 == 0 {
                    day(&a)
                } else {
                    format!("{}..{}", day(&a), day(&b))
                }
            })
            .collect();
        calendar.insert("holidays".into(), json!(holidays));
        let workdays: Vec<String> = self.workday_dates().iter().map(day).collect();
        calendar.insert("workdays".into(), json!(workdays));
        if let Some(t) = self.workday_template {
            calendar.insert("workday_template".into(), json!(DAY_NAMES[t]));
        }
        let closures: Vec<Value> = self
            .closure_instants()
            .iter()
            .zip(&self.closures)
            .map(|(&(from, to), &(_, _, style))| {
                json!({ "from": self.rfc3339(from, style), "to": self.rfc3339(to, style + 1),
                        "reason": "停电" })
            })
            .collect();
        calendar.insert("closures".into(), json!(closures));
        calendar.insert(
            "covers".into(),
            json!(format!("{}..{}", day(&self.first), day(&self.last()))),
        );
        let rule_set_zone = if self.zone_on_calendar {
            calendar.insert("time_zone".into(), json!(zone));
            other
        } else {
            zone
        };
        json!({
            "id": "property", "version": "1", "effective_from": "2024-12-01",
            "time_zone": rule_set_zone,
            "priorities": [ { "id": "routine", "rank": 1, "label": { "zh": "常规" } } ],
            "classify": { "hit_policy": "first", "inputs": [],
                          "rules": [ { "id": "all", "then": { "priority": "routine" } } ] },
            "calendars": { "cal": Value::Object(calendar) }
        })
        .to_string()
    }

    fn week_json(&self) -> Value {
        let mut week = Map::new();
        for (p, spans) in self.patterns.iter().enumerate() {
            let days: Vec<usize> = (0..7).filter(|&d| self.week[d] == Some(p)).collect();
            if !days.is_empty() {
                let texts: Vec<String> = spans.iter().map(|&s| self.span_text(s)).collect();
                week.insert(self.day_key(&days), json!(texts));
            }
        }
        let closed: Vec<usize> = (0..7).filter(|&d| self.week[d].is_none()).collect();
        if self.write_closed_days && !closed.is_empty() {
            week.insert(self.day_key(&closed), json!([]));
        }
        Value::Object(week)
    }

    /// A day key naming exactly `days` (Monday = 0).
    fn day_key(&self, days: &[usize]) -> String {
        if self.key_style == 0 {
            return days
                .iter()
                .map(|&d| DAY_NAMES[d])
                .collect::<Vec<_>>()
                .join(",");
        }
        if days.len() == 7 {
            return if self.key_style == 1 {
                "mon-sun".to_owned()
            } else {
                "wed-tue".to_owned()
            };
        }
        let member = |d: usize| days.contains(&(d % 7));
        // Linear runs start on Monday; wrapping runs start just after a day not in the set.
        let begin = if self.key_style == 1 {
            0
        } else {
            (0..7).find(|&d| !member(d)).map_or(0, |d| d + 1)
        };
        let mut runs = Vec::new();
        let mut i = 0;
        while i < 7 {
            if member(begin + i) {
                let run_start = begin + i;
                while i + 1 < 7 && member(begin + i + 1) {
                    i += 1;
                }
                let run_end = begin + i;
                runs.push(if run_start == run_end {
                    DAY_NAMES[run_start % 7].to_owned()
                } else {
                    format!("{}-{}", DAY_NAMES[run_start % 7], DAY_NAMES[run_end % 7])
                });
            }
            i += 1;
        }
        runs.join(",")
    }

    fn span_text(&self, (start, end): (u32, u32)) -> String {
        let hhmm = |q: u32| format!("{:02}:{:02}", q / 4, (q % 4) * 15);
        let end_text = match end.cmp(&QUARTERS_PER_DAY) {
            std::cmp::Ordering::Less => hhmm(end),
            std::cmp::Ordering::Equal if self.midnight_as_zero && start != 0 => "00:00".to_owned(),
            std::cmp::Ordering::Equal => "24:00".to_owned(),
            std::cmp::Ordering::Greater => hhmm(end - QUARTERS_PER_DAY),
        };
        format!("{}-{end_text}", hhmm(start))
    }

    /// An instant as RFC 3339 with an offset chosen by `style`: UTC, +08:00, -05:00 or the
    /// calendar zone's own.
    fn rfc3339(&self, t: i64, style: u8) -> String {
        let utc = DateTime::<Utc>::from_timestamp(t, 0).unwrap();
        let offset = match style % 4 {
            0 => return utc.to_rfc3339_opts(SecondsFormat::Secs, true),
            1 => FixedOffset::east_opt(8 * 3_600).unwrap(),
            2 => FixedOffset::west_opt(5 * 3_600).unwrap(),
            _ => return utc.with_timezone(&self.zone()).to_rfc3339(),
        };
        utc.with_timezone(&offset).to_rfc3339()
    }
}

// ---------------------------------------------------------------------------------------------
// The naive model
// ---------------------------------------------------------------------------------------------

/// A local wall time in `zone` as an instant: the earlier one when ambiguous; inside a DST gap,
/// the instant the gap ends (the first instant whose local time is not before `local`).
fn local_instant(zone: Tz, local: NaiveDateTime) -> i64 {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => {
            // Offsets lie within ±15 h: scan the instants from well before, a minute at a time.
            let naive_utc = local.and_utc().timestamp();
            (0..=30 * 60)
                .map(|m| naive_utc - 15 * 3_600 + m * 60)
                .find(|&t| {
                    DateTime::<Utc>::from_timestamp(t, 0)
                        .unwrap()
                        .with_timezone(&zone)
                        .naive_local()
                        >= local
                })
                .expect("a DST gap ends within a day")
        }
    }
}

struct Model {
    zone: Tz,
    first: NaiveDate,
    /// Unix seconds of the first covered midnight; minute `m` is the instant `start + 60 m`.
    start: i64,
    /// Minutes from the first covered midnight to the midnight after the last covered date.
    covered: i64,
    /// Minutes from the first covered midnight until the overnight interval the (uncovered) day
    /// before would run into it ends: that stretch is unknown, so not covered.
    unknown_until: i64,
    /// For each minute from `start` (and two days past the coverage, where the last date's
    /// overnight interval may run): 1 + the index of the covered date whose interval makes it
    /// open, or 0 when it is closed.
    owner: Vec<u32>,
    /// Per covered date: its last open minute, if any.
    last_open: Vec<Option<i64>>,
}

impl Model {
    fn new(spec: &CalendarSpec) -> Result<Self, TestCaseError> {
        let zone = spec.zone();
        let start = spec.coverage_start();
        let midnight_after = spec
            .last()
            .succ_opt()
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let covered = (local_instant(zone, midnight_after) - start) / 60;
        let len = usize::try_from(covered + 2 * MINUTES_PER_DAY + 120).unwrap();
        let mut owner = vec![0u32; len];
        let holidays = spec.holiday_dates();
        let workdays = spec.workday_dates();
        for (j, date) in spec.first.iter_days().take(spec.days as usize).enumerate() {
            let weekday = if holidays.contains(&date) {
                continue;
            } else if workdays.contains(&date) {
                spec.workday_template.unwrap_or(0)
            } else {
                date.weekday().num_days_from_monday() as usize
            };
            let Some(p) = spec.week[weekday] else {
                continue;
            };
            let midnight = date.and_hms_opt(0, 0, 0).unwrap();
            for &(s, e) in &spec.patterns[p] {
                let at = |q: u32| {
                    let local = midnight + Duration::minutes(i64::from(q) * 15);
                    (local_instant(zone, local) - start) / 60
                };
                for m in at(s)..at(e) {
                    let slot = &mut owner[usize::try_from(m).unwrap()];
                    prop_assert_eq!(*slot, 0, "the generator made overlapping intervals");
                    *slot = u32::try_from(j).unwrap() + 1;
                }
            }
        }
        for (from, to) in spec.closure_instants() {
            let from = ((from - start) / 60).clamp(0, len as i64);
            let to = ((to - start) / 60).clamp(0, len as i64);
            for m in from..to {
                owner[m as usize] = 0;
            }
        }
        // The day before the coverage is not covered: were its template to run an overnight
        // interval past midnight, nothing is known until that interval would end — unless the
        // rule set says what that day is (a listed holiday or make-up workday).
        let before = spec.first.pred_opt().unwrap();
        let before_day = if holidays.contains(&before) {
            None
        } else if workdays.contains(&before) {
            Some(spec.workday_template.unwrap_or(0))
        } else {
            Some(before.weekday().num_days_from_monday() as usize)
        };
        let unknown_until = before_day
            .and_then(|d| spec.week[d])
            .map(|p| {
                let midnight = before.and_hms_opt(0, 0, 0).unwrap();
                spec.patterns[p]
                    .iter()
                    .map(|&(_, e)| {
                        (local_instant(zone, midnight + Duration::minutes(i64::from(e) * 15))
                            - start)
                            / 60
                    })
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
            .max(0);
        let mut last_open = vec![None; spec.days as usize];
        for (m, &o) in owner.iter().enumerate() {
            if o != 0 {
                last_open[o as usize - 1] = Some(m as i64);
            }
        }
        Ok(Self {
            zone,
            first: spec.first,
            start,
            covered,
            unknown_until,
            owner,
            last_open,
        })
    }

    fn open(&self, m: i64) -> bool {
        (0..self.covered).contains(&m) && self.owner[m as usize] != 0
    }

    fn in_coverage(&self, m: i64) -> bool {
        (self.unknown_until..=self.covered).contains(&m)
    }

    fn instant(&self, m: i64) -> i64 {
        self.start + 60 * m
    }

    fn text(&self, m: i64) -> String {
        DateTime::<Utc>::from_timestamp(self.instant(m), 0)
            .unwrap()
            .with_timezone(&self.zone)
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    fn any_open(&self) -> bool {
        (0..self.covered).any(|m| self.open(m))
    }

    /// Walks forward from `a`, a minute at a time, until `d` open minutes have passed.
    fn add(&self, a: i64, d: i64) -> Option<i64> {
        if !self.in_coverage(a) {
            return None;
        }
        if d == 0 {
            return (a..self.covered).find(|&m| self.open(m));
        }
        let mut left = d;
        for m in a..self.covered {
            if self.open(m) {
                left -= 1;
                if left == 0 {
                    return Some(m + 1);
                }
            }
        }
        None
    }

    /// Open minutes in `[a, b)`, negative when `b` is before `a`.
    fn between(&self, a: i64, b: i64) -> Option<i64> {
        if !self.in_coverage(a) || !self.in_coverage(b) {
            return None;
        }
        let count = |lo: i64, hi: i64| (lo..hi).filter(|&m| self.open(m)).count() as i64;
        Some(if a <= b { count(a, b) } else { -count(b, a) })
    }

    /// The close of the `n`th date after `a`'s local date that has an open minute: the end of
    /// the last open minute of the intervals belonging to it. When that date's last interval
    /// runs past the coverage (an overnight interval of the last covered date), the close is not
    /// inside the coverage: either the true close or `calendar_not_covered` is acceptable.
    fn close_of_working_day(&self, a: i64, n: u32) -> Expect<i64> {
        if !self.in_coverage(a) {
            return Expect::NotCovered;
        }
        let start_date = DateTime::<Utc>::from_timestamp(self.instant(a), 0)
            .unwrap()
            .with_timezone(&self.zone)
            .date_naive();
        let mut seen = 0;
        for (j, last) in self.last_open.iter().enumerate() {
            let date = self.first + Duration::days(j as i64);
            if date <= start_date {
                continue;
            }
            if let Some(last) = last {
                seen += 1;
                if seen == n {
                    let close = last + 1;
                    return if close <= self.covered {
                        Expect::Value(close)
                    } else {
                        Expect::PastCoverage(close)
                    };
                }
            }
        }
        Expect::NotCovered
    }

    /// Minutes where the open state changes, plus the coverage's two ends.
    fn boundaries(&self) -> Vec<i64> {
        let mut out = vec![0, self.covered];
        out.extend((1..=self.covered).filter(|&m| self.open(m) != self.open(m - 1)));
        out.sort_unstable();
        out
    }

    /// The `k`th end of an open stretch after `a` (k ≥ 1).
    fn kth_end_after(&self, a: i64, k: usize) -> Option<i64> {
        (a.max(0) + 1..=self.covered)
            .filter(|&m| self.open(m - 1) && !self.open(m))
            .nth(k - 1)
    }
}

// ---------------------------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------------------------

/// An instant, resolved against the calendar once it is built.
#[derive(Debug, Clone)]
enum Pick {
    /// Anywhere from a day before the coverage to a day after it.
    Anywhere(u32),
    /// At (or a minute beside) a boundary: an opening, a close, or the coverage's ends.
    Boundary(u32, i8),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        any::<u32>().prop_map(Pick::Anywhere),
        (
            any::<u32>(),
            prop_oneof![3 => Just(0i8), 1 => Just(-1i8), 1 => Just(1i8)]
        )
            .prop_map(|(i, delta)| Pick::Boundary(i, delta)),
    ]
}

impl Pick {
    fn resolve(&self, model: &Model, boundaries: &[i64]) -> i64 {
        match *self {
            Pick::Anywhere(x) => {
                let span = model.covered + 2 * MINUTES_PER_DAY + 1;
                -MINUTES_PER_DAY + i64::from(x) % span
            }
            Pick::Boundary(i, delta) => {
                boundaries[i as usize % boundaries.len()] + i64::from(delta)
            }
        }
    }
}

/// A working duration in minutes.
#[derive(Debug, Clone)]
enum Dur {
    Minutes(u32),
    /// Exactly the working time up to the `k`th close after the start.
    ToClose(usize),
}

fn dur() -> impl Strategy<Value = Dur> {
    prop_oneof![
        1 => Just(Dur::Minutes(0)),
        2 => (1u32..=120).prop_map(Dur::Minutes),
        3 => (0u32..=MAX_MINUTES).prop_map(Dur::Minutes),
        2 => (1usize..=6).prop_map(Dur::ToClose),
    ]
}

impl Dur {
    fn minutes(&self, model: &Model, a: i64) -> i64 {
        match *self {
            Dur::Minutes(m) => i64::from(m),
            Dur::ToClose(k) => model
                .kth_end_after(a, k)
                .and_then(|end| model.between(a.max(0), end))
                .unwrap_or(60),
        }
    }
}

/// A duration in one of the notations a rule set may use.
fn duration_text(minutes: i64, style: u8) -> String {
    let (d, h, m) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    let mut out = String::new();
    match style % 4 {
        0 => return format!("{minutes}m"),
        1 => return format!("{}s", minutes * 60),
        2 => {
            if minutes / 60 > 0 {
                out.push_str(&format!("{}h", minutes / 60));
            }
        }
        _ => {
            if d > 0 {
                out.push_str(&format!("{d}d"));
            }
            if h > 0 {
                out.push_str(&format!("{h}h"));
            }
        }
    }
    if m > 0 || out.is_empty() {
        out.push_str(&format!("{m}m"));
    }
    out
}

#[derive(Debug, Clone)]
struct Query {
    start: Pick,
    start_style: u8,
    durations: Vec<(Dur, u8)>,
    days: Vec<u32>,
    other: Pick,
}

fn query() -> impl Strategy<Value = Query> {
    (
        pick(),
        0u8..4,
        prop::collection::vec((dur(), 0u8..4), 1..=4),
        prop::collection::vec(prop_oneof![3 => 1u32..=5, 1 => 1u32..=70], 1..=2),
        pick(),
    )
        .prop_map(|(start, start_style, durations, days, other)| Query {
            start,
            start_style,
            durations,
            days,
            other,
        })
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

/// What the model expects of a call.
#[derive(Debug, Clone, PartialEq)]
enum Expect<T> {
    Value(T),
    NotCovered,
    /// The answer lies past the coverage's end: this value or `calendar_not_covered`.
    PastCoverage(T),
}

impl<T> Expect<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Expect<U> {
        match self {
            Expect::Value(v) => Expect::Value(f(v)),
            Expect::NotCovered => Expect::NotCovered,
            Expect::PastCoverage(v) => Expect::PastCoverage(f(v)),
        }
    }
}

impl<T> From<Option<T>> for Expect<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Expect::NotCovered, Expect::Value)
    }
}

/// The engine agrees with the model: the same answer, or `calendar_not_covered` where the model
/// leaves the coverage.
fn agree<T: PartialEq + std::fmt::Debug>(
    call: &str,
    expected: impl Into<Expect<T>>,
    actual: Result<T, Error>,
    json: &str,
) -> Result<(), TestCaseError> {
    let expected: Expect<T> = expected.into();
    let not_covered = matches!(&actual, Err(err) if err.code == ErrorCode::CalendarNotCovered);
    let ok = match (&expected, &actual) {
        (Expect::Value(e) | Expect::PastCoverage(e), Ok(a)) => e == a,
        (Expect::NotCovered | Expect::PastCoverage(_), _) => not_covered,
        (Expect::Value(_), Err(_)) => false,
    };
    if ok {
        return Ok(());
    }
    Err(TestCaseError::fail(format!(
        "{call}\n  model:  {expected:?}\n  engine: {actual:?}\n  rule set: {json}"
    )))
}

/// Unix seconds of an RFC 3339 instant the engine returned.
fn instant_of(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

fn check(spec: &CalendarSpec, queries: &[Query]) -> Result<(), TestCaseError> {
    let json = spec.rule_set_json();
    let model = Model::new(spec)?;
    let engine = match Engine::from_json(&json) {
        Ok(engine) => engine,
        Err(err) => {
            // The only calendar the generator can make that fails to load has no working time.
            let no_working_time = std::iter::once(&err)
                .chain(&err.problems)
                .any(|e| e.code == ErrorCode::NoWorkingTime);
            prop_assert!(
                !model.any_open() && no_working_time,
                "load failed: {err:?}\n  rule set: {json}"
            );
            return Ok(());
        }
    };
    prop_assert!(
        model.any_open(),
        "a calendar with no working time loaded: {json}"
    );
    let boundaries = model.boundaries();
    for q in queries {
        let a = q.start.resolve(&model, &boundaries);
        let from = spec.rfc3339(model.instant(a), q.start_style);

        // add_working_time, and what it implies about working_time_between.
        let mut results: Vec<(i64, Option<i64>)> = Vec::new();
        for (d, style) in &q.durations {
            let minutes = d.minutes(&model, a);
            let text = duration_text(minutes, *style);
            let actual = engine.add_working_time("cal", &from, &text);
            let call = format!("add_working_time(\"cal\", \"{from}\", \"{text}\")");
            agree(
                &call,
                model.add(a, minutes).map(|m| model.text(m)),
                actual.clone(),
                &json,
            )?;
            let end = actual.ok();
            if let Some(to) = &end {
                // Working time up to where the duration ran out is the duration.
                let back = engine.working_time_between("cal", &from, to);
                let call = format!("working_time_between(\"cal\", \"{from}\", \"{to}\")");
                agree(&call, Some(minutes * 60), back, &json)?;
            }
            results.push((minutes, end.map(|t| instant_of(&t))));
        }
        // Monotone in the duration: a longer duration never ends earlier, and if it fits in
        // the coverage so does every shorter one.
        results.sort_unstable();
        for pair in results.windows(2) {
            if let [(d1, r1), (d2, Some(r2))] = pair {
                prop_assert!(
                    r1.is_some_and(|r1| r1 <= *r2),
                    "add not monotone from {from}: {d1} min → {r1:?}, {d2} min → {r2}\n  {json}"
                );
            }
        }

        // working_time_between against an independent instant (either order).
        let b = q.other.resolve(&model, &boundaries);
        let to = spec.rfc3339(model.instant(b), q.start_style + 1);
        let call = format!("working_time_between(\"cal\", \"{from}\", \"{to}\")");
        let expected = model.between(a, b).map(|m| m * 60);
        agree(
            &call,
            expected,
            engine.working_time_between("cal", &from, &to),
            &json,
        )?;

        // close_of_working_day.
        for &n in &q.days {
            let call = format!("close_of_working_day(\"cal\", \"{from}\", {n})");
            let expected = model.close_of_working_day(a, n).map(|m| model.text(m));
            agree(
                &call,
                expected,
                engine.close_of_working_day("cal", &from, n),
                &json,
            )?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn calendar_arithmetic_matches_a_minute_by_minute_model(
        spec in calendar_spec(false),
        queries in prop::collection::vec(query(), 1..=4),
    ) {
        check(&spec, &queries)?;
    }
}

proptest! {
    #![proptest_config(config(100))]

    #[test]
    fn calendar_arithmetic_matches_the_model_across_new_york_clock_changes(
        spec in calendar_spec(true),
        queries in prop::collection::vec(query(), 1..=4),
    ) {
        check(&spec, &queries)?;
    }
}

// ---------------------------------------------------------------------------------------------
// The model itself, on DESIGN.md's examples; and a disagreement pinned down
// ---------------------------------------------------------------------------------------------

/// 2025 office hours (weekdays 08:30–17:30, Asia/Shanghai) with the new-year and spring-festival
/// holidays and the make-up Sunday 2025-01-26, written as a generated calendar is.
fn office_2025() -> CalendarSpec {
    CalendarSpec {
        new_york: false,
        zone_on_calendar: false,
        patterns: vec![vec![(34, 70)]],
        week: [Some(0), Some(0), Some(0), Some(0), Some(0), None, None],
        write_closed_days: true,
        key_style: 1,
        midnight_as_zero: false,
        first: date(2025, 1, 1),
        days: 90,
        holidays: vec![(0, 1), (27, 8)],
        workdays: vec![25],
        workday_template: None,
        closures: Vec::new(),
    }
}

#[test]
fn the_model_follows_the_design_examples() {
    let spec = office_2025();
    let model = Model::new(&spec).unwrap();
    let at = |text: &str| (instant_of(text) - model.start) / 60;
    let add = |from: &str, minutes: i64| model.add(at(from), minutes).map(|m| model.text(m));
    let shown = |text: &str| Some(text.to_owned());
    // Runs out exactly at the close: the close, not the next morning.
    assert_eq!(
        add("2025-03-03T16:30:00+08:00", 60),
        shown("2025-03-03T17:30:00+08:00")
    );
    // Starting at the close counts from the next opening.
    assert_eq!(
        add("2025-03-03T17:30:00+08:00", 60),
        shown("2025-03-04T09:30:00+08:00")
    );
    // Zero: from a closed instant the next opening, from an open one itself.
    assert_eq!(
        add("2025-03-03T17:30:00+08:00", 0),
        shown("2025-03-04T08:30:00+08:00")
    );
    assert_eq!(
        add("2025-03-03T10:00:00+08:00", 0),
        shown("2025-03-03T10:00:00+08:00")
    );
    // The make-up Sunday works; the spring festival does not.
    assert_eq!(
        add("2025-01-26T17:00:00+08:00", 60),
        shown("2025-01-27T09:00:00+08:00")
    );
    assert_eq!(
        add("2025-01-27T17:00:00+08:00", 60),
        shown("2025-02-05T09:00:00+08:00")
    );
    // Past the coverage (2025-03-31): not covered.
    assert_eq!(add("2025-03-31T17:00:00+08:00", 60), None);
    assert_eq!(
        model.between(
            at("2025-03-03T08:00:00+08:00"),
            at("2025-03-04T08:00:00+08:00")
        ),
        Some(9 * 60)
    );
    // The start day never counts; the make-up Sunday is a working day.
    assert_eq!(
        model
            .close_of_working_day(at("2025-01-24T07:00:00+08:00"), 1)
            .map(|m| model.text(m)),
        Expect::Value("2025-01-26T17:30:00+08:00".to_owned())
    );
    // The engine agrees on a few questions about the same calendar.
    let query = |start: u32, durations: Vec<(Dur, u8)>| Query {
        start: Pick::Boundary(start, 0),
        start_style: 3,
        durations,
        days: vec![1, 3],
        other: Pick::Anywhere(start.wrapping_mul(7_919)),
    };
    let queries: Vec<Query> = (0..40)
        .map(|i| query(i, vec![(Dur::Minutes(0), 0), (Dur::ToClose(2), 2)]))
        .collect();
    check(&spec, &queries).unwrap();
}

/// A night shift on the last covered date closes the next morning, past the coverage: the
/// answer is that morning's close, or `calendar_not_covered`, but not the coverage's end.
#[test]
fn close_of_the_last_covered_working_day_when_its_night_shift_runs_past_the_coverage() {
    let spec = CalendarSpec {
        patterns: vec![vec![(88, 120)]], // 22:00-06:00
        week: [Some(0), Some(0), Some(0), Some(0), Some(0), None, None],
        first: date(2025, 3, 1),
        days: 31,
        holidays: Vec::new(),
        workdays: Vec::new(),
        ..office_2025()
    };
    let engine = Engine::from_json(&spec.rule_set_json()).unwrap();
    // Friday 2025-03-28: the next working day is Monday 2025-03-31, the last covered date.
    let close = engine.close_of_working_day("cal", "2025-03-28T10:00:00+08:00", 1);
    let acceptable = match &close {
        Ok(text) => text == "2025-04-01T06:00:00+08:00",
        Err(err) => err.code == ErrorCode::CalendarNotCovered,
    };
    assert!(acceptable, "{close:?}");
}
