//! Table verification: tables built to contain each kind of finding produce it, with a witness
//! that — evaluated — demonstrates it, and a case that pins it; clean tables produce none.

use serde_json::{Value, json};
use slafee::{Engine, ErrorCode, Severity};

/// A rule set with the given named tables (the classification table is a clean catch-all).
fn rule_set(tables: Value) -> Value {
    json!({
        "id": "lint", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [{ "id": "routine", "rank": 1, "label": { "zh": "常规" } }],
        "classify": { "hit_policy": "first", "inputs": ["kind"], "rules": [{ "id": "all", "when": {}, "then": { "priority": "routine" } }] },
        "tables": tables,
        "sla": { "routine": [{ "id": "respond", "kind": "calendar", "within": "1h", "start": "created", "stop": "responded" }] }
    })
}

fn load(rules: &Value) -> Engine {
    Engine::from_json(&rules.to_string()).unwrap()
}

fn table(policy: &str, inputs: Value, rules: Value) -> Value {
    json!({ "hit_policy": policy, "inputs": inputs, "outputs": ["team"], "rules": rules })
}

/// (kind, rows, witness) of every finding.
fn findings(engine: &Engine) -> Vec<(String, Vec<String>, Value)> {
    engine
        .lint()
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.kind, f.rows, f.witness.unwrap_or(Value::Null)))
        .collect()
}

#[test]
fn a_gap_has_a_witness_that_no_row_matches() {
    let rules = rule_set(
        json!({ "dispatch": table("first", json!(["kind", { "field": "hazard", "type": "boolean" }]), json!([
        { "id": "hazard", "when": { "hazard": "true" }, "then": { "team": "安保" } },
        { "id": "repair", "when": { "kind": "\"repair\"" }, "then": { "team": "工程" } }
    ])) }),
    );
    let engine = load(&rules);
    let report = engine.lint().unwrap();
    assert_eq!(report.errors, 1);
    let gap = &report.findings[0];
    assert_eq!(
        (gap.kind.as_str(), gap.severity, gap.path.as_str()),
        ("gap", Severity::Error, "/tables/dispatch")
    );
    let witness = gap.witness.as_ref().unwrap();
    let e = engine
        .decide("dispatch", witness, Default::default())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoMatch, "witness {witness}");
    // With a default the same table has no gap.
    let mut with_default = rules.clone();
    with_default["tables"]["dispatch"]["default"] = json!({ "team": "客服" });
    assert!(findings(&load(&with_default)).is_empty());
}

#[test]
fn an_unreachable_row_is_shown_firing_an_earlier_one() {
    let rules = rule_set(
        json!({ "dispatch": json!({ "hit_policy": "first", "inputs": ["kind", "area"], "outputs": ["team"], "default": { "team": "客服" }, "rules": [
        { "id": "repair", "when": { "kind": "\"repair\",\"help\"" }, "then": { "team": "工程" } },
        { "id": "indoor-repair", "when": { "kind": "\"repair\"", "area": "\"indoor\"" }, "then": { "team": "维修" } },
        { "id": "complaint", "when": { "kind": "\"complaint\"" }, "then": { "team": "客服" } }
    ] }) }),
    );
    let engine = load(&rules);
    let found = findings(&engine);
    assert_eq!(found.len(), 1, "{found:?}");
    let (kind, rows, witness) = &found[0];
    assert_eq!(
        (kind.as_str(), rows.as_slice()),
        ("unreachable", &["indoor-repair".to_owned()][..])
    );
    let decision = engine
        .decide("dispatch", witness, Default::default())
        .unwrap();
    assert_eq!(decision.rules, ["repair"]);
    assert_eq!(witness["kind"], "repair");
}

#[test]
fn unique_overlaps_are_found_at_interval_bounds() {
    let rules = rule_set(
        json!({ "size": table("unique", json!([{ "field": "households_affected", "type": "number" }]), json!([
        { "id": "small", "when": { "households_affected": "[1..10]" }, "then": { "team": "工程" } },
        { "id": "large", "when": { "households_affected": ">= 10" }, "then": { "team": "经理" } },
        { "id": "none", "when": { "households_affected": "< 1,null" }, "then": { "team": "客服" } }
    ])) }),
    );
    let engine = load(&rules);
    let found = findings(&engine);
    assert_eq!(found.len(), 1, "{found:?}");
    let (kind, rows, witness) = &found[0];
    assert_eq!(
        (kind.as_str(), rows.clone()),
        ("overlap", vec!["small".to_owned(), "large".to_owned()])
    );
    assert_eq!(witness, &json!({ "households_affected": 10.0 }));
    let e = engine
        .decide("size", witness, Default::default())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UniqueViolation);
    // Half-open intervals that only touch do not overlap.
    let mut fixed = rules.clone();
    fixed["tables"]["size"]["rules"][0]["when"]["households_affected"] = json!("[1..10)");
    assert!(findings(&load(&fixed)).is_empty());
}

