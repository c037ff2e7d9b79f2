//! Properties of pricing, for random orders against `tests/fixtures/fees/fees-2026.json`: the
//! total is the sum of the lines, no amount is negative, and removing a line never raises the
//! total (caps and surcharges included).

use proptest::prelude::*;
use serde_json::{Value, json};
use slafee::Engine;

fn engine() -> Engine {
    Engine::from_json(&std::fs::read_to_string("tests/fixtures/fees/fees-2026.json").unwrap())
        .unwrap()
}

/// A valid order line for one of the fixture's items.
fn line() -> impl Strategy<Value = Value> {
    let quantity =
        (1u32..5000).prop_map(|milli| json!(format!("{}.{:03}", milli / 1000, milli % 1000)));
    let cents = (0u32..100_000).prop_map(|c| json!(format!("{}.{:02}", c / 100, c % 100)));
    prop_oneof![
        (quantity.clone(), any::<bool>()).prop_map(|(q, own)| {
            let mut l = json!({ "code": "FIX", "quantity": q });
            if own {
                l["supplied_by"] = json!("resident");
            }
            l
        }),
        quantity.clone().prop_map(|q| json!({ "code": "HALF", "quantity": q })),
        (3000u32..=8000, cents.clone()).prop_map(|(l, m)| json!({ "code": "RANGE", "labor": format!("{}.{:02}", l / 100, l % 100), "material_cost": m })),
        quantity.clone().prop_map(|q| json!({ "code": "CAP", "quantity": q })),
        (0u32..600, cents.clone()).prop_map(|(m, c)| json!({ "code": "TIME", "minutes": m, "material_cost": c })),
        cents.clone().prop_map(|c| json!({ "code": "EXTRAE", "material_cost": c })),
        Just(json!({ "code": "PIPE" })),
        (cents.clone(), cents).prop_map(|(l, m)| json!({ "description": "报价项目", "labor": l, "material_cost": m, "accepted": true })),
    ]
}

fn order() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(line(), 0..12),
        0i64..(365 * 24 * 60),
        any::<bool>(),
        prop_oneof![Just(Value::Null), Just(json!("2025-01-10"))],
    )
        .prop_map(|(lines, minute, urgent, handover)| {
            let completed = chrono::DateTime::from_timestamp(1_767_196_800 + minute * 60, 0)
                .unwrap()
                .to_rfc3339();
            json!({ "created": "2026-01-01T00:00:00+08:00", "completed": completed, "urgent": urgent, "handover": handover, "lines": lines })
        })
}

fn fen(v: &Value) -> i64 {
    v["fen"].as_i64().unwrap()
}

fn total(engine: &Engine, order: &Value) -> i64 {
    let receipt =
        serde_json::to_value(engine.quote(order, "2026-01-01T00:00:00+08:00").unwrap()).unwrap();
    fen(&receipt["total"])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn total_is_the_sum_of_non_negative_lines(order in order()) {
        let engine = engine();
        let receipt = serde_json::to_value(engine.quote(&order, "2026-01-01T00:00:00+08:00").unwrap()).unwrap();
        let mut sum = 0;
        for line in receipt["lines"].as_array().unwrap() {
            let amount = |key: &str| if line[key].is_object() { fen(&line[key]) } else { 0 };
            if line["kind"] != "surcharge" {
                prop_assert_eq!(amount("total"), amount("labor") + amount("material"));
            }
            for key in ["labor", "material", "total"] {
                if line[key].is_object() {
                    prop_assert!(fen(&line[key]) >= 0);
                }
            }
            sum += fen(&line["total"]);
        }
        prop_assert_eq!(fen(&receipt["total"]), sum);
    }

    #[test]
    fn removing_a_line_never_raises_the_total(order in order(), pick in any::<prop::sample::Index>()) {
        let engine = engine();
        let lines = order["lines"].as_array().unwrap();
        prop_assume!(!lines.is_empty());
        let full = total(&engine, &order);
        let mut smaller = order.clone();
        smaller["lines"].as_array_mut().unwrap().remove(pick.index(lines.len()));
        prop_assert!(total(&engine, &smaller) <= full);
    }

    #[test]
    fn the_same_order_gives_the_same_bytes(order in order()) {
        let engine = engine();
        let a = serde_json::to_string(&engine.quote(&order, "2026-01-01T00:00:00+08:00").unwrap()).unwrap();
        let b = serde_json::to_string(&engine.quote(&order, "2026-01-01T00:00:00+08:00").unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }
}
