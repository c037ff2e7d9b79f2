//! Text → [`RuleSetDoc`]: limits and JSON syntax (`input::parse`), and shape errors located by
//! JSON pointer. Items wrapped in `Checked` keep their errors for the compiler.

use super::checked;
use super::doc::RuleSetDoc;
use crate::error::Error;
use crate::input::{self, Source};

/// Parses one rule-set text into a JSON value within the input limits; every repeated key is
/// reported (`duplicate_key`).
pub(crate) fn parse_value(text: &str) -> Result<serde_json::Value, Vec<Error>> {
    input::parse(text, Source::RuleSet)
}

/// Reads a JSON value as a rule-set document.
pub(crate) fn document(value: serde_json::Value) -> Result<RuleSetDoc, Error> {
    checked::from_value(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::limits;

    fn err(text: &str) -> Error {
        match parse_value(text) {
            Err(mut errors) => errors.remove(0),
            Ok(value) => document(value).unwrap_err(),
        }
    }

    #[test]
    fn trailing_garbage_is_a_syntax_error() {
        assert_eq!(err("{} x").code, ErrorCode::JsonSyntax);
    }

    const MINIMAL: &str = r#""id":"a","version":"1","effective_from":"2026-01-01","time_zone":"UTC","priorities":[],"classify":{"hit_policy":"first","inputs":[],"rules":[]}"#;

    #[test]
    fn syntax_error_reports_line_and_column() {
        let e = err("{\n  \"id\": }");
        assert_eq!(e.code, ErrorCode::JsonSyntax);
        assert_eq!(e.path, "");
        assert!(e.message.contains("line 2 column 9"), "{}", e.message);
    }

    #[test]
    fn unknown_top_level_key_points_at_the_key() {
        let e = err(&format!("{{{MINIMAL},\"colour\":1}}"));
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::UnknownKey, "/colour")
        );
    }

    #[test]
    fn oversized_text_is_refused_before_parsing() {
        let big = " ".repeat(limits::MAX_RULE_SET_BYTES + 1);
        assert_eq!(err(&big).code, ErrorCode::TooLarge);
    }

    #[test]
    fn a_minimal_document_reads() {
        assert!(document(parse_value(&format!("{{{MINIMAL}}}")).unwrap()).is_ok());
    }
}
