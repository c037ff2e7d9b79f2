//! A catalogue of bad rule files (`tests/fixtures/bad/`): each must fail to load as one
//! `invalid_rule_set` error whose `problems` are exactly the ones listed for it in
//! `tests/fixtures/bad/expected.json` — code and JSON pointer, in the order the engine reports them.
//! Most files are a complete rule set with one mistake; a few are not JSON at all; one has five
//! mistakes in five places and must report all five.

use serde_json::Value;
use slafee::{Engine, ErrorCode};
use std::collections::BTreeMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad");
const EXPECTED: &str = "expected.json";
const FIVE_MISTAKES: &str = "05-five-mistakes.json";

type Problems = Vec<(String, String)>;

fn bad_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap_or_else(|e| panic!("cannot read {DIR}: {e}"))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != EXPECTED)
        .collect();
    names.sort();
    names
}

fn expectations() -> BTreeMap<String, Problems> {
    let text = std::fs::read_to_string(format!("{DIR}/{EXPECTED}")).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{EXPECTED}: {e}"))
}

/// Loads a file; `Err` when it does not fail the way every bad file must.
fn problems_of(name: &str) -> Result<Problems, String> {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    let error = match Engine::from_json(&text) {
        Ok(_) => return Err("the file loads".to_owned()),
        Err(error) => error,
    };
    if error.code != ErrorCode::InvalidRuleSet || !error.path.is_empty() {
        return Err(format!(
            "expected one invalid_rule_set error at \"\", got {} at \"{}\"",
            error.code.as_str(),
            error.path
        ));
    }
    Ok(error
        .problems
        .iter()
        .map(|p| {
            let code = serde_json::to_value(p.code).unwrap();
            assert_eq!(code, Value::from(p.code.as_str()), "serialized code");
            (p.code.as_str().to_owned(), p.path.clone())
        })
        .collect())
}

#[test]
fn every_bad_file_has_an_expectation_and_every_expectation_a_file() {
    let files = bad_files();
    let expected = expectations();
    assert!(files.len() >= 40, "only {} bad files in {DIR}", files.len());
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| !expected.contains_key(*f))
        .collect();
    let missing: Vec<&String> = expected.keys().filter(|f| !files.contains(f)).collect();
    assert!(
        unlisted.is_empty(),
        "files without expectation: {unlisted:?}"
    );
    assert!(missing.is_empty(), "expectations without file: {missing:?}");
    for (name, problems) in &expected {
        assert!(!problems.is_empty(), "{name}: a bad file has problems");
        assert!(name.ends_with(".json"), "{name}: bad files are .json");
    }
}

#[test]
fn every_bad_file_reports_exactly_its_problems() {
    let expected = expectations();
    let mut failures = Vec::new();
    let files = bad_files();
    for name in &files {
        let Some(want) = expected.get(name) else {
            continue; // reported by the test above
        };
        match problems_of(name) {
            Ok(got) if got == *want => {}
            Ok(got) => failures.push(format!(
                "{name}:\n    expected {}\n    actual   {}",
                serde_json::to_string(want).unwrap(),
                serde_json::to_string(&got).unwrap()
            )),
            Err(why) => failures.push(format!(
                "{name}: {why}\n    expected {}",
                serde_json::to_string(want).unwrap()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad files are not reported as expected:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn five_mistakes_in_five_places_are_all_reported() {
    let problems = problems_of(FIVE_MISTAKES).unwrap();
    assert_eq!(problems.len(), 5, "{problems:?}");
    let codes: std::collections::HashSet<&str> = problems.iter().map(|(c, _)| c.as_str()).collect();
    let paths: std::collections::HashSet<&str> = problems.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        codes.len(),
        5,
        "five different kinds of mistake: {problems:?}"
    );
    assert_eq!(paths.len(), 5, "in five different places: {problems:?}");
}

#[test]
fn a_message_accompanies_every_problem() {
    for name in bad_files() {
        let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
        if let Err(error) = Engine::from_json(&text) {
            for p in &error.problems {
                assert!(!p.message.is_empty(), "{name}: {} has no message", p.path);
                assert!(p.problems.is_empty(), "{name}: problems do not nest");
            }
        }
    }
}
