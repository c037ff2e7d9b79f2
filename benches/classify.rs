//! Classification cost: 20-row and 2,000-row first-hit tables hit early and late (and not at
//! all), with and without a trace, and the shipped default rule set on a typical ticket. Run: `cargo bench --bench classify`.

use divan::{Bencher, black_box};
use serde_json::{Value, json};
use slafee::{Engine, Options};

fn main() {
    divan::main();
}

/// A table of `n` rows over four text columns; row `i` matches `system == "s{i}"`.
fn table(n: usize) -> Engine {
    let rules: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "id": format!("row-{i}"),
                "when": { "kind": "\"repair\",\"help\"", "system": format!("\"s{i}\""), "description": "contains(\"漏水\",\"爆管\",\"困人\")" },
                "then": { "priority": if i % 2 == 0 { "emergency" } else { "routine" } }
            })
        })
        .collect();
    let doc = json!({
        "id": "bench", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [
            { "id": "emergency", "rank": 1, "label": { "zh": "紧急" } },
            { "id": "routine", "rank": 2, "label": { "zh": "常规" } }
        ],
        "classify": { "hit_policy": "first", "inputs": ["kind", "area", "system", "description"],
                      "default": { "priority": "routine" }, "rules": rules }
    });
    Engine::from_json(&doc.to_string()).expect("bench rule set loads")
}

fn ticket(system: &str) -> Value {
    json!({ "kind": "repair", "area": "indoor", "system": system, "description": "厨房水管爆管，水漫到客厅",
            "created": "2026-03-02T09:15:00+08:00" })
}

#[divan::bench(args = ["s0", "s19", "none"])]
fn table_20_rows(bencher: Bencher, system: &str) {
    let engine = table(20);
    let ticket = ticket(system);
    bencher.bench_local(|| engine.classify(black_box(&ticket)));
}

#[divan::bench(args = ["s0", "s1999", "none"])]
fn table_2000_rows(bencher: Bencher, system: &str) {
    let engine = table(2000);
    let ticket = ticket(system);
    bencher.bench_local(|| engine.classify(black_box(&ticket)));
}

#[divan::bench]
fn table_20_rows_no_created(bencher: Bencher) {
    let engine = table(20);
    let mut ticket = ticket("s0");
    ticket.as_object_mut().expect("object").remove("created");
    bencher.bench_local(|| engine.classify(black_box(&ticket)));
}

#[divan::bench]
fn table_20_rows_traced(bencher: Bencher) {
    let engine = table(20);
    let ticket = ticket("s19");
    bencher.bench_local(|| engine.classify_with(black_box(&ticket), Options { trace: true }));
}

#[divan::bench]
fn default_rule_set(bencher: Bencher) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .expect("rules/default.json");
    let engine = Engine::from_json(&text).expect("default rules load");
    let ticket = ticket("water");
    bencher.bench_local(|| engine.classify(black_box(&ticket)));
}

#[divan::bench]
fn load_default_rule_set(bencher: Bencher) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .expect("rules/default.json");
    bencher.bench_local(|| Engine::from_json(black_box(&text)));
}
