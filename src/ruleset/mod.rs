//! Rule sets: the document shape ([`doc`]), reading text with located errors ([`load`]),
//! merging a rule set split over several files ([`merge`]) and compiling a document into an
//! immutable [`RuleSet`] ([`compile`]).

mod checked;
mod compile;
pub(crate) mod doc;
pub(crate) mod load;
pub(crate) mod merge;

use crate::engine::RuleSetRef;
use crate::priority::Priority;
use crate::table::Table;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

pub(crate) use compile::compile;

/// One compiled rule set: everything needed to judge a ticket created while it is in effect.
#[derive(Debug)]
pub(crate) struct RuleSet {
    pub reference: RuleSetRef,
    pub effective_from: NaiveDate,
    /// `effective_from` at 00:00 in `zone`.
    pub effective_instant: DateTime<Utc>,
    pub priorities: Vec<Priority>,
    pub classify: Table,
    pub tables: BTreeMap<String, Table>,
}

#[cfg(test)]
mod schema;
