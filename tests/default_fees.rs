//! The default price schedule and the sample orders: every receipt of `examples/orders.ndjson`
//! is pinned in `tests/fixtures/fees/receipts.ndjson`, which the Node suite also compares the
//! package's receipts against byte for byte. `SLAFEE_BLESS=1` rewrites the file after a
//! deliberate change (review the diff).

use serde_json::Value;

/// The instant the sample receipts are read at.
const NOW: &str = "2026-06-01T09:12:00+08:00";

fn engine() -> slafee::Engine {
    slafee::Engine::from_json(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap()
}

#[test]
fn sample_receipts_are_pinned() {
    let engine = engine();
    let orders = std::fs::read_to_string("examples/orders.ndjson").unwrap();
    let mut out = String::new();
    for line in orders.lines() {
        let order: Value = serde_json::from_str(line).unwrap();
        let receipt = engine.quote(&order, NOW).unwrap();
        out.push_str(&serde_json::to_string(&receipt).unwrap());
        out.push('\n');
    }
    let path = "tests/fixtures/fees/receipts.ndjson";
    if std::env::var_os("SLAFEE_BLESS").is_some() {
        std::fs::write(path, &out).unwrap();
    }
    assert_eq!(out, std::fs::read_to_string(path).unwrap());
}

#[test]
fn sample_totals_match_the_posted_prices() {
    let engine = engine();
    let orders = std::fs::read_to_string("examples/orders.ndjson").unwrap();
    let totals: Vec<(String, Option<String>, Option<String>)> = orders
        .lines()
        .map(|line| {
            let order: Value = serde_json::from_str(line).unwrap();
            let r = serde_json::to_value(engine.quote(&order, NOW).unwrap()).unwrap();
            (
                order["id"].as_str().unwrap().to_owned(),
                r["total"]["text"].as_str().map(str::to_owned),
                r["billing_period"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let expect = |id: &str, total: Option<&str>, period: Option<&str>| {
        let (_, t, p) = totals.iter().find(|(i, _, _)| i == id).unwrap();
        assert_eq!((t.as_deref(), p.as_deref()), (total, period), "order {id}");
    };
    // 更换水龙头: labor 10 + list price 35.
    expect("W001", Some("45.00"), Some("2026-03"));
    // Resident's own taps: labor only.
    expect("W002", Some("20.00"), Some("2026-03"));
    // 疏通: 50 per place, capped at 150 per order across lines of one code (马桶 and 地漏 are
    // separate items).
    expect("W003", Some("150.00"), Some("2026-03"));
    expect("W004", Some("150.00"), Some("2026-03"));
    // 95 minutes of 查线路 at 25/h (超半小时按1小时) = 2 h = 50, material 12.50, plus a socket
    // 10 + 15; completed 25 March 23:59:59 → March statement.
    expect("W005", Some("87.50"), Some("2026-03"));
    // Completed 26 March 00:00 → April statement.
    expect("W006", Some("50.00"), Some("2026-04"));
    // 更换入户门锁芯 120 含材料; priced at the appointment.
    expect("W007", Some("120.00"), Some("2026-04"));
    // 给排水 2-year warranty from 2024-05-06: covered through 2026-05-06, charged the day after.
    expect("W008", Some("0.00"), None);
    expect("W009", Some("78.00"), Some("2026-05"));
    // Common area: free by the free table.
    expect("W010", Some("0.00"), None);
    // Off the schedule, not yet accepted: no total.
    expect("W011", None, None);
    expect("W012", Some("235.50"), Some("2026-06"));
    // Fractional metres: 3.5 × 10 + 87.30 entered; 2.5 × (5 + 8).
    expect("W013", Some("154.80"), Some("2026-11"));
    // Completed 26 December → January statement of the next year.
    expect("W014", Some("90.00"), Some("2027-01"));
}

#[test]
fn the_default_schedule_is_published_in_full() {
    let engine = engine();
    let schedule = engine
        .price_schedule("2026-06-01T00:00:00+08:00")
        .unwrap()
        .unwrap();
    assert!(schedule.items.len() >= 40);
    let categories: Vec<&str> = schedule.categories.iter().map(|c| c.id.as_str()).collect();
    for category in &categories {
        assert!(
            schedule
                .items
                .iter()
                .filter(|i| i.category == *category)
                .count()
                >= 5,
            "{category} has fewer than 5 items"
        );
    }
    let item = |code: &str| schedule.items.iter().find(|i| i.code == code).unwrap();
    assert_eq!(item("PLMB-01").name.zh, "更换水龙头");
    assert!(matches!(item("PLMB-02").labor, slafee::Labor::Fixed { price } if price.fen() == 5000));
    assert_eq!(item("PLMB-02").cap.unwrap().fen(), 15000);
    assert!(matches!(
        item("ELEC-03").labor,
        slafee::Labor::Time { price, per_seconds: 3600, free_remainder_seconds: 1800, minimum_seconds: 3600 }
            if price.fen() == 2500
    ));
    assert_eq!(
        item("DOOR-01").material.rule,
        slafee::MaterialRule::Included
    );
    assert!(schedule.items.iter().all(|i| i.source.is_some()));
}
