//! Table verification cost: a 200-row, 6-column first-hit table (text, any-of, contains,
//! number intervals, booleans) with no default. Run: `cargo bench --bench verify`.

use divan::Bencher;
use serde_json::{Value, json};
use slafee::Engine;

fn main() {
    divan::main();
}

fn rules() -> Value {
    let kinds = ["repair", "complaint", "help", "enquiry", "activity"];
    let systems = [
        "water", "electric", "gas", "drain", "elevator", "door", "lighting", "noise",
    ];
    let words = [
        "漏水", "停电", "燃气", "堵塞", "困人", "噪音", "异味", "损坏", "维修", "投诉",
    ];
    let rows: Vec<Value> = (0..200)
        .map(|i| {
            let low = (i % 20) * 5;
            json!({
                "id": format!("r{i}"),
                "when": {
                    "kind": format!("\"{}\"", kinds[i % kinds.len()]),
                    "system": format!("\"{}\",\"{}\"", systems[i % systems.len()], systems[(i + 3) % systems.len()]),
                    "description": format!("contains(\"{}\")", words[i % words.len()]),
                    "households_affected": format!("[{low}..{})", low + 10),
                    "hazard": if i % 3 == 0 { "true" } else { "-" },
                    "area": if i % 2 == 0 { "\"indoor\"" } else { "\"common\"" }
                },
                "then": { "team": format!("t{}", i % 7) }
            })
        })
        .collect();
    json!({
        "id": "bench", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [{ "id": "routine", "rank": 1, "label": { "zh": "常规" } }],
        "classify": { "hit_policy": "first", "inputs": ["kind"], "rules": [{ "id": "all", "then": { "priority": "routine" } }] },
        "sla": { "routine": [{ "id": "respond", "kind": "calendar", "within": "1h", "start": "created", "stop": "responded" }] },
        "tables": { "dispatch": {
            "hit_policy": "first", "outputs": ["team"],
            "inputs": ["kind", "system", "description", { "field": "households_affected", "type": "number" }, { "field": "hazard", "type": "boolean" }, "area"],
            "rules": rows
        } }
    })
}

#[divan::bench(sample_count = 10)]
fn verify_200_rows_6_columns(bencher: Bencher) {
    let engine = Engine::from_json(&rules().to_string()).expect("loads");
    bencher.bench_local(|| engine.lint());
}
