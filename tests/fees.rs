//! Pricing work orders against `tests/fixtures/fees/fees-2026.json`, a rule set with one item
//! per pricing form, three warranty classes, a free table and three surcharges. Every
//! acceptance point of the fees semantics (DESIGN.md "Fees") is pinned here.

use serde_json::{Value, json};
use slafee::{Engine, ErrorCode};

const NOW: &str = "2026-03-02T12:00:00+08:00";

fn engine() -> Engine {
    let text = std::fs::read_to_string("tests/fixtures/fees/fees-2026.json").unwrap();
    Engine::from_json(&text).unwrap()
}

/// A Monday-afternoon order (no surcharge applies) with the given lines and extra fields.
fn order(lines: Value, extra: Value) -> Value {
    let mut order = json!({ "created": "2026-01-01T00:00:00+08:00", "completed": "2026-03-02T15:00:00+08:00", "area": "indoor", "lines": lines });
    for (k, v) in extra.as_object().unwrap() {
        order[k] = v.clone();
    }
    order
}

fn quote(order: &Value) -> Value {
    let engine = engine();
    serde_json::to_value(engine.quote(order, NOW).unwrap()).unwrap()
}

fn error(order: &Value) -> (ErrorCode, String) {
    let e = engine().quote(order, NOW).unwrap_err();
    (e.code, e.path)
}

/// `[labor, material, total]` of line `i` as text.
fn amounts(receipt: &Value, i: usize) -> [String; 3] {
    let line = &receipt["lines"][i];
    ["labor", "material", "total"].map(|k| line[k]["text"].as_str().unwrap_or("null").to_owned())
}

fn total(receipt: &Value) -> &str {
    receipt["total"]["text"].as_str().unwrap_or("null")
}

fn notes(receipt: &Value, i: usize) -> Vec<&str> {
    receipt["lines"][i]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect()
}

