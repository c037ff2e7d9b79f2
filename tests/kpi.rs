//! KPI runs against the default rule set, with hand-computed expectations: satisfaction strict
//! and lenient, timely rates from the SLA clocks, call-back windows at their exact boundaries,
//! time distributions, fee collection, grouping, empty groups and skipped records.

use serde_json::{Value, json};
use slafee::{Dimension, Engine, ErrorCode, KpiOptions};

const NOW: &str = "2026-04-10T12:00:00+08:00";

fn rules() -> Value {
    serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap()
}

fn engine_with(rules: &Value) -> Engine {
    Engine::from_json(&rules.to_string()).unwrap()
}

fn engine() -> Engine {
    engine_with(&rules())
}

fn run(engine: &Engine, records: &[Value], by: Vec<Dimension>) -> Value {
    let mut run = engine
        .kpi(&KpiOptions {
            now: NOW.into(),
            by,
        })
        .unwrap();
    for record in records {
        run.add(record);
    }
    serde_json::to_value(run.finish().unwrap()).unwrap()
}

/// A routine repair created at `created`.
fn repair(created: &str) -> Value {
    json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "水龙头滴水", "created": created })
}

fn threshold<'a>(group: &'a Value, id: &str) -> &'a Value {
    group["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no threshold {id}"))
}

#[test]
fn twenty_answers_lenient_passes_strict_fails() {
    let mut rules = rules();
    rules["kpi"]["thresholds"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "strict", "metric": "satisfaction_strict", "at_least": "90%" }));
    let engine = engine_with(&rules);
    let answers = [
        ("satisfied", 17),
        ("basically_satisfied", 2),
        ("unsatisfied", 1),
    ];
    let records: Vec<Value> = answers
        .iter()
        .flat_map(|(answer, n)| std::iter::repeat_n(*answer, *n))
        .map(|answer| {
            let mut r = repair("2026-03-02T09:00:00+08:00");
            r["survey"] = json!({ "answer": answer, "at": "2026-03-03T10:00:00+08:00" });
            r
        })
        .collect();
    let report = run(&engine, &records, vec![]);
    let overall = &report["overall"];
    assert_eq!(
        overall["metrics"]["satisfaction"],
        json!({ "numerator": 19, "denominator": 20, "percent": "95.0" })
    );
    assert_eq!(
        overall["metrics"]["satisfaction_strict"],
        json!({ "numerator": 17, "denominator": 20, "percent": "85.0" })
    );
    let lenient = threshold(overall, "satisfaction");
    assert_eq!(
        (
            lenient["value"].as_str(),
            lenient["verdict"].as_str(),
            lenient["target"].as_str()
        ),
        (Some("95.0%"), Some("pass"), Some("90%"))
    );
    let strict = threshold(overall, "strict");
    assert_eq!(
        (strict["value"].as_str(), strict["verdict"].as_str()),
        (Some("85.0%"), Some("fail"))
    );
    assert_eq!(
        strict["rate"],
        json!({ "numerator": 17, "denominator": 20, "percent": "85.0" })
    );
    // The unsatisfied answer owes a supervisor's revisit, overdue at NOW.
    assert_eq!(overall["metrics"]["revisits_owed"], 1);
    assert_eq!(overall["metrics"]["revisits_overdue"], 1);
}

#[test]
fn scores_map_onto_answers() {
    let engine = engine();
    let records: Vec<Value> = [5, 4, 3, 2]
        .iter()
        .map(|score| {
            let mut r = repair("2026-03-02T09:00:00+08:00");
            r["survey"] = json!({ "score": score, "at": "2026-04-10T10:00:00+08:00" });
            r
        })
        .collect();
    let report = run(&engine, &records, vec![]);
    assert_eq!(
        report["overall"]["metrics"]["satisfaction"]["percent"],
        "75.0"
    );
    assert_eq!(
        report["overall"]["metrics"]["satisfaction_strict"]["percent"],
        "50.0"
    );
    // Score 2 → unsatisfied: revisit owed within 24 h, not yet overdue.
    assert_eq!(report["overall"]["metrics"]["revisits_owed"], 1);
    assert_eq!(report["overall"]["metrics"]["revisits_overdue"], 0);
}

