//! Replaying a ticket's event log at `now`: each target's deadline, state, elapsed and remaining
//! time in the target's own time, warning instants and the escalations due.

use super::events::{self, Event};
use super::{EVERY_PRIORITY, Measure, Target};
use crate::calendar::{Calendar, NotCovered};
use crate::error::{Error, ErrorCode};
use crate::ruleset::RuleSet;
use crate::ruleset::doc::DurationKind;
use crate::time::format_instant;
use serde::Serialize;
use serde_json::Value;

/// Where a target's clock stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    /// The start event has not happened.
    Pending,
    Running,
    Paused,
    /// Stopped at or before the deadline.
    Met,
    /// Running or paused past the deadline.
    Breached,
    /// Stopped, but after the deadline.
    BreachedMet,
}

/// A warning point of a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The point as configured, e.g. `"80%"`.
    pub at: String,
    pub instant: String,
    /// Whether the clock had reached it at `now` (or when it stopped).
    pub reached: bool,
}

/// Someone to tell, because a warning point or the deadline has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    /// `"80%"` or `"breach"`.
    pub reason: String,
    pub to: Vec<String>,
    pub instant: String,
}

/// One target's clock at `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetClock<'e> {
    pub target: &'e str,
    pub kind: DurationKind,
    pub calendar: &'e str,
    pub state: TargetState,
    pub started: Option<String>,
    pub stopped: Option<String>,
    pub deadline: Option<String>,
    /// Time counted so far, in the target's own time (working seconds on its calendar; wall
    /// seconds for wall-clock kinds), pauses excluded.
    pub elapsed_seconds: Option<i64>,
    /// Time left to the deadline in the same time; negative once past it.
    pub remaining_seconds: Option<i64>,
    pub warnings: Vec<Warning>,
    pub escalations: Vec<Escalation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'e str>,
}

/// Evaluates the targets of `priority` for a ticket at `now` (Unix seconds).
pub(crate) fn evaluate<'e>(
    rule_set: &'e RuleSet,
    priority: &str,
    ticket: &Value,
    now: i64,
) -> Result<Vec<TargetClock<'e>>, Error> {
    let log = events::read(ticket, now)?;
    let targets = [priority, EVERY_PRIORITY]
        .into_iter()
        .filter_map(|key| rule_set.sla.get(key))
        .flatten();
    let mut out = Vec::new();
    for target in targets {
        if applies(target, ticket)? {
            out.push(target);
        }
    }
    out.into_iter()
        .map(|target| {
            let calendar = rule_set.calendars.get(&target.calendar).ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownCalendar,
                    "",
                    format!("calendar \"{}\" is not defined", target.calendar),
                )
            })?;
            clock(target, calendar, &log, ticket, now)
        })
        .collect()
}

/// Whether every `when` cell of the target matches the ticket; a value of the wrong type is an
/// error, as in decision tables.
fn applies(target: &Target, ticket: &Value) -> Result<bool, Error> {
    for (field, cell) in &target.when {
        let value = field.lookup(ticket);
        let matched = cell.test(value).map_err(|mismatch| {
            Error::new(
                ErrorCode::TypeMismatch,
                field.pointer(),
                format!(
                    "target \"{}\" compares {} as {}, but the ticket has {}",
                    target.id,
                    field.pointer(),
                    mismatch.expected,
                    crate::ticket::json_type(value)
                ),
            )
        })?;
        if !matched {
            return Ok(false);
        }
    }
    Ok(true)
}

fn event_path(event: &Event<'_>) -> String {
    if event.index == usize::MAX {
        "/created".to_owned()
    } else {
        format!("/events/{}", event.index)
    }
}