#[test]
fn every_material_rule() {
    // list_or_own: the list price per unit; nothing when the resident supplies it.
    let r = quote(&order(json!([{ "code": "FIX", "quantity": 2 }]), json!({})));
    assert_eq!(amounts(&r, 0), ["20.00", "70.00", "90.00"]);
    let r = quote(&order(
        json!([{ "code": "FIX", "quantity": 2, "supplied_by": "resident" }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0), ["20.00", "0.00", "20.00"]);
    assert_eq!(notes(&r, 0), ["resident_supplied"]);
    assert_eq!(r["lines"][0]["notes"][0]["zh"], "业主自购材料");
    // extra with a stated price; extra at the amount entered.
    let r = quote(&order(
        json!([{ "code": "EXTRA", "quantity": 3 }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0), ["15.00", "9.00", "24.00"]);
    let r = quote(&order(
        json!([{ "code": "EXTRAE", "material_cost": "46.80" }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0), ["20.00", "46.80", "66.80"]);
    assert_eq!(
        error(&order(json!([{ "code": "EXTRAE" }]), json!({}))),
        (ErrorCode::MissingField, "/lines/0/material_cost".into())
    );
    // included: nothing for material, whatever is entered is refused.
    let r = quote(&order(json!([{ "code": "INCL" }]), json!({})));
    assert_eq!(amounts(&r, 0), ["120.00", "0.00", "120.00"]);
    assert_eq!(notes(&r, 0), ["material_included"]);
    assert_eq!(
        error(&order(
            json!([{ "code": "INCL", "material_cost": "5.00" }]),
            json!({})
        )),
        (ErrorCode::UnknownKey, "/lines/0/material_cost".into())
    );
    // own: the resident must supply it.
    let r = quote(&order(json!([{ "code": "OWN" }]), json!({})));
    assert_eq!(amounts(&r, 0), ["80.00", "0.00", "80.00"]);
    assert_eq!(notes(&r, 0), ["resident_must_supply"]);
    assert_eq!(
        error(&order(
            json!([{ "code": "OWN", "supplied_by": "company" }]),
            json!({})
        )),
        (ErrorCode::InvalidValue, "/lines/0/supplied_by".into())
    );
    // at_cost: entered on site, required.
    let r = quote(&order(
        json!([{ "code": "RANGE", "labor": "50.00", "material_cost": "12.34" }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0), ["50.00", "12.34", "62.34"]);
    assert_eq!(notes(&r, 0), ["material_at_cost"]);
    assert_eq!(
        error(&order(
            json!([{ "code": "RANGE", "labor": "50.00" }]),
            json!({})
        )),
        (ErrorCode::MissingField, "/lines/0/material_cost".into())
    );
    // Zero labor: only the material is charged.
    let r = quote(&order(
        json!([{ "code": "ZERO", "material_cost": "199.00" }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0), ["0.00", "199.00", "199.00"]);
}

#[test]
fn range_bounds_are_inclusive_and_located() {
    for labor in ["30.00", "30", "80.00", "55.5"] {
        let r = quote(&order(
            json!([{ "code": "RANGE", "labor": labor, "material_cost": "0" }]),
            json!({}),
        ));
        assert_eq!(r["status"], "priced", "{labor}");
    }
    for labor in ["29.99", "80.01", "0.00"] {
        let e = engine()
            .quote(
                &order(
                    json!([{ "code": "RANGE", "labor": labor, "material_cost": "0" }]),
                    json!({}),
                ),
                NOW,
            )
            .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::OutOfRange, "/lines/0/labor"),
            "{labor}"
        );
        assert!(e.message.contains("30.00..80.00"), "{}", e.message);
    }
    assert_eq!(
        error(&order(
            json!([{ "code": "RANGE", "material_cost": "0" }]),
            json!({})
        )),
        (ErrorCode::MissingField, "/lines/0/labor".into())
    );
    // A fixed price cannot be overridden.
    assert_eq!(
        error(&order(
            json!([{ "code": "FIX", "labor": "1.00" }]),
            json!({})
        )),
        (ErrorCode::UnknownKey, "/lines/0/labor".into())
    );
}

#[test]
fn caps_limit_labor_per_order_across_lines() {
    let r = quote(&order(json!([{ "code": "CAP", "quantity": 2 }]), json!({})));
    assert_eq!(amounts(&r, 0), ["100.00", "0.00", "100.00"]);
    assert_eq!(notes(&r, 0), ["material_included"]);
    let r = quote(&order(json!([{ "code": "CAP", "quantity": 3 }]), json!({})));
    assert_eq!(amounts(&r, 0)[0], "150.00");
    assert!(
        !notes(&r, 0).contains(&"capped"),
        "exactly at the cap is not capped"
    );
    let r = quote(&order(json!([{ "code": "CAP", "quantity": 4 }]), json!({})));
    assert_eq!(amounts(&r, 0)[0], "150.00");
    assert_eq!(notes(&r, 0), ["capped", "material_included"]);
    // Two lines of the same item share the cap, in order.
    let r = quote(&order(
        json!([{ "code": "CAP", "quantity": 2 }, { "code": "FIX" }, { "code": "CAP", "quantity": 2 }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0)[0], "100.00");
    assert_eq!(amounts(&r, 2)[0], "50.00");
    assert_eq!(notes(&r, 2), ["capped", "material_included"]);
    assert_eq!(total(&r), "195.00");
    // A range item can have a cap too.
    let r = quote(&order(
        json!([{ "code": "RCAP", "labor": "90.00", "quantity": 2 }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0)[0], "100.00");
}

#[test]
fn time_increments_bill_a_remainder_over_the_free_part_as_a_whole_increment() {
    let billed = |code: &str, minutes: u32| {
        let mut line = json!({ "code": code, "minutes": minutes });
        if code == "TIME" {
            line["material_cost"] = json!("0");
        }
        let r = quote(&order(json!([line]), json!({})));
        let line = &r["lines"][0];
        (
            line["labor"]["text"].as_str().unwrap().to_owned(),
            line["billed_minutes"].as_i64().unwrap(),
            line["quantity"].as_str().unwrap().to_owned(),
        )
    };
    // 超半小时按1小时, no minimum: 29 and 30 minutes are not billed, 31 is an hour.
    assert_eq!(billed("TIME", 0), ("0.00".into(), 0, "0".into()));
    assert_eq!(billed("TIME", 29), ("0.00".into(), 0, "0".into()));
    assert_eq!(billed("TIME", 30), ("0.00".into(), 0, "0".into()));
    assert_eq!(billed("TIME", 31), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIME", 60), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIME", 75), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIME", 90), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIME", 95), ("50.00".into(), 120, "2".into()));
    // With a one-hour minimum, short jobs bill the hour.
    assert_eq!(billed("TIMEMIN", 29), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIMEMIN", 30), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIMEMIN", 31), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIMEMIN", 75), ("25.00".into(), 60, "1".into()));
    assert_eq!(billed("TIMEMIN", 95), ("50.00".into(), 120, "2".into()));
    // Time items are billed by minutes, never by quantity; other items never by minutes.
    assert_eq!(
        error(&order(
            json!([{ "code": "TIME", "material_cost": "0" }]),
            json!({})
        )),
        (ErrorCode::MissingField, "/lines/0/minutes".into())
    );
    assert_eq!(
        error(&order(
            json!([{ "code": "TIME", "minutes": 60, "quantity": 2, "material_cost": "0" }]),
            json!({})
        )),
        (ErrorCode::UnknownKey, "/lines/0/quantity".into())
    );
    assert_eq!(
        error(&order(json!([{ "code": "FIX", "minutes": 60 }]), json!({}))),
        (ErrorCode::UnknownKey, "/lines/0/minutes".into())
    );
    // A whole number written as 30.0 (as JavaScript may send it) is 30 minutes.
    assert_eq!(billed("TIME", 0).0, "0.00");
    let r = quote(&order(
        json!([{ "code": "TIME", "minutes": 95.0, "material_cost": "0" }]),
        json!({}),
    ));
    assert_eq!(amounts(&r, 0)[0], "50.00");
    for bad in [json!(-1), json!(1.5), json!("60"), json!(600_000)] {
        assert_eq!(
            error(&order(
                json!([{ "code": "TIME", "minutes": bad, "material_cost": "0" }]),
                json!({})
            )),
            (ErrorCode::InvalidValue, "/lines/0/minutes".into())
        );
    }
}

/// An order for item `code`, completed on `date` (15:00 local), for a unit handed over on
/// `handover`.
fn warranty_case(code: &str, handover: &str, date: &str) -> Value {
    quote(&order(
        json!([{ "code": code }]),
        json!({ "handover": handover, "completed": format!("{date}T15:00:00+08:00") }),
    ))
}

#[test]
fn warranty_covers_through_the_last_day_of_the_period() {
    // 给排水 2 years from 2024-05-06: the period's last day is 2026-05-06 (民法典 第二百零二条).
    for (date, free) in [
        ("2026-05-05", true),
        ("2026-05-06", true),
        ("2026-05-07", false),
    ] {
        let r = warranty_case("PIPE", "2024-05-06", date);
        assert_eq!(r["lines"][0]["free"].is_object(), free, "{date}");
        if free {
            assert_eq!(amounts(&r, 0), ["0.00", "0.00", "0.00"]);
            assert_eq!(r["lines"][0]["waived"]["text"], "78.00");
            assert_eq!(
                r["lines"][0]["free"],
                json!({ "by": "warranty", "class": "plumbing", "label": { "zh": "给排水" }, "handover": "2024-05-06", "until": "2026-05-06" })
            );
            assert_eq!(total(&r), "0.00");
            assert_eq!(r["billing_period"], Value::Null);
        } else {
            assert_eq!(total(&r), "78.00");
        }
    }
    // 防水 5 years.
    assert!(warranty_case("LEAK", "2021-05-06", "2026-05-06")["lines"][0]["free"].is_object());
    assert!(warranty_case("LEAK", "2021-05-06", "2026-05-07")["lines"][0]["free"].is_null());
    // A 29 February handover: no corresponding day, so the month's last day ends the period.
    assert!(warranty_case("PIPE", "2024-02-29", "2026-02-28")["lines"][0]["free"].is_object());
    assert!(warranty_case("PIPE", "2024-02-29", "2026-03-01")["lines"][0]["free"].is_null());
    // 供热 2 seasons (11-15..03-15) after a summer handover: through 2026-03-15.
    assert!(warranty_case("RAD", "2024-06-01", "2026-03-15")["lines"][0]["free"].is_object());
    assert!(warranty_case("RAD", "2024-06-01", "2026-03-16")["lines"][0]["free"].is_null());
    // Items without a warranty class, or orders without a handover date, are charged.
    assert!(warranty_case("FIX", "2026-01-01", "2026-03-02")["lines"][0]["free"].is_null());
    let r = quote(&order(json!([{ "code": "PIPE" }]), json!({})));
    assert_eq!(total(&r), "78.00");
    // A malformed handover date is located.
    assert_eq!(
        error(&order(
            json!([{ "code": "PIPE" }]),
            json!({ "handover": "2024-02-30" })
        )),
        (ErrorCode::InvalidDate, "/handover".into())
    );
}

#[test]
fn common_areas_and_declared_cases_are_free_with_their_reason() {
    let r = quote(&order(
        json!([{ "code": "FIX", "quantity": 3 }, { "code": "INCL" }]),
        json!({ "area": "common", "urgent": true }),
    ));
    assert_eq!(total(&r), "0.00");
    assert_eq!(
        r["free"],
        json!({ "by": "table", "rule": "common-area", "reason": { "zh": "公共部位", "en": "Common area" } })
    );
    assert_eq!(r["lines"][0]["waived"]["text"], "135.00");
    assert_eq!(r["lines"][1]["waived"]["text"], "120.00");
    // No call-out fee on free work, and no statement line.
    assert_eq!(r["lines"].as_array().unwrap().len(), 2);
    assert_eq!(r["billing_period"], Value::Null);
    // A free order needs no quote for off-schedule work.
    let r = quote(&order(
        json!([{ "description": "更换楼道窗户" }]),
        json!({ "cause": "delivery_defect" }),
    ));
    assert_eq!(r["status"], "priced");
    assert_eq!(r["free"]["rule"], "developer-defect");
    assert_eq!(total(&r), "0.00");
    // Private work is not free.
    let r = quote(&order(
        json!([{ "code": "FIX" }]),
        json!({ "area": "indoor" }),
    ));
    assert_eq!((total(&r), &r["free"]), ("45.00", &Value::Null));
}

fn at(instant: &str, lines: Value, extra: Value) -> Value {
    let mut o = order(lines, extra);
    o["completed"] = json!(instant);
    quote(&o)
}

/// The receipt's surcharge lines as `id=amount`.
fn surcharge_ids(receipt: &Value) -> Vec<String> {
    receipt["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "surcharge")
        .map(|s| {
            format!(
                "{}={}",
                s["code"].as_str().unwrap(),
                s["total"]["text"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn surcharges_apply_only_when_declared_conditions_hold() {
    let fix = json!([{ "code": "FIX" }]);
    // Night (20:00-08:00, wrapping midnight) on a Monday: 50 % of labor.
    for (instant, on) in [
        ("2026-03-02T19:59:59+08:00", false),
        ("2026-03-02T20:00:00+08:00", true),
        ("2026-03-03T07:59:59+08:00", true),
        ("2026-03-03T08:00:00+08:00", false),
        // The same instant written in UTC is the same local time.
        ("2026-03-02T12:30:00Z", true),
    ] {
        let r = at(instant, fix.clone(), json!({}));
        assert_eq!(
            surcharge_ids(&r),
            if on {
                vec!["night=5.00".to_owned()]
            } else {
                vec![]
            },
            "{instant}"
        );
        assert_eq!(total(&r), if on { "50.00" } else { "45.00" });
    }
    // Closed days of the office calendar: Sunday, a holiday; not a 调休 make-up Sunday.
    assert_eq!(
        surcharge_ids(&at("2026-03-01T10:00:00+08:00", fix.clone(), json!({}))),
        ["closed-day=10.00"]
    );
    assert_eq!(
        surcharge_ids(&at("2026-10-01T10:00:00+08:00", fix.clone(), json!({}))),
        ["closed-day=10.00"]
    );
    assert!(surcharge_ids(&at("2026-09-20T10:00:00+08:00", fix.clone(), json!({}))).is_empty());
    // Both at once: a holiday night.
    assert_eq!(
        surcharge_ids(&at("2026-10-01T21:00:00+08:00", fix.clone(), json!({}))),
        ["night=5.00", "closed-day=10.00"]
    );
    // Urgent call-out: a fixed amount per order, its own receipt line.
    let r = at(
        "2026-03-02T15:00:00+08:00",
        json!([{ "code": "FIX" }, { "code": "INCL" }]),
        json!({ "urgent": true }),
    );
    let last = &r["lines"][2];
    assert_eq!(
        (
            last["kind"].as_str(),
            last["code"].as_str(),
            last["total"]["text"].as_str()
        ),
        (Some("surcharge"), Some("urgent"), Some("30.00"))
    );
    assert_eq!(last["name"]["zh"], "加急上门费");
    assert_eq!(total(&r), "195.00");
    let r = at(
        "2026-03-02T15:00:00+08:00",
        fix.clone(),
        json!({ "urgent": false }),
    );
    assert_eq!(r["lines"].as_array().unwrap().len(), 1);
    // A surcharge applies to capped labor.
    let r = at(
        "2026-03-02T21:00:00+08:00",
        json!([{ "code": "CAP", "quantity": 5 }]),
        json!({}),
    );
    assert_eq!(surcharge_ids(&r), ["night=75.00"]);
    assert_eq!(total(&r), "225.00");
    // A percentage applies once to the order's labor (caps applied), rounded once.
    let r = at(
        "2026-03-02T21:00:00+08:00",
        json!([{ "code": "FIX" }, { "code": "HALF" }, { "code": "HALF" }]),
        json!({}),
    );
    let night = &r["lines"][3];
    assert_eq!(
        (
            night["per_mille"].as_u64(),
            night["base"]["text"].as_str(),
            night["total"]["text"].as_str()
        ),
        (Some(500), Some("10.66"), Some("5.33"))
    );
    // Without surcharges declared, nothing is added at night (the default rule set).
    let default =
        Engine::from_json(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    let night = json!({ "created": "2026-03-01T22:00:00+08:00", "completed": "2026-03-01T23:00:00+08:00", "urgent": true, "lines": [{ "code": "PLMB-01" }] });
    let r = serde_json::to_value(default.quote(&night, NOW).unwrap()).unwrap();
    assert_eq!(total(&r), "45.00");
    // A surcharge's condition with the wrong type is an error, as in tables.
    assert_eq!(
        error(&order(
            json!([{ "code": "FIX" }]),
            json!({ "urgent": "yes" })
        )),
        (ErrorCode::TypeMismatch, "/urgent".into())
    );
}

#[test]
fn billing_cut_off_is_the_25th_in_the_rule_sets_zone() {
    let period = |instant: &str| {
        at(instant, json!([{ "code": "FIX" }]), json!({}))["billing_period"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(period("2026-03-25T23:59:59+08:00"), "2026-03");
    assert_eq!(period("2026-03-26T00:00:00+08:00"), "2026-04");
    // The same instants written from another zone: the rule set's zone decides, not the offset.
    assert_eq!(period("2026-03-25T15:59:59Z"), "2026-03");
    assert_eq!(period("2026-03-25T12:00:00-04:00"), "2026-04");
    assert_eq!(period("2026-12-26T09:00:00+08:00"), "2027-01");
    // Without `completed`, the appointment, else `now`, is the work's time.
    let mut o = order(
        json!([{ "code": "FIX" }]),
        json!({ "appointment": "2026-04-26T10:00:00+08:00" }),
    );
    o.as_object_mut().unwrap().remove("completed");
    let r = quote(&o);
    assert_eq!(
        (
            r["billing_period"].as_str(),
            r["work_time"]["basis"].as_str()
        ),
        (Some("2026-05"), Some("appointment"))
    );
    o.as_object_mut().unwrap().remove("appointment");
    let r = quote(&o);
    assert_eq!(
        (
            r["billing_period"].as_str(),
            r["work_time"]["basis"].as_str()
        ),
        (Some("2026-03"), Some("now"))
    );
    assert_eq!(r["work_time"]["instant"], "2026-03-02T12:00:00+08:00");
}

#[test]
fn off_schedule_items_need_the_supervisors_quote() {
    let mut o = order(
        json!([{ "code": "FIX" }, { "description": "更换智能马桶电源模块" }]),
        json!({ "events": [{ "type": "dispatched", "at": "2026-03-02T11:50:00+08:00" }] }),
    );
    let r = quote(&o);
    assert_eq!(r["status"], "quote_required");
    assert_eq!(r["total"], Value::Null);
    assert_eq!(r["billing_period"], Value::Null);
    assert_eq!(r["lines"][1]["status"], "quote_required");
    assert_eq!(amounts(&r, 1), ["null", "null", "null"]);
    assert_eq!(notes(&r, 1), ["awaiting_quote"]);
    // The review clock: 15 minutes from the order reaching the supervisor; read at NOW (12:00).
    let review = &r["review"];
    assert_eq!(review["target"], "quote-review");
    assert_eq!(review["deadline"], "2026-03-02T12:05:00+08:00");
    assert_eq!(review["state"], "running");
    assert_eq!(review["remaining_seconds"], 300);
    // Not yet dispatched: the clock is pending.
    o["events"] = json!([]);
    assert_eq!(quote(&o)["review"]["state"], "pending");
    // Accepted: priced at the quote, the line says so.
    o["lines"][1] = json!({ "description": "更换智能马桶电源模块", "labor": "80.00", "material_cost": "145.50", "accepted": true });
    let r = quote(&o);
    assert_eq!(r["status"], "priced");
    assert_eq!(r["review"], Value::Null);
    assert_eq!(amounts(&r, 1), ["80.00", "145.50", "225.50"]);
    assert_eq!(notes(&r, 1), ["quote_accepted"]);
    assert_eq!(total(&r), "270.50");
    // An accepted quote states its labor; an off-schedule line describes the work.
    assert_eq!(
        error(&order(
            json!([{ "description": "x", "accepted": true }]),
            json!({})
        )),
        (ErrorCode::MissingField, "/lines/0/labor".into())
    );
    assert_eq!(
        error(&order(json!([{ "quantity": 1 }]), json!({}))),
        (ErrorCode::MissingField, "/lines/0/description".into())
    );
}

#[test]
fn half_fen_amounts_round_half_up_per_amount() {
    // 0.33 × 1.5 = 0.495 → 0.50; 0.33 × 0.5 = 0.165 → 0.17; 0.33 × 0.1 = 0.033 → 0.03.
    for (quantity, labor) in [
        (json!(1.5), "0.50"),
        (json!("0.5"), "0.17"),
        (json!(0.1), "0.03"),
        (json!("2.125"), "0.70"),
    ] {
        let r = quote(&order(
            json!([{ "code": "HALF", "quantity": quantity }]),
            json!({}),
        ));
        assert_eq!(amounts(&r, 0)[0], labor, "{quantity}");
    }
    // A 50 % night surcharge on 0.33 is 0.165 → 0.17, rounded on its own.
    let r = at(
        "2026-03-02T21:00:00+08:00",
        json!([{ "code": "HALF" }]),
        json!({}),
    );
    assert_eq!(surcharge_ids(&r), ["night=0.17"]);
    assert_eq!(total(&r), "0.50");
}

#[test]
fn a_thousand_line_order_totals_exactly() {
    let lines: Vec<Value> = (0..1000)
        .map(|i| match i % 4 {
            0 => json!({ "code": "HALF", "quantity": "1.5" }),
            1 => json!({ "code": "FIX", "quantity": 1 }),
            2 => json!({ "code": "EXTRAE", "material_cost": "0.01" }),
            _ => json!({ "code": "CAP" }),
        })
        .collect();
    let r = quote(&order(json!(lines), json!({})));
    // 250 × 0.50 + 250 × 45.00 + 250 × 20.01 + 150.00 (the cap over 250 × 50.00).
    assert_eq!(total(&r), "16527.50");
    assert_eq!(r["total"]["fen"], 1_652_750);
    let sum: i64 = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["total"]["fen"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, 1_652_750);
}

#[test]
fn money_is_text_and_never_overflows_silently() {
    for (value, code) in [
        (json!(20.5), ErrorCode::WrongType),
        (json!(20), ErrorCode::WrongType),
        (json!("20.001"), ErrorCode::InvalidMoney),
        (json!("-1.00"), ErrorCode::InvalidMoney),
        (json!("1e3"), ErrorCode::InvalidMoney),
        (json!("¥20"), ErrorCode::InvalidMoney),
        (json!(true), ErrorCode::WrongType),
    ] {
        assert_eq!(
            error(&order(
                json!([{ "code": "EXTRAE", "material_cost": value }]),
                json!({})
            )),
            (code, "/lines/0/material_cost".into()),
            "{value}"
        );
    }
    // The largest quantity of a line stays exact; three of them exceed the largest amount.
    let big = json!({ "code": "FIX", "quantity": 1_000_000_000 });
    let r = quote(&order(json!([big.clone()]), json!({})));
    assert_eq!(total(&r), "45000000000.00");
    assert_eq!(
        error(&order(json!([big.clone(), big.clone(), big]), json!({}))),
        (ErrorCode::MoneyOverflow, "/lines".into())
    );
    assert_eq!(
        error(&order(
            json!([{ "code": "EXTRAE", "material_cost": "99999999999.99" }]),
            json!({})
        )),
        (ErrorCode::MoneyOverflow, "/lines/0".into())
    );
    assert_eq!(
        error(&order(
            json!([{ "code": "FIX", "quantity": 1_000_000_001 }]),
            json!({})
        )),
        (ErrorCode::InvalidValue, "/lines/0/quantity".into())
    );
}

#[test]
fn malformed_orders_are_located() {
    let cases = [
        (json!({ "lines": "FIX" }), ErrorCode::WrongType, "/lines"),
        (json!({}), ErrorCode::MissingField, "/lines"),
        (json!({ "lines": [7] }), ErrorCode::WrongType, "/lines/0"),
        (
            json!({ "lines": [{ "code": "NOPE" }] }),
            ErrorCode::UnknownItem,
            "/lines/0/code",
        ),
        (
            json!({ "lines": [{ "code": "FIX", "qty": 2 }] }),
            ErrorCode::UnknownKey,
            "/lines/0/qty",
        ),
        (
            json!({ "lines": [{ "code": "FIX", "quantity": 0 }] }),
            ErrorCode::InvalidValue,
            "/lines/0/quantity",
        ),
        (
            json!({ "lines": [{ "code": "FIX", "quantity": -2 }] }),
            ErrorCode::InvalidValue,
            "/lines/0/quantity",
        ),
        (
            json!({ "lines": [{ "code": "FIX", "quantity": "0.0001" }] }),
            ErrorCode::InvalidValue,
            "/lines/0/quantity",
        ),
        (
            json!({ "lines": [{ "code": 12 }] }),
            ErrorCode::WrongType,
            "/lines/0/code",
        ),
        (
            json!({ "lines": [{ "code": "" }] }),
            ErrorCode::InvalidValue,
            "/lines/0/code",
        ),
        (
            json!({ "lines": [{ "code": "FIX", "supplied_by": "neighbour" }] }),
            ErrorCode::InvalidValue,
            "/lines/0/supplied_by",
        ),
        (
            json!({ "lines": [{ "description": "x", "accepted": "yes" }] }),
            ErrorCode::WrongType,
            "/lines/0/accepted",
        ),
        (
            json!({ "completed": "2026-02-30T10:00:00+08:00", "lines": [] }),
            ErrorCode::InvalidDate,
            "/completed",
        ),
        (
            json!({ "completed": 1, "lines": [] }),
            ErrorCode::WrongType,
            "/completed",
        ),
        (
            json!({ "handover": 20240101, "lines": [] }),
            ErrorCode::WrongType,
            "/handover",
        ),
    ];
    let more = [
        (
            json!({ "lines": [{ "code": "FIX", "accepted": true }] }),
            ErrorCode::UnknownKey,
            "/lines/0/accepted",
        ),
        (
            json!({ "lines": [{ "code": "FIX", "description": "x" }] }),
            ErrorCode::UnknownKey,
            "/lines/0/description",
        ),
        (
            json!({ "lines": [{ "description": "x", "quantity": 3 }] }),
            ErrorCode::UnknownKey,
            "/lines/0/quantity",
        ),
        (
            json!({ "lines": [{ "description": "x", "supplied_by": "resident", "material_cost": "1.00" }] }),
            ErrorCode::UnknownKey,
            "/lines/0/material_cost",
        ),
        (
            json!({ "created": "2026-03-02T09:00:00+08:00", "completed": "2026-03-02T08:59:59+08:00", "lines": [] }),
            ErrorCode::InvalidValue,
            "/completed",
        ),
    ];
    let engine = engine();
    for (order, code, path) in cases.into_iter().chain(more) {
        let e = engine.quote(&order, NOW).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (code, path), "{order}");
    }
    assert_eq!(
        engine.quote(&json!([]), NOW).unwrap_err().code,
        ErrorCode::InvalidTicket
    );
    assert_eq!(
        engine
            .quote(&json!({ "lines": [] }), "soon")
            .unwrap_err()
            .path,
        "/now"
    );
    // An empty order is priced at nothing.
    let r = serde_json::to_value(engine.quote(&json!({ "lines": [] }), NOW).unwrap()).unwrap();
    assert_eq!((total(&r), &r["billing_period"]), ("0.00", &Value::Null));
    // Too many lines.
    let lines = vec![json!({ "code": "FIX" }); 10_001];
    assert_eq!(
        engine
            .quote(&json!({ "lines": lines }), NOW)
            .unwrap_err()
            .code,
        ErrorCode::TooManyItems
    );
}

#[test]
fn a_rule_set_without_fees_prices_nothing() {
    let text = std::fs::read_to_string("tests/fixtures/calendars/sla-2025.json").unwrap();
    let engine = Engine::from_json(&text).unwrap();
    let e = engine.quote(&json!({ "lines": [] }), NOW).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::NoFeeSchedule, ""));
    assert!(engine.price_schedule(NOW).unwrap().is_none());
    assert_eq!(engine.price_schedule("today").unwrap_err().path, "/at");
}

#[test]
fn the_receipt_names_the_schedule_version_used() {
    let r = quote(&order(json!([{ "code": "FIX" }]), json!({})));
    assert_eq!(
        r["rule_set"],
        json!({ "id": "fees-cases", "version": "2026" })
    );
    assert_eq!(r["currency"], "CNY");
    // A later version with a new price applies to orders created after it takes effect.
    let mut later: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/fees/fees-2026.json").unwrap(),
    )
    .unwrap();
    later["version"] = json!("2026.7");
    later["effective_from"] = json!("2026-07-01");
    later["fees"]["schedule"][0]["labor"] = json!("12.00");
    let mut engine = engine();
    engine.add_json(&later.to_string()).unwrap();
    let before = serde_json::to_value(
        engine
            .quote(
                &order(
                    json!([{ "code": "FIX" }]),
                    json!({ "created": "2026-06-30T23:59:59+08:00", "completed": "2026-07-02T10:00:00+08:00" }),
                ),
                NOW,
            )
            .unwrap(),
    )
    .unwrap();
    let after = serde_json::to_value(
        engine
            .quote(
                &order(
                    json!([{ "code": "FIX" }]),
                    json!({ "created": "2026-07-01T00:00:00+08:00", "completed": "2026-07-02T10:00:00+08:00" }),
                ),
                NOW,
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (total(&before), before["rule_set"]["version"].as_str()),
        ("45.00", Some("2026"))
    );
    assert_eq!(
        (total(&after), after["rule_set"]["version"].as_str()),
        ("47.00", Some("2026.7"))
    );
}
