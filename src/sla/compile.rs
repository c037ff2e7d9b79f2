//! SLA section → compiled targets per priority, every problem located.

use super::{EVERY_PRIORITY, Measure, Target};
use crate::conditions::Conditions;
use crate::duration;
use crate::error::{Error, ErrorCode};
use crate::percent::per_mille;
use crate::pointer;
use crate::priority::Priority;
use crate::ruleset::ALWAYS_OPEN;
use crate::ruleset::doc::{DurationKind, RuleSetDoc, TargetDoc};
use crate::ticket::FieldPath;
use std::collections::{BTreeMap, HashSet};

/// Compiles `sla`: `priority id → targets`. `calendars` are the names the rule set defines.
pub(crate) fn compile(
    doc: &RuleSetDoc,
    priorities: &[Priority],
    calendars: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> BTreeMap<String, Vec<Target>> {
    let mut out = BTreeMap::new();
    for (priority, targets) in &doc.sla {
        let at = pointer::from_tokens(["sla", priority]);
        if priority != EVERY_PRIORITY && !priorities.iter().any(|p| &p.id == priority) {
            problems.push(Error::new(
                ErrorCode::UnknownPriority,
                at.clone(),
                format!("priority \"{priority}\" is not declared in /priorities"),
            ));
        }
        let mut seen = HashSet::new();
        let mut compiled = Vec::new();
        for (i, checked) in targets.iter().enumerate() {
            let at = pointer::push(&at, &i.to_string());
            let Some(target) = checked.get(&at, problems) else {
                continue;
            };
            if !seen.insert(target.id.as_str()) {
                problems.push(Error::new(
                    ErrorCode::DuplicateId,
                    pointer::push(&at, "id"),
                    format!("target id \"{}\" is used twice for {priority}", target.id),
                ));
            }
            if let Some(t) = target_of(target, &at, calendars, problems) {
                compiled.push(t);
            }
        }
        out.insert(priority.clone(), compiled);
    }
    out
}

fn target_of(
    doc: &TargetDoc,
    at: &str,
    calendars: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<Target> {
    let before = problems.len();
    let mut report = |code: ErrorCode, key: &str, message: String| {
        problems.push(Error::new(code, pointer::join(at, key), message));
    };
    let require = |value: bool, key: &str, report: &mut dyn FnMut(ErrorCode, &str, String)| {
        if !value {
            report(
                ErrorCode::MissingField,
                key,
                format!("a {:?} target needs \"{key}\"", doc.kind).to_lowercase(),
            );
        }
    };
    // Which fields each kind uses; any other measuring field is a mistake.
    let (uses, calendar_default): (&[&str], Option<&str>) = match doc.kind {
        DurationKind::Calendar => (&["within"], Some(ALWAYS_OPEN)),
        DurationKind::Business => (&["within", "calendar"], None),
        DurationKind::WorkingDays => (&["days", "calendar"], None),
        DurationKind::Before | DurationKind::After => (&["field", "offset"], Some(ALWAYS_OPEN)),
        DurationKind::NextWorkingDayAt => (&["at", "calendar"], None),
    };
    let given = [
        ("within", doc.within.is_some()),
        ("days", doc.days.is_some()),
        ("field", doc.field.is_some()),
        ("offset", doc.offset.is_some()),
        ("at", doc.at.is_some()),
        ("calendar", doc.calendar.is_some()),
    ];
    for (key, present) in given {
        let wanted = uses.contains(&key);
        if present && !wanted {
            report(
                ErrorCode::UnknownKey,
                key,
                format!("\"{key}\" does not apply to a {:?} target", doc.kind).to_lowercase(),
            );
        }
        if !present && uses.contains(&key) {
            require(false, key, &mut report);
        }
    }
    let seconds_of =
        |text: &Option<String>, key: &str, report: &mut dyn FnMut(ErrorCode, &str, String)| {
            text.as_deref().and_then(|t| {
                duration::parse(t)
                    .map_err(|reason| report(ErrorCode::InvalidDuration, key, reason))
                    .ok()
            })
        };
    let measure = match doc.kind {
        DurationKind::Calendar | DurationKind::Business => {
            seconds_of(&doc.within, "within", &mut report).map(Measure::Duration)
        }
        DurationKind::WorkingDays => match doc.days {
            Some(0) => {
                report(
                    ErrorCode::InvalidValue,
                    "days",
                    "a working-days target needs at least 1 day".to_owned(),
                );
                None
            }
            days => days.map(Measure::WorkingDays),
        },
        DurationKind::Before | DurationKind::After => {
            let field = doc.field.as_deref().and_then(|f| {
                FieldPath::parse(f).or_else(|| {
                    report(
                        ErrorCode::InvalidValue,
                        "field",
                        format!("\"{f}\" is not a dotted field path"),
                    );
                    None
                })
            });
            let sign = if doc.kind == DurationKind::Before {
                -1
            } else {
                1
            };
            let offset = seconds_of(&doc.offset, "offset", &mut report);
            field.zip(offset).map(|(field, s)| Measure::Offset {
                field,
                seconds: sign * s,
            })
        }
        DurationKind::NextWorkingDayAt => doc
            .at
            .as_deref()
            .and_then(|t| {
                crate::calendar::time_of_day(t)
                    .map_err(|reason| report(ErrorCode::InvalidTime, "at", reason))
                    .ok()
            })
            .map(Measure::NextWorkingDayAt),
    };
    let calendar = doc
        .calendar
        .as_deref()
        .or(calendar_default)
        .unwrap_or(ALWAYS_OPEN)
        .to_owned();
    if !calendars.contains(calendar.as_str()) {
        report(
            ErrorCode::UnknownCalendar,
            "calendar",
            format!("calendar \"{calendar}\" is not defined in /calendars"),
        );
    }
    let pause = match (&doc.pause, &doc.resume) {
        (Some(p), Some(r)) => Some((p.clone(), r.clone())),
        (None, None) => None,
        (None, Some(_)) => {
            report(
                ErrorCode::MissingField,
                "pause",
                "a target with \"resume\" needs \"pause\"".to_owned(),
            );
            None
        }
        (Some(_), None) => {
            report(
                ErrorCode::MissingField,
                "resume",
                "a target with \"pause\" needs \"resume\"".to_owned(),
            );
            None
        }
    };
    let mut warnings = Vec::new();
    for (i, text) in doc.warnings.iter().enumerate() {
        match per_mille(text) {
            Some(p) if p > 0 && p < 1000 => {
                warnings.push((p, doc.escalate.get(text).cloned().unwrap_or_default()))
            }
            _ => report(
                ErrorCode::InvalidValue,
                &format!("warnings/{i}"),
                format!("\"{text}\" is not a percentage between 0% and 100% like \"80%\""),
            ),
        }
    }
    warnings.sort_by_key(|(p, _)| *p);
    let when = Conditions::compile(&doc.when, &mut report);
    for key in doc.escalate.keys() {
        if key != "breach" && !doc.warnings.contains(key) {
            report(
                ErrorCode::InvalidValue,
                &format!("escalate/{}", key.replace('/', "∕")),
                format!("\"{key}\" is neither \"breach\" nor one of the target's warnings"),
            );
        }
    }
    let measure = measure?;
    (problems.len() == before).then(|| Target {
        id: doc.id.clone(),
        when,
        kind: doc.kind,
        measure,
        calendar,
        start: doc.start.clone(),
        stop: doc.stop.clone(),
        pause,
        restart: doc.restart.clone(),
        warnings,
        at_breach: doc.escalate.get("breach").cloned().unwrap_or_default(),
        source: doc.source.clone(),
    })
}
