//! Money text (and quantity text) in work orders priced by the fees fixture
//! (`tests/fixtures/fees/fees-2026.json`): as an at-cost material, as a range item's labor, as an
//! off-schedule quote's labor and material, as a quantity (text, and as JSON when the bytes are
//! JSON), and as a KPI record's fee. Checks: no panic; every answer the same twice; an accepted
//! amount is exactly the decimal written (digits, at most two decimals); any such amount up to
//! 10^10 yuan is accepted; a receipt's total is the sum of its lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use slafee::{Engine, Receipt};
use slafee_fuzz::{NOW, check_twice, default_engine, fees_engine, kpi_report, twice};

/// The amount in fen an amount text means by the documented grammar: `20`, `20.5`, `20.00`.
fn fen_of(text: &str) -> Option<i128> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > 2 {
        return None;
    }
    let whole: i128 = whole.parse().ok()?;
    let fraction: i128 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

fn order(line: Value) -> Value {
    json!({ "created": "2026-01-01T00:00:00+08:00", "completed": "2026-03-02T15:00:00+08:00",
            "area": "indoor", "lines": [line] })
}

fn quote<'e>(engine: &'e Engine, order: &Value) -> Option<Receipt<'e>> {
    let receipt = twice("quote", || engine.quote(order, NOW)).ok()?;
    if let Some(total) = receipt.total {
        let sum: i64 = receipt
            .lines
            .iter()
            .filter_map(|l| l.total)
            .map(|m| m.fen())
            .sum();
        assert_eq!(total.fen(), sum, "the total is the sum of the lines");
    }
    Some(receipt)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let engine = fees_engine();

    // At cost: the material is the amount entered, to the fen.
    let at_cost = quote(
        engine,
        &order(json!({ "code": "EXTRAE", "material_cost": text })),
    );
    let expected = fen_of(text);
    match (&at_cost, expected) {
        (Some(receipt), _) => {
            let material = receipt
                .lines
                .first()
                .and_then(|l| l.material)
                .map(|m| i128::from(m.fen()));
            assert_eq!(material, expected, "material_cost {text:?}");
        }
        (None, Some(fen)) => assert!(fen > 1_000_000_000_000, "{text:?} refused"),
        (None, None) => {}
    }
    quote(
        engine,
        &order(json!({ "code": "RANGE", "labor": text, "material_cost": text })),
    );
    quote(
        engine,
        &order(
            json!({ "description": "换锁", "labor": text, "material_cost": text, "accepted": true }),
        ),
    );
    quote(engine, &order(json!({ "code": "FIX", "quantity": text })));
    quote(
        engine,
        &order(json!({ "code": "TIME", "minutes": 90, "material_cost": text })),
    );
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        quote(engine, &order(json!({ "code": "FIX", "quantity": value })));
        quote(
            engine,
            &order(json!({ "code": "EXTRAE", "material_cost": value })),
        );
    }

    // A KPI record's fee.
    let record = json!({ "kind": "repair", "area": "indoor", "system": "water",
                         "created": "2026-03-02T09:10:00+08:00",
                         "fee": { "amount": text, "collected": data.len().is_multiple_of(2) } });
    check_twice("kpi", || {
        kpi_report(default_engine(), NOW, &[], std::slice::from_ref(&record))
    });
});
