//! Lint: verification of every decision table of a rule set (gaps, overlaps, unreachable and
//! subsumed rows, each with a witness ticket and a ready-made case), and checks across sections
//! (every priority has SLA targets; every target's calendar covers the rule set's first year).
//! Malformed cells, type conflicts, duplicate schedule codes and thresholds outside 0–100 % are
//! load errors already: a rule set that loads has none.

use crate::engine::RuleSetRef;
use crate::pointer;
use crate::ruleset::RuleSet;
use crate::table::Table;
pub use crate::table::verify::FindingKind;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::{Value, json};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Severity {
    /// Evaluation fails or answers wrongly for some ticket.
    Error,
    /// Something is dead or missing: a row that never fires, a priority without targets.
    Warning,
    /// Redundant but harmless.
    Info,
}

/// What a cross-section check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum CheckKind {
    /// A priority has no SLA targets of its own.
    PriorityWithoutTargets,
    /// A target's calendar does not cover the rule set's first year.
    CalendarTooShort,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Finding {
    /// A table finding's kind, or a cross-section check's.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "FindingKind | CheckKind"))]
    pub kind: String,
    pub severity: Severity,
    /// JSON pointer into the rule set.
    pub path: String,
    /// The table (`classify` or a named table), for table findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Rows involved, the subject first.
    pub rows: Vec<String>,
    pub message: String,
    /// A ticket demonstrating the finding (evaluated before it was reported).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Ticket"))]
    pub witness: Option<Value>,
    /// The witness as a case for the rule set's case file: it pins what the table does now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub case: Option<Value>,
}

/// Every finding of one rule set.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LintReport {
    pub rule_set: RuleSetRef,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
}

pub(crate) fn lint(rule_set: &RuleSet) -> LintReport {
    let mut findings = Vec::new();
    let tables = std::iter::once(("classify", "/classify".to_owned(), &rule_set.classify)).chain(
        rule_set
            .tables
            .iter()
            .map(|(name, t)| (name.as_str(), pointer::from_tokens(["tables", name]), t)),
    );
    for (name, path, table) in tables {
        findings.extend(table_findings(name, &path, table));
    }
    findings.extend(cross_section(rule_set));
    findings.sort_by_key(|f| f.severity);
    LintReport {
        rule_set: rule_set.reference.clone(),
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        findings,
    }
}

fn table_findings(name: &str, path: &str, table: &Table) -> Vec<Finding> {
    table
        .verify()
        .into_iter()
        .map(|f| {
            let severity = match f.kind {
                FindingKind::Gap | FindingKind::Overlap | FindingKind::Conflict => Severity::Error,
                FindingKind::Unreachable => Severity::Warning,
                FindingKind::Subsumed => Severity::Info,
            };
            let kind = name_of(f.kind);
            Finding {
                case: Some(case_of(name, table, &kind, &f.witness)),
                kind,
                severity,
                path: f
                    .rows
                    .first()
                    .and_then(|row| table.row_ids().position(|id| id == row))
                    .map_or_else(
                        || path.to_owned(),
                        |i| pointer::join(path, &format!("rules/{i}")),
                    ),
                table: Some(name.to_owned()),
                rows: f.rows,
                message: f.message,
                witness: Some(f.witness),
            }
        })
        .collect()
}

/// A case pinning what the table does with the witness now: the row that fires, or the error.
fn case_of(name: &str, table: &Table, kind: &str, witness: &Value) -> Value {
    let mut case = serde_json::Map::new();
    case.insert("name".into(), Value::String(format!("lint {kind}: {name}")));
    if name == "classify" {
        case.insert("call".into(), json!("classify"));
    } else {
        case.insert("call".into(), json!("decide"));
        case.insert("table".into(), Value::String(name.to_owned()));
    }
    case.insert("ticket".into(), witness.clone());
    match table.evaluate(witness, false) {
        Ok(hit) => {
            if let Some(row) = hit.rows.first() {
                case.insert("row".into(), Value::String(row.id.clone()));
            }
        }
        Err(e) => {
            case.insert(
                "error".into(),
                json!({ "code": e.code.as_str(), "path": e.path }),
            );
        }
    }
    Value::Object(case)
}

fn cross_section(rule_set: &RuleSet) -> Vec<Finding> {
    let mut out = Vec::new();
    for priority in &rule_set.priorities {
        if rule_set.sla.get(&priority.id).is_none_or(Vec::is_empty) {
            out.push(check(
                CheckKind::PriorityWithoutTargets,
                Severity::Warning,
                "/sla".to_owned(),
                format!("priority \"{}\" has no SLA targets of its own", priority.id),
            ));
        }
    }
    let year = rule_set.effective_from.year();
    let span = NaiveDate::from_ymd_opt(year, 1, 1)
        .zip(NaiveDate::from_ymd_opt(year + 1, 1, 1))
        .and_then(|(a, b)| {
            Some((
                crate::time::start_of_day(a.max(rule_set.effective_from), rule_set.zone)?
                    .timestamp(),
                crate::time::start_of_day(b, rule_set.zone)?.timestamp(),
            ))
        });
    for (key, targets) in &rule_set.sla {
        for (i, target) in targets.iter().enumerate() {
            let Some(calendar) = rule_set.calendars.get(&target.calendar) else {
                continue;
            };
            if span.is_some_and(|(from, to)| !calendar.covers(from, to)) {
                out.push(check(
                    CheckKind::CalendarTooShort,
                    Severity::Error,
                    pointer::from_tokens(["sla", key, &i.to_string(), "calendar"]),
                    format!(
                        "target \"{}\" uses calendar \"{}\", which does not cover {year} from the rule set's effective date",
                        target.id, target.calendar
                    ),
                ));
            }
        }
    }
    out
}

fn check(kind: CheckKind, severity: Severity, path: String, message: String) -> Finding {
    Finding {
        kind: name_of(kind),
        severity,
        path,
        table: None,
        rows: Vec::new(),
        message,
        witness: None,
        case: None,
    }
}

/// The serialized (snake_case) name of a kind.
fn name_of(kind: impl Serialize) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
