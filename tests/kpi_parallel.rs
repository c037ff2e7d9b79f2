//! Parallel KPI runs: a batch cut at line boundaries into parts, each counted by its own run
//! (`starting_at_line`, `partial`), then merged in input order, reports exactly what one run over
//! the whole batch reports — skipped records' indexes and lines included; so does a run that
//! counts several parts (`end_part` per part, `partial` once). A part counted under other
//! options is refused and changes nothing.

use serde_json::{Value, json};
use slafee::{Dimension, Engine, ErrorCode, KpiOptions, KpiReport, KpiRun};

const NOW: &str = "2026-04-10T12:00:00+08:00";

fn engine() -> Engine {
    Engine::from_json(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap()
}

fn options(now: &str, by: Vec<Dimension>) -> KpiOptions {
    KpiOptions {
        now: now.into(),
        by,
    }
}

/// 60 varied records as NDJSON lines, with blank and bad lines among them.
fn lines() -> Vec<String> {
    let answers = ["satisfied", "basically_satisfied", "unsatisfied"];
    let mut out = Vec::new();
    for i in 0..60u32 {
        let day = 1 + i % 27;
        let month = 2 + i % 3;
        let created = format!("2026-{month:02}-{day:02}T09:{:02}:00+08:00", i % 60);
        let responded = format!(
            "2026-{month:02}-{day:02}T09:{:02}:00+08:00",
            (i % 60).max(1)
        );
        let closed = format!("2026-{month:02}-{day:02}T16:00:00+08:00");
        let record = if i % 5 == 0 {
            json!({ "kind": "complaint", "complaint_level": "general", "description": "噪音扰民",
                    "team": "B", "created": created,
                    "events": [{ "type": "responded", "at": responded }, { "type": "closed", "at": closed }],
                    "callbacks": if i % 10 == 0 { json!([{ "at": closed, "issue": true, "handled": i % 20 == 0 }]) } else { json!([]) },
                    "survey": { "answer": answers[(i % 3) as usize], "at": closed } })
        } else {
            json!({ "kind": "repair", "area": "indoor", "system": if i % 7 == 0 { "elevator" } else { "water" },
                    "description": if i % 11 == 0 { "电梯困人" } else { "水龙头滴水" },
                    "team": if i % 2 == 0 { "A" } else { "B" }, "created": created,
                    "events": [{ "type": "responded", "at": responded }, { "type": "closed", "at": closed }],
                    "survey": { "score": 1 + i % 5, "at": closed },
                    "fee": { "amount": "45.00", "collected": i % 4 != 0 } })
        };
        out.push(record.to_string());
        if i % 13 == 0 {
            out.push(String::new());
        }
        if i % 17 == 0 {
            out.push("{ not json".into());
        }
    }
    out.push(json!({ "kind": "repair", "fee": { "amount": 45 } }).to_string());
    out
}

fn whole(engine: &Engine, options: &KpiOptions, lines: &[String]) -> KpiReport {
    let mut run = engine.kpi(options).unwrap();
    run.add_ndjson(lines.join("\n").as_bytes());
    run.finish().unwrap()
}

/// Cuts the lines into parts of `size`, counts each in its own run and merges them in order.
fn in_parts(engine: &Engine, options: &KpiOptions, lines: &[String], size: usize) -> KpiReport {
    let mut run = engine.kpi(options).unwrap();
    for (n, part) in lines.chunks(size).enumerate() {
        let mut worker = engine
            .kpi(options)
            .unwrap()
            .starting_at_line((n * size + 1) as u64);
        // The last line of a part has no newline: `partial` still counts it.
        worker.add_ndjson(part.join("\n").as_bytes());
        run.merge(&worker.partial().unwrap()).unwrap();
    }
    run.finish().unwrap()
}

#[test]
fn parts_merged_in_order_report_what_one_run_reports() {
    let engine = engine();
    let lines = lines();
    for by in [
        vec![],
        vec![Dimension::Month, Dimension::Category],
        vec![Dimension::Team, Dimension::Priority, Dimension::Week],
    ] {
        let options = options(NOW, by);
        let expected = whole(&engine, &options, &lines);
        assert_eq!(
            (expected.records, expected.skipped),
            (65, 5),
            "4 bad lines, 1 bad record"
        );
        let metrics = &expected.overall.metrics;
        assert!(metrics.times.len() > 1 && metrics.satisfaction.denominator == 60);
        assert!(
            metrics.timely.numerator > 0 && metrics.timely.numerator < metrics.timely.denominator
        );
        for size in [1, 7, 25, lines.len()] {
            assert_eq!(
                in_parts(&engine, &options, &lines, size),
                expected,
                "parts of {size}"
            );
        }
    }
}

/// As the CLI's worker threads count: `workers` runs take the parts in turn, each ending every
/// part with `end_part` (its record counts and errors, merged in input order) and handing over
/// the counters of all its parts once, with `partial`, at the end.
fn by_workers(
    engine: &Engine,
    options: &KpiOptions,
    lines: &[String],
    size: usize,
    workers: usize,
) -> KpiReport {
    let mut run = engine.kpi(options).unwrap();
    let mut runs: Vec<KpiRun> = (0..workers).map(|_| engine.kpi(options).unwrap()).collect();
    for (n, part) in lines.chunks(size).enumerate() {
        let worker = runs.remove(n % workers);
        let mut worker = worker.starting_at_line((n * size + 1) as u64);
        worker.add_ndjson(part.join("\n").as_bytes());
        let counts = worker.end_part().unwrap();
        let counts_only: Value = serde_json::from_str(&counts).unwrap();
        assert_eq!(
            counts_only["groups"],
            json!([]),
            "a part's counters stay in its run"
        );
        run.merge(&counts).unwrap();
        runs.insert(n % workers, worker);
    }
    for worker in runs {
        run.merge(&worker.partial().unwrap()).unwrap();
    }
    run.finish().unwrap()
}

#[test]
fn runs_counting_several_parts_hand_over_counts_per_part_and_counters_once() {
    let engine = engine();
    let lines = lines();
    let options = options(NOW, vec![Dimension::Month, Dimension::Category]);
    let expected = whole(&engine, &options, &lines);
    for (size, workers) in [(1, 2), (7, 2), (7, 3), (25, 1), (lines.len(), 2)] {
        assert_eq!(
            by_workers(&engine, &options, &lines, size, workers),
            expected,
            "parts of {size}, {workers} workers"
        );
    }
}

#[test]
fn skipped_records_keep_their_index_and_line_in_the_whole_input() {
    let engine = engine();
    let options = options(NOW, vec![]);
    let lines = vec![
        r#"{"kind":"repair","created":"2026-03-02T09:00:00+08:00"}"#.to_owned(),
        String::new(),
        "[1]".to_owned(),
        r#"{"kind":"repair","created":"2026-03-02T09:00:00+08:00"}"#.to_owned(),
        "{ not json".to_owned(),
    ];
    let report = in_parts(&engine, &options, &lines, 2);
    assert_eq!(by_workers(&engine, &options, &lines, 2, 2), report);
    let errors: Vec<(u64, Option<u64>, ErrorCode)> = report
        .errors
        .iter()
        .map(|e| (e.index, e.line, e.error.code))
        .collect();
    assert_eq!(
        errors,
        [
            (1, Some(3), ErrorCode::InvalidTicket),
            (3, Some(5), ErrorCode::JsonSyntax)
        ]
    );
    assert_eq!((report.records, report.skipped), (4, 2));
}

#[test]
fn a_part_counted_otherwise_is_refused_and_changes_nothing() {
    let engine = engine();
    let lines = lines();
    let options = options(NOW, vec![Dimension::Month]);
    let part = |options: &KpiOptions| {
        let mut worker = engine.kpi(options).unwrap();
        worker.add_ndjson(lines.join("\n").as_bytes());
        worker.partial().unwrap()
    };
    let good: Value = serde_json::from_str(&part(&options)).unwrap();
    let mut over = good.clone();
    over["overall"]["satisfaction"] = json!({ "numerator": 3, "denominator": 2 });
    let mut skipped = good.clone();
    skipped["skipped"] = json!(good["records"].as_u64().unwrap() + 1);
    let mut short_key = good.clone();
    short_key["groups"][0][0] = json!([]);
    let refused = [
        (
            part(&self::options(
                "2026-04-11T12:00:00+08:00",
                vec![Dimension::Month],
            )),
            "/now",
        ),
        (part(&self::options(NOW, vec![Dimension::Team])), "/by"),
        (over.to_string(), ""),
        (skipped.to_string(), "/skipped"),
        (short_key.to_string(), "/groups/0/0"),
        ("{ not json".to_owned(), ""),
        ("{}".to_owned(), ""),
    ];
    for (text, path) in refused {
        let mut run = engine.kpi(&options).unwrap();
        run.add_line(&lines[0]);
        let error = run.merge(&text).unwrap_err();
        assert_eq!(
            (error.code, error.path.as_str()),
            (ErrorCode::InvalidValue, path),
            "{text}"
        );
        let mut alone = engine.kpi(&options).unwrap();
        alone.add_line(&lines[0]);
        assert_eq!(run.finish().unwrap(), alone.finish().unwrap(), "{text}");
    }
}
