//! The default rule set (`rules/default.json`) against the example tickets
//! (`examples/tickets.ndjson`): every ticket has a hand-written expectation — priority and the row
//! that must fire — so a change to the table that moves a ticket shows up here.

use serde_json::{Value, json};
use slafee::{Engine, ErrorCode};
use std::collections::HashSet;

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json");
const TICKETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tickets.ndjson");

/// (ticket id, priority, row that fires — `None` when the table's default applies).
const EXPECTED: &[(&str, &str, Option<&str>)] = &[
    ("T001", "emergency", Some("pipe-burst")), // 水管爆裂 wins over 水漫 (flooding): both emergency
    ("T002", "emergency", Some("elevator-entrapment")),
    ("T003", "routine", Some("common-facility-repair")), // "1203室" must not read as 120
    ("T004", "low", Some("enquiry")),
    ("T005", "routine", Some("drain-blockage")),
    ("T006", "emergency", Some("gas-leak")),
    ("T007", "emergency", Some("power-outage")),
    ("T008", "routine", Some("noise-disturbance")),
    ("T009", "emergency", Some("medical-emergency")),
    ("T010", "emergency", Some("water-outage")),
    ("T011", "emergency", Some("circuit-fault")),
    ("T012", "emergency", Some("electric-shock")),
    ("T013", "emergency", Some("fire")),
    ("T014", "emergency", Some("security-incident")),
    ("T015", "emergency", Some("natural-disaster")),
    ("T016", "routine", Some("leak")),
    ("T017", "routine", Some("elevator-fault")), // a fault with nobody trapped
    ("T018", "routine", Some("common-environment-complaint")),
    ("T019", "routine", Some("complaint")),
    ("T020", "low", Some("cleaning-greenery-suggestion")),
    ("T021", "low", Some("indoor-cleaning-greenery-service")),
    ("T022", "routine", Some("indoor-repair")),
    ("T023", "routine", Some("help-request")),
    ("T024", "emergency", Some("gas-leak")), // an enquiry that reports a leak
    ("T025", "low", Some("enquiry")),        // asking about a notified outage
    ("T026", "emergency", Some("flooding")),
    ("T027", "routine", Some("leak")), // a complaint about seepage from upstairs
    ("T028", "emergency", Some("security-incident")),
    ("T029", "routine", Some("common-facility-repair")),
    ("T030", "routine", Some("indoor-repair")),
    ("T031", "routine", Some("common-environment-complaint")),
    ("T032", "low", Some("enquiry")),
    // "打不着火" contains "着火": the fire row deliberately does not list 着火.
    ("T033", "routine", Some("indoor-repair")),
    ("T034", "routine", Some("common-facility-repair")), // electric, but no 跳闸/短路
    ("T035", "emergency", Some("hazard-flagged")),       // the clerk ticked 安全隐患
    ("T036", "emergency", Some("many-households")), // a complaint about 40 households without water pressure
    ("T037", "routine", Some("common-facility-repair")), // 4 households, hazard: false
];

fn rules_text() -> String {
    std::fs::read_to_string(RULES).unwrap()
}

fn engine() -> Engine {
    Engine::from_json(&rules_text()).expect("rules/default.json loads")
}

fn tickets() -> Vec<Value> {
    std::fs::read_to_string(TICKETS)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("examples/tickets.ndjson line {}: {e}", i + 1))
        })
        .collect()
}

fn rank_of(priority: &str) -> u32 {
    match priority {
        "emergency" => 1,
        "routine" => 2,
        "low" => 3,
        other => panic!("unexpected priority {other}"),
    }
}

#[test]
fn default_rule_set_loads() {
    let engine = engine();
    let got = engine.classify(&json!({})).unwrap();
    assert_eq!(got.rule_set.id, "default");
    assert_eq!(got.rule_set.version, "2026.1");
}

