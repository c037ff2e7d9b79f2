//! Rule-set test cases (`rules/default.cases.json`): each case makes one call — classify,
//! decide, deadlines, quote, follow-ups or kpi — and states what must come out (a subset of the
//! result), which row must fire, or which error must occur. The runner reports pass/fail with a
//! diff per case, and coverage: the rows, SLA targets and schedule items no case exercised.

mod coverage;
mod matching;

pub use coverage::{Coverage, ItemCoverage, TableCoverage, TargetCoverage};
pub use matching::Mismatch;

use crate::engine::{Engine, Options, RuleSetRef};
use crate::error::{Error, ErrorCode};
use crate::kpi::{Dimension, KpiOptions};
use crate::{input, limits};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A case file.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseFile {
    /// Editors use `$schema` to find `rules/cases.schema.json`.
    #[serde(rename = "$schema", default)]
    pub _schema: Option<String>,
    pub cases: Vec<CaseDoc>,
}

/// The call a case makes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Call {
    #[default]
    Classify,
    Decide,
    Deadlines,
    Quote,
    FollowUps,
    Kpi,
}

/// One case.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseDoc {
    pub name: String,
    /// Default `classify`.
    #[serde(default)]
    pub call: Call,
    /// `decide`: the table.
    #[serde(default)]
    pub table: Option<String>,
    /// The ticket (classify, decide, deadlines, follow_ups) or the order (quote).
    #[serde(default)]
    pub ticket: Option<Value>,
    /// `kpi`: the records.
    #[serde(default)]
    pub records: Option<Vec<Value>>,
    /// `kpi`: group dimensions.
    #[serde(default)]
    pub by: Vec<Dimension>,
    /// RFC 3339 instant for deadlines, quote, follow-ups and kpi.
    #[serde(default)]
    pub now: Option<String>,
    /// A subset of the result that must match.
    #[serde(default)]
    pub expect: Option<Value>,
    /// The row that must fire (classify, decide).
    #[serde(default)]
    pub row: Option<String>,
    /// The error that must occur: `{ "code", "path" }` (path optional).
    #[serde(default)]
    pub error: Option<ExpectedError>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ExpectedError {
    pub code: String,
    #[serde(default)]
    pub path: Option<String>,
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseResult {
    pub name: String,
    pub call: Call,
    pub pass: bool,
    /// What differed, with JSON pointers into the result.
    pub mismatches: Vec<Mismatch>,
    /// An error that occurred although none was expected, or the wrong one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ProblemRef"))]
    pub error: Option<Error>,
}

/// The outcome of a case file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseReport {
    /// The rule set coverage is measured on (the newest in the book).
    pub rule_set: RuleSetRef,
    pub passed: u32,
    pub failed: u32,
    pub cases: Vec<CaseResult>,
    pub coverage: Coverage,
}

/// Parses a case file and runs every case against `engine`.
pub(crate) fn run(engine: &Engine, text: &str) -> Result<CaseReport, Error> {
    let value = input::parse(text, input::Source::CaseFile).map_err(|e| {
        e.into_iter()
            .next()
            .unwrap_or_else(|| Error::new(ErrorCode::JsonSyntax, "", "not JSON"))
    })?;
    let file: CaseFile = crate::ruleset::checked::from_value(&value)?;
    if file.cases.len() > limits::MAX_CASES {
        return Err(Error::new(
            ErrorCode::TooManyCases,
            "/cases",
            format!(
                "a case file holds at most {} cases, this one {}",
                limits::MAX_CASES,
                file.cases.len()
            ),
        ));
    }
    let newest = engine.newest()?;
    for (i, case) in file.cases.iter().enumerate() {
        check(case, i)?;
    }
    let mut coverage = coverage::Tracker::new(newest);
    let mut results = Vec::with_capacity(file.cases.len());
    for (i, case) in file.cases.iter().enumerate() {
        results.push(run_case(engine, case, i, &mut coverage));
    }
    let passed = u32::try_from(results.iter().filter(|r| r.pass).count()).unwrap_or(u32::MAX);
    let failed = u32::try_from(results.len())
        .unwrap_or(u32::MAX)
        .saturating_sub(passed);
    Ok(CaseReport {
        rule_set: newest.reference.clone(),
        passed,
        failed,
        cases: results,
        coverage: coverage.finish(),
    })
}

