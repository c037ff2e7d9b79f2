//! Replaying a ticket's event log at `now`: each target's deadline, state, elapsed and remaining
//! time in the target's own time, warning instants and the escalations due.

use super::PriorityChange;
use super::events::{self, Event, PRIORITY_CHANGED};
use super::{EVERY_PRIORITY, Measure, Target};
use crate::calendar::{Calendar, NotCovered};
use crate::error::{Error, ErrorCode};
use crate::ruleset::RuleSet;
use crate::ruleset::doc::DurationKind;
use crate::ruleset::doc::PriorityChangePolicy;
use crate::time::format_instant;
use serde::Serialize;
use serde_json::Value;

/// Where a target's clock stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Warning {
    /// The point as configured, e.g. `"80%"`.
    pub at: String,
    pub instant: String,
    /// Whether the clock had reached it at `now` (or when it stopped).
    pub reached: bool,
}

/// Someone to tell, because a warning point or the deadline has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Escalation {
    /// `"80%"` or `"breach"`.
    pub reason: String,
    pub to: Vec<String>,
    pub instant: String,
}

/// One target's clock at `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TargetClock<'e> {
    pub target: &'e str,
    /// 1 for the first cycle; a `restart` event (a reopened ticket) starts the next.
    pub cycle: u32,
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
    /// After a priority change: whether this target of the new priority was already breached
    /// at the moment of the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breached_at_change: Option<bool>,
    pub warnings: Vec<Warning>,
    pub escalations: Vec<Escalation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'e str>,
}

/// The clocks of a ticket at `now`, and the priority change (if any) they were timed under.
pub(crate) struct Evaluation<'e> {
    pub priority: &'e str,
    pub change: Option<PriorityChange<'e>>,
    pub targets: Vec<TargetClock<'e>>,
}

/// How a priority change re-times one target: counting starts at `from` (not before the
/// target's own start) with `already` seconds counted; `at` is the change, for the
/// breached-at-change flag.
#[derive(Clone, Copy)]
struct Timing {
    at: i64,
    from: Option<i64>,
    already: i64,
}

/// How much of each clock to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything, instants formatted for people.
    Full,
    /// State, elapsed and remaining time only: no instants, warnings or escalations (a KPI
    /// run over a million records needs nothing else).
    States,
}

/// Evaluates the targets of the ticket's priority — `classified`, or the latest
/// `priority_changed` event at or before `now` — for a ticket at `now` (Unix seconds).
pub(crate) fn evaluate<'e>(
    rule_set: &'e RuleSet,
    classified: &'e str,
    ticket: &Value,
    log: &[Event<'_>],
    now: i64,
    detail: Detail,
) -> Result<Evaluation<'e>, Error> {
    let changes: Vec<&Event<'_>> = log.iter().filter(|e| e.kind == PRIORITY_CHANGED).collect();
    let known = |event: &Event<'_>| -> Result<&'e str, Error> {
        let id = event.priority.unwrap_or_default();
        rule_set
            .priorities
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.id.as_str())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownPriority,
                    format!("{}/priority", event_path(event)),
                    format!("priority \"{id}\" is not declared in the rule set"),
                )
            })
    };
    let (priority, change) = match changes.as_slice() {
        [] => (classified, None),
        [.., before, last] => (known(last)?, Some((known(before)?, *last))),
        [last] => (known(last)?, Some((classified, *last))),
    };
    let policy = rule_set.on_priority_change;
    let mut out = Vec::new();
    for (key, target) in [priority, EVERY_PRIORITY]
        .into_iter()
        .filter_map(|key| rule_set.sla.get(key).map(|targets| (key, targets)))
        .flat_map(|(key, targets)| targets.iter().map(move |t| (key, t)))
    {
        if !target.when.matches(ticket, "target", &target.id)? {
            continue;
        }
        let calendar = calendar_of(rule_set, target)?;
        // Only the new priority's own targets are re-timed; "*" targets do not depend on it.
        let timing = match change {
            Some((from, event)) if key != EVERY_PRIORITY => Some(match policy {
                PriorityChangePolicy::RecomputeFromStart => Timing {
                    at: event.at,
                    from: None,
                    already: 0,
                },
                PriorityChangePolicy::RestartAtChange => Timing {
                    at: event.at,
                    from: Some(event.at),
                    already: 0,
                },
                PriorityChangePolicy::CarryElapsed => Timing {
                    at: event.at,
                    from: Some(event.at),
                    already: elapsed_before(rule_set, from, target, ticket, log, event.at)?,
                },
            }),
            _ => None,
        };
        out.extend(clocks(target, calendar, log, ticket, now, timing, detail)?);
    }
    Ok(Evaluation {
        priority,
        change: change.map(|(from, event)| PriorityChange {
            from,
            to: priority,
            at: format_instant(event.at, rule_set.zone),
            policy,
        }),
        targets: out,
    })
}

