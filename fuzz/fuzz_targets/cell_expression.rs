//! Decision-table cell text. Cells are only reachable through a rule set, so the bytes become the
//! one cell of a one-row named table (`x` untyped, or typed text / number / boolean when the first
//! byte is 1, 2 or 3). Checks: no panic; when the cell loads, deciding is the same twice for a
//! set of probe values (including the numbers and the text written in the cell); `not(cell)`,
//! when it loads too, matches exactly where the cell does not; lint findings replay as cases.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use slafee::{Engine, Options};
use slafee_fuzz::{lint_and_replay, twice};

fn engine(cell: &str, column: &Value) -> Option<Engine> {
    let rules = json!({
        "id": "cells", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [ { "id": "routine", "rank": 1, "label": { "zh": "常规" } } ],
        "classify": { "hit_policy": "first", "inputs": [],
                      "rules": [ { "id": "all", "then": { "priority": "routine" } } ] },
        "tables": { "t": { "hit_policy": "first", "inputs": [column], "outputs": ["hit"],
                           "default": { "hit": false },
                           "rules": [ { "id": "r", "when": { "x": cell }, "then": { "hit": true } } ] } }
    });
    Engine::from_json(&rules.to_string()).ok()
}

/// Values to test the cell with: fixed probes, the cell's own text, and every number in it
/// (exactly, and just either side).
fn probes(cell: &str) -> Vec<Option<Value>> {
    let mut values: Vec<Option<Value>> = [
        json!("water"),
        json!(""),
        json!("燃气泄漏"),
        json!(0),
        json!(3),
        json!(-1.5),
        json!(10),
        json!(1e300),
        json!(true),
        json!(false),
        Value::Null,
    ]
    .into_iter()
    .map(Some)
    .collect();
    values.push(None);
    values.push(Some(json!(cell)));
    values.push(Some(json!(cell.trim_matches('"'))));
    let numbers = cell
        .split(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .filter_map(|s| s.parse::<f64>().ok())
        .filter(|n| n.is_finite())
        .take(4);
    for n in numbers {
        for v in [n, n - 0.5, n + 0.5] {
            values.push(Some(json!(v)));
        }
    }
    values
}

fn ticket(value: &Option<Value>) -> Value {
    match value {
        Some(v) => json!({ "x": v }),
        None => json!({}),
    }
}

fuzz_target!(|data: &[u8]| {
    let (column, text) = match data.first() {
        Some(1) => (json!({ "field": "x", "type": "text" }), &data[1..]),
        Some(2) => (json!({ "field": "x", "type": "number" }), &data[1..]),
        Some(3) => (json!({ "field": "x", "type": "boolean" }), &data[1..]),
        _ => (json!("x"), data),
    };
    let cell = String::from_utf8_lossy(text);
    let Some(positive) = engine(&cell, &column) else {
        return;
    };
    let negative = engine(&format!("not({cell})"), &column);
    for value in probes(&cell) {
        let ticket = ticket(&value);
        let hit = |engine: &Engine| {
            twice("decide", || {
                engine.decide("t", &ticket, Options { trace: true })
            })
            .ok()
            .map(|d| d.rules.iter().any(|r| r == "r"))
        };
        let matched = hit(&positive);
        if let (Some(matched), Some(negated)) = (matched, negative.as_ref().and_then(hit)) {
            assert_ne!(
                matched, negated,
                "cell {cell:?} and not({cell}) agree on {ticket}"
            );
        }
    }
    lint_and_replay(&positive);
});
