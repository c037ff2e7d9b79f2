//! Every input limit natively, each at its boundary and one past it, with its own error code and
//! the pointer of what is over: rule-set bytes (one text and split parts), nesting depth, text
//! length, rows and columns, list items, record bytes, cases per file, records per batch. Also
//! the regressions found by the bad-input catalogue (tests/node/bad_input.test.mjs) that the
//! core can show natively: a batch keeps going past a bad record, a failed load keeps the book,
//! events and call-backs that are not objects, and "within 2^32-1 working days".

use serde_json::{Value, json};
use slafee::{Engine, Error, ErrorCode, KpiOptions, KpiReport};

const MAX_RULE_SET_BYTES: usize = 4 * 1024 * 1024;
const MAX_CASE_FILE_BYTES: usize = 16 * 1024 * 1024;
const MAX_RECORD_BYTES: usize = 1024 * 1024;
const MAX_DEPTH: usize = 64;
const MAX_TEXT_BYTES: usize = 64 * 1024;
const MAX_ITEMS: usize = 10_000;
const MAX_CASES: usize = 100_000;
const MAX_BATCH_RECORDS: usize = 100_000;
const NOW: &str = "2026-03-02T10:00:00+08:00";

fn rules() -> Value {
    serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap()
}

fn engine() -> Engine {
    Engine::from_json(&rules().to_string()).unwrap()
}

/// The single problem of a rule set that fails to load.
fn load_problem(result: Result<Engine, Error>) -> (ErrorCode, String) {
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidRuleSet);
    assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
    (e.problems[0].code, e.problems[0].path.clone())
}

fn nested_text(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

fn kpi_lines(engine: &Engine, lines: &[&str]) -> KpiReport {
    let mut run = engine
        .kpi(&KpiOptions {
            now: NOW.into(),
            by: vec![],
        })
        .unwrap();
    for line in lines {
        run.add_line(line);
    }
    run.finish().unwrap()
}

fn only_error(report: &KpiReport) -> (ErrorCode, &str) {
    assert_eq!((report.records, report.skipped), (1, 1));
    let e = &report.errors[0];
    (e.error.code, e.error.path.as_str())
}

fn record() -> Value {
    json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "水龙头滴水",
            "created": "2026-03-02T09:00:00+08:00" })
}

#[test]
fn rule_set_text_is_at_most_4_mib_alone_or_split() {
    let text = rules().to_string();
    let padded = |len: usize| format!("{text}{}", " ".repeat(len - text.len()));
    assert!(Engine::from_json(&padded(MAX_RULE_SET_BYTES)).is_ok());
    assert_eq!(
        load_problem(Engine::from_json(&padded(MAX_RULE_SET_BYTES + 1))),
        (ErrorCode::TooLarge, String::new())
    );
    // Split: each part under the limit, together over it.
    let half = " ".repeat(MAX_RULE_SET_BYTES / 2);
    let second = format!("{{{half}}}");
    assert_eq!(
        load_problem(Engine::from_parts(&[&format!("{text}{half}"), &second])),
        (ErrorCode::TooLarge, String::new())
    );
}

#[test]
fn json_nests_at_most_64_levels_in_every_text_input() {
    let ok = nested_text(MAX_DEPTH);
    let deep = nested_text(100_000);
    let at = "/0".repeat(MAX_DEPTH);
    // Rule sets: nesting is checked before shape, so 64 levels get to the shape error.
    assert_eq!(load_problem(Engine::from_json(&ok)).0, ErrorCode::WrongType);
    assert_eq!(
        load_problem(Engine::from_json(&deep)),
        (ErrorCode::TooDeep, at.clone())
    );
    // Case files.
    let engine = engine();
    assert_eq!(
        engine.run_cases(&ok).unwrap_err().code,
        ErrorCode::WrongType
    );
    let e = engine.run_cases(&deep).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::TooDeep, at.as_str()));
    // NDJSON records, with the pointer inside the record.
    let line = format!(r#"{{"kind":"repair","x":{deep}}}"#);
    let report = kpi_lines(&engine, &[&line]);
    let inner = format!("/x{}", "/0".repeat(MAX_DEPTH - 1));
    assert_eq!(only_error(&report), (ErrorCode::TooDeep, inner.as_str()));
}