/// The latest cycle of one target, found by id under any priority (`"*"` first), for a ticket
/// at `now`. Its `when` conditions are not tested: the caller has decided the target applies
/// (a quote that needs the supervisor's review).
pub(crate) fn target_clock<'e>(
    rule_set: &'e RuleSet,
    id: &str,
    ticket: &Value,
    now: i64,
) -> Result<Option<TargetClock<'e>>, Error> {
    let every = rule_set.sla.get(EVERY_PRIORITY).into_iter().flatten();
    let Some(target) = every
        .chain(rule_set.sla.values().flatten())
        .find(|t| t.id == id)
    else {
        return Ok(None);
    };
    let log = events::read(ticket, now)?;
    let calendar = calendar_of(rule_set, target)?;
    Ok(clocks(target, calendar, &log, ticket, now, None, Detail::Full)?.pop())
}

fn calendar_of<'r>(rule_set: &'r RuleSet, target: &Target) -> Result<&'r Calendar, Error> {
    rule_set.calendars.get(&target.calendar).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownCalendar,
            "",
            format!("calendar \"{}\" is not defined", target.calendar),
        )
    })
}

/// The time the old priority's target with the same id had counted at the change.
fn elapsed_before(
    rule_set: &RuleSet,
    old: &str,
    target: &Target,
    ticket: &Value,
    log: &[Event<'_>],
    at: i64,
) -> Result<i64, Error> {
    let Some(previous) = rule_set
        .sla
        .get(old)
        .and_then(|targets| targets.iter().find(|t| t.id == target.id))
    else {
        return Ok(0);
    };
    let calendar = calendar_of(rule_set, previous)?;
    let before: Vec<Event<'_>> = log.iter().filter(|e| e.at <= at).cloned().collect();
    let cycles = clocks(
        previous,
        calendar,
        &before,
        ticket,
        at,
        None,
        Detail::States,
    )?;
    Ok(cycles.last().and_then(|c| c.elapsed_seconds).unwrap_or(0))
}

/// Every cycle of one target: a `restart` event (a reopened ticket) starts a new cycle; each
/// cycle sees only its own events, and an earlier cycle is read as it stood when the next began.
fn clocks<'e>(
    target: &'e Target,
    calendar: &Calendar,
    log: &[Event<'_>],
    ticket: &Value,
    now: i64,
    timing: Option<Timing>,
    detail: Detail,
) -> Result<Vec<TargetClock<'e>>, Error> {
    let Some(first) = log.iter().find(|e| e.kind == target.start) else {
        return Ok(vec![pending(target, 1)]);
    };
    if let Some(early) = log
        .iter()
        .find(|e| e.kind == target.stop && e.at < first.at)
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
    let mut starts = vec![first];
    if let Some(restart) = &target.restart {
        starts.extend(log.iter().filter(|e| e.kind == restart && e.at > first.at));
    }
    let mut out = Vec::with_capacity(starts.len());
    for (i, start) in starts.iter().enumerate() {
        let upper = starts.get(i + 1).map_or(i64::MAX, |next| next.at);
        // The log is in time order (checked when read): a cycle's events are one stretch of it.
        let from = log.partition_point(|e| e.at < start.at);
        let to = log.partition_point(|e| e.at < upper);
        let events = log.get(from..to).unwrap_or_default();
        let timing = timing.filter(|t| t.at >= start.at && t.at < upper);
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.push(clock(
            target,
            calendar,
            events,
            start,
            ticket,
            now.min(upper),
            number,
            timing,
            detail,
        )?);
    }
    Ok(out)
}

fn pending(target: &Target, cycle: u32) -> TargetClock<'_> {
    TargetClock {
        target: &target.id,
        cycle,
        kind: target.kind,
        calendar: &target.calendar,
        state: TargetState::Pending,
        started: None,
        stopped: None,
        deadline: None,
        elapsed_seconds: None,
        remaining_seconds: None,
        breached_at_change: None,
        warnings: Vec::new(),
        escalations: Vec::new(),
        source: target.source.as_deref(),
    }
}

