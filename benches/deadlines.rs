//! Deadline cost must not grow with the duration: 30 minutes vs 200 working days of business
//! time, working time between over an hour and a year, and full deadlines() and evaluate() calls
//! on the default rule set. Run:
//! `cargo bench --bench deadlines`.

use divan::{Bencher, black_box};
use serde_json::json;
use slafee::Engine;

fn main() {
    divan::main();
}

fn calendars() -> Engine {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/calendars/office-2025.json"
    ))
    .expect("fixture");
    Engine::from_json(&text).expect("fixture loads")
}

/// 30 minutes vs 200 working days (200 × 9 h) of business time from the same instant.
#[divan::bench(args = ["30m", "1800h"])]
fn add_business_time(bencher: Bencher, duration: &str) {
    let engine = calendars();
    bencher.bench_local(|| {
        engine.add_working_time(
            black_box("office"),
            black_box("2025-01-02T10:00:00+08:00"),
            black_box(duration),
        )
    });
}

#[divan::bench(args = [1, 200])]
fn close_of_working_day(bencher: Bencher, n: u32) {
    let engine = calendars();
    bencher.bench_local(|| {
        engine.close_of_working_day(
            black_box("office"),
            black_box("2025-01-02T10:00:00+08:00"),
            black_box(n),
        )
    });
}

/// Working time between 10:00 and 11:00 of one day vs across a whole year.
#[divan::bench(args = ["2025-01-02T11:00:00+08:00", "2025-12-30T10:00:00+08:00"])]
fn working_time_between(bencher: Bencher, to: &str) {
    let engine = calendars();
    bencher.bench_local(|| {
        engine.working_time_between(
            black_box("office"),
            black_box("2025-01-02T10:00:00+08:00"),
            black_box(to),
        )
    });
}

fn default_rules() -> Engine {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .expect("rules");
    Engine::from_json(&text).expect("default rules load")
}

/// A routine repair with a pause (waiting for the owner) in its log.
fn paused_ticket() -> serde_json::Value {
    json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "卫生间水龙头漏水",
        "created": "2026-03-02T09:15:00+08:00", "events": [
            { "type": "responded", "at": "2026-03-02T09:40:00+08:00" },
            { "type": "waiting_owner", "at": "2026-03-02T11:00:00+08:00" },
            { "type": "owner_confirmed", "at": "2026-03-03T10:00:00+08:00" } ] })
}

/// Classification plus every target of the ticket's priority, with a pause in the log.
#[divan::bench]
fn deadlines_default_rule_set(bencher: Bencher) {
    let engine = default_rules();
    let ticket = paused_ticket();
    bencher.bench_local(|| {
        engine.deadlines(black_box(&ticket), black_box("2026-03-03T12:00:00+08:00"))
    });
}

/// The full evaluation (`evaluate`): classification, every clock and the follow-ups of the same
/// ticket (it has no order lines, so no fee).
#[divan::bench]
fn evaluate_default_rule_set(bencher: Bencher) {
    let engine = default_rules();
    let ticket = paused_ticket();
    bencher.bench_local(|| {
        engine.evaluate(black_box(&ticket), black_box("2026-03-03T12:00:00+08:00"))
    });
}
