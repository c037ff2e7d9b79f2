//! Keeps `rules/schema.json` — the JSON Schema editors use to complete and check rule files —
//! generated from the document types. Run with `SLAFEE_BLESS=1` to rewrite the file.

use super::doc::RuleSetDoc;

#[test]
fn committed_schema_matches_the_document_types() {
    let schema = schemars::schema_for!(RuleSetDoc);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/schema.json");
    if std::env::var_os("SLAFEE_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "rules/schema.json is out of date: run `SLAFEE_BLESS=1 cargo test --lib schema`"
    );
}

#[test]
fn committed_case_schema_matches_the_case_types() {
    let schema = schemars::schema_for!(crate::cases::CaseFile);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/cases.schema.json");
    if std::env::var_os("SLAFEE_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "rules/cases.schema.json is out of date: run `SLAFEE_BLESS=1 cargo test --lib schema`"
    );
}
