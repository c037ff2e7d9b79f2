//! Shared helpers of slafee's fuzz targets: the rule sets they evaluate against (compiled in, so
//! a target never depends on its working directory) and the one invariant every target checks
//! besides "no panic": evaluating the same input twice gives byte-identical JSON.

use serde::Serialize;
use serde_json::Value;
use slafee::{Engine, Error, KpiOptions};
use std::sync::OnceLock;

/// The fixed `now` of every evaluation.
pub const NOW: &str = "2026-03-02T10:00:00+08:00";
/// A second, later `now`: clocks breached, follow-ups overdue.
pub const LATER: &str = "2026-12-20T18:30:00+08:00";

pub const DEFAULT_RULES: &str = include_str!("../../rules/default.json");
pub const FEES_RULES: &str = include_str!("../../tests/fixtures/fees/fees-2026.json");

/// `rules/default.json`, loaded once.
pub fn default_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_json(DEFAULT_RULES).expect("rules/default.json loads"))
}

/// `tests/fixtures/fees/fees-2026.json` (one schedule item per pricing form), loaded once.
pub fn fees_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_json(FEES_RULES).expect("the fees fixture loads"))
}

/// What a host would print for a call: the result's JSON, or the error's.
pub fn outcome<T: Serialize>(result: &Result<T, Error>) -> String {
    match result {
        Ok(value) => serde_json::to_string(value).expect("a result serialises"),
        Err(error) => format!(
            "error {}",
            serde_json::to_string(error).expect("an error serialises")
        ),
    }
}

/// Runs `call` twice and asserts both answers print the same bytes; returns the first answer.
pub fn twice<T: Serialize>(what: &str, call: impl Fn() -> Result<T, Error>) -> Result<T, Error> {
    let first = call();
    let second = call();
    assert_eq!(
        outcome(&first),
        outcome(&second),
        "{what}: the same input gave two answers"
    );
    first
}

/// A KPI run over `records` at `now`, grouped `by`, as JSON (or the error of starting it).
pub fn kpi_report(
    engine: &Engine,
    now: &str,
    by: &[slafee::Dimension],
    records: &[Value],
) -> Result<Value, Error> {
    let mut run = engine.kpi(&KpiOptions {
        now: now.to_owned(),
        by: by.to_vec(),
    })?;
    for record in records {
        run.add(record);
    }
    let report = run.finish()?;
    Ok(serde_json::to_value(report).expect("a KPI report serialises"))
}

/// Checks the counts every KPI report must satisfy: records = evaluated + skipped, the overall
/// group counts every evaluated record, and (when grouping) the groups partition them.
pub fn check_report_counts(report: &Value, grouped: bool) {
    let count = |key: &str| report[key].as_u64().expect("a count");
    assert_eq!(
        count("records"),
        count("evaluated") + count("skipped"),
        "records = evaluated + skipped"
    );
    assert_eq!(
        report["overall"]["tickets"].as_u64(),
        Some(count("evaluated")),
        "the overall group counts every evaluated record"
    );
    if grouped {
        let in_groups: u64 = report["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| g["tickets"].as_u64().expect("a group's tickets"))
            .sum();
        assert_eq!(
            in_groups,
            count("evaluated"),
            "the groups partition the records"
        );
    }
}

/// Lints the newest rule set of `engine` (twice: the same findings) and runs every finding's
/// ready-made case against it: a case pins what the table does now, so each one passes.
pub fn lint_and_replay(engine: &Engine) {
    let Ok(report) = twice("lint", || engine.lint()) else {
        return;
    };
    let cases: Vec<&Value> = report
        .findings
        .iter()
        .filter_map(|f| f.case.as_ref())
        .collect();
    if cases.is_empty() {
        return;
    }
    let file = serde_json::json!({ "cases": cases }).to_string();
    let replay = engine
        .run_cases(&file)
        .unwrap_or_else(|e| panic!("the lint cases do not run: {e:?}\n{file}"));
    assert_eq!(
        replay.failed,
        0,
        "a lint finding's case fails against the rule set it came from: {}",
        serde_json::to_string(&replay.cases).unwrap_or_default()
    );
}

/// [`twice`] where only the check matters.
pub fn check_twice<T: Serialize>(what: &str, call: impl Fn() -> Result<T, Error>) {
    let _ = twice(what, call);
}
