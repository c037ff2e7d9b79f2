//! `contains(…)` cells in a decision table: the table scans a text once for every keyword of its
//! column and skips the keyword cells when none occurs. Whatever the text, the rows that match
//! must be exactly those a plain substring test says — negated cells and exact-text cells of the
//! same column included.

use proptest::prelude::*;
use serde_json::{Value, json};
use slafee::{Engine, Options};

/// (row id, description cell, does a description match it)
type Row = (&'static str, &'static str, fn(&str) -> bool);

const ROWS: [Row; 6] = [
    ("leak-or-burst", r#"contains("漏水", "爆管")"#, |d| {
        d.contains("漏水") || d.contains("爆管")
    }),
    ("no-leak", r#"not(contains("漏水"))"#, |d| {
        !d.contains("漏水")
    }),
    ("water", r#"contains("水")"#, |d| d.contains("水")),
    ("exactly-leak", r#""漏水""#, |d| d == "漏水"),
    (
        "pipe-or-leak-exact",
        r#"contains("管道"), "漏水""#,
        |d| d.contains("管道") || d == "漏水",
    ),
    ("not-lamp-nor-pipe", r#"not(contains("灯", "管"))"#, |d| {
        !d.contains('灯') && !d.contains('管')
    }),
];

fn engine() -> Engine {
    let mut rules: Value =
        serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    let rows: Vec<Value> = ROWS
        .iter()
        .map(|(id, cell, _)| json!({ "id": id, "when": { "description": cell }, "then": { "row": id } }))
        .collect();
    rules["tables"]["keywords"] = json!({
        "hit_policy": "collect", "inputs": ["description"], "outputs": ["row"], "rules": rows
    });
    Engine::from_json(&rules.to_string()).unwrap()
}

/// Loaded once: every generated text is judged by the same engine.
static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(engine);

fn matched(engine: &Engine, description: &str) -> Vec<String> {
    let ticket = json!({ "created": "2026-03-02T09:00:00+08:00", "description": description });
    engine
        .decide("keywords", &ticket, Options::default())
        .unwrap()
        .rules
}

fn expected(description: &str) -> Vec<String> {
    ROWS.iter()
        .filter(|(_, _, test)| test(description))
        .map(|(id, _, _)| (*id).to_owned())
        .collect()
}

#[test]
fn each_keyword_cell_decides_as_a_substring_test() {
    let engine = engine();
    for description in [
        "",
        "楼道灯不亮",
        "漏水",
        "厨房漏水了",
        "爆管",
        "管道爆管",
        "水",
        "灯管",
        "管道",
    ] {
        assert_eq!(
            matched(&engine, description),
            expected(description),
            "{description:?}"
        );
    }
}

proptest! {
    #[test]
    fn any_text_matches_the_rows_a_substring_test_says(
        parts in proptest::collection::vec(
            prop::sample::select(vec!["漏", "水", "爆", "管", "道", "灯", "漏水", "爆管", "a", " "]),
            0..8,
        )
    ) {
        let description = parts.concat();
        prop_assert_eq!(matched(&ENGINE, &description), expected(&description));
    }
}

#[test]
fn two_keyword_columns_each_answer_for_their_own_text() {
    let mut rules: Value =
        serde_json::from_str(&std::fs::read_to_string("rules/default.json").unwrap()).unwrap();
    // Rows alternate between the columns, so each column's scan is needed again after the other's.
    rules["tables"]["two"] = json!({
        "hit_policy": "collect", "inputs": ["description", "note"], "outputs": ["row"],
        "rules": [
            { "id": "d-leak", "when": { "description": r#"contains("漏水")"# }, "then": { "row": "d-leak" } },
            { "id": "n-leak", "when": { "note": r#"contains("漏水")"# }, "then": { "row": "n-leak" } },
            { "id": "d-lamp", "when": { "description": r#"contains("灯")"# }, "then": { "row": "d-lamp" } },
            { "id": "n-lamp", "when": { "note": r#"not(contains("灯"))"# }, "then": { "row": "n-lamp" } }
        ]
    });
    let engine = Engine::from_json(&rules.to_string()).unwrap();
    for (description, note, expected) in [
        ("厨房漏水", "楼道灯", vec!["d-leak"]),
        ("楼道灯不亮", "厨房漏水", vec!["n-leak", "d-lamp", "n-lamp"]),
        ("漏水，灯也坏了", "", vec!["d-leak", "d-lamp", "n-lamp"]),
    ] {
        let ticket = json!({ "created": "2026-03-02T09:00:00+08:00", "description": description, "note": note });
        let rows = engine
            .decide("two", &ticket, Options::default())
            .unwrap()
            .rules;
        assert_eq!(rows, expected, "{description} / {note}");
    }
}
