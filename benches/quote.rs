//! Pricing cost: a 10-line order of the default schedule (every labor form and material rule),
//! and a 1,000-line order. Run: `cargo bench --bench quote`.

use divan::{Bencher, black_box};
use serde_json::{Value, json};
use slafee::Engine;

fn main() {
    divan::main();
}

fn default_rules() -> Engine {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .expect("default rule set");
    Engine::from_json(&text).expect("default rule set loads")
}

fn order(lines: Vec<Value>) -> Value {
    json!({
        "created": "2026-03-02T09:00:00+08:00", "completed": "2026-03-02T15:00:00+08:00",
        "kind": "repair", "area": "indoor", "handover": "2025-06-01", "lines": lines
    })
}

fn ten_lines() -> Vec<Value> {
    vec![
        json!({ "code": "PLMB-01", "quantity": 2 }),
        json!({ "code": "PLMB-01", "supplied_by": "resident" }),
        json!({ "code": "PLMB-03", "quantity": 4 }),
        json!({ "code": "ELEC-03", "minutes": 95, "material_cost": "12.50" }),
        json!({ "code": "PLMB-13", "labor": "60.00", "material_cost": "18.00" }),
        json!({ "code": "DOOR-01" }),
        json!({ "code": "APPL-07", "labor": "90.00" }),
        json!({ "code": "MISC-05", "quantity": "3.5", "material_cost": "87.30" }),
        json!({ "code": "DOOR-11", "quantity": "1.25" }),
        json!({ "description": "更换智能马桶电源模块", "labor": "80.00", "material_cost": "145.50", "accepted": true }),
    ]
}

#[divan::bench]
fn quote_10_lines(bencher: Bencher) {
    let engine = default_rules();
    let order = order(ten_lines());
    bencher.bench_local(|| engine.quote(black_box(&order), black_box("2026-03-02T16:00:00+08:00")));
}

#[divan::bench]
fn quote_1000_lines(bencher: Bencher) {
    let engine = default_rules();
    let order = order(ten_lines().into_iter().cycle().take(1000).collect());
    bencher.bench_local(|| engine.quote(black_box(&order), black_box("2026-03-02T16:00:00+08:00")));
}
