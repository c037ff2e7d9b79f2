//! Unary-test cells (DMN FEEL / ZEN compatible subset): the closed grammar a table cell is
//! written in. Being a closed grammar — not a programming language — is what lets tables be
//! verified later. Supported so far: `-` or empty (any value), a text literal `"water"`, an
//! any-of list `"water","electric"`, and `contains("漏水","爆管")` (text containing any of the
//! substrings — how Chinese descriptions are matched without word segmentation).

use serde_json::Value;

/// A parsed cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// Empty or `-`: accepts every value, including `null`.
    Any,
    /// Matches text equal to any listed literal. `null` (an absent field) never matches.
    Text(Vec<String>),
    /// Matches text containing any listed substring. `null` never matches.
    Contains(Vec<String>),
}

/// A ticket value a cell cannot compare with; `expected` names what the cell compares against.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Mismatch {
    pub expected: &'static str,
}

impl Cell {
    /// Parses cell text. The error is a short reason, used in a `malformed_cell` message.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "-" {
            return Ok(Self::Any);
        }
        if let Some(args) = trimmed.strip_prefix("contains(") {
            let (needles, rest) = literal_list(args.trim_start())?;
            return match rest.strip_prefix(')') {
                Some(after) if after.trim().is_empty() => Ok(Self::Contains(needles)),
                _ => Err(format!("expected ')' to close contains( before {rest:?}")),
            };
        }
        let (literals, rest) = literal_list(trimmed)?;
        if rest.is_empty() {
            Ok(Self::Text(literals))
        } else {
            Err(format!("expected ',' or the end of the cell before {rest:?}"))
        }
    }

    /// Tests a ticket value. `Ok(false)` is a non-match; `Err` is a type error the caller reports.
    pub fn test(&self, value: &Value) -> Result<bool, Mismatch> {
        match self {
            Self::Any => Ok(true),
            Self::Text(options) => text_test(value, |s| options.iter().any(|o| o == s)),
            Self::Contains(needles) => {
                text_test(value, |s| needles.iter().any(|n| s.contains(n.as_str())))
            }
        }
    }
}

/// Applies a text predicate: `null` is a non-match, any other non-text value a type error.
fn text_test(value: &Value, predicate: impl Fn(&str) -> bool) -> Result<bool, Mismatch> {
    match value {
        Value::String(s) => Ok(predicate(s)),
        Value::Null => Ok(false),
        _ => Err(Mismatch { expected: "text" }),
    }
}

/// Reads `"a", "b", …` (at least one literal), returning the literals and the trimmed remainder
/// after the last one.
fn literal_list(input: &str) -> Result<(Vec<String>, &str), String> {
    let mut literals = Vec::new();
    let mut rest = input;
    loop {
        let (literal, after) = string_literal(rest)?;
        literals.push(literal);
        let after = after.trim_start();
        match after.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None => return Ok((literals, after)),
        }
    }
}

/// Reads one double-quoted literal with `\"` and `\\` escapes from the start of `input`,
/// returning it and the unread remainder.
fn string_literal(input: &str) -> Result<(String, &str), String> {
    let body = input
        .strip_prefix('"')
        .ok_or_else(|| format!("expected a quoted text like \"water\" at {input:?}"))?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, body.get(i + 1..).unwrap_or(""))),
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\'))) => out.push(e),
                Some((_, e)) => return Err(format!("unknown escape \\{e}")),
                None => break,
            },
            c => out.push(c),
        }
    }
    Err("a quoted text is not closed".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_and_dash_accept_anything() {
        for text in ["", "  ", "-", " - "] {
            let cell = Cell::parse(text).unwrap();
            assert_eq!(cell, Cell::Any);
            assert_eq!(cell.test(&json!(null)), Ok(true));
            assert_eq!(cell.test(&json!(5)), Ok(true));
        }
    }

    #[test]
    fn literal_and_any_of() {
        let one = Cell::parse(r#""gas""#).unwrap();
        assert_eq!(one.test(&json!("gas")), Ok(true));
        assert_eq!(one.test(&json!("water")), Ok(false));
        let many = Cell::parse(r#" "water" , "电梯","gas" "#).unwrap();
        assert_eq!(
            many,
            Cell::Text(vec!["water".into(), "电梯".into(), "gas".into()])
        );
        assert_eq!(many.test(&json!("电梯")), Ok(true));
    }

    #[test]
    fn contains_matches_any_substring() {
        let cell = Cell::parse(r#"contains("漏水", "爆管")"#).unwrap();
        assert_eq!(cell, Cell::Contains(vec!["漏水".into(), "爆管".into()]));
        assert_eq!(cell.test(&json!("厨房水管爆管了")), Ok(true));
        assert_eq!(cell.test(&json!("楼道灯不亮")), Ok(false));
        assert_eq!(cell.test(&Value::Null), Ok(false));
        assert_eq!(cell.test(&json!(1)), Err(Mismatch { expected: "text" }));
    }

    #[test]
    fn escapes_inside_literals() {
        let cell = Cell::parse(r#""say \"hi\" \\ ok""#).unwrap();
        assert_eq!(cell, Cell::Text(vec![r#"say "hi" \ ok"#.into()]));
    }

    #[test]
    fn null_is_a_non_match_and_other_types_are_errors() {
        let cell = Cell::parse(r#""gas""#).unwrap();
        assert_eq!(cell.test(&Value::Null), Ok(false));
        assert_eq!(cell.test(&json!(3)), Err(Mismatch { expected: "text" }));
        assert_eq!(
            cell.test(&json!(["gas"])),
            Err(Mismatch { expected: "text" })
        );
    }

    #[test]
    fn malformed_cells_say_why() {
        for (text, needle) in [
            ("gas", "expected a quoted text"),
            (r#""gas"#, "not closed"),
            (r#""a" "b""#, "expected ','"),
            (r#""a","#, "expected a quoted text"),
            (r#""a\n""#, "unknown escape"),
            (r#""a\"#, "not closed"),
            (r#"contains("a""#, "expected ')'"),
            (r#"contains("a") x"#, "expected ')'"),
            ("contains()", "expected a quoted text"),
        ] {
            let reason = Cell::parse(text).unwrap_err();
            assert!(reason.contains(needle), "{text}: {reason}");
        }
    }
}
