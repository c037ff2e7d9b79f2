//! The default rule set's case file (`rules/default.cases.json`) run natively through
//! `Engine::run_cases`: every case must pass and together they must cover the whole rule set —
//! every classification row, the `free-of-charge` row, every SLA target of every priority and of
//! `"*"`, and every one of the 58 schedule items. The Node suite (`tests/node/cases.test.mjs`)
//! holds the package to the same figures.
//!
//! The runner itself is also checked here on inline case files: a deliberately wrong file must
//! report exactly its failures, each at the right JSON pointer, and dropping the quote cases
//! must leave every schedule item uncovered.

use serde_json::{Value, json};
use slafee::{Call, CaseReport, Engine};
use std::collections::{BTreeMap, HashSet};

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json");
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.cases.json");

/// Rows of the classification table, rows of `free-of-charge`, SLA targets (3 emergency,
/// 3 routine, 2 low, 8 under `"*"`), schedule items.
const CLASSIFY_ROWS: usize = 26;
const FREE_ROWS: usize = 1;
const TARGETS: usize = 16;
const ITEMS: usize = 58;

fn engine() -> Engine {
    Engine::from_json(&std::fs::read_to_string(RULES).unwrap()).expect("rules/default.json loads")
}

fn cases_text() -> String {
    std::fs::read_to_string(CASES).unwrap()
}

fn run(text: &str) -> CaseReport {
    engine()
        .run_cases(text)
        .unwrap_or_else(|e| panic!("the case file is refused: {e}"))
}

/// One line per failing case: its name, then every mismatch and any unexpected error.
fn failures(report: &CaseReport) -> String {
    let mut out = String::new();
    for case in report.cases.iter().filter(|c| !c.pass) {
        out.push_str(&format!("\n✗ {} ({:?})", case.name, case.call));
        for m in &case.mismatches {
            out.push_str(&format!(
                "\n    at {:?}: expected {}, got {}",
                m.path, m.expected, m.actual
            ));
        }
        if let Some(e) = &case.error {
            out.push_str(&format!(
                "\n    error {} at {:?}: {}",
                e.code.as_str(),
                e.path,
                e.message
            ));
        }
    }
    out
}

fn schedule_codes() -> Vec<String> {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(RULES).unwrap()).unwrap();
    doc["fees"]["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_default_case_passes() {
    let text = cases_text();
    let report = run(&text);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let count = doc["cases"].as_array().unwrap().len();
    assert!(count >= 100, "rules/default.cases.json holds {count} cases");
    assert_eq!(report.cases.len(), count);
    assert_eq!(
        (
            report.rule_set.id.as_str(),
            report.rule_set.version.as_str()
        ),
        ("default", "2026.1")
    );
    assert!(
        report.failed == 0,
        "{} of {count} cases fail:{}",
        report.failed,
        failures(&report)
    );
    assert_eq!(report.passed as usize, count);

    let mut names = HashSet::new();
    for case in &report.cases {
        assert!(
            names.insert(case.name.as_str()),
            "case name used twice: {}",
            case.name
        );
    }
}

#[test]
fn the_default_cases_cover_the_whole_rule_set() {
    let coverage = run(&cases_text()).coverage;
    let tables: Vec<(&str, usize, usize, &[String])> = coverage
        .tables
        .iter()
        .map(|t| (t.table.as_str(), t.rows, t.covered, t.uncovered.as_slice()))
        .collect();
    let none: &[String] = &[];
    assert_eq!(
        tables,
        [
            ("classify", CLASSIFY_ROWS, CLASSIFY_ROWS, none),
            ("free-of-charge", FREE_ROWS, FREE_ROWS, none),
        ]
    );
    assert!(
        coverage.targets.uncovered.is_empty(),
        "SLA targets no case applies to: {:?}",
        coverage.targets.uncovered
    );
    assert_eq!(
        (coverage.targets.targets, coverage.targets.covered),
        (TARGETS, TARGETS)
    );
    assert!(
        coverage.items.uncovered.is_empty(),
        "schedule items no case prices: {:?}",
        coverage.items.uncovered
    );
    assert_eq!(
        (coverage.items.items, coverage.items.covered),
        (ITEMS, ITEMS)
    );
    assert_eq!(coverage.percent.as_deref(), Some("100.0"));
}

