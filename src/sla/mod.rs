//! SLA targets and clocks: per priority, what must happen by when (respond, arrive, resolve,
//! call back), measured on which calendar, and — replaying a ticket's event log at an instant
//! `now` — where each clock stands.

mod clock;
mod compile;
mod events;

pub use clock::{Escalation, TargetClock, TargetState, Warning};

/// A priority change found in the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PriorityChange<'e> {
    pub from: &'e str,
    pub to: &'e str,
    pub at: String,
    pub policy: crate::ruleset::doc::PriorityChangePolicy,
}

use crate::engine::RuleSetRef;
use serde::Serialize;

/// Every SLA target of a ticket's priority, as its clocks stand at `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Deadlines<'e> {
    pub rule_set: &'e RuleSetRef,
    /// The priority whose targets apply (from classification).
    pub priority: &'e str,
    /// The instant the clocks were read at, in the rule set's zone.
    pub now: String,
    /// The latest `priority_changed` event at or before `now`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_changed: Option<PriorityChange<'e>>,
    pub targets: Vec<TargetClock<'e>>,
}
pub(crate) use clock::{Detail, evaluate, target_clock};
pub(crate) use compile::compile;
pub(crate) use events::{Event, read as read_events};

use crate::conditions::Conditions;
use crate::ruleset::doc::DurationKind;
use crate::ticket::FieldPath;
use chrono::NaiveTime;

/// The `sla` key whose targets apply to every priority.
pub(crate) const EVERY_PRIORITY: &str = "*";

/// How a compiled target's deadline is found.
#[derive(Debug, Clone)]
pub(crate) enum Measure {
    /// Seconds of working time on the calendar (`calendar` kind: the always-open calendar).
    Duration(i64),
    /// The close of the Nth working day after the start day.
    WorkingDays(u32),
    /// A wall-clock offset (signed seconds) from an instant in a ticket field.
    Offset { field: FieldPath, seconds: i64 },
    /// The next working day after the start day, at a local time.
    NextWorkingDayAt(NaiveTime),
}

/// A compiled SLA target.
#[derive(Debug)]
pub(crate) struct Target {
    pub id: String,
    /// Conditions on ticket fields; the target applies when every cell matches.
    pub when: Conditions,
    pub kind: DurationKind,
    pub measure: Measure,
    /// Name of the calendar in the rule set (`24x7` for wall-clock kinds).
    pub calendar: String,
    pub start: String,
    pub stop: String,
    pub pause: Option<(String, String)>,
    /// The event that starts a new cycle (a reopened ticket).
    pub restart: Option<String>,
    /// Warning fractions in per-mille (500 = 50 %), ascending, each with who is told.
    pub warnings: Vec<(u32, Vec<String>)>,
    /// Who is told at breach.
    pub at_breach: Vec<String>,
    pub source: Option<String>,
}
