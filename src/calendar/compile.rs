//! Calendar document → compiled [`Calendar`]: validates every field (collecting all problems)
//! and expands the coverage range into absolute working intervals with their prefix sums.

use super::template::{self, Span};
use super::{Calendar, Kind, Schedule, local_to_instant};
use crate::error::{Error, ErrorCode};
use crate::pointer;
use crate::ruleset::doc::CalendarDoc;
use crate::time;
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// Longest coverage range accepted, in days: bounds compile time and memory.
const MAX_COVERAGE_DAYS: i64 = 3_660;

struct Ctx<'a> {
    at: &'a str,
    problems: &'a mut Vec<Error>,
}

impl Ctx<'_> {
    fn report(&mut self, code: ErrorCode, tokens: &[&str], message: String) {
        let path = tokens
            .iter()
            .fold(self.at.to_owned(), |p, t| pointer::push(&p, t));
        self.problems.push(Error::new(code, path, message));
    }
}

/// Compiles the calendar at pointer `at`; `None` after reporting its problems.
pub(crate) fn compile(
    doc: &CalendarDoc,
    default_zone: Tz,
    at: &str,
    problems: &mut Vec<Error>,
) -> Option<Calendar> {
    let before = problems.len();
    let mut ctx = Ctx { at, problems };
    let zone = match &doc.time_zone {
        None => default_zone,
        Some(name) => time::parse_zone(name).unwrap_or_else(|| {
            ctx.report(
                ErrorCode::InvalidTimeZone,
                &["time_zone"],
                format!("\"{name}\" is not an IANA time zone"),
            );
            default_zone
        }),
    };
    if doc.always_open {
        let extra = !doc.week.is_empty()
            || !doc.holidays.is_empty()
            || !doc.workdays.is_empty()
            || !doc.closures.is_empty()
            || doc.covers.is_some()
            || doc.workday_template.is_some();
        if extra {
            ctx.report(
                ErrorCode::InvalidValue,
                &["always_open"],
                "an always-open calendar has no week, holidays, workdays, closures or coverage"
                    .to_owned(),
            );
        }
        return (ctx.problems.len() == before).then(|| Calendar::always_open(zone));
    }
    let covers = coverage(doc, &mut ctx);
    let week = week(doc, &mut ctx);
    let holidays = dates(&doc.holidays, "holidays", &mut ctx);
    let workdays = dates(&doc.workdays, "workdays", &mut ctx);
    for (i, day) in doc.workdays.iter().enumerate() {
        if time::parse_date(day).is_some_and(|d| holidays.contains(&d)) {
            ctx.report(
                ErrorCode::InvalidValue,
                &["workdays", &i.to_string()],
                format!("{day} is also a holiday"),
            );
        }
    }
    let template_day = match &doc.workday_template {
        None => Weekday::Mon,
        Some(name) => template::weekday(name).unwrap_or_else(|| {
            ctx.report(
                ErrorCode::InvalidValue,
                &["workday_template"],
                format!("\"{name}\" is not a day (mon … sun)"),
            );
            Weekday::Mon
        }),
    };
    let closures = closures(doc, &mut ctx);
    let (first, last) = covers?;
    if ctx.problems.len() != before {
        return None;
    }
    let plan = |date: NaiveDate| -> &[Span] {
        let day = if holidays.contains(&date) {
            return &[];
        } else if workdays.contains(&date) {
            template_day
        } else {
            date.weekday()
        };
        week.get(day.num_days_from_monday() as usize)
            .and_then(Option::as_deref)
            .unwrap_or(&[])
    };
    let schedule = expand(first, last, zone, &plan, &closures, &mut ctx)?;
    Some(Calendar {
        zone,
        kind: Kind::Scheduled(schedule),
    })
}