#[test]
fn any_conflicts_need_different_outputs() {
    let rows = |second_team: &str| {
        json!([
            { "id": "water", "when": { "system": "\"water\",\"drain\"" }, "then": { "team": "工程" } },
            { "id": "drain", "when": { "system": "\"drain\"" }, "then": { "team": second_team } },
            { "id": "other", "when": { "system": "not(\"water\",\"drain\")" }, "then": { "team": "客服" } }
        ])
    };
    let engine = load(&rule_set(
        json!({ "t": table("any", json!(["system"]), rows("管道")) }),
    ));
    let found = findings(&engine);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].2.clone()),
        ("conflict", json!({ "system": "drain" }))
    );
    assert_eq!(
        engine
            .decide("t", &found[0].2, Default::default())
            .unwrap_err()
            .code,
        ErrorCode::AnyConflict
    );
    // Same outputs: no conflict, but the narrower row is subsumed.
    let engine = load(&rule_set(
        json!({ "t": table("any", json!(["system"]), rows("工程")) }),
    ));
    let found = findings(&engine);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.clone()),
        ("subsumed", vec!["drain".to_owned(), "water".to_owned()])
    );
}

#[test]
fn contains_cells_are_verified_with_their_substrings() {
    let rules = rule_set(
        json!({ "t": json!({ "hit_policy": "first", "inputs": ["description"], "outputs": ["team"], "rules": [
        { "id": "leak", "when": { "description": "contains(\"漏水\",\"渗水\")" }, "then": { "team": "工程" } },
        { "id": "seep", "when": { "description": "contains(\"渗水\")" }, "then": { "team": "防水" } },
        { "id": "other", "when": {}, "then": { "team": "客服" } }
    ] }) }),
    );
    let engine = load(&rules);
    let found = findings(&engine);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.clone()),
        ("unreachable", vec!["seep".to_owned()])
    );
    assert_eq!(found[0].2, json!({ "description": "渗水" }));
}

#[test]
fn findings_become_cases_that_pass() {
    let rules = rule_set(
        json!({ "dispatch": table("first", json!(["kind", "area"]), json!([
        { "id": "repair", "when": { "kind": "\"repair\"" }, "then": { "team": "工程" } },
        { "id": "indoor-repair", "when": { "kind": "\"repair\"", "area": "\"indoor\"" }, "then": { "team": "维修" } }
    ])) }),
    );
    let engine = load(&rules);
    let report = engine.lint().unwrap();
    let cases: Vec<Value> = report
        .findings
        .iter()
        .filter_map(|f| f.case.clone())
        .collect();
    assert_eq!(cases.len(), 2, "{:?}", report.findings);
    let run = engine
        .run_cases(&json!({ "cases": cases }).to_string())
        .unwrap();
    assert_eq!(run.failed, 0, "{:?}", run.cases);
    // The gap's case expects the no-match error; the unreachable row's case pins the earlier row.
    assert!(cases.iter().any(|c| c["error"]["code"] == "no_match"));
    assert!(cases.iter().any(|c| c["row"] == "repair"));
}

#[test]
fn cross_section_checks() {
    let mut rules = rule_set(json!({}));
    rules["priorities"] = json!([{ "id": "routine", "rank": 1, "label": { "zh": "常规" } }, { "id": "low", "rank": 2, "label": { "zh": "低" } }]);
    rules["calendars"] = json!({ "office": { "week": { "mon-fri": ["09:00-18:00"] }, "covers": "2026-01-01..2026-06-30" } });
    rules["sla"]["routine"][0]["kind"] = json!("business");
    rules["sla"]["routine"][0]["calendar"] = json!("office");
    let report = load(&rules).lint().unwrap();
    let found: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.kind.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("calendar_too_short", "/sla/routine/0/calendar"),
            ("priority_without_targets", "/sla")
        ]
    );
    assert_eq!((report.errors, report.warnings), (1, 1));
}

#[test]
fn the_default_rule_set_is_clean() {
    let engine =
        Engine::from_json(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    let report = engine.lint().unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}
