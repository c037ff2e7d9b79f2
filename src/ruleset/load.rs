//! Text → [`RuleSetDoc`]: size limit, JSON syntax (with line and column), and shape errors
//! located by JSON pointer. Items wrapped in `Checked` keep their errors for the compiler.

use super::checked;
use super::doc::RuleSetDoc;
use crate::error::{Error, ErrorCode};
use crate::limits;

/// Parses rule-set JSON text into a JSON value, enforcing the size limit.
pub(crate) fn parse_value(text: &str) -> Result<serde_json::Value, Error> {
    if text.len() > limits::MAX_RULE_SET_BYTES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            "",
            format!(
                "the rule set is {} bytes; the limit is {}",
                text.len(),
                limits::MAX_RULE_SET_BYTES
            ),
        ));
    }
    serde_json::from_str(text)
        .map_err(|e| Error::new(ErrorCode::JsonSyntax, "", format!("not valid JSON: {e}")))
}

/// Reads a JSON value as a rule-set document.
pub(crate) fn document(value: serde_json::Value) -> Result<RuleSetDoc, Error> {
    checked::from_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Error {
        parse_value(text).and_then(document).unwrap_err()
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
        assert!(
            parse_value(&format!("{{{MINIMAL}}}"))
                .and_then(document)
                .is_ok()
        );
    }
}
