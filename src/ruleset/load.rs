//! Text → [`RuleSetDoc`] with every structural error located by a JSON pointer.

use super::doc::RuleSetDoc;
use crate::error::{Error, ErrorCode};
use crate::pointer;
use serde_path_to_error::Segment;

/// Parses rule-set JSON text into its document shape. Syntax errors report line and column;
/// shape errors (unknown keys, wrong types, missing fields) report the pointer to the value.
pub(crate) fn parse(text: &str) -> Result<RuleSetDoc, Error> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorCode::JsonSyntax,
            "",
            format!(
                "not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let tokens: Vec<String> = e.path().iter().filter_map(segment_token).collect();
        let inner = e.into_inner();
        let message = inner.to_string();
        let code = classify_serde_message(&message);
        Error::new(
            code,
            pointer::from_tokens(tokens.iter().map(String::as_str)),
            message,
        )
    })
}

fn segment_token(segment: &Segment) -> Option<String> {
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }
}

/// serde reports shape errors as text; these prefixes are serde's stable wording
/// (`serde::de::Error` constructors), mapped onto our stable codes.
fn classify_serde_message(message: &str) -> ErrorCode {
    if message.starts_with("unknown field") {
        ErrorCode::UnknownKey
    } else if message.starts_with("missing field") {
        ErrorCode::MissingField
    } else if message.starts_with("invalid type") {
        ErrorCode::WrongType
    } else {
        ErrorCode::InvalidValue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Error {
        parse(text).unwrap_err()
    }

    #[test]
    fn syntax_error_reports_line_and_column() {
        let e = err("{\n  \"id\": }");
        assert_eq!(e.code, ErrorCode::JsonSyntax);
        assert_eq!(e.path, "");
        assert!(e.message.contains("line 2"), "{}", e.message);
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let e = err(
            r#"{"id":"a","version":"1","priorities":[],"classify":{"hit_policy":"first","inputs":[],"rules":[]},"colour":1}"#,
        );
        assert_eq!(e.code, ErrorCode::UnknownKey);
        assert_eq!(e.path, "/colour");
    }

    #[test]
    fn wrong_type_deep_inside_points_at_the_value() {
        let e = err(
            r#"{"id":"a","version":"1","priorities":[{"id":"x","rank":"one","label":{"zh":"x"}}],"classify":{"hit_policy":"first","inputs":[],"rules":[]}}"#,
        );
        assert_eq!(e.code, ErrorCode::WrongType);
        assert_eq!(e.path, "/priorities/0/rank");
    }

    #[test]
    fn missing_field_and_bad_enum_value() {
        let e = err(
            r#"{"id":"a","priorities":[],"classify":{"hit_policy":"first","inputs":[],"rules":[]}}"#,
        );
        assert_eq!(e.code, ErrorCode::MissingField);
        let e = err(
            r#"{"id":"a","version":"1","priorities":[],"classify":{"hit_policy":"sometimes","inputs":[],"rules":[]}}"#,
        );
        assert_eq!(e.code, ErrorCode::InvalidValue);
        assert_eq!(e.path, "/classify/hit_policy");
    }
}
