//! Per-ticket follow-ups at `now`: the supervisor's revisit an unsatisfied answer calls for
//! (重新提供服务), and each call-back owed (回访) with its owner and window — due, overdue, done or
//! done late. The KPI counters read the same answers.

use super::Kpi;
use super::record::{self, CallbackMade, Survey as Answer};
use crate::error::{Error, ErrorCode};
use crate::ruleset::RuleSet;
use crate::sla::Event;
use crate::time::format_instant;
use crate::working_time::not_covered;
use serde::Serialize;
use serde_json::Value;

/// Where a follow-up stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum FollowUpState {
    /// Owed, the deadline not yet passed.
    Due,
    /// Owed and past the deadline.
    Overdue,
    /// Done by the deadline.
    Done,
    /// Done after the deadline.
    DoneLate,
}

impl FollowUpState {
    pub(crate) fn of(done: Option<i64>, due: i64, now: i64) -> Self {
        match done {
            Some(at) if at <= due => Self::Done,
            Some(_) => Self::DoneLate,
            None if now > due => Self::Overdue,
            None => Self::Due,
        }
    }
}

/// A revisit owed after an unsatisfied answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RevisitDue {
    pub answer: String,
    pub by: String,
    pub due: String,
    pub done: Option<String>,
    pub state: FollowUpState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A call-back owed after the ticket's closing event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallbackDue {
    pub id: String,
    pub owner: Option<String>,
    /// The event the window runs from (the last `closed` at or before `now`).
    pub from: String,
    pub due: String,
    pub done: Option<String>,
    pub state: FollowUpState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Every follow-up of one ticket record at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FollowUps {
    pub revisit: Option<RevisitDue>,
    pub callbacks: Vec<CallbackDue>,
}

/// The same follow-ups as instants, for counting.
pub(crate) struct Raw<'k> {
    pub answer: Option<Answer>,
    pub revisit: Option<(i64, Option<i64>)>,
    pub callbacks: Vec<(&'k str, i64, i64, Option<i64>)>,
}

/// Reads the record's survey, revisit and call-backs against the duties of `kpi`.
pub(crate) fn raw<'k>(
    rule_set: &RuleSet,
    kpi: &'k Kpi,
    record: &Value,
    log: &[Event<'_>],
    made: &[CallbackMade],
    now: i64,
) -> Result<Raw<'k>, Error> {
    let answer = record::survey(kpi, record)?;
    let revisit = match (&kpi.survey.revisit, &answer) {
        (Some(revisit), Some(answer)) if revisit.answers.contains(&answer.answer) => {
            let at = answer.at.ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingField,
                    "/survey/at",
                    format!("the answer \"{}\" calls for a revisit: the survey needs its \"at\" instant", answer.answer),
                )
            })?;
            let calendar = rule_set.calendars.get(&revisit.calendar).ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownCalendar,
                    "",
                    format!("calendar \"{}\" is not defined", revisit.calendar),
                )
            })?;
            let due = calendar
                .add(at, revisit.within)
                .map_err(not_covered(&revisit.calendar, "/survey/at"))?;
            // What happens after `now` has not happened yet.
            let done = crate::ticket::instant_at(record, "/revisit/at")?.filter(|t| *t <= now);
            Some((due, done))
        }
        _ => None,
    };
    let mut callbacks = Vec::new();
    for duty in &kpi.callbacks {
        if !duty.when.matches(record, "call-back", &duty.id)? {
            continue;
        }
        // The log holds events at or before `now` only.
        let Some(from) = log
            .iter()
            .rev()
            .find(|e| e.kind == duty.after)
            .map(|e| e.at)
        else {
            continue;
        };
        let due = from.saturating_add(duty.within);
        let done = made
            .iter()
            .map(|c| c.at)
            .find(|at| *at >= from && *at <= now);
        callbacks.push((duty.id.as_str(), from, due, done));
    }
    Ok(Raw {
        answer,
        revisit,
        callbacks,
    })
}

/// The follow-ups of one record, formatted for people.
pub(crate) fn follow_ups(
    rule_set: &RuleSet,
    kpi: &Kpi,
    record: &Value,
    now: i64,
) -> Result<FollowUps, Error> {
    let log = crate::sla::read_events(record, now)?;
    let made = record::callbacks(record)?;
    let raw = raw(rule_set, kpi, record, &log, &made, now)?;
    let zone = rule_set.zone;
    let revisit = match (raw.revisit, &kpi.survey.revisit, raw.answer) {
        (Some((due, done)), Some(config), Some(answer)) => Some(RevisitDue {
            answer: answer.answer,
            by: config.by.clone(),
            due: format_instant(due, zone),
            done: done.map(|t| format_instant(t, zone)),
            state: FollowUpState::of(done, due, now),
            source: config.source.clone(),
        }),
        _ => None,
    };
    let callbacks = raw
        .callbacks
        .into_iter()
        .filter_map(|(id, from, due, done)| {
            let duty = kpi.callbacks.iter().find(|c| c.id == id)?;
            let owner = duty.owner.as_ref().map(|o| match o.field.lookup(record) {
                Value::String(level) => o.owners.get(level).unwrap_or(&o.default).clone(),
                _ => o.default.clone(),
            });
            Some(CallbackDue {
                id: id.to_owned(),
                owner,
                from: format_instant(from, zone),
                due: format_instant(due, zone),
                done: done.map(|t| format_instant(t, zone)),
                state: FollowUpState::of(done, due, now),
                source: duty.source.clone(),
            })
        })
        .collect();
    Ok(FollowUps { revisit, callbacks })
}
