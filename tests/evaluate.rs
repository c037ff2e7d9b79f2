//! `Engine::evaluate` (priority, SLA clocks, fee, follow-ups in one call) and the NDJSON batch,
//! against the default rule set: each part agrees with the specific call, and a bad record's
//! error stands in its place without stopping the batch.

use serde_json::{Value, json};
use slafee::{BatchCall, Engine, ErrorCode};

const NOW: &str = "2026-03-02T10:00:00+08:00";

fn engine() -> Engine {
    Engine::from_json(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap()
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

fn burst() -> Value {
    json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "厨房水管爆裂",
            "created": "2026-03-02T09:15:00+08:00",
            "events": [{ "type": "responded", "at": "2026-03-02T09:30:00+08:00" }] })
}

#[test]
fn evaluate_agrees_with_classify_deadlines_and_follow_ups() {
    let engine = engine();
    let ticket = burst();
    let got = to_value(&engine.evaluate(&ticket, NOW).unwrap());
    let class = to_value(&engine.classify(&ticket).unwrap());
    for key in ["rule_set", "priority", "rank", "label", "rule", "source"] {
        assert_eq!(got[key], class[key], "{key}");
    }
    let clocks = to_value(&engine.deadlines(&ticket, NOW).unwrap());
    assert_eq!(got["targets"], clocks["targets"]);
    assert_eq!(got["now"], clocks["now"]);
    assert_eq!(got["sla_priority"], clocks["priority"]);
    assert_eq!(got["priority"], "emergency");
    // The default rule set has a kpi section: follow-ups are always reported.
    assert_eq!(
        got["follow_ups"],
        to_value(&engine.follow_ups(&ticket, NOW).unwrap())
    );
    // No lines: nothing to price, no fee.
    assert!(got.get("fee").is_none());
}

#[test]
fn a_work_order_gets_its_fee() {
    let engine = engine();
    let mut order = burst();
    order["lines"] = json!([{ "code": "PLMB-01", "quantity": 2 }]);
    order["completed"] = json!("2026-03-02T11:00:00+08:00");
    let got = to_value(&engine.evaluate(&order, NOW).unwrap());
    assert_eq!(got["fee"], to_value(&engine.quote(&order, NOW).unwrap()));
    assert_eq!(got["fee"]["status"], "priced");
}

#[test]
fn without_fees_or_kpi_sections_those_parts_are_omitted_or_refused() {
    let mut rules: Value =
        serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    let object = rules.as_object_mut().unwrap();
    object.remove("fees");
    object.remove("kpi");
    let engine = Engine::from_json(&rules.to_string()).unwrap();
    let got = to_value(&engine.evaluate(&burst(), NOW).unwrap());
    assert!(got.get("follow_ups").is_none() && got.get("fee").is_none());
    let mut order = burst();
    order["lines"] = json!([{ "code": "PLMB-01" }]);
    assert_eq!(
        engine.evaluate(&order, NOW).unwrap_err().code,
        ErrorCode::NoFeeSchedule
    );
}

#[test]
fn evaluate_errors_are_located() {
    let engine = engine();
    let e = engine
        .evaluate(&json!({ "description": 1 }), NOW)
        .unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::TypeMismatch, "/description")
    );
    let e = engine.evaluate(&burst(), "yesterday").unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "/now"));
    let e = engine
        .evaluate(&json!({ "kind": "enquiry" }), NOW)
        .unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::MissingField, "/created")
    );
    let e = engine.evaluate(&json!([1]), NOW).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidTicket);
    let mut order = burst();
    order["lines"] = json!([{ "code": "NOPE" }]);
    let e = engine.evaluate(&order, NOW).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::UnknownItem, "/lines/0/code")
    );
}