#[test]
fn every_example_ticket_gets_its_expected_priority_and_row() {
    let engine = engine();
    let tickets = tickets();
    assert_eq!(
        tickets.len(),
        EXPECTED.len(),
        "every ticket in examples/tickets.ndjson needs a line in EXPECTED (and no more)"
    );
    let mut failures = Vec::new();
    for (ticket, &(id, priority, rule)) in tickets.iter().zip(EXPECTED) {
        assert_eq!(ticket["id"], id, "EXPECTED is in the file's order");
        let got = engine
            .classify(ticket)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        if got.priority != priority || got.rule != rule {
            failures.push(format!(
                "{id} {}: expected {priority} by {rule:?}, got {} by {:?}",
                ticket["description"], got.priority, got.rule
            ));
            continue;
        }
        assert_eq!(got.rank, rank_of(priority), "{id}");
        assert_eq!(got.rule_set.id, "default", "{id}");
        assert_eq!(got.rule_set.version, "2026.1", "{id}");
        assert!(
            got.source.is_some(),
            "{id}: the fired row carries its source"
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn example_tickets_have_unique_ids_and_text_fields() {
    let mut seen = HashSet::new();
    for ticket in tickets() {
        let id = ticket["id"].as_str().unwrap().to_owned();
        for field in ["kind", "area", "system", "description"] {
            assert!(ticket[field].is_string(), "{id}: {field} must be text");
        }
        assert!(
            ticket.get("hazard").is_none_or(Value::is_boolean),
            "{id}: hazard is a flag"
        );
        assert!(
            ticket.get("households_affected").is_none_or(Value::is_u64),
            "{id}: households_affected is a count"
        );
        assert!(seen.insert(id.clone()), "{id} is used twice");
    }
}

#[test]
fn every_row_has_a_source_and_an_example_ticket() {
    let doc: Value = serde_json::from_str(&rules_text()).unwrap();
    let rows = doc["classify"]["rules"].as_array().unwrap();
    assert!(
        rows.len() >= 20,
        "the default table has {} rows",
        rows.len()
    );
    let exercised: HashSet<&str> = EXPECTED.iter().filter_map(|(_, _, rule)| *rule).collect();
    let mut ids = HashSet::new();
    for row in rows {
        let id = row["id"].as_str().unwrap();
        assert!(ids.insert(id), "row id {id} is used twice");
        let source = row["source"].as_str().unwrap_or("");
        assert!(
            source.starts_with("seeds/"),
            "row {id} needs a source naming its seed document, got {source:?}"
        );
        assert!(
            exercised.contains(id),
            "row {id} is not exercised by any ticket in examples/tickets.ndjson"
        );
    }
    // Every declared priority is reachable from some example.
    let reached: HashSet<&str> = EXPECTED.iter().map(|(_, p, _)| *p).collect();
    for p in doc["priorities"].as_array().unwrap() {
        let p = p["id"].as_str().unwrap();
        assert!(reached.contains(p), "no example ticket gets {p}");
    }
}

/// The seeds judge a ticket by what it reports, not by the box the clerk ticked: 荔園 報修規程 7
/// (遇到影響公共安全或生活秩序的緊急情況,立即啟動應急響應機制) and the 求助 categories e/f
/// (中毒, 火災, 水浸 …) are about the event. So the life-safety rows test only the description
/// and come before the `enquiry` row: an "enquiry" that says gas is leaking is an emergency.
#[test]
fn an_enquiry_that_reports_a_gas_leak_is_an_emergency() {
    let engine = engine();
    let ticket = json!({
        "kind": "enquiry", "area": "indoor", "system": "other",
        "description": "想问一下，厨房燃气泄漏了应该先关哪个阀门？"
    });
    let got = engine.classify(&ticket).unwrap();
    assert_eq!(got.priority, "emergency");
    assert_eq!(got.rule, Some("gas-leak"));
    assert_eq!(got.rank, 1);
    assert_eq!(got.label.zh, "紧急");
}

/// Supply outages (停水/停电) are emergencies when reported as a fault, but an enquiry about a
/// notified outage (咨询停水通知) is answered at once (荔園 求助規程 4.3) and stays low.
#[test]
fn an_enquiry_about_a_notified_outage_stays_an_enquiry() {
    let engine = engine();
    let asking = json!({
        "kind": "enquiry", "area": "common", "system": "electric",
        "description": "请问周六停电检修是几点到几点？"
    });
    let got = engine.classify(&asking).unwrap();
    assert_eq!((got.priority, got.rule), ("low", Some("enquiry")));

    let reporting = json!({
        "kind": "repair", "area": "indoor", "system": "electric",
        "description": "家里突然停电了"
    });
    let got = engine.classify(&reporting).unwrap();
    assert_eq!(
        (got.priority, got.rule),
        ("emergency", Some("power-outage"))
    );
}

#[test]
fn a_ticket_no_row_matches_falls_to_the_default() {
    let engine = engine();
    // A repair whose area the clerk has not filled in yet: the repair rows need an area, and
    // nothing in the description is urgent.
    let ticket =
        json!({ "kind": "repair", "system": "door_window", "description": "入户门锁坏了" });
    let got = engine.classify(&ticket).unwrap();
    assert_eq!(got.priority, "routine");
    assert_eq!(got.rule, None);
    assert_eq!(got.source, None);
    assert_eq!(got.rank, 2);

    let empty = engine.classify(&json!({})).unwrap();
    assert_eq!((empty.priority, empty.rule), ("routine", None));
}

/// A non-text `system` is an error (`type_mismatch` at `/system`), never a silent non-match.
/// Cells are tested in input order (kind, area, system, description) and, under first-hit, a
/// ticket reaches a row only if every earlier row failed. For these tickets nothing reaches a
/// decision before a row that compares `system`: rows 1–9 (life safety) test only the
/// description, `water-outage` / `power-outage` test kind and description, and the first rows
/// that compare `system` are `circuit-fault` (kind "repair","help", then system "electric") for
/// a repair and `elevator-fault` (system only) for a complaint, whose kind fails circuit-fault.
/// (The engine may equally check a column's type up front; either way these tickets error.)
#[test]
fn households_below_the_threshold_or_a_text_count_do_not_escalate_silently() {
    let engine = engine();
    let nine = json!({ "kind": "repair", "area": "common", "system": "water", "description": "水压低", "households_affected": 9 });
    assert_eq!(engine.classify(&nine).unwrap().priority, "routine");
    let ten = json!({ "kind": "repair", "area": "common", "system": "water", "description": "水压低", "households_affected": 10 });
    assert_eq!(engine.classify(&ten).unwrap().rule, Some("many-households"));
    let text = json!({ "kind": "repair", "households_affected": "十户" });
    let err = engine.classify(&text).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::TypeMismatch, "/households_affected")
    );
    let flag = json!({ "kind": "enquiry", "hazard": "yes" });
    let err = engine.classify(&flag).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::TypeMismatch, "/hazard")
    );
}

#[test]
fn a_numeric_system_is_a_type_mismatch() {
    let engine = engine();
    for ticket in [
        json!({ "kind": "repair", "area": "indoor", "system": 3, "description": "水龙头坏了" }),
        json!({ "kind": "complaint", "area": "common", "system": 3, "description": "没人管" }),
    ] {
        let err = engine.classify(&ticket).unwrap_err();
        assert_eq!(err.code, ErrorCode::TypeMismatch, "{ticket}: {err}");
        assert_eq!(err.path, "/system", "{ticket}: {err}");
    }
}

/// A rule file saved with a UTF-8 byte-order mark loads like one without.
#[test]
fn a_byte_order_mark_is_not_part_of_the_json() {
    let text = std::fs::read_to_string("rules/default.json").unwrap();
    let engine = slafee::Engine::from_json(&format!("\u{feff}{text}")).unwrap();
    assert_eq!(engine.rule_sets()[0].id, "default");
}