/// A complaint closed at 2026-04-01 10:00, with a call-back at `callback` (if any).
fn complaint(callback: Option<&str>, level: &str) -> Value {
    let mut r = json!({ "kind": "complaint", "area": "common", "system": "noise", "description": "楼上装修噪音",
        "complaint_level": level, "created": "2026-04-01T09:00:00+08:00",
        "events": [{ "type": "responded", "at": "2026-04-01T09:20:00+08:00" }, { "type": "closed", "at": "2026-04-01T10:00:00+08:00" }] });
    if let Some(at) = callback {
        r["callbacks"] = json!([{ "at": at, "by": "物业助理" }]);
    }
    r
}

fn callback_state(engine: &Engine, record: &Value, now: &str) -> (String, Option<String>) {
    let follow = serde_json::to_value(engine.follow_ups(record, now).unwrap()).unwrap();
    let first = &follow["callbacks"][0];
    (
        first["state"].as_str().unwrap().to_owned(),
        first["owner"].as_str().map(str::to_owned),
    )
}

#[test]
fn callback_windows_at_their_exact_boundaries() {
    let engine = engine();
    // Closed 2026-04-01 10:00; three days later is 2026-04-04 10:00.
    let on_time = complaint(Some("2026-04-04T10:00:00+08:00"), "general");
    let late = complaint(Some("2026-04-04T10:00:01+08:00"), "important");
    let none = complaint(None, "major");
    assert_eq!(
        callback_state(&engine, &on_time, NOW),
        ("done".into(), Some("物业助理".into()))
    );
    assert_eq!(
        callback_state(&engine, &late, NOW),
        ("done_late".into(), Some("部门主管".into()))
    );
    assert_eq!(
        callback_state(&engine, &none, "2026-04-04T10:00:00+08:00"),
        ("due".into(), Some("公司经理".into()))
    );
    assert_eq!(
        callback_state(&engine, &none, "2026-04-04T10:00:01+08:00"),
        ("overdue".into(), Some("公司经理".into()))
    );
    // Coverage counts decided cases only: on time 1 of 3 → 33.3 %, below 50 %.
    let report = run(&engine, &[on_time, late, none.clone()], vec![]);
    let coverage = &report["overall"]["metrics"]["callback_coverage"]["complaint"];
    assert_eq!(
        coverage,
        &json!({ "numerator": 1, "denominator": 3, "percent": "33.3" })
    );
    assert_eq!(
        threshold(&report["overall"], "complaint-callback")["verdict"],
        "fail"
    );
    assert_eq!(report["overall"]["metrics"]["callbacks_overdue"], 1);
    // A complaint whose window is still open is not counted yet.
    let mut open = none;
    open["events"][1]["at"] = json!("2026-04-09T12:00:00+08:00");
    let report = run(&engine, &[open], vec![]);
    assert_eq!(
        report["overall"]["metrics"]["callback_coverage"]["complaint"],
        Value::Null
    );
    assert_eq!(
        threshold(&report["overall"], "complaint-callback")["verdict"],
        "no_data"
    );
}

#[test]
fn empty_denominators_are_no_data_never_zero_or_hundred() {
    let engine = engine();
    let report = run(&engine, &[], vec![Dimension::Month]);
    assert_eq!(report["records"], 0);
    assert_eq!(report["groups"], json!([]));
    for t in report["overall"]["thresholds"].as_array().unwrap() {
        assert_eq!(t["verdict"], "no_data", "{}", t["id"]);
        assert_eq!(t["value"], Value::Null);
    }
    assert_eq!(
        report["overall"]["metrics"]["satisfaction"]["percent"],
        Value::Null
    );
}

#[test]
fn months_are_cut_in_the_rule_sets_zone() {
    let engine = engine();
    // 23:59:59 on 31 March in Shanghai is March; one second later (still 31 March in UTC) is April.
    let records = [
        repair("2026-03-31T23:59:59+08:00"),
        repair("2026-03-31T16:00:00Z"),
        repair("2026-03-31T15:59:59Z"),
    ];
    let report = run(&engine, &records, vec![Dimension::Month]);
    let groups: Vec<(String, u64)> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"]["month"].as_str().unwrap().to_owned(),
                g["tickets"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [("2026-03".to_owned(), 2), ("2026-04".to_owned(), 1)]
    );
    let report = run(
        &engine,
        &records[..1],
        vec![Dimension::Week, Dimension::Day],
    );
    assert_eq!(
        report["groups"][0]["key"],
        json!({ "week": "2026-W14", "day": "2026-03-31" })
    );
}