/// Refuses keys a case's call does not use, so a mistake in a case file cannot hide.
fn check(case: &CaseDoc, index: usize) -> Result<(), Error> {
    let reads_row = matches!(case.call, Call::Classify | Call::Decide);
    let misplaced = [
        ("table", case.table.is_some() && case.call != Call::Decide),
        ("row", case.row.is_some() && !reads_row),
        ("records", case.records.is_some() && case.call != Call::Kpi),
        ("by", !case.by.is_empty() && case.call != Call::Kpi),
        ("now", case.now.is_some() && reads_row),
        ("ticket", case.ticket.is_some() && case.call == Call::Kpi),
        ("expect", case.expect.is_some() && case.error.is_some()),
    ];
    match misplaced.iter().find(|(_, wrong)| *wrong) {
        Some((key, _)) => Err(Error::new(
            ErrorCode::UnknownKey,
            format!("/cases/{index}/{key}"),
            format!(
                "case \"{}\": \"{key}\" does not apply to a {} case{}",
                case.name,
                serde_json::to_value(case.call)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                if *key == "expect" {
                    " that expects an error"
                } else {
                    ""
                }
            ),
        )),
        None => Ok(()),
    }
}

fn run_case(
    engine: &Engine,
    case: &CaseDoc,
    index: usize,
    coverage: &mut coverage::Tracker<'_>,
) -> CaseResult {
    let mut result = CaseResult {
        name: case.name.clone(),
        call: case.call,
        pass: false,
        mismatches: Vec::new(),
        error: None,
    };
    let outcome = call(engine, case, index, coverage);
    match (outcome, &case.error) {
        (Ok(actual), None) => {
            if let Some(expected) = &case.expect {
                matching::subset(expected, &actual, "", &mut result.mismatches);
            }
            if let Some(row) = &case.row {
                let fired = match case.call {
                    Call::Decide => actual.pointer("/rules/0").cloned().unwrap_or(Value::Null),
                    _ => actual.get("rule").cloned().unwrap_or(Value::Null),
                };
                if fired != Value::String(row.clone()) {
                    result.mismatches.push(Mismatch {
                        path: "/rule".to_owned(),
                        expected: Value::String(row.clone()),
                        actual: fired,
                    });
                }
            }
        }
        (Ok(actual), Some(expected)) => result.mismatches.push(Mismatch {
            path: String::new(),
            expected: serde_json::json!({ "error": expected.code, "path": expected.path }),
            actual,
        }),
        (Err(error), Some(expected)) => {
            let path_ok = expected.path.as_ref().is_none_or(|p| *p == error.path);
            if error.code.as_str() != expected.code || !path_ok {
                result.mismatches.push(Mismatch {
                    path: String::new(),
                    expected: serde_json::json!({ "error": expected.code, "path": expected.path }),
                    actual: serde_json::json!({ "error": error.code.as_str(), "path": error.path }),
                });
            }
        }
        (Err(error), None) => result.error = Some(error),
    }
    result.pass = result.mismatches.is_empty() && result.error.is_none();
    result
}

/// Makes the case's call and returns its result as JSON.
fn call(
    engine: &Engine,
    case: &CaseDoc,
    index: usize,
    coverage: &mut coverage::Tracker<'_>,
) -> Result<Value, Error> {
    let at = |key: &str| format!("/cases/{index}/{key}");
    let missing = |key: &str| {
        Error::new(
            ErrorCode::MissingField,
            at(key),
            format!("a {:?} case needs \"{key}\"", case.call).to_lowercase(),
        )
    };
    let now = || case.now.as_deref().ok_or_else(|| missing("now"));
    let ticket = || case.ticket.as_ref().ok_or_else(|| missing("ticket"));
    let json = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| Error::new(ErrorCode::InvalidValue, "", e.to_string()))
    };
    match case.call {
        Call::Classify => {
            let result = engine.classify_with(ticket()?, Options::default())?;
            coverage.classified(&result);
            json(serde_json::to_value(result))
        }
        Call::Decide => {
            let table = case.table.as_deref().ok_or_else(|| missing("table"))?;
            let result = engine.decide(table, ticket()?, Options::default())?;
            coverage.decided(&result);
            json(serde_json::to_value(result))
        }
        Call::Deadlines => {
            let result = engine.deadlines(ticket()?, now()?)?;
            coverage.deadlines(engine, ticket()?, &result)?;
            json(serde_json::to_value(result))
        }
        Call::Quote => {
            let result = engine.quote(ticket()?, now()?)?;
            coverage.quoted(&result);
            json(serde_json::to_value(result))
        }
        Call::FollowUps => json(serde_json::to_value(engine.follow_ups(ticket()?, now()?)?)),
        Call::Kpi => {
            let records = case.records.as_ref().ok_or_else(|| missing("records"))?;
            if records.len() > limits::MAX_BATCH_RECORDS {
                return Err(input::too_many_records(at("records"), records.len()));
            }
            let mut run = engine.kpi(&KpiOptions {
                now: now()?.to_owned(),
                by: case.by.clone(),
            })?;
            for record in records {
                run.add(record);
            }
            json(serde_json::to_value(run.finish()?))
        }
    }
}
