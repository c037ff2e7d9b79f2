//! Satisfaction and timeliness thresholds (DESIGN.md "Satisfaction and KPI thresholds"): a batch
//! of ticket records is consumed one record at a time into per-group counters — satisfaction
//! (strict and lenient), timely rates from the SLA clocks, call-back coverage, fee collection,
//! time distributions, breaches — and every threshold is judged on exact fractions.
//! Per-ticket follow-ups (a supervisor's revisit, call-backs owed) come from the same records.

mod compile;
mod follow_up;
mod group;
mod partial;
mod rate;
mod record;
mod run;
mod tally;

pub(crate) use compile::compile;
pub(crate) use follow_up::follow_ups;
pub use follow_up::{CallbackDue, FollowUpState, FollowUps, RevisitDue};
pub use group::{GroupReport, Metrics, ThresholdResult, TimeRow, TimeStats, Verdict};
pub use rate::Rate;
pub use run::{Dimension, KpiOptions, KpiReport, KpiRun, RecordError};

use crate::conditions::Conditions;
use crate::ruleset::kpi_doc::{Metric, Statistic};
use crate::ticket::FieldPath;
use std::collections::BTreeMap;

/// The compiled `kpi` section.
#[derive(Debug)]
pub(crate) struct Kpi {
    pub category: FieldPath,
    pub team: FieldPath,
    pub survey: Survey,
    pub callbacks: Vec<Callback>,
    pub thresholds: Vec<Threshold>,
}

#[derive(Debug, Default)]
pub(crate) struct Survey {
    pub answers: Vec<String>,
    pub strict: Vec<String>,
    pub lenient: Vec<String>,
    /// Score → answer.
    pub scores: Vec<(u8, String)>,
    pub revisit: Option<Revisit>,
}

#[derive(Debug)]
pub(crate) struct Revisit {
    pub answers: Vec<String>,
    /// Seconds of working time on `calendar`.
    pub within: i64,
    pub calendar: String,
    pub by: String,
    pub source: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Callback {
    pub id: String,
    pub when: Conditions,
    /// The event type the window starts at (`closed`).
    pub after: String,
    /// Wall-clock seconds.
    pub within: i64,
    pub owner: Option<Owner>,
    pub source: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Owner {
    pub field: FieldPath,
    pub owners: BTreeMap<String, String>,
    pub default: String,
}

#[derive(Debug)]
pub(crate) struct Threshold {
    pub id: String,
    pub metric: Metric,
    pub target: Option<String>,
    pub priority: Option<String>,
    pub statistic: Option<Statistic>,
    pub callback: Option<String>,
    /// `at_least` (true) or `at_most`.
    pub at_least: bool,
    pub bound: Bound,
    /// The bound as written (`"90%"`, `"30m"`).
    pub text: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Bound {
    PerMille(u32),
    Seconds(i64),
}