fn lines(ndjson: &str) -> Vec<Value> {
    ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_batch_keeps_order_and_puts_errors_in_place() {
    let engine = engine();
    let input = format!(
        "{}\n\n{{oops\n{{\"description\":1}}\r\n[]\n{}",
        burst(),
        json!({ "kind": "enquiry", "created": "2026-03-02T08:00:00+08:00" })
    );
    let out = lines(
        &engine
            .evaluate_batch(&input, NOW, BatchCall::Evaluate)
            .unwrap(),
    );
    let summary: Vec<(u64, Option<&str>, Option<&str>)> = out
        .iter()
        .map(|o| {
            (
                o["line"].as_u64().unwrap(),
                o["priority"].as_str(),
                o["error"]["code"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, Some("emergency"), None),
            (3, None, Some("json_syntax")),
            (4, None, Some("type_mismatch")),
            (5, None, Some("invalid_ticket")),
            (6, Some("low"), None),
        ]
    );
    assert_eq!(out[2]["error"]["path"], "/description");
    let mut whole = to_value(&engine.evaluate(&burst(), NOW).unwrap());
    whole
        .as_object_mut()
        .unwrap()
        .insert("line".into(), json!(1));
    assert_eq!(out[0], whole);
}

#[test]
fn batch_calls_match_the_specific_calls() {
    let engine = engine();
    let text = format!("{}\n", burst());
    let classify = lines(
        &engine
            .evaluate_batch(&text, NOW, BatchCall::Classify)
            .unwrap(),
    );
    let mut expected = to_value(&engine.classify(&burst()).unwrap());
    expected
        .as_object_mut()
        .unwrap()
        .insert("line".into(), json!(1));
    assert_eq!(classify, vec![expected]);
}

#[test]
fn a_streamed_batch_cuts_lines_across_chunks() {
    let engine = engine();
    let text = format!("{}\n{}\n{}", burst(), json!({"kind":"enquiry"}), burst());
    let whole = engine
        .evaluate_batch(&text, NOW, BatchCall::Classify)
        .unwrap();
    for size in [1, 7, 64] {
        let mut batch = engine.batch(NOW, BatchCall::Classify).unwrap();
        let mut out = String::new();
        for chunk in text.as_bytes().chunks(size) {
            out.push_str(&batch.feed(chunk));
        }
        out.push_str(&batch.finish());
        assert_eq!(out, whole, "chunks of {size}");
        assert_eq!((batch.records(), batch.errors()), (3, 0));
    }
}

#[test]
fn a_batch_answers_as_bytes_what_it_answers_as_text() {
    let engine = engine();
    // Chinese text cut inside its characters, a bad line, and a last line without a newline.
    let text = format!(
        "{}\n{{oops\n{}",
        burst(),
        json!({"kind":"enquiry","description":"物业费怎么交","created":"2026-03-02T09:00:00+08:00"})
    );
    for call in [
        BatchCall::Evaluate,
        BatchCall::Classify,
        BatchCall::Deadlines,
    ] {
        let whole = engine.evaluate_batch(&text, NOW, call).unwrap();
        for size in [1, 5, text.len()] {
            let mut batch = engine.batch(NOW, call).unwrap();
            let mut out = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                out.extend(batch.feed_bytes(chunk));
            }
            let tail = batch.finish_bytes();
            assert!(
                !tail.is_empty(),
                "the last line is answered by finish_bytes"
            );
            out.extend(tail);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                whole,
                "{call:?}, chunks of {size}"
            );
            assert_eq!((batch.records(), batch.errors()), (3, 1));
        }
        let lines: Vec<Value> = whole
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[1]["line"], 2);
        assert_eq!(lines[1]["error"]["code"], "json_syntax");
        assert_eq!(lines[0]["line"], 1);
        assert!(
            lines[0]["priority"].is_string(),
            "{call:?}: the result's members follow the line"
        );
    }
}

#[test]
fn only_a_bad_now_fails_a_whole_batch() {
    let e = engine()
        .evaluate_batch("{}\n", "soon", BatchCall::Evaluate)
        .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "/now"));
    assert_eq!(
        engine()
            .evaluate_batch("\n \n", NOW, BatchCall::Evaluate)
            .unwrap(),
        ""
    );
}

