//! Parallel KPI runs: a run over one part of a batch hands over its counters as JSON text, and
//! the run over the whole batch merges the parts in input order. Each worker thread has its own
//! engine (a wasm instance shares no memory), so counters cross as text; the report is the same
//! as one run over every record, because every counter is a sum.

use super::group::Counters;
use super::run::{Dimension, KpiRun, MAX_RECORD_ERRORS, RecordError, config};
use crate::engine::RuleSetRef;
use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Serialize};

/// What a part's run counted: its records, skipped records' errors (indexed within the part),
/// and its counters. Only merged into a run of the same rule book, `now` and `by`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Partial {
    rule_set: RuleSetRef,
    now: i64,
    by: Vec<Dimension>,
    records: u64,
    skipped: u64,
    errors: Vec<PartError>,
    overall: Counters,
    groups: Vec<(Vec<String>, Counters)>,
}

/// A skipped record of a part (records' errors carry no nested problems).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartError {
    index: u64,
    line: Option<u64>,
    code: ErrorCode,
    path: String,
    message: String,
}

impl From<RecordError> for PartError {
    fn from(e: RecordError) -> Self {
        Self {
            index: e.index,
            line: e.line,
            code: e.error.code,
            path: e.error.path,
            message: e.error.message,
        }
    }
}

impl KpiRun {
    /// Ends a run over one part of a batch and returns its counters as JSON text for
    /// [`KpiRun::merge`]. A last line without a newline still counts.
    pub fn partial(mut self) -> Result<String, Error> {
        self.finish_lines();
        let (rule_set, _) = config(&self.engine, self.now)?;
        let partial = Partial {
            rule_set: rule_set.reference.clone(),
            now: self.now,
            by: self.by,
            records: self.records,
            skipped: self.skipped,
            errors: self.errors.into_iter().map(PartError::from).collect(),
            overall: self.overall,
            groups: self.groups.into_iter().collect(),
        };
        serde_json::to_string(&partial)
            .map_err(|e| Error::new(ErrorCode::InvalidValue, "", e.to_string()))
    }

    /// Adds a part's counters (from [`KpiRun::partial`]) to this run. Parts are merged in input
    /// order: a skipped record's index is offset by the records counted before its part. A part
    /// of another rule set, `now` or `by` is refused and changes nothing.
    pub fn merge(&mut self, text: &str) -> Result<(), Error> {
        let part: Partial = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorCode::InvalidValue,
                "",
                format!("not the partial counters of a KPI run: {e}"),
            )
        })?;
        let (rule_set, _) = config(&self.engine, self.now)?;
        let mismatch = |path: &str, what: &str| {
            Err(Error::new(
                ErrorCode::InvalidValue,
                path,
                format!("the part was counted with another {what}"),
            ))
        };
        if part.rule_set != rule_set.reference {
            return mismatch("/rule_set", "rule set");
        }
        if part.now != self.now {
            return mismatch("/now", "\"now\"");
        }
        if part.by != self.by {
            return mismatch("/by", "grouping (\"by\")");
        }
        if part.skipped > part.records {
            return mismatch("/skipped", "count: more records skipped than read");
        }
        if let Some(i) = part
            .groups
            .iter()
            .position(|(key, _)| key.len() != self.by.len())
        {
            return mismatch(&format!("/groups/{i}/0"), "number of group dimensions");
        }
        for error in part.errors {
            if self.errors.len() >= MAX_RECORD_ERRORS {
                break;
            }
            self.errors.push(RecordError {
                index: error.index.saturating_add(self.records),
                line: error.line,
                error: Error::new(error.code, error.path, error.message),
            });
        }
        self.records = self.records.saturating_add(part.records);
        self.skipped = self.skipped.saturating_add(part.skipped);
        self.overall.merge(part.overall);
        for (key, counters) in part.groups {
            self.groups.entry(key).or_default().merge(counters);
        }
        Ok(())
    }
}
