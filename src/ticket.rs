//! Tickets as the engine sees them: a JSON object whose fields decision tables address by
//! dotted paths (`location.area`). A field that is absent reads as `null`.

use crate::error::{Error, ErrorCode};
use serde_json::Value;

/// A compiled dotted path into a ticket, split once at load time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldPath {
    dotted: String,
    segments: Vec<String>,
    /// The same path as a JSON pointer, for error messages.
    pointer: String,
}

impl FieldPath {
    /// Parses `a.b.c`. Empty segments (`a..b`, a leading or trailing dot) are rejected.
    pub fn parse(dotted: &str) -> Option<Self> {
        let segments: Vec<String> = dotted.split('.').map(str::to_owned).collect();
        if segments.iter().any(String::is_empty) {
            return None;
        }
        let pointer = crate::pointer::from_tokens(segments.iter().map(String::as_str));
        Some(Self {
            dotted: dotted.to_owned(),
            segments,
            pointer,
        })
    }

    /// A path that reads nothing, standing in for a rejected one so compilation can go on
    /// collecting problems.
    pub fn invalid() -> Self {
        Self {
            dotted: String::new(),
            segments: vec![String::new()],
            pointer: String::new(),
        }
    }

    /// The value at this path, or `Null` when any step is missing.
    pub fn lookup<'t>(&self, ticket: &'t Value) -> &'t Value {
        let mut current = ticket;
        for segment in &self.segments {
            match current.get(segment) {
                Some(next) => current = next,
                None => return &Value::Null,
            }
        }
        current
    }

    /// The path as written (`location.area`).
    pub fn dotted(&self) -> &str {
        &self.dotted
    }

    pub fn pointer(&self) -> &str {
        &self.pointer
    }
}

/// An optional instant (RFC 3339 text) at a JSON pointer of a ticket, order or record.
pub(crate) fn instant_at(ticket: &Value, path: &str) -> Result<Option<i64>, Error> {
    match crate::pointer::resolve(ticket, path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => crate::working_time::instant(text, path).map(Some),
        Some(other) => Err(Error::new(
            ErrorCode::WrongType,
            path,
            format!("an RFC 3339 instant text, got {}", json_type(other)),
        )),
    }
}

/// Rejects anything but a JSON object before evaluation starts.
pub(crate) fn require_object(ticket: &Value) -> Result<(), Error> {
    if ticket.is_object() {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidTicket,
            "",
            format!("a ticket must be a JSON object, got {}", json_type(ticket)),
        ))
    }
}

/// The JSON type name of a value, as used in messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dotted_paths_walk_objects_and_missing_reads_null() {
        let t = json!({ "location": { "area": "common" }, "kind": "repair" });
        let p = FieldPath::parse("location.area").unwrap();
        assert_eq!(p.lookup(&t), &json!("common"));
        assert_eq!(p.pointer(), "/location/area");
        assert_eq!(
            FieldPath::parse("location.floor").unwrap().lookup(&t),
            &Value::Null
        );
        assert_eq!(FieldPath::parse("kind.x").unwrap().lookup(&t), &Value::Null);
    }

    #[test]
    fn empty_segments_are_rejected() {
        for bad in ["", ".a", "a.", "a..b"] {
            assert!(FieldPath::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn only_objects_are_tickets() {
        assert!(require_object(&json!({})).is_ok());
        let e = require_object(&json!([1])).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidTicket);
        assert!(e.message.contains("array"));
    }
}