#[test]
fn texts_are_at_most_64_kib() {
    let mut r = rules();
    r["priorities"][0]["label"]["zh"] = json!("急".repeat(MAX_TEXT_BYTES / 3 + 1));
    assert_eq!(
        load_problem(Engine::from_json(&r.to_string())),
        (ErrorCode::StringTooLong, "/priorities/0/label/zh".into())
    );
    let engine = engine();
    let mut at_limit = record();
    at_limit["note"] = json!("x".repeat(MAX_TEXT_BYTES));
    let mut over = record();
    over["description"] = json!("x".repeat(MAX_TEXT_BYTES + 1));
    let report = kpi_lines(&engine, &[&over.to_string(), &at_limit.to_string()]);
    assert_eq!((report.records, report.evaluated), (2, 1));
    assert_eq!(report.errors[0].index, 0);
    assert_eq!(
        (
            report.errors[0].error.code,
            report.errors[0].error.path.as_str()
        ),
        (ErrorCode::StringTooLong, "/description")
    );
}

#[test]
fn a_record_line_is_at_most_1_mib_and_its_lists_10_000_items() {
    let engine = engine();
    let mut big = record();
    big["notes"] = json!(vec!["x".repeat(60_000); 20]);
    let line = big.to_string();
    assert!(line.len() > MAX_RECORD_BYTES);
    assert_eq!(
        only_error(&kpi_lines(&engine, &[&line])),
        (ErrorCode::TooLarge, "")
    );
    let event = json!({ "type": "note", "at": "2026-03-02T09:10:00+08:00" });
    let mut full = record();
    full["events"] = json!(vec![event.clone(); MAX_ITEMS]);
    let mut over = record();
    over["events"] = json!(vec![event; MAX_ITEMS + 1]);
    let report = kpi_lines(&engine, &[&over.to_string(), &full.to_string()]);
    assert_eq!((report.records, report.evaluated), (2, 1));
    assert_eq!(
        (
            report.errors[0].error.code,
            report.errors[0].error.path.as_str()
        ),
        (ErrorCode::TooManyItems, "/events")
    );
}

#[test]
fn an_order_has_at_most_10_000_lines() {
    let engine = engine();
    let order = |n: usize| {
        json!({ "kind": "repair", "area": "indoor", "created": "2026-03-02T09:00:00+08:00",
                "lines": vec![json!({ "code": "PLMB-01" }); n] })
    };
    assert!(engine.quote(&order(MAX_ITEMS), NOW).is_ok());
    let e = engine.quote(&order(MAX_ITEMS + 1), NOW).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::TooManyItems, "/lines")
    );
}

#[test]
fn a_case_file_is_at_most_16_mib_and_100_000_cases() {
    let engine = engine();
    let e = engine
        .run_cases(&" ".repeat(MAX_CASE_FILE_BYTES + 1))
        .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::TooLarge, ""));
    let cases =
        |n: usize| json!({ "cases": vec![json!({ "name": "", "ticket": {} }); n] }).to_string();
    let e = engine.run_cases(&cases(MAX_CASES + 1)).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::TooManyCases, "/cases")
    );
    // A kpi case is one batch: at most 100,000 records.
    let big = json!({ "cases": [ { "name": "big", "call": "kpi", "now": NOW,
                                    "records": vec![json!({}); MAX_BATCH_RECORDS + 1] } ] });
    let report = engine.run_cases(&big.to_string()).unwrap();
    let e = report.cases[0].error.as_ref().unwrap();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::TooManyRecords, "/cases/0/records")
    );
}