fn clock<'e>(
    target: &'e Target,
    calendar: &Calendar,
    log: &[Event<'_>],
    ticket: &Value,
    now: i64,
) -> Result<TargetClock<'e>, Error> {
    let mut result = TargetClock {
        target: &target.id,
        kind: target.kind,
        calendar: &target.calendar,
        state: TargetState::Pending,
        started: None,
        stopped: None,
        deadline: None,
        elapsed_seconds: None,
        remaining_seconds: None,
        warnings: Vec::new(),
        escalations: Vec::new(),
        source: target.source.as_deref(),
    };
    let Some(start) = log.iter().find(|e| e.kind == target.start) else {
        return Ok(result);
    };
    let path = event_path(start);
    let covered = |e: NotCovered| {
        let NotCovered = e;
        Error::new(
            ErrorCode::CalendarNotCovered,
            path.as_str(),
            format!(
                "target \"{}\": the clock leaves the dates calendar \"{}\" covers",
                target.id, target.calendar
            ),
        )
    };
    if let Some(early) = log
        .iter()
        .find(|e| e.kind == target.stop && e.at < start.at)
    {
        return Err(Error::new(
            ErrorCode::InvalidEventLog,
            event_path(early),
            format!(
                "\"{}\" happens before \"{}\" started target \"{}\"",
                target.stop, target.start, target.id
            ),
        ));
    }
    let stop = log
        .iter()
        .find(|e| e.kind == target.stop && e.at >= start.at);
    let end = stop.map_or(now, |e| e.at);
    let pausable = matches!(
        target.measure,
        Measure::Duration(_) | Measure::WorkingDays(_)
    );
    let (windows, open) = match (&target.pause, pausable) {
        (Some((pause, resume)), true) => pauses(log, pause, resume, start.at, end)?,
        _ => (Vec::new(), false),
    };
    let deadline = match &target.measure {
        Measure::Duration(seconds) => {
            add_around(calendar, start.at, *seconds, &windows).map_err(covered)?
        }
        Measure::WorkingDays(n) => {
            let close = calendar
                .close_of_working_day(start.at, *n)
                .map_err(covered)?;
            let total = calendar.between(start.at, close).map_err(covered)?;
            add_around(calendar, start.at, total, &windows).map_err(covered)?
        }
        Measure::Offset { field, seconds } => {
            let value = field.lookup(ticket);
            let text = value.as_str().ok_or_else(|| {
                Error::new(ErrorCode::MissingField, field.pointer(), format!("target \"{}\" is measured from {}, which the ticket does not give as an instant", target.id, field.pointer()))
            })?;
            crate::working_time::instant(text, field.pointer())? + seconds
        }
        Measure::NextWorkingDayAt(at) => calendar
            .next_working_day_at(start.at, *at)
            .map_err(covered)?,
    };
    let total = match target.measure {
        Measure::Duration(seconds) => seconds,
        _ => calendar
            .between(start.at, deadline)
            .map_err(covered)?
            .max(0),
    };
    let paused: i64 = windows
        .iter()
        .map(|&(a, b)| calendar.between(a, b))
        .sum::<Result<i64, _>>()
        .map_err(covered)?;
    let elapsed = calendar.between(start.at, end).map_err(covered)? - paused;
    result.state = match stop {
        Some(s) if s.at <= deadline => TargetState::Met,
        Some(_) => TargetState::BreachedMet,
        None if now > deadline => TargetState::Breached,
        None if open => TargetState::Paused,
        None => TargetState::Running,
    };
    let zone = calendar.zone;
    for (per_mille, to) in &target.warnings {
        let offset = total * i64::from(*per_mille) / 1000;
        let instant = add_around(calendar, start.at, offset, &windows).map_err(covered)?;
        let label = format!("{}%", f64::from(*per_mille) / 10.0);
        if instant <= end && !to.is_empty() {
            result.escalations.push(Escalation {
                reason: label.clone(),
                to: to.clone(),
                instant: format_instant(instant, zone),
            });
        }
        result.warnings.push(Warning {
            at: label,
            instant: format_instant(instant, zone),
            reached: instant <= end,
        });
    }
    if deadline < end && !target.at_breach.is_empty() {
        result.escalations.push(Escalation {
            reason: "breach".to_owned(),
            to: target.at_breach.clone(),
            instant: format_instant(deadline, zone),
        });
    }
    result.started = Some(format_instant(start.at, zone));
    result.stopped = stop.map(|s| format_instant(s.at, zone));
    result.deadline = Some(format_instant(deadline, zone));
    result.elapsed_seconds = Some(elapsed);
    result.remaining_seconds = Some(total - elapsed);
    Ok(result)
}

/// The pause windows between `start` and `end`; an open pause runs to `end`. `true` when the
/// clock is paused at `end`.
fn pauses(
    log: &[Event<'_>],
    pause: &str,
    resume: &str,
    start: i64,
    end: i64,
) -> Result<(Vec<(i64, i64)>, bool), Error> {
    let mut windows = Vec::new();
    let mut open: Option<i64> = None;
    for event in log.iter().filter(|e| e.at >= start && e.at <= end) {
        if event.kind == pause {
            if open.is_some() {
                return Err(Error::new(
                    ErrorCode::InvalidEventLog,
                    event_path(event),
                    format!("\"{pause}\" while already paused"),
                ));
            }
            open = Some(event.at);
        } else if event.kind == resume {
            let from = open.take().ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidEventLog,
                    event_path(event),
                    format!("\"{resume}\" without a \"{pause}\" before it"),
                )
            })?;
            windows.push((from, event.at));
        }
    }
    let paused_now = open.is_some();
    if let Some(from) = open {
        windows.push((from, end));
    }
    Ok((windows, paused_now))
}

/// Adds working time from `start`, skipping the pause windows (sorted, disjoint): a pause
/// removes only the calendar's working time inside it.
fn add_around(
    calendar: &Calendar,
    start: i64,
    seconds: i64,
    windows: &[(i64, i64)],
) -> Result<i64, NotCovered> {
    let mut remaining = seconds;
    let mut cursor = start;
    for &(pause_start, pause_end) in windows {
        if pause_end <= cursor {
            continue;
        }
        let pause_start = pause_start.max(cursor);
        let candidate = calendar.add(cursor, remaining)?;
        if candidate <= pause_start {
            return Ok(candidate);
        }
        remaining -= calendar.between(cursor, pause_start)?;
        cursor = pause_end;
    }
    calendar.add(cursor, remaining)
}
