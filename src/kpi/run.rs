//! A KPI run: records are added one at a time (an array, NDJSON lines, a stream) and only the
//! per-group counters are kept. A bad record is reported with its index and skipped; the rest
//! still count. Thresholds and survey settings come from the rule set in effect at `now`; each
//! record's SLA outcome comes from the rule set in effect when it was created.

use super::follow_up::{self, FollowUpState};
use super::group::{Counters, Facts, GroupReport};
use super::rate::Rate;
use super::{Kpi, record};
use crate::classify::Classification;
use crate::engine::{Engine, Options, RuleSetRef};
use crate::error::{Error, ErrorCode};
use crate::ndjson::Lines;
use crate::ruleset::RuleSet;
use crate::{sla, time, working_time};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

/// At most this many skipped records are described in a report (all are counted).
pub(super) const MAX_RECORD_ERRORS: usize = 1000;

/// What a KPI run groups by. Periods are dates in the rule set's time zone of the record's
/// `created` instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Dimension {
    Day,
    /// ISO week, `2026-W10`.
    Week,
    Month,
    Category,
    Priority,
    Team,
}

impl Dimension {
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Category => "category",
            Self::Priority => "priority",
            Self::Team => "team",
        }
    }

    /// Parses a name as the CLI's `--by month,category` writes it.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Day,
            Self::Week,
            Self::Month,
            Self::Category,
            Self::Priority,
            Self::Team,
        ]
        .into_iter()
        .find(|d| d.name() == name)
    }
}

/// Options of a KPI run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct KpiOptions {
    /// RFC 3339: clocks and follow-ups are read at this instant.
    pub now: String,
    /// Group dimensions, in key order; the whole batch is always reported as `overall`.
    #[serde(default)]
    pub by: Vec<Dimension>,
}

/// A skipped record: its index in the batch (0-based) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RecordError {
    pub index: u64,
    /// The record's 1-based line, when it came as NDJSON bytes ([`KpiRun::add_ndjson`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ProblemRef"))]
    #[serde(flatten)]
    pub error: Error,
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct KpiReport {
    /// The rule set whose thresholds were applied (in effect at `now`).
    pub rule_set: RuleSetRef,
    pub now: String,
    pub by: Vec<Dimension>,
    /// Records read, evaluated and skipped.
    pub records: u64,
    pub evaluated: u64,
    pub skipped: u64,
    /// The first skipped records' errors (up to 1,000).
    pub errors: Vec<RecordError>,
    pub overall: GroupReport,
    pub groups: Vec<GroupReport>,
}

/// A KPI run in progress.
#[derive(Debug)]
pub struct KpiRun {
    pub(super) engine: Engine,
    pub(super) now: i64,
    pub(super) by: Vec<Dimension>,
    pub(super) records: u64,
    pub(super) skipped: u64,
    pub(super) errors: Vec<RecordError>,
    pub(super) overall: Counters,
    pub(super) groups: BTreeMap<Vec<String>, Counters>,
    /// The last record's group key, its texts reused for the next.
    key: Vec<String>,
    /// NDJSON bytes fed so far, cut into lines.
    lines: Lines,
    /// The line of the record being added, when it came as NDJSON bytes.
    line: Option<u64>,
}