/// An emergency (gas leak) created at 09:00 and responded after `minutes`.
fn emergency(minutes: u32, team: &str) -> Value {
    json!({ "kind": "repair", "area": "indoor", "system": "gas", "description": "厨房有燃气味", "team": team,
            "created": "2026-04-02T09:00:00+08:00",
            "events": [{ "type": "responded", "at": format!("2026-04-02T09:{minutes:02}:00+08:00") }] })
}

#[test]
fn timely_rates_times_and_breaches_come_from_the_clocks() {
    let engine = engine();
    let records: Vec<Value> = [5, 10, 15, 20, 25, 28, 29, 30, 31, 45]
        .iter()
        .enumerate()
        .map(|(i, m)| emergency(*m, if i < 5 { "A" } else { "B" }))
        .collect();
    let report = run(&engine, &records, vec![Dimension::Team]);
    let overall = &report["overall"];
    // respond (30 min) met 8 of 10; arrive and resolve are breached by NOW for all of them.
    assert_eq!(
        overall["metrics"]["timely_by_target"]["respond"],
        json!({ "numerator": 8, "denominator": 10, "percent": "80.0" })
    );
    assert_eq!(overall["metrics"]["timely"]["numerator"], 0);
    assert_eq!(overall["metrics"]["breaches_by_priority"]["emergency"], 10);
    let times = overall["metrics"]["times"].as_array().unwrap();
    let respond = times.iter().find(|t| t["target"] == "respond").unwrap();
    // Nearest rank: median = 5th of 10 (25 min), p90 = 9th (31 min), max 45 min.
    assert_eq!(
        (
            respond["count"].as_u64(),
            respond["median_seconds"].as_i64(),
            respond["p90_seconds"].as_i64(),
            respond["max_seconds"].as_i64()
        ),
        (Some(10), Some(1500), Some(1860), Some(2700))
    );
    let p90 = threshold(overall, "emergency-respond-p90");
    assert_eq!(
        (p90["value_seconds"].as_i64(), p90["verdict"].as_str()),
        (Some(1860), Some("fail"))
    );
    // Team A responded within 25 minutes: its p90 passes.
    let team_a = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"]["team"] == "A")
        .unwrap();
    assert_eq!(
        threshold(team_a, "emergency-respond-p90")["verdict"],
        "pass"
    );
}

#[test]
fn fee_collection_and_callback_handling() {
    let engine = engine();
    let fee = |amount: &str, collected: bool| {
        let mut r = repair("2026-03-02T09:00:00+08:00");
        r["fee"] = json!({ "amount": amount, "collected": collected });
        r
    };
    let mut records: Vec<Value> = (0..9).map(|_| fee("45.00", true)).collect();
    records.push(fee("20.00", false));
    records.push(fee("0.00", false));
    let mut issue = complaint(Some("2026-04-02T10:00:00+08:00"), "general");
    issue["callbacks"][0]["issue"] = json!(true);
    issue["callbacks"][0]["handled"] = json!(true);
    records.push(issue);
    let report = run(&engine, &records, vec![]);
    let metrics = &report["overall"]["metrics"];
    // Zero fees bill nothing: 9 of 10 billed fees collected.
    assert_eq!(
        metrics["fee_collection"],
        json!({ "numerator": 9, "denominator": 10, "percent": "90.0" })
    );
    assert_eq!(
        threshold(&report["overall"], "fee-collection")["verdict"],
        "pass"
    );
    assert_eq!(
        metrics["callback_handling"],
        json!({ "numerator": 1, "denominator": 1, "percent": "100.0" })
    );
}