/// The file exercises every call, and the error cases include the codes a product team most
/// often meets.
#[test]
fn the_default_cases_exercise_every_call_and_the_common_errors() {
    let report = run(&cases_text());
    let mut by_call: BTreeMap<String, usize> = BTreeMap::new();
    for case in &report.cases {
        let call = serde_json::to_value(case.call).unwrap();
        *by_call
            .entry(call.as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for (call, at_least) in [
        ("classify", CLASSIFY_ROWS),
        ("decide", 1),
        ("deadlines", 10),
        ("quote", 14),
        ("follow_ups", 2),
        ("kpi", 1),
    ] {
        let n = by_call.get(call).copied().unwrap_or(0);
        assert!(
            n >= at_least,
            "{n} {call} cases, expected at least {at_least}: {by_call:?}"
        );
    }

    let doc: Value = serde_json::from_str(&cases_text()).unwrap();
    let codes: HashSet<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["error"]["code"].as_str())
        .collect();
    for code in [
        "type_mismatch",
        "unknown_item",
        "out_of_range",
        "invalid_money",
    ] {
        assert!(codes.contains(code), "no case expects {code}");
    }
}

/// A wrong priority, an error that does not occur and a wrong row are each reported at their
/// JSON pointer; the one correct case passes and nothing else is reported.
#[test]
fn a_wrong_case_file_reports_exactly_its_failures() {
    let text = json!({
        "$schema": "./cases.schema.json",
        "cases": [
            {
                "name": "right: 水管爆裂 is pipe-burst",
                "ticket": { "kind": "repair", "area": "indoor", "system": "water", "description": "厨房水管爆裂" },
                "row": "pipe-burst",
                "expect": { "priority": "emergency" }
            },
            {
                "name": "wrong priority: 滴水 is routine, not emergency",
                "ticket": { "kind": "repair", "area": "indoor", "system": "water", "description": "厨房水龙头一直滴水" },
                "expect": { "priority": "emergency", "rank": 2 }
            },
            {
                "name": "an error that does not occur: PLMB-01 is on the schedule",
                "call": "quote",
                "now": "2026-06-01T09:12:00+08:00",
                "ticket": { "kind": "repair", "area": "indoor", "created": "2026-03-02T09:10:00+08:00",
                            "completed": "2026-03-02T11:00:00+08:00", "lines": [ { "code": "PLMB-01", "quantity": 1 } ] },
                "error": { "code": "unknown_item", "path": "/lines/0/code" }
            },
            {
                "name": "wrong row: 滴水 fires leak",
                "ticket": { "kind": "repair", "area": "indoor", "system": "water", "description": "厨房水龙头一直滴水" },
                "row": "pipe-burst",
                "expect": { "priority": "routine" }
            }
        ]
    })
    .to_string();
    let report = run(&text);
    assert_eq!(
        (report.passed, report.failed),
        (1, 3),
        "{}",
        failures(&report)
    );
    let failing: Vec<&str> = report
        .cases
        .iter()
        .filter(|c| !c.pass)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        failing,
        [
            "wrong priority: 滴水 is routine, not emergency",
            "an error that does not occur: PLMB-01 is on the schedule",
            "wrong row: 滴水 fires leak",
        ]
    );
    assert!(report.cases.iter().all(|c| c.error.is_none()));
    assert!(report.cases[0].mismatches.is_empty());

    // Only the wrong key is reported: `rank: 2` is right.
    let wrong_priority = &report.cases[1];
    assert_eq!(wrong_priority.call, Call::Classify);
    let diffs: Vec<(&str, &Value, &Value)> = wrong_priority
        .mismatches
        .iter()
        .map(|m| (m.path.as_str(), &m.expected, &m.actual))
        .collect();
    assert_eq!(
        diffs,
        [("/priority", &json!("emergency"), &json!("routine"))]
    );

    // The expected error is reported at the root, with the result that came instead.
    let no_error = &report.cases[2];
    assert_eq!(no_error.call, Call::Quote);
    assert_eq!(no_error.mismatches.len(), 1);
    let m = &no_error.mismatches[0];
    assert_eq!(m.path, "");
    assert_eq!(
        m.expected,
        json!({ "error": "unknown_item", "path": "/lines/0/code" })
    );
    assert_eq!(m.actual["status"], "priced");
    assert_eq!(m.actual["total"]["text"], "45.00");

    // The wrong row is reported at /rule with the row that fired; the priority matched.
    let wrong_row = &report.cases[3];
    let diffs: Vec<(&str, &Value, &Value)> = wrong_row
        .mismatches
        .iter()
        .map(|m| (m.path.as_str(), &m.expected, &m.actual))
        .collect();
    assert_eq!(diffs, [("/rule", &json!("pipe-burst"), &json!("leak"))]);
}

