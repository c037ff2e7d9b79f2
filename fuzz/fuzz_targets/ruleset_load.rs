//! Arbitrary bytes as rule-set JSON text. NUL bytes split the text into the parts of one split
//! rule set (at most four). Checks: loading never panics, fails only as `invalid_rule_set` with
//! at least one located problem, gives the same answer twice; a loaded rule set classifies,
//! times and prices sample tickets deterministically, refuses to be added to its own book (the
//! book unchanged), and — when small — lints with findings whose cases pass.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use slafee::{Engine, ErrorCode, Options};
use slafee_fuzz::{NOW, check_twice, lint_and_replay, outcome, twice};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts: Vec<&str> = text.splitn(4, '\0').collect();
    let engine = match twice("load", || Engine::from_parts(&parts).map(|e| e.rule_sets())) {
        Ok(_) => Engine::from_parts(&parts).expect("loaded once, loads again"),
        Err(error) => {
            assert_eq!(error.code, ErrorCode::InvalidRuleSet, "{error:?}");
            assert!(!error.problems.is_empty(), "no problem located: {error:?}");
            return;
        }
    };
    let tickets = [
        json!({}),
        json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "厨房水管爆裂",
                "created": "2026-03-02T09:15:00+08:00", "households_affected": 3, "hazard": true,
                "events": [ { "type": "responded", "at": "2026-03-02T09:20:00+08:00" } ] }),
        json!({ "kind": "complaint", "area": "common", "system": "gas", "created": "2025-01-01T00:00:00Z",
                "lines": [ { "description": "换锁", "labor": "20.00", "accepted": true } ] }),
    ];
    for ticket in &tickets {
        check_twice("classify", || {
            engine.classify_with(ticket, Options { trace: true })
        });
        check_twice("deadlines", || engine.deadlines(ticket, NOW));
        check_twice("quote", || engine.quote(ticket, NOW));
    }
    // Every named table, by the names the text gives.
    let names: Vec<String> = parts
        .iter()
        .filter_map(|p| serde_json::from_str::<Value>(p).ok())
        .filter_map(|v| {
            v.get("tables")?
                .as_object()
                .map(|t| t.keys().cloned().collect::<Vec<_>>())
        })
        .flatten()
        .collect();
    for name in &names {
        for ticket in &tickets {
            check_twice("decide", || {
                engine.decide(name, ticket, Options { trace: true })
            });
        }
    }
    // The same version again is ambiguous, and a failed add leaves the book as it was.
    let mut book = engine.clone();
    let before = book.rule_sets();
    let again = book.add_parts(&parts);
    assert_eq!(
        again.as_ref().map_err(|e| e.code),
        Err(ErrorCode::DuplicateVersion),
        "{}",
        outcome(&again)
    );
    assert_eq!(book.rule_sets(), before);
    if data.len() <= 8 * 1024 {
        lint_and_replay(&engine);
    }
});