#[test]
fn bad_records_are_skipped_with_their_index_and_the_rest_count() {
    let engine = engine();
    let mut run = engine
        .kpi(&KpiOptions {
            now: NOW.into(),
            by: vec![Dimension::Category],
        })
        .unwrap();
    run.add_line(&repair("2026-03-02T09:00:00+08:00").to_string());
    run.add_line("");
    run.add_line("{ not json");
    let mut bad = repair("2026-03-02T09:00:00+08:00");
    bad["survey"] = json!({ "answer": "so-so" });
    run.add(&bad);
    run.add(&json!([1]));
    let mut money = repair("2026-03-02T09:00:00+08:00");
    money["fee"] = json!({ "amount": 45.0 });
    run.add(&money);
    run.add(&repair("2026-03-03T09:00:00+08:00"));
    let report = serde_json::to_value(run.finish().unwrap()).unwrap();
    assert_eq!(
        (
            report["records"].as_u64(),
            report["evaluated"].as_u64(),
            report["skipped"].as_u64()
        ),
        (Some(6), Some(2), Some(4))
    );
    let errors: Vec<(u64, &str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["index"].as_u64().unwrap(),
                e["code"].as_str().unwrap(),
                e["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (1, "json_syntax", ""),
            (2, "invalid_value", "/survey/answer"),
            (3, "invalid_ticket", ""),
            (4, "wrong_type", "/fee/amount")
        ]
    );
    assert_eq!(report["overall"]["tickets"], 2);
    assert_eq!(report["groups"][0]["key"], json!({ "category": "repair" }));
}

#[test]
fn revisits_follow_unsatisfied_answers() {
    let engine = engine();
    let mut r = repair("2026-03-02T09:00:00+08:00");
    r["survey"] = json!({ "answer": "unsatisfied", "at": "2026-04-09T12:00:00+08:00" });
    let follow = serde_json::to_value(engine.follow_ups(&r, NOW).unwrap()).unwrap();
    assert_eq!(
        (
            follow["revisit"]["by"].as_str(),
            follow["revisit"]["due"].as_str(),
            follow["revisit"]["state"].as_str()
        ),
        (Some("主管"), Some("2026-04-10T12:00:00+08:00"), Some("due"))
    );
    r["revisit"] = json!({ "at": "2026-04-10T12:00:01+08:00" });
    let follow =
        serde_json::to_value(engine.follow_ups(&r, "2026-04-11T00:00:00+08:00").unwrap()).unwrap();
    assert_eq!(follow["revisit"]["state"], "done_late");
    // An unsatisfied answer without its instant cannot be followed up.
    r["survey"] = json!({ "answer": "unsatisfied" });
    let e = engine.follow_ups(&r, NOW).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::MissingField, "/survey/at")
    );
}

#[test]
fn a_rule_set_without_kpi_reports_it() {
    let mut rules = rules();
    rules.as_object_mut().unwrap().remove("kpi");
    let engine = engine_with(&rules);
    let e = engine
        .kpi(&KpiOptions {
            now: NOW.into(),
            by: vec![],
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoKpi);
    assert_eq!(
        engine.follow_ups(&json!({}), NOW).unwrap_err().code,
        ErrorCode::NoKpi
    );
    assert_eq!(
        engine
            .kpi(&KpiOptions {
                now: "later".into(),
                by: vec![]
            })
            .unwrap_err()
            .path,
        "/now"
    );
}

#[test]
fn what_happens_after_now_has_not_happened_and_dimensions_are_named_once() {
    let engine = engine();
    let mut r = complaint(Some("2026-04-20T10:00:00+08:00"), "general");
    // The call-back is dated after NOW (2026-04-10): at NOW it is overdue, not done.
    assert_eq!(callback_state(&engine, &r, NOW).0, "overdue");
    r["survey"] = json!({ "answer": "unsatisfied", "at": "2026-04-09T12:00:00+08:00" });
    r["revisit"] = json!({ "at": "2026-04-10T12:00:01+08:00" });
    let follow = serde_json::to_value(engine.follow_ups(&r, NOW).unwrap()).unwrap();
    assert_eq!(follow["revisit"]["state"], "due");
    let e = engine
        .kpi(&KpiOptions {
            now: NOW.into(),
            by: vec![Dimension::Month, Dimension::Month],
        })
        .unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidValue, "/by/1")
    );
}