impl KpiRun {
    /// Starts a run; the rule set in effect at `now` must have a `kpi` section.
    pub(crate) fn new(engine: &Engine, options: &KpiOptions) -> Result<Self, Error> {
        let now = working_time::instant(&options.now, "/now")?;
        if let Some(twice) = options
            .by
            .iter()
            .enumerate()
            .find_map(|(i, d)| options.by.get(..i)?.contains(d).then_some(i))
        {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!("/by/{twice}"),
                "a dimension is named twice in \"by\"",
            ));
        }
        let run = Self {
            engine: engine.clone(),
            now,
            by: options.by.clone(),
            records: 0,
            skipped: 0,
            errors: Vec::new(),
            overall: Counters::default(),
            groups: BTreeMap::new(),
            key: Vec::new(),
            lines: Lines::default(),
            line: None,
        };
        config(&run.engine, now)?;
        Ok(run)
    }

    /// Adds one record; a bad one is counted as skipped with its error.
    pub fn add(&mut self, record: &Value) {
        let index = self.records;
        self.records += 1;
        if let Err(error) = self.evaluate(record) {
            self.skip(index, error);
        }
    }

    /// Adds one NDJSON line; a blank line is not a record.
    pub fn add_line(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        match crate::input::parse(line, crate::input::Source::Record) {
            Ok(record) => self.add(&record),
            Err(errors) => {
                self.reject(errors.into_iter().next().unwrap_or_else(|| {
                    Error::new(ErrorCode::JsonSyntax, "", "the line is not JSON")
                }))
            }
        }
    }

    /// Adds a chunk of NDJSON bytes as a file or stream delivers it: records are cut at newlines
    /// (a chunk may end mid-line or mid-character), and a skipped record's error names its line.
    pub fn add_ndjson(&mut self, chunk: &[u8]) {
        let mut lines = std::mem::take(&mut self.lines);
        lines.feed(chunk, |line, text| self.add_numbered(line, text));
        self.lines = lines;
    }

    /// Records read so far (evaluated and skipped).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Counts a last NDJSON line that has no newline: it is still a record.
    pub(super) fn finish_lines(&mut self) {
        let mut lines = std::mem::take(&mut self.lines);
        lines.finish(|line, text| self.add_numbered(line, text));
    }

    /// Numbers NDJSON lines from `first` (a part of a larger input cut at a line boundary, as
    /// a worker thread receives it), so skipped records name their line in the whole input.
    /// In a run counting several parts, call it after each [`KpiRun::end_part`].
    pub fn starting_at_line(mut self, first: u64) -> Self {
        self.lines = Lines::starting_at(first);
        self
    }

    fn add_numbered(&mut self, line: u64, text: Result<&str, Error>) {
        self.line = Some(line);
        match text {
            Ok(text) => self.add_line(text),
            Err(error) => self.reject(error),
        }
        self.line = None;
    }

    /// Counts a record that could not even be read (bad JSON, a JS value that is not JSON data)
    /// as skipped, with its error.
    pub(crate) fn reject(&mut self, error: Error) {
        let index = self.records;
        self.records += 1;
        self.skip(index, error);
    }

    fn skip(&mut self, index: u64, error: Error) {
        self.skipped += 1;
        if self.errors.len() < MAX_RECORD_ERRORS {
            self.errors.push(RecordError {
                index,
                line: self.line,
                error,
            });
        }
    }

    fn evaluate<'r>(&mut self, record: &'r Value) -> Result<(), Error> {
        let (config, kpi) = config(&self.engine, self.now)?;
        let rule_set = self.engine.select(record)?;
        let classification = Classification::decide(rule_set, record, Options::default())?;
        // The event log and call-backs are read once and shared by the clocks and follow-ups.
        let log = sla::read_events(record, self.now)?;
        let made = record::callbacks(record)?;
        let evaluation = sla::evaluate(
            rule_set,
            classification.priority,
            record,
            &log,
            self.now,
            sla::Detail::States,
        )?;
        let raw = follow_up::raw(config, kpi, record, &log, &made, self.now)?;
        let mut issues = Rate::default();
        for callback in &made {
            if let Some(handled) = callback.issue {
                issues.count(handled);
            }
        }
        let text = |value: &'r Value| -> Cow<'r, str> {
            match value {
                Value::String(s) => Cow::Borrowed(s),
                Value::Null => Cow::Borrowed("(none)"),
                other => Cow::Owned(other.to_string()),
            }
        };
        let facts = Facts {
            priority: evaluation.priority,
            category: text(kpi.category.lookup(record)),
            satisfied: raw.answer.as_ref().map(|a| {
                (
                    kpi.survey.strict.contains(&a.answer),
                    kpi.survey.lenient.contains(&a.answer),
                )
            }),
            clocks: &evaluation.targets,
            callbacks: raw
                .callbacks
                .iter()
                .map(|(id, _, due, done)| (*id, FollowUpState::of(*done, *due, self.now)))
                .collect(),
            issues,
            fee: record::fee(record)?,
            revisit: raw
                .revisit
                .map(|(due, done)| FollowUpState::of(done, due, self.now)),
        };
        // The group key is written into texts kept from the last record: most records fall in
        // an existing group, and building a fresh key cost an allocation per dimension.
        let mut key = std::mem::take(&mut self.key);
        key.resize_with(self.by.len(), String::new);
        for (dimension, slot) in self.by.iter().zip(key.iter_mut()) {
            slot.clear();
            match dimension {
                Dimension::Day | Dimension::Week | Dimension::Month => {
                    period(*dimension, record, config, slot)?;
                }
                Dimension::Category => slot.push_str(&facts.category),
                Dimension::Priority => slot.push_str(facts.priority),
                Dimension::Team => slot.push_str(&text(kpi.team.lookup(record))),
            }
        }
        self.overall.add(&facts);
        if !key.is_empty() {
            match self.groups.get_mut(&key) {
                Some(counters) => counters.add(&facts),
                None => self.groups.entry(key.clone()).or_default().add(&facts),
            }
        }
        self.key = key;
        Ok(())
    }

    /// Judges every group and returns the report.
    pub fn finish(mut self) -> Result<KpiReport, Error> {
        self.finish_lines();
        let (config, kpi) = config(&self.engine, self.now)?;
        let by = self.by.clone();
        let groups = self
            .groups
            .into_iter()
            .map(|(key, counters)| {
                let key = by.iter().map(|d| d.name()).zip(key).collect();
                counters.finish(key, kpi)
            })
            .collect();
        Ok(KpiReport {
            rule_set: config.reference.clone(),
            now: time::format_instant(self.now, config.zone),
            by,
            records: self.records,
            evaluated: self.records - self.skipped,
            skipped: self.skipped,
            errors: self.errors,
            overall: self.overall.finish(BTreeMap::new(), kpi),
            groups,
        })
    }
}

