//! Prices every order of `examples/orders.ndjson` with the default rule set (a quick look at
//! receipts: `cargo run --example quote_orders`).
fn main() {
    let rules = std::fs::read_to_string("rules/default.json").unwrap();
    let engine = slafee::Engine::from_json(&rules).unwrap();
    for line in std::fs::read_to_string("examples/orders.ndjson")
        .unwrap()
        .lines()
    {
        let order: serde_json::Value = serde_json::from_str(line).unwrap();
        match engine.quote(&order, "2026-06-01T09:12:00+08:00") {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap()),
            Err(e) => println!("{} ERROR {e}", order["id"]),
        }
    }
}
