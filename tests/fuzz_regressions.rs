//! Inputs the fuzz targets (`fuzz/`) found that broke the engine, each pinned after its fix.

use serde_json::{Value, json};
use slafee::Engine;
use std::sync::mpsc;
use std::time::Duration;

/// A rule set whose named table `t` has one row with `cell` in column `x`.
fn one_cell(cell: &str, column: Value) -> Engine {
    let rules = json!({
        "id": "cells", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [ { "id": "routine", "rank": 1, "label": { "zh": "常规" } } ],
        "classify": { "hit_policy": "first", "inputs": [],
                      "rules": [ { "id": "all", "then": { "priority": "routine" } } ] },
        "tables": { "t": { "hit_policy": "first", "inputs": [column], "outputs": ["hit"],
                           "default": { "hit": false },
                           "rules": [ { "id": "r", "when": { "x": cell }, "then": { "hit": true } } ] } }
    });
    Engine::from_json(&rules.to_string())
        .unwrap_or_else(|e| panic!("{cell:?} does not load: {e:?}"))
}

/// Runs `f` on another thread and fails if it has not answered within `seconds`.
fn within<T: Send + 'static>(
    seconds: u64,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("{what} did not finish within {seconds} s"))
}

/// cell_expression: lint looks for a text that none of a column's texts is a substring of (the
/// witness of "none of the above"). With the empty text `""` among them, or a needle that is in
/// every candidate it tried (`（其他0）`, `（其他1）`, …) such as "其他", it looped forever.
#[test]
fn lint_of_a_text_in_every_candidate_finishes() {
    for cell in [
        "\"\"",
        "contains(\"\")",
        "not(\"\")",
        "contains(\"其他\")",
        "\"a\",contains(\"）\")",
    ] {
        let engine = one_cell(cell, json!("x"));
        let report = within(20, &format!("lint of {cell}"), move || engine.lint());
        assert!(report.is_ok(), "{cell}: {report:?}");
    }
}

/// money: an amount with many leading zeros was refused as "larger than the largest amount
/// accepted" (its text was longer than 12 digits), though it is a small amount.
#[test]
fn leading_zeros_do_not_make_an_amount_too_large() {
    let text = std::fs::read_to_string("tests/fixtures/fees/fees-2026.json").unwrap();
    let engine = Engine::from_json(&text).unwrap();
    for (entered, fen) in [
        ("0000000000001.50", 150),
        ("00000000000000000000001228788583", 122_878_858_300),
    ] {
        let order = json!({ "created": "2026-01-01T00:00:00+08:00", "completed": "2026-03-02T15:00:00+08:00",
                            "area": "indoor", "lines": [ { "code": "EXTRAE", "material_cost": entered } ] });
        let receipt = engine
            .quote(&order, "2026-03-02T12:00:00+08:00")
            .unwrap_or_else(|e| panic!("{entered}: {e:?}"));
        assert_eq!(
            receipt.lines[0].material.map(|m| m.fen()),
            Some(fen),
            "{entered}"
        );
    }
    // Still refused: more than 12 significant digits.
    let order = json!({ "created": "2026-01-01T00:00:00+08:00", "completed": "2026-03-02T15:00:00+08:00",
                        "area": "indoor", "lines": [ { "code": "EXTRAE", "material_cost": "0001000000000000" } ] });
    assert!(engine.quote(&order, "2026-03-02T12:00:00+08:00").is_err());
}
