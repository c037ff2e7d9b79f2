//! Subset matching of an expected JSON value against an actual result, with a readable diff:
//! every mismatch is reported with its JSON pointer, what was expected and what was found.

use crate::pointer;
use serde::Serialize;
use serde_json::Value;

/// One difference between the expectation and the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Mismatch {
    /// Where in the result (JSON pointer).
    pub path: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub expected: Value,
    /// `null` when the result has nothing there.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub actual: Value,
}

/// Matches `expected` as a subset of `actual`:
/// - objects: every expected key must match (other keys of the result are ignored);
/// - arrays: the expected elements must match distinct elements of the result, in order (an
///   ordered subsequence), so a case can name just the targets or lines it cares about;
/// - a text expected where the result has money (`{ "fen", "text" }`) compares with its text;
/// - anything else must be equal.
pub(crate) fn subset(expected: &Value, actual: &Value, at: &str, out: &mut Vec<Mismatch>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                let here = pointer::push(at, key);
                match have.get(key) {
                    Some(found) => subset(value, found, &here, out),
                    None => out.push(Mismatch {
                        path: here,
                        expected: value.clone(),
                        actual: Value::Null,
                    }),
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            let mut next = 0;
            for (i, value) in want.iter().enumerate() {
                let found = have
                    .iter()
                    .enumerate()
                    .skip(next)
                    .find(|(_, candidate)| matches(value, candidate));
                match found {
                    Some((j, _)) => next = j + 1,
                    None => out.push(Mismatch {
                        path: pointer::push(at, &i.to_string()),
                        expected: value.clone(),
                        actual: Value::Null,
                    }),
                }
            }
        }
        (Value::String(_), Value::Object(money))
            if money.contains_key("fen") && money.get("text") == Some(expected) => {}
        _ if expected == actual => {}
        _ => out.push(Mismatch {
            path: at.to_owned(),
            expected: expected.clone(),
            actual: actual.clone(),
        }),
    }
}

/// Whether `expected` is a subset of `actual`.
pub(crate) fn matches(expected: &Value, actual: &Value) -> bool {
    let mut out = Vec::new();
    subset(expected, actual, "", &mut out);
    out.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diff(expected: Value, actual: Value) -> Vec<String> {
        let mut out = Vec::new();
        subset(&expected, &actual, "", &mut out);
        out.into_iter()
            .map(|m| format!("{} {} {}", m.path, m.expected, m.actual))
            .collect()
    }

    #[test]
    fn objects_match_by_subset() {
        assert!(diff(json!({ "a": 1 }), json!({ "a": 1, "b": 2 })).is_empty());
        assert_eq!(
            diff(json!({ "a": 2, "c": 3 }), json!({ "a": 1 })),
            ["/a 2 1", "/c 3 null"]
        );
        assert_eq!(
            diff(json!({ "a": { "b": 1 } }), json!({ "a": { "b": 2 } })),
            ["/a/b 1 2"]
        );
    }

    #[test]
    fn arrays_match_as_ordered_subsequences() {
        let targets = json!([{ "target": "respond", "state": "met" }, { "target": "arrive", "state": "running" }]);
        assert!(diff(json!([{ "target": "arrive" }]), targets.clone()).is_empty());
        assert!(
            diff(
                json!([{ "target": "respond" }, { "target": "arrive" }]),
                targets.clone()
            )
            .is_empty()
        );
        assert_eq!(
            diff(
                json!([{ "target": "arrive" }, { "target": "respond" }]),
                targets.clone()
            )
            .len(),
            1
        );
        assert_eq!(
            diff(
                json!([{ "target": "respond", "state": "breached" }]),
                targets
            ),
            ["/0 {\"state\":\"breached\",\"target\":\"respond\"} null"]
        );
    }

    #[test]
    fn money_compares_by_its_text() {
        assert!(
            diff(
                json!({ "total": "45.00" }),
                json!({ "total": { "fen": 4500, "text": "45.00" } })
            )
            .is_empty()
        );
        assert_eq!(
            diff(
                json!({ "total": "45.01" }),
                json!({ "total": { "fen": 4500, "text": "45.00" } })
            )
            .len(),
            1
        );
    }
}