/// Only quote cases price schedule items: without them all 58 codes are uncovered, in schedule
/// order, while rows and targets stay covered (the free-of-charge row by its decide case).
#[test]
fn without_the_quote_cases_every_schedule_item_is_uncovered() {
    let mut doc: Value = serde_json::from_str(&cases_text()).unwrap();
    let cases = doc["cases"].as_array_mut().unwrap();
    let before = cases.len();
    cases.retain(|c| c["call"] != "quote");
    assert!(cases.len() < before, "the file has quote cases");
    let report = run(&doc.to_string());
    assert_eq!(report.failed, 0, "{}", failures(&report));

    let coverage = report.coverage;
    let codes = schedule_codes();
    assert_eq!(codes.len(), ITEMS);
    assert_eq!(coverage.items.uncovered, codes);
    assert_eq!((coverage.items.items, coverage.items.covered), (ITEMS, 0));
    assert!(coverage.tables.iter().all(|t| t.uncovered.is_empty()));
    assert!(coverage.targets.uncovered.is_empty());
    // 26 + 1 rows and 16 targets of 101 things: 43 / 101 = 42.57… → "42.6".
    assert_eq!(coverage.percent.as_deref(), Some("42.6"));
}

/// Keys a case's call does not use are refused with their path, so a mistake cannot hide.
#[test]
fn keys_a_call_does_not_use_are_refused() {
    let engine =
        slafee::Engine::from_json(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    let refused = |case: serde_json::Value| {
        let e = engine
            .run_cases(&serde_json::json!({ "cases": [case] }).to_string())
            .unwrap_err();
        (e.code, e.path)
    };
    let ticket = serde_json::json!({ "kind": "repair", "description": "x" });
    for (case, path) in [
        (
            serde_json::json!({ "name": "a", "call": "quote", "ticket": ticket, "now": "2026-03-02T09:00:00+08:00", "row": "x" }),
            "/cases/0/row",
        ),
        (
            serde_json::json!({ "name": "b", "ticket": ticket, "expect": { "priority": "low" }, "error": { "code": "no_match" } }),
            "/cases/0/expect",
        ),
        (
            serde_json::json!({ "name": "c", "ticket": ticket, "now": "2026-03-02T09:00:00+08:00" }),
            "/cases/0/now",
        ),
        (
            serde_json::json!({ "name": "d", "call": "kpi", "ticket": ticket, "records": [], "now": "2026-03-02T09:00:00+08:00" }),
            "/cases/0/ticket",
        ),
        (
            serde_json::json!({ "name": "e", "call": "deadlines", "ticket": ticket, "now": "2026-03-02T09:00:00+08:00", "table": "t" }),
            "/cases/0/table",
        ),
    ] {
        assert_eq!(
            refused(case),
            (slafee::ErrorCode::UnknownKey, path.to_owned())
        );
    }
}