#[test]
fn a_diff_takes_at_most_100_000_tickets() {
    let engine = engine();
    let tickets = vec![record(); MAX_BATCH_RECORDS + 1];
    let e = engine.diff(&engine, Some(&tickets), NOW).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::TooManyRecords, ""));
}

#[test]
fn table_rows_and_columns_keep_their_limits() {
    let mut r = rules();
    let row = |i: usize| json!({ "id": format!("r{i}"), "when": {}, "then": { "free": "true", "reason": "\"x\"", "reason_en": "\"x\"" } });
    r["tables"]["free-of-charge"]["rules"] = json!((0..10_001).map(row).collect::<Vec<_>>());
    assert_eq!(
        load_problem(Engine::from_json(&r.to_string())),
        (
            ErrorCode::TooManyRows,
            "/tables/free-of-charge/rules".into()
        )
    );
}

#[test]
fn a_bad_record_is_skipped_with_its_index_and_the_rest_are_counted() {
    let engine = engine();
    let good = record().to_string();
    let lines = [
        good.as_str(),
        "",
        r#"{"kind":"repair","kind":"complaint"}"#,
        "{oops",
        good.as_str(),
        r#"{"created":"2026-02-30T09:00:00+08:00"}"#,
        good.as_str(),
    ];
    let report = kpi_lines(&engine, &lines);
    assert_eq!(
        (report.records, report.evaluated, report.skipped),
        (6, 3, 3)
    );
    let errors: Vec<(u64, ErrorCode, &str)> = report
        .errors
        .iter()
        .map(|e| (e.index, e.error.code, e.error.path.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (1, ErrorCode::DuplicateKey, "/kind"),
            (2, ErrorCode::JsonSyntax, ""),
            (4, ErrorCode::InvalidDate, "/created"),
        ]
    );
    assert_eq!(report.overall.tickets, 3);
}

#[test]
fn a_failed_add_keeps_the_rule_sets_already_loaded() {
    let mut engine = engine();
    let before = engine.classify(&record()).unwrap().priority.to_owned();
    let mut next = rules();
    next["version"] = json!("2026.2");
    next["effective_from"] = json!("2026-06-01");
    next["priorities"][0]["rank"] = json!("one");
    for bad in [
        next.to_string(),
        nested_text(100_000),
        "{".to_owned(),
        " ".repeat(MAX_RULE_SET_BYTES + 1),
    ] {
        assert_eq!(
            engine.add_json(&bad).unwrap_err().code,
            ErrorCode::InvalidRuleSet
        );
        assert_eq!(engine.rule_sets().len(), 1);
        assert_eq!(engine.classify(&record()).unwrap().priority, before);
    }
    // The same version, once fixed, is added.
    next["priorities"][0]["rank"] = json!(1);
    engine.add_json(&next.to_string()).unwrap();
    assert_eq!(engine.rule_sets().len(), 2);
}

#[test]
fn an_event_or_call_back_that_is_not_an_object_is_a_wrong_type_where_it_is() {
    let engine = engine();
    let mut ticket = record();
    ticket["events"] = json!([{ "type": "responded", "at": "2026-03-02T09:10:00+08:00" }, 5]);
    let e = engine.deadlines(&ticket, NOW).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::WrongType, "/events/1")
    );
    let mut rec = record();
    rec["callbacks"] = json!(["2026-03-05T10:00:00+08:00"]);
    let report = kpi_lines(&engine, &[&rec.to_string()]);
    assert_eq!(only_error(&report), (ErrorCode::WrongType, "/callbacks/0"));
}

#[test]
fn the_largest_number_of_working_days_is_past_coverage_not_wrapped() {
    let engine = engine();
    for n in [u32::MAX, u32::MAX - 1, 1_000_000] {
        let e = engine.close_of_working_day("office", NOW, n).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::CalendarNotCovered, "/from"),
            "{n}"
        );
    }
    assert_eq!(
        engine.close_of_working_day("office", NOW, 1).unwrap(),
        "2026-03-03T18:00:00+08:00"
    );
}