/// The rule set in effect at `now` and its `kpi` section.
pub(super) fn config(engine: &Engine, now: i64) -> Result<(&RuleSet, &Kpi), Error> {
    let rule_set = engine.in_effect(DateTime::from_timestamp(now, 0))?;
    let kpi = rule_set.kpi.as_ref().ok_or_else(|| {
        Error::new(
            ErrorCode::NoKpi,
            "",
            format!(
                "rule set {} {} has no \"kpi\" section",
                rule_set.reference.id, rule_set.reference.version
            ),
        )
    })?;
    Ok((rule_set, kpi))
}

/// Writes the record's period (day, ISO week or month of `created` in the rule set's zone).
fn period(
    dimension: Dimension,
    record: &Value,
    config: &RuleSet,
    out: &mut String,
) -> Result<(), Error> {
    let created = crate::ticket::instant_at(record, "/created")?.ok_or_else(|| {
        Error::new(
            ErrorCode::MissingField,
            "/created",
            "grouping by period needs the ticket's created instant",
        )
    })?;
    let date = DateTime::<Utc>::from_timestamp(created, 0)
        .map(|t| t.with_timezone(&config.zone).date_naive())
        .unwrap_or_default();
    // Writing into a String cannot fail.
    let _ = match dimension {
        Dimension::Day => write!(out, "{date}"),
        Dimension::Week => {
            let week = date.iso_week();
            write!(out, "{:04}-W{:02}", week.year(), week.week())
        }
        _ => write!(out, "{:04}-{:02}", date.year(), date.month()),
    };
    Ok(())
}