#[test]
fn arrays_of_results_keep_errors_in_place() {
    let engine = engine();
    let text = format!("{}\n\n{{oops\n", burst());
    let array: Value = serde_json::from_str(
        &engine
            .evaluate_batch_array(&text, NOW, BatchCall::Classify)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(array[0]["line"], 1);
    assert_eq!(array[1]["line"], 3);
    assert_eq!(array[1]["error"]["code"], "json_syntax");
    let each: Value = serde_json::from_str(
        &engine
            .evaluate_each(
                [
                    Ok(burst()),
                    Err(slafee::Error::new(ErrorCode::InvalidTicket, "/x", "no")),
                    Ok(json!({})),
                ],
                NOW,
                BatchCall::Evaluate,
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(each[0]["priority"], "emergency");
    assert_eq!(
        each[1]["error"],
        json!({ "code": "invalid_ticket", "path": "/x", "message": "no" })
    );
    assert_eq!(each[2]["error"]["path"], "/created");
    assert_eq!(
        engine.evaluate_each([], NOW, BatchCall::Evaluate).unwrap(),
        "[]"
    );
}

#[test]
fn a_failed_replace_keeps_the_old_rule_sets() {
    let mut engine = engine();
    let before = engine.rule_sets();
    assert!(engine.replace_parts(&["{}"]).is_err());
    assert_eq!(engine.rule_sets(), before);
    let mut rules: Value =
        serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    rules["version"] = json!("next");
    engine.replace_parts(&[&rules.to_string()]).unwrap();
    assert_eq!(engine.rule_sets()[0].version, "next");
    assert_eq!(engine.rule_sets().len(), 1);
}

#[test]
fn a_part_of_a_larger_input_keeps_its_line_numbers() {
    let engine = engine();
    let mut batch = engine
        .batch(NOW, BatchCall::Classify)
        .unwrap()
        .starting_at_line(41);
    let out = lines(&(batch.feed(b"\n{oops}\n") + &batch.finish()));
    assert_eq!(out[0]["line"], 42);
}

/// `{"line":N,` then the members of a result serialized on its own: what the CLI printed for
/// `deadlines` and `quote` before they streamed through the batch.
fn numbered(line: u64, result: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(result).unwrap();
    format!("{{\"line\":{line},{}\n", &json[1..])
}

#[test]
fn deadlines_and_quote_batches_match_the_specific_calls_byte_for_byte() {
    let engine = engine();
    let orders: Vec<Value> = std::fs::read_to_string("examples/orders.ndjson")
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut order = burst();
    order["lines"] = json!([{ "code": "PLMB-01", "quantity": 2 }]);
    let tickets = [burst(), order.clone(), orders[0].clone(), orders[3].clone()];
    // A bad line in the middle, a blank line, a duplicate key and a ticket the call refuses.
    let input = format!(
        "{}\n{}\n{{oops\n\n{{\"kind\":\"repair\",\"kind\":\"help\"}}\n{}\r\n{}\n[]",
        tickets[0], tickets[1], tickets[2], tickets[3]
    );
    for call in [BatchCall::Deadlines, BatchCall::Quote] {
        let out = engine.evaluate_batch(&input, NOW, call).unwrap();
        let got: Vec<&str> = out.lines().collect();
        assert_eq!(got.len(), 7, "{call:?}: {out}");
        for (index, line, ticket) in [
            (0, 1, &tickets[0]),
            (1, 2, &tickets[1]),
            (4, 6, &tickets[2]),
            (5, 7, &tickets[3]),
        ] {
            let expected = match call {
                BatchCall::Deadlines => numbered(line, &engine.deadlines(ticket, NOW).unwrap()),
                _ => match engine.quote(ticket, NOW) {
                    Ok(receipt) => numbered(line, &receipt),
                    // A ticket without lines is not an order: its error, checked below.
                    Err(_) => continue,
                },
            };
            assert_eq!(
                format!("{}\n", got[index]),
                expected,
                "{call:?} line {line}"
            );
        }
        let errors: Vec<(u64, String, String)> = lines(&out)
            .iter()
            .filter(|o| o.get("error").is_some())
            .map(|o| {
                let e = &o["error"];
                (
                    o["line"].as_u64().unwrap(),
                    e["code"].as_str().unwrap().to_owned(),
                    e["path"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let mut expected_errors = vec![
            (3, "json_syntax".to_owned(), String::new()),
            (5, "duplicate_key".to_owned(), "/kind".to_owned()),
            (8, "invalid_ticket".to_owned(), String::new()),
        ];
        if call == BatchCall::Quote {
            expected_errors.insert(0, (1, "missing_field".to_owned(), "/lines".to_owned()));
        }
        assert_eq!(errors, expected_errors, "{call:?}");
        // Streamed in small chunks: the same bytes.
        let mut batch = engine.batch(NOW, call).unwrap();
        let mut streamed = String::new();
        for chunk in input.as_bytes().chunks(5) {
            streamed.push_str(&batch.feed(chunk));
        }
        streamed.push_str(&batch.finish());
        assert_eq!(streamed, out, "{call:?}");
        assert_eq!(batch.records(), 7);
    }
    let quoted = lines(
        &engine
            .evaluate_batch(&input, NOW, BatchCall::Quote)
            .unwrap(),
    );
    assert_eq!(quoted[1]["total"]["text"], "90.00");
    let clocks = lines(
        &engine
            .evaluate_batch(&input, NOW, BatchCall::Deadlines)
            .unwrap(),
    );
    assert_eq!(clocks[0]["priority"], "emergency");
    assert_eq!(clocks[0]["targets"][0]["target"], "respond");
}
