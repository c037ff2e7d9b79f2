//! Shared decision-table cases (`tests/fixtures/tables/*.json`), run through the Rust API.
//! The same files run through the wasm package in `tests/node/table_cases.test.mjs`, so native
//! and Node results are held to one set of expectations.
//!
//! A file is `{ "about": "…", "rules": <rule set> | [<rule set>, …], "cases": [ … ] }`. With several
//! rule sets, the first is loaded with `Engine::from_json` and the others are added with
//! `Engine::add_json` (rule-set versions). A case is
//! `{ "name", "table"?, "ticket", "trace"?, "expect" | "error", "absent"? }`:
//! - no `table` classifies the ticket; a `table` decides that named table;
//! - `expect` is a subset of the JSON-serialized result: every key of an expected object must be
//!   present and match recursively; an expected array must have the actual array's length and
//!   match element by element; numbers compare by value (`2` equals `2.0`);
//! - `error` is `{ "code", "path" }`: the call must fail with exactly that code and JSON pointer;
//! - `absent` lists top-level keys the result must not have (e.g. `trace` when none was asked).

use serde_json::{Map, Value};
use slafee::{Engine, Options};
use std::path::{Path, PathBuf};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tables");
const FILE_KEYS: &[&str] = &["about", "rules", "cases"];
const CASE_KEYS: &[&str] = &[
    "name", "table", "ticket", "trace", "expect", "error", "absent",
];

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap_or_else(|e| panic!("cannot read {DIR}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// `None` when `expected` is a subset of `actual`; otherwise where and how they differ.
fn subset_mismatch(expected: &Value, actual: &Value, at: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => want.iter().find_map(|(key, value)| {
            let here = format!("{at}/{key}");
            match got.get(key) {
                None => Some(format!("{here}: missing (expected {value})")),
                Some(actual) => subset_mismatch(value, actual, &here),
            }
        }),
        (Value::Array(want), Value::Array(got)) => {
            if want.len() != got.len() {
                return Some(format!(
                    "{at}: expected {} elements, got {}",
                    want.len(),
                    got.len()
                ));
            }
            want.iter()
                .zip(got)
                .enumerate()
                .find_map(|(i, (w, g))| subset_mismatch(w, g, &format!("{at}/{i}")))
        }
        (Value::Number(want), Value::Number(got)) if want.as_f64() == got.as_f64() => None,
        (want, got) if want == got => None,
        (want, got) => Some(format!("{at}: expected {want}, got {got}")),
    }
}

/// Loads a file's rule sets into one engine.
fn engine_for(rules: &Value) -> Result<Engine, String> {
    let docs: Vec<&Value> = match rules {
        Value::Array(docs) => docs.iter().collect(),
        doc => vec![doc],
    };
    let (first, rest) = docs
        .split_first()
        .ok_or("\"rules\" is an empty list".to_owned())?;
    let mut engine = Engine::from_json(&first.to_string())
        .map_err(|e| format!("rule set 0 does not load: {}", json(&e)))?;
    for (i, doc) in rest.iter().enumerate() {
        engine
            .add_json(&doc.to_string())
            .map_err(|e| format!("rule set {} does not load: {}", i + 1, json(&e)))?;
    }
    Ok(engine)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// Runs one case; `Err` explains the failure.
fn run_case(engine: &Engine, case: &Map<String, Value>) -> Result<(), String> {
    if let Some(key) = case.keys().find(|k| !CASE_KEYS.contains(&k.as_str())) {
        return Err(format!(
            "unknown case key \"{key}\" (allowed: {CASE_KEYS:?})"
        ));
    }
    let ticket = case.get("ticket").ok_or("the case has no \"ticket\"")?;
    let options = Options {
        trace: case.get("trace").and_then(Value::as_bool).unwrap_or(false),
    };
    let result = match case.get("table") {
        None => engine
            .classify_with(ticket, options)
            .map(|r| serde_json::to_value(r).unwrap()),
        Some(Value::String(table)) => engine
            .decide(table, ticket, options)
            .map(|r| serde_json::to_value(r).unwrap()),
        Some(other) => return Err(format!("\"table\" must be text, got {other}")),
    };
    match (case.get("expect"), case.get("error"), result) {
        (Some(_), Some(_), _) | (None, None, _) => {
            Err("a case has exactly one of \"expect\" and \"error\"".to_owned())
        }
        (Some(expected), None, Ok(actual)) => {
            if let Some(diff) = subset_mismatch(expected, &actual, "") {
                return Err(format!(
                    "{diff}\n  expected (subset): {}\n  actual: {}",
                    json(expected),
                    json(&actual)
                ));
            }
            let absent = case.get("absent").and_then(Value::as_array);
            if let Some(key) = absent
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .find(|key| actual.get(key).is_some())
            {
                return Err(format!(
                    "\"{key}\" must be absent\n  actual: {}",
                    json(&actual)
                ));
            }
            Ok(())
        }
        (Some(expected), None, Err(error)) => Err(format!(
            "expected a result, got an error\n  expected (subset): {}\n  actual error: {}",
            json(expected),
            json(&error)
        )),
        (None, Some(expected), Ok(actual)) => Err(format!(
            "expected error {expected}, got a result\n  actual: {}",
            json(&actual)
        )),
        (None, Some(expected), Err(error)) => {
            let keys: Vec<&str> = expected
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            if keys != ["code", "path"] {
                return Err("\"error\" must give exactly \"code\" and \"path\"".to_owned());
            }
            let actual = serde_json::json!({ "code": error.code.as_str(), "path": error.path });
            if *expected == actual {
                Ok(())
            } else {
                Err(format!(
                    "expected error {expected}, got {actual}\n  actual error: {}",
                    json(&error)
                ))
            }
        }
    }
}

#[test]
fn table_cases() {
    let files = fixture_files();
    assert!(files.len() >= 10, "expected the table fixtures in {DIR}");
    let mut failures = Vec::new();
    let mut run = 0;
    for path in &files {
        let name = file_name(path);
        let text = std::fs::read_to_string(path).unwrap();
        let fixture: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid JSON: {e}"));
        let fixture = fixture
            .as_object()
            .unwrap_or_else(|| panic!("{name}: a fixture is a JSON object"));
        if let Some(key) = fixture.keys().find(|k| !FILE_KEYS.contains(&k.as_str())) {
            panic!("{name}: unknown key \"{key}\" (allowed: {FILE_KEYS:?})");
        }
        let cases = fixture
            .get("cases")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{name}: \"cases\" must be a list"));
        assert!(!cases.is_empty(), "{name}: no cases");
        let engine = match engine_for(&fixture["rules"]) {
            Ok(engine) => engine,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut names = std::collections::HashSet::new();
        for case in cases {
            let case = case
                .as_object()
                .unwrap_or_else(|| panic!("{name}: a case is a JSON object"));
            let case_name = case
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{name}: every case has a text \"name\""));
            assert!(
                names.insert(case_name.to_owned()),
                "{name}: two cases are named \"{case_name}\""
            );
            run += 1;
            if let Err(why) = run_case(&engine, case) {
                failures.push(format!("{name} › {case_name}: {why}"));
            }
        }
    }
    eprintln!(
        "table cases: {run} cases in {} files, {} failed",
        files.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {run} table cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn subset_matching_rules() {
    use serde_json::json;
    let actual = json!({ "a": [1, { "b": 2, "c": 3 }], "n": 2.0, "s": null });
    assert_eq!(subset_mismatch(&json!({}), &actual, ""), None);
    assert_eq!(
        subset_mismatch(&json!({ "a": [1, { "c": 3 }], "n": 2 }), &actual, ""),
        None
    );
    assert_eq!(subset_mismatch(&json!({ "s": null }), &actual, ""), None);
    assert!(subset_mismatch(&json!({ "a": [1] }), &actual, "").is_some());
    assert!(subset_mismatch(&json!({ "a": [1, { "b": 3 }] }), &actual, "").is_some());
    assert!(subset_mismatch(&json!({ "x": null }), &actual, "").is_some());
    assert!(subset_mismatch(&json!({ "n": "2" }), &actual, "").is_some());
}
