//! Rule sets: the document shape ([`doc`]), reading text with located errors ([`load`]),
//! merging a rule set split over several files ([`merge`]) and compiling a document into an
//! immutable [`RuleSet`] ([`compile`]).

pub(crate) mod checked;
mod compile;
pub(crate) mod doc;
pub(crate) mod fees_doc;
pub(crate) mod kpi_doc;
pub(crate) mod load;
pub(crate) mod merge;

use crate::calendar::Calendar;
use crate::engine::RuleSetRef;
use crate::priority::Priority;
use crate::sla::Target;
use crate::table::Table;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

pub(crate) use compile::{ALWAYS_OPEN, compile};

/// One compiled rule set: everything needed to judge a ticket created while it is in effect.
#[derive(Debug)]
pub(crate) struct RuleSet {
    pub reference: RuleSetRef,
    pub effective_from: NaiveDate,
    /// `effective_from` at 00:00 in `zone`.
    pub effective_instant: DateTime<Utc>,
    /// The rule set's time zone (results' instants without a calendar of their own use it).
    pub zone: chrono_tz::Tz,
    pub priorities: Vec<Priority>,
    pub classify: Table,
    pub tables: BTreeMap<String, Table>,
    /// Working calendars by name; `24x7` is always present.
    pub calendars: BTreeMap<String, Calendar>,
    /// SLA targets by priority id.
    pub sla: BTreeMap<String, Vec<Target>>,
    pub on_priority_change: doc::PriorityChangePolicy,
    /// Paid repairs, when the rule set prices them.
    pub fees: Option<crate::fees::Fees>,
    /// KPI settings and thresholds, when the rule set declares them.
    pub kpi: Option<crate::kpi::Kpi>,
}

#[cfg(test)]
mod schema;
