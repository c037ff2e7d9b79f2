//! A rule set split over several files (one per section, say, or one per team) is merged
//! into one document before loading. Lists are concatenated (duplicate ids are then caught by
//! normal validation), named maps are united (a name defined twice is a conflict), and any
//! other setting must agree wherever it is repeated.

use crate::error::{Error, ErrorCode};
use crate::pointer;
use serde_json::{Map, Value};

/// Top-level sections that map names to definitions: united across parts.
const NAMED_SECTIONS: &[&str] = &["tables", "calendars"];

/// Merges parsed parts in order. Every conflict is reported, each naming its part.
pub(crate) fn merge(parts: Vec<Value>) -> Result<Value, Vec<Error>> {
    let mut merged = Map::new();
    let mut problems = Vec::new();
    for (index, part) in parts.into_iter().enumerate() {
        let Value::Object(object) = part else {
            problems.push(Error::new(
                ErrorCode::WrongType,
                "",
                format!("part {} of the rule set is not a JSON object", index + 1),
            ));
            continue;
        };
        for (key, value) in object {
            merge_key(&mut merged, key, value, index, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(Value::Object(merged))
    } else {
        Err(problems)
    }
}

fn merge_key(
    merged: &mut Map<String, Value>,
    key: String,
    value: Value,
    index: usize,
    problems: &mut Vec<Error>,
) {
    let at = pointer::push("", &key);
    let Some(existing) = merged.get_mut(&key) else {
        merged.insert(key, value);
        return;
    };
    match (existing, value) {
        (Value::Array(list), Value::Array(more)) => list.extend(more),
        (Value::Object(named), Value::Object(more)) if NAMED_SECTIONS.contains(&key.as_str()) => {
            for (name, definition) in more {
                if named.contains_key(&name) {
                    problems.push(Error::new(
                        ErrorCode::MergeConflict,
                        pointer::push(&at, &name),
                        format!("part {} defines \"{name}\" again", index + 1),
                    ));
                } else {
                    named.insert(name, definition);
                }
            }
        }
        (existing, value) if *existing == value => {}
        _ => problems.push(Error::new(
            ErrorCode::MergeConflict,
            at,
            format!(
                "part {} gives \"{key}\" a different value than an earlier part",
                index + 1
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_concatenate_maps_unite_settings_must_agree() {
        let merged = merge(vec![
            json!({ "id": "d", "priorities": [{ "id": "a" }], "tables": { "x": 1 } }),
            json!({ "id": "d", "priorities": [{ "id": "b" }], "tables": { "y": 2 }, "version": "1" }),
        ])
        .unwrap();
        assert_eq!(
            merged,
            json!({ "id": "d", "version": "1", "priorities": [{ "id": "a" }, { "id": "b" }], "tables": { "x": 1, "y": 2 } })
        );
    }

    #[test]
    fn every_conflict_is_reported_with_its_part() {
        let problems = merge(vec![
            json!({ "id": "d", "classify": {}, "tables": { "x": 1 } }),
            json!({ "id": "e", "classify": { "rules": [] }, "tables": { "x": 2 } }),
            json!([1]),
        ])
        .unwrap_err();
        let found: Vec<(ErrorCode, &str)> =
            problems.iter().map(|e| (e.code, e.path.as_str())).collect();
        assert_eq!(
            found,
            [
                (ErrorCode::MergeConflict, "/classify"),
                (ErrorCode::MergeConflict, "/id"),
                (ErrorCode::MergeConflict, "/tables/x"),
                (ErrorCode::WrongType, ""),
            ]
        );
        assert!(problems[0].message.contains("part 2"));
        assert!(problems[3].message.contains("part 3"));
    }
}
