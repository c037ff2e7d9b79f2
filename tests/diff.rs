//! Version diffs: two versions of the default rule set that differ in one row and one price list
//! exactly the sample tickets and orders those changes affect.

use serde_json::{Value, json};
use slafee::Engine;

fn default_rules() -> Value {
    serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap()
}

fn samples() -> Vec<Value> {
    ["examples/tickets.ndjson", "examples/orders.ndjson"]
        .iter()
        .flat_map(|path| {
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

const NOW: &str = "2026-06-01T09:12:00+08:00";

#[test]
fn one_row_and_one_price_change_exactly_the_affected_samples() {
    let before_rules = default_rules();
    let mut after_rules = before_rules.clone();
    after_rules["version"] = json!("2026.2");
    // Elevator faults become emergencies; a tap's labor goes from 10 to 12.
    let rows = after_rules["classify"]["rules"].as_array_mut().unwrap();
    let elevator = rows
        .iter_mut()
        .find(|r| r["id"] == "elevator-fault")
        .unwrap();
    elevator["then"]["priority"] = json!("emergency");
    let items = after_rules["fees"]["schedule"].as_array_mut().unwrap();
    items.iter_mut().find(|i| i["code"] == "PLMB-01").unwrap()["labor"] = json!("12.00");
    let before = Engine::from_json(&before_rules.to_string()).unwrap();
    let after = Engine::from_json(&after_rules.to_string()).unwrap();
    let samples = samples();
    let report = before.diff(&after, Some(&samples), NOW).unwrap();
    let changed: Vec<(&str, Vec<&str>)> = report
        .changed
        .iter()
        .map(|t| {
            (
                t.id.as_ref().unwrap().as_str().unwrap(),
                t.changes.iter().map(|c| c.what).collect(),
            )
        })
        .collect();
    // T017 (elevator fault) changes priority; T002 (entrapment) was already an emergency by
    // an earlier row. W001 (one tap) and W002 (two taps, resident's own) change total.
    assert_eq!(
        changed,
        [
            ("T017", vec!["priority"]),
            ("W001", vec!["total"]),
            ("W002", vec!["total"])
        ]
    );
    let t017 = &report.changed[0].changes[0];
    assert_eq!(
        (&t017.before, &t017.after),
        (&json!("routine"), &json!("emergency"))
    );
    let w001 = &report.changed[1].changes[0];
    assert_eq!(
        (&w001.before, &w001.after),
        (&json!("45.00"), &json!("47.00"))
    );
    assert_eq!(report.tickets, samples.len());
    // The same rule set changes nothing.
    assert!(
        before
            .diff(&before, Some(&samples), NOW)
            .unwrap()
            .changed
            .is_empty()
    );
}

#[test]
fn deadlines_and_states_are_compared_for_tickets_with_a_creation_time() {
    let before_rules = default_rules();
    let mut after_rules = before_rules.clone();
    let respond = after_rules["sla"]["routine"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["id"] == "respond")
        .unwrap();
    respond["within"] = json!("2h");
    let before = Engine::from_json(&before_rules.to_string()).unwrap();
    let after = Engine::from_json(&after_rules.to_string()).unwrap();
    let ticket = json!({ "id": "X", "kind": "repair", "area": "indoor", "system": "water", "description": "水龙头滴水",
                         "created": "2026-06-01T08:00:00+08:00" });
    let report = before.diff(&after, Some(&[ticket]), NOW).unwrap();
    let changes: Vec<(&str, Option<&str>, &Value, &Value)> = report.changed[0]
        .changes
        .iter()
        .map(|c| (c.what, c.target.as_deref(), &c.before, &c.after))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "deadline",
                Some("respond"),
                &json!("2026-06-01T09:00:00+08:00"),
                &json!("2026-06-01T10:00:00+08:00")
            ),
            (
                "state",
                Some("respond"),
                &json!("breached"),
                &json!("running")
            ),
        ]
    );
}

#[test]
fn without_tickets_the_witnesses_of_both_versions_are_compared() {
    let before_rules = default_rules();
    let mut after_rules = before_rules.clone();
    let rows = after_rules["classify"]["rules"].as_array_mut().unwrap();
    rows.iter_mut()
        .find(|r| r["id"] == "elevator-fault")
        .unwrap()["then"]["priority"] = json!("emergency");
    let before = Engine::from_json(&before_rules.to_string()).unwrap();
    let after = Engine::from_json(&after_rules.to_string()).unwrap();
    let report = before.diff(&after, None, NOW).unwrap();
    assert!(report.witnesses);
    assert!(report.tickets >= before_rules["classify"]["rules"].as_array().unwrap().len());
    assert_eq!(report.changed.len(), 1, "{:?}", report.changed);
    let witness = report.changed[0].ticket.as_ref().unwrap();
    assert_eq!(witness["system"], "elevator");
    assert_eq!(after.classify(witness).unwrap().priority, "emergency");
}

#[test]
fn each_witness_is_decided_by_its_own_row() {
    // `leak` comes after `flooding`, whose substrings overlap it: its witness must still fire it.
    let before_rules = default_rules();
    let mut after_rules = before_rules.clone();
    let rows = after_rules["classify"]["rules"].as_array_mut().unwrap();
    rows.iter_mut().find(|r| r["id"] == "leak").unwrap()["then"]["priority"] = json!("emergency");
    let before = Engine::from_json(&before_rules.to_string()).unwrap();
    let after = Engine::from_json(&after_rules.to_string()).unwrap();
    let report = before.diff(&after, None, NOW).unwrap();
    assert_eq!(report.changed.len(), 1, "{:?}", report.changed);
    let witness = report.changed[0].ticket.as_ref().unwrap();
    assert_eq!(before.classify(witness).unwrap().rule, Some("leak"));
}
