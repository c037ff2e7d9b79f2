//! Text → [`RuleSetDoc`]: size limit, JSON syntax (with line and column), and shape errors
//! located by JSON pointer. Items wrapped in `Checked` keep their errors for the compiler.

use super::checked;
use super::doc::RuleSetDoc;
use crate::error::{Error, ErrorCode};
use crate::{limits, pointer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Parses rule-set JSON text into a JSON value, enforcing the size limit. A key repeated in one
/// object is an error (`duplicate_key`): JSON parsers silently keep the last, which would hide a
/// table or setting defined twice.
pub(crate) fn parse_value(text: &str) -> Result<serde_json::Value, Vec<Error>> {
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_value_once(text)
        .map_err(|e| vec![e])
        .and_then(|(value, duplicates)| {
            if duplicates.is_empty() {
                Ok(value)
            } else {
                Err(duplicates)
            }
        })
}

fn parse_value_once(text: &str) -> Result<(serde_json::Value, Vec<Error>), Error> {
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
    let mut duplicates = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = ValueSeed {
        path: String::new(),
        duplicates: &mut duplicates,
    };
    let value = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| Error::new(ErrorCode::JsonSyntax, "", format!("not valid JSON: {e}")))?;
    Ok((value, duplicates))
}

/// Builds a `serde_json::Value` like `serde_json::from_str`, recording repeated object keys.
struct ValueSeed<'d> {
    path: String,
    duplicates: &'d mut Vec<Error>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = ValueSeed {
                path: pointer::push(&self.path, &items.len().to_string()),
                duplicates: &mut *self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = pointer::push(&self.path, &key);
            let value = map.next_value_seed(ValueSeed {
                path: path.clone(),
                duplicates: &mut *self.duplicates,
            })?;
            if object.insert(key.clone(), value).is_some() {
                self.duplicates.push(Error::new(
                    ErrorCode::DuplicateKey,
                    path,
                    format!("key \"{key}\" appears twice in the same object"),
                ));
            }
        }
        Ok(Value::Object(object))
    }
}

/// Reads a JSON value as a rule-set document.
pub(crate) fn document(value: serde_json::Value) -> Result<RuleSetDoc, Error> {
    checked::from_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Error {
        match parse_value(text) {
            Err(mut errors) => errors.remove(0),
            Ok(value) => document(value).unwrap_err(),
        }
    }

    #[test]
    fn every_repeated_key_is_reported_where_it_repeats() {
        let errors = parse_value(r#"{"a":1,"b":{"c":[{"d":1,"d":2}]},"a":3}"#).unwrap_err();
        let found: Vec<(ErrorCode, &str)> =
            errors.iter().map(|e| (e.code, e.path.as_str())).collect();
        assert_eq!(
            found,
            [
                (ErrorCode::DuplicateKey, "/b/c/0/d"),
                (ErrorCode::DuplicateKey, "/a")
            ]
        );
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