fn coverage(doc: &CalendarDoc, ctx: &mut Ctx<'_>) -> Option<(NaiveDate, NaiveDate)> {
    let Some(text) = &doc.covers else {
        ctx.report(
            ErrorCode::MissingField,
            &[],
            "a calendar must say which dates it \"covers\" (e.g. 2026-01-01..2026-12-31)"
                .to_owned(),
        );
        return None;
    };
    let (first, last) = date_range(text, &["covers"], ctx)?;
    if (last - first).num_days() >= MAX_COVERAGE_DAYS {
        ctx.report(
            ErrorCode::TooLarge,
            &["covers"],
            format!("a calendar may cover at most {MAX_COVERAGE_DAYS} days"),
        );
        return None;
    }
    Some((first, last))
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`.
fn date_range(text: &str, at: &[&str], ctx: &mut Ctx<'_>) -> Option<(NaiveDate, NaiveDate)> {
    let (a, b) = text.split_once("..").unwrap_or((text, text));
    match (time::parse_date(a), time::parse_date(b)) {
        (Some(first), Some(last)) if first <= last => Some((first, last)),
        (Some(_), Some(_)) => {
            ctx.report(
                ErrorCode::InvertedRange,
                at,
                format!("{text}: the range ends before it starts"),
            );
            None
        }
        _ => {
            ctx.report(
                ErrorCode::InvalidDate,
                at,
                format!("\"{text}\" is not a date or a range like 2026-10-01..2026-10-07"),
            );
            None
        }
    }
}

fn dates(list: &[String], key: &str, ctx: &mut Ctx<'_>) -> BTreeSet<NaiveDate> {
    let mut out = BTreeSet::new();
    for (i, text) in list.iter().enumerate() {
        if let Some((first, last)) = date_range(text, &[key, &i.to_string()], ctx) {
            // Bounded: each range is at most the coverage limit long.
            out.extend(
                first
                    .iter_days()
                    .take_while(|d| *d <= last)
                    .take(MAX_COVERAGE_DAYS as usize),
            );
        }
    }
    out
}

/// The template by weekday (Monday first); `None` for a day no key names (closed).
fn week(doc: &CalendarDoc, ctx: &mut Ctx<'_>) -> Vec<Option<Vec<Span>>> {
    let mut week: Vec<Option<Vec<Span>>> = vec![None; 7];
    for (key, spans) in &doc.week {
        let Some(days) = template::days(key) else {
            ctx.report(
                ErrorCode::InvalidValue,
                &["week", key],
                format!("\"{key}\" is not a day key like mon, mon-fri or sat,sun"),
            );
            continue;
        };
        let mut parsed = Vec::new();
        for (i, text) in spans.iter().enumerate() {
            match template::span(text) {
                Ok(span) => parsed.push((span, i)),
                Err(reason) => ctx.report(
                    ErrorCode::InvalidTime,
                    &["week", key, &i.to_string()],
                    reason,
                ),
            }
        }
        parsed.sort();
        for pair in parsed.windows(2) {
            if let [((_, end), _), ((start, _), i)] = pair {
                if start < end {
                    ctx.report(
                        ErrorCode::OverlappingIntervals,
                        &["week", key, &i.to_string()],
                        format!(
                            "\"{}\" overlaps an earlier interval of the same day",
                            spans.get(*i).map_or("", String::as_str)
                        ),
                    );
                }
            }
        }
        for day in days {
            let slot = week.get_mut(day.num_days_from_monday() as usize);
            let spans_of_day = parsed.iter().map(|(s, _)| *s).collect();
            if slot.and_then(|slot| slot.replace(spans_of_day)).is_some() {
                ctx.report(
                    ErrorCode::InvalidValue,
                    &["week", key],
                    format!("{day} is given hours by more than one key"),
                );
            }
        }
    }
    week
}

fn closures(doc: &CalendarDoc, ctx: &mut Ctx<'_>) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for (i, closure) in doc.closures.iter().enumerate() {
        let index = i.to_string();
        let from = time::parse_instant(&closure.from);
        let to = time::parse_instant(&closure.to);
        match (from, to) {
            (Some(from), Some(to)) if from < to => out.push((from.timestamp(), to.timestamp())),
            (Some(_), Some(_)) => ctx.report(
                ErrorCode::InvertedRange,
                &["closures", &index],
                "a closure must end after it starts".to_owned(),
            ),
            (None, _) => ctx.report(
                ErrorCode::InvalidDate,
                &["closures", &index, "from"],
                format!("\"{}\" is not an instant with offset", closure.from),
            ),
            (_, None) => ctx.report(
                ErrorCode::InvalidDate,
                &["closures", &index, "to"],
                format!("\"{}\" is not an instant with offset", closure.to),
            ),
        }
    }
    out
}

/// Expands the coverage range day by day (bounded by the coverage limit) into absolute
/// intervals, removes closures and builds the prefix sums and working-day closes.
fn expand<'p>(
    first: NaiveDate,
    last: NaiveDate,
    zone: Tz,
    plan: &dyn Fn(NaiveDate) -> &'p [Span],
    closures: &[(i64, i64)],
    ctx: &mut Ctx<'_>,
) -> Option<Schedule> {
    let instant = |date: NaiveDate, seconds: i64| {
        let day =
            date.checked_add_days(chrono::Days::new(u64::try_from(seconds / 86_400).ok()?))?;
        let time = NaiveTime::from_num_seconds_from_midnight_opt(
            u32::try_from(seconds % 86_400).ok()?,
            0,
        )?;
        local_to_instant(zone, day.and_time(time))
    };
    // The day before the coverage is unknown: if its template would run an overnight interval
    // into the first covered day, that stretch is not known either, so coverage starts after it.
    let spill = plan(first.pred_opt()?)
        .iter()
        .map(|&(_, e)| e - 86_400)
        .max()
        .unwrap_or(0)
        .max(0);
    let from = instant(first, spill)?;
    let to = instant(last.succ_opt()?, 0)?;
    // The last covered day's close is unknown when one of its intervals runs past the coverage.
    let mut cut_short: Option<NaiveDate> = None;
    let mut pieces: Vec<(NaiveDate, i64, i64)> = Vec::new();
    for date in first.iter_days().take_while(|d| *d <= last) {
        for &(s, e) in plan(date) {
            let (start, full_end) = (instant(date, s)?.max(from), instant(date, e)?);
            let end = full_end.min(to);
            // Past the coverage the day's hours are unknown — unless a closure spans that stretch.
            let beyond = (start.max(to), full_end);
            if full_end > to
                && !closures
                    .iter()
                    .any(|&(a, b)| a <= beyond.0 && b >= beyond.1)
            {
                cut_short = Some(date);
            }
            if let Some(&(_, _, previous_end)) = pieces.last() {
                if start < previous_end {
                    ctx.report(ErrorCode::OverlappingIntervals, &["week"], format!("on {date} an interval starts before the previous day's overnight interval ends"));
                    return None;
                }
            }
            if end > start {
                pieces.push((date, start, end));
            }
        }
    }
    let pieces = subtract(pieces, closures);
    if pieces.is_empty() {
        ctx.report(
            ErrorCode::NoWorkingTime,
            &[],
            "the calendar has no working time in the dates it covers".to_owned(),
        );
        return None;
    }
    let mut cumulative = Vec::with_capacity(pieces.len() + 1);
    let mut total = 0;
    cumulative.push(0);
    let mut days: Vec<(NaiveDate, Option<i64>)> = Vec::new();
    for &(date, start, end) in &pieces {
        total += end - start;
        cumulative.push(total);
        let close = (cut_short != Some(date)).then_some(end);
        match days.last_mut() {
            Some((d, known)) if *d == date => *known = known.zip(close).map(|(a, b)| a.max(b)),
            _ => days.push((date, close)),
        }
    }
    Some(Schedule {
        from,
        to,
        intervals: pieces.iter().map(|&(_, s, e)| (s, e)).collect(),
        cumulative,
        days,
    })
}

/// Removes the closure ranges from the working pieces, splitting pieces a closure cuts.
fn subtract(
    pieces: Vec<(NaiveDate, i64, i64)>,
    closures: &[(i64, i64)],
) -> Vec<(NaiveDate, i64, i64)> {
    closures.iter().fold(pieces, |pieces, &(c_start, c_end)| {
        pieces
            .into_iter()
            .flat_map(|(date, start, end)| {
                let left = (start < c_start).then_some((date, start, end.min(c_start)));
                let right = (end > c_end).then_some((date, start.max(c_end), end));
                left.into_iter().chain(right).filter(|&(_, s, e)| e > s)
            })
            .collect()
    })
}
