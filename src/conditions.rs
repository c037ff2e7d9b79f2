//! `when` conditions: ticket field → unary-test cell, all of which must match — the same cell
//! grammar as decision tables, used where a rule applies only to some tickets (an SLA target,
//! a surcharge).

use crate::error::{Error, ErrorCode};
use crate::table::cell::Cell;
use crate::ticket::{FieldPath, json_type};
use serde_json::Value;
use std::collections::BTreeMap;

/// Compiled conditions; empty means "always".
#[derive(Debug, Default)]
pub(crate) struct Conditions(Vec<(FieldPath, Cell)>);

impl Conditions {
    /// Compiles `{ field: cell }`. Each problem is passed to `report` with the key relative to
    /// the owner (`when/<field>`), so the caller locates it.
    pub fn compile(
        when: &BTreeMap<String, String>,
        report: &mut dyn FnMut(ErrorCode, &str, String),
    ) -> Self {
        let mut out = Vec::new();
        for (field, text) in when {
            // A `/` in a field name is not a path separator here: keep the key one token.
            let key = format!("when/{}", field.replace('/', "∕"));
            match (FieldPath::parse(field), Cell::parse(text)) {
                (Some(path), Ok(cell)) => out.push((path, cell)),
                (None, _) => report(
                    ErrorCode::InvalidValue,
                    &key,
                    format!("\"{field}\" is not a dotted field path"),
                ),
                (_, Err(reason)) => report(
                    ErrorCode::MalformedCell,
                    &key,
                    format!("cell {text:?} is not a unary test: {reason}"),
                ),
            }
        }
        Self(out)
    }

    /// Whether every cell matches the ticket. A value of the wrong type is an error naming the
    /// owner (`kind` and `id`, e.g. target "respond"), as in decision tables.
    pub fn matches(&self, ticket: &Value, kind: &str, id: &str) -> Result<bool, Error> {
        for (field, cell) in &self.0 {
            let value = field.lookup(ticket);
            let matched = cell.test(value).map_err(|mismatch| {
                Error::new(
                    ErrorCode::TypeMismatch,
                    field.pointer(),
                    format!(
                        "{kind} \"{id}\" compares {} as {}, but the ticket has {}",
                        field.pointer(),
                        mismatch.expected,
                        json_type(value)
                    ),
                )
            })?;
            if !matched {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
