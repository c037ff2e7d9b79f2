//! KPI cost: 100,000 ticket records (repairs and complaints, surveys, call-backs, fees) through
//! one run grouped by month and category. Run: `cargo bench --bench kpi`.

use divan::{Bencher, black_box};
use serde_json::{Value, json};
use slafee::{Dimension, Engine, KpiOptions};

fn main() {
    divan::main();
}

fn records(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let day = 1 + i % 28;
            let month = 1 + (i / 28) % 3;
            let created = format!("2026-{month:02}-{day:02}T09:00:00+08:00");
            let responded = format!("2026-{month:02}-{day:02}T09:{:02}:00+08:00", 5 + i % 50);
            let closed = format!("2026-{month:02}-{day:02}T15:00:00+08:00");
            let complaint = i % 4 == 0;
            let answer = ["satisfied", "basically_satisfied", "unsatisfied"][i % 3];
            json!({
                "kind": if complaint { "complaint" } else { "repair" },
                "area": "indoor", "system": "water", "description": "水龙头滴水",
                "complaint_level": "general", "team": if i % 2 == 0 { "A" } else { "B" },
                "created": created,
                "events": [{ "type": "responded", "at": responded }, { "type": "closed", "at": closed }],
                "survey": { "answer": answer, "at": closed },
                "callbacks": if i % 3 == 0 { json!([{ "at": closed }]) } else { json!([]) },
                "fee": { "amount": "45.00", "collected": i % 10 != 0 }
            })
        })
        .collect()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn kpi_100k_records(bencher: Bencher) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .expect("default rule set");
    let engine = Engine::from_json(&text).expect("loads");
    let records = records(100_000);
    let options = KpiOptions {
        now: "2026-04-30T18:00:00+08:00".into(),
        by: vec![Dimension::Month, Dimension::Category],
    };
    bencher.bench_local(|| {
        let mut run = engine.kpi(&options).expect("run starts");
        for record in &records {
            run.add(black_box(record));
        }
        run.finish()
    });
}

/// The CLI's path: the same records as NDJSON text, each line parsed by the run.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn kpi_100k_ndjson_lines(bencher: Bencher) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .expect("default rule set");
    let engine = Engine::from_json(&text).expect("loads");
    let lines: Vec<String> = records(100_000).iter().map(Value::to_string).collect();
    let options = KpiOptions {
        now: "2026-04-30T18:00:00+08:00".into(),
        by: vec![Dimension::Month, Dimension::Category],
    };
    bencher.bench_local(|| {
        let mut run = engine.kpi(&options).expect("run starts");
        for line in &lines {
            run.add_line(black_box(line));
        }
        run.finish()
    });
}