fn event_path(event: &Event<'_>) -> String {
    if event.index == usize::MAX {
        "/created".to_owned()
    } else {
        format!("/events/{}", event.index)
    }
}

#[allow(clippy::too_many_arguments)] // one cycle of one target: every input is needed
fn clock<'e>(
    target: &'e Target,
    calendar: &Calendar,
    log: &[Event<'_>],
    start: &Event<'_>,
    ticket: &Value,
    now: i64,
    cycle: u32,
    timing: Option<Timing>,
    detail: Detail,
) -> Result<TargetClock<'e>, Error> {
    let mut result = pending(target, cycle);
    let path = event_path(start);
    let covered = |NotCovered| {
        Error::new(
            ErrorCode::CalendarNotCovered,
            path.as_str(),
            format!(
                "target \"{}\": the clock leaves the dates calendar \"{}\" covers",
                target.id, target.calendar
            ),
        )
    };
    let stop = log
        .iter()
        .find(|e| e.kind == target.stop && e.at >= start.at);
    let end = stop.map_or(now, |e| e.at);
    let from = timing
        .and_then(|t| t.from)
        .map_or(start.at, |f| f.max(start.at));
    let already = timing.map_or(0, |t| t.already);
    let pausable = matches!(
        target.measure,
        Measure::Duration(_) | Measure::WorkingDays(_)
    );
    let (windows, open) = match (&target.pause, pausable) {
        (Some((pause, resume)), true) => pauses(log, pause, resume, from, end)?,
        _ => (Vec::new(), false),
    };
    // `total`: the target's whole time; the deadline is where `total - already` more is counted.
    let (total, deadline) = match &target.measure {
        Measure::Duration(seconds) => {
            let left = (*seconds - already).max(0);
            (
                *seconds,
                add_around(calendar, from, left, &windows).map_err(covered)?,
            )
        }
        Measure::WorkingDays(n) => {
            let close = calendar.close_of_working_day(from, *n).map_err(covered)?;
            let span = calendar.between(from, close).map_err(covered)?;
            let left = (span - already).max(0);
            (
                span,
                add_around(calendar, from, left, &windows).map_err(covered)?,
            )
        }
        Measure::Offset { field, seconds } => {
            let value = field.lookup(ticket);
            let text = value.as_str().ok_or_else(|| {
                Error::new(ErrorCode::MissingField, field.pointer(), format!("target \"{}\" is measured from {}, which the ticket does not give as an instant", target.id, field.pointer()))
            })?;
            let deadline = crate::working_time::instant(text, field.pointer())? + seconds;
            (
                calendar.between(from, deadline).map_err(covered)?.max(0),
                deadline,
            )
        }
        Measure::NextWorkingDayAt(at) => {
            let deadline = calendar.next_working_day_at(from, *at).map_err(covered)?;
            (
                calendar.between(from, deadline).map_err(covered)?.max(0),
                deadline,
            )
        }
    };
    let paused: i64 = windows
        .iter()
        .map(|&(a, b)| calendar.between(a, b))
        .sum::<Result<i64, _>>()
        .map_err(covered)?;
    let elapsed = already + calendar.between(from, end).map_err(covered)? - paused;
    result.state = match stop {
        Some(s) if s.at <= deadline => TargetState::Met,
        Some(_) => TargetState::BreachedMet,
        None if now > deadline => TargetState::Breached,
        None if open => TargetState::Paused,
        None => TargetState::Running,
    };
    result.breached_at_change = timing.map(|t| {
        let stopped_before = stop.is_some_and(|s| s.at <= t.at);
        !stopped_before && (t.at > deadline || already > total)
    });
    result.elapsed_seconds = Some(elapsed);
    result.remaining_seconds = Some(total - elapsed);
    if detail == Detail::States {
        return Ok(result);
    }
    let zone = calendar.zone;
    for (per_mille, to) in &target.warnings {
        let offset = total * i64::from(*per_mille) / 1000;
        let instant =
            add_around(calendar, from, (offset - already).max(0), &windows).map_err(covered)?;
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
    result.started = Some(format_instant(from, zone));
    result.stopped = stop.map(|s| format_instant(s.at, zone));
    result.deadline = Some(format_instant(deadline, zone));
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
