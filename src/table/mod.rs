//! Decision tables: rows of unary-test cells over ticket fields, a hit policy, and a default.
//! The classification table is one; later tables (fees, free-vs-paid) reuse the same machinery.

pub(crate) mod cell;

use crate::error::{Error, ErrorCode};
use crate::pointer;
use crate::ruleset::doc::{HitPolicy, TableDoc};
use crate::ticket::FieldPath;
use cell::Cell;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Table outputs: output column → value.
pub(crate) type Outputs = BTreeMap<String, Value>;

/// Checks one row's (or the default's) outputs at a pointer, pushing any problems found.
pub(crate) type OutputCheck<'a> = dyn Fn(&Outputs, &str, &mut Vec<Error>) + 'a;

/// A row after compilation: one cell per input column (absent columns become `Cell::Any`).
#[derive(Debug)]
pub(crate) struct Row {
    pub id: String,
    cells: Vec<Cell>,
    pub outputs: Outputs,
    pub source: Option<String>,
}

/// A compiled, immutable decision table.
#[derive(Debug)]
pub(crate) struct Table {
    hit_policy: HitPolicy,
    inputs: Vec<FieldPath>,
    rows: Vec<Row>,
    default: Option<Outputs>,
}

/// Which outputs a table produced, and from which row (`None` = the table's default).
#[derive(Debug)]
pub(crate) struct Hit<'a> {
    /// The row that fired; `None` when the default applied.
    pub row: Option<&'a Row>,
    pub outputs: &'a Outputs,
}

impl Table {
    /// Compiles a table found at `path` in the rule set, collecting every problem into `problems`.
    /// `check_outputs` validates each row's (and the default's) outputs against the table's purpose.
    pub fn compile(
        doc: &TableDoc,
        path: &str,
        problems: &mut Vec<Error>,
        check_outputs: &OutputCheck<'_>,
    ) -> Self {
        let inputs_path = pointer::push(path, "inputs");
        let mut inputs = Vec::with_capacity(doc.inputs.len());
        let mut seen_inputs = HashSet::new();
        for (i, name) in doc.inputs.iter().enumerate() {
            let at = pointer::push(&inputs_path, &i.to_string());
            if !seen_inputs.insert(name.as_str()) {
                problems.push(Error::new(
                    ErrorCode::DuplicateId,
                    at.clone(),
                    format!("input column \"{name}\" is declared twice"),
                ));
            }
            match FieldPath::parse(name) {
                Some(field) => inputs.push(field),
                None => problems.push(Error::new(
                    ErrorCode::InvalidValue,
                    at,
                    format!("\"{name}\" is not a dotted field path (like \"location.area\")"),
                )),
            }
        }

        let rules_path = pointer::push(path, "rules");
        let mut seen_rows = HashSet::new();
        let mut rows = Vec::with_capacity(doc.rules.len());
        for (r, row) in doc.rules.iter().enumerate() {
            let row_path = pointer::push(&rules_path, &r.to_string());
            if !seen_rows.insert(row.id.as_str()) {
                problems.push(Error::new(
                    ErrorCode::DuplicateId,
                    pointer::push(&row_path, "id"),
                    format!("row id \"{}\" is used by an earlier row", row.id),
                ));
            }
            let when_path = pointer::push(&row_path, "when");
            for column in row.when.keys() {
                if !doc.inputs.contains(column) {
                    problems.push(Error::new(
                        ErrorCode::UnknownInput,
                        pointer::push(&when_path, column),
                        format!(
                            "\"{column}\" is not one of the table's inputs ({})",
                            doc.inputs.join(", ")
                        ),
                    ));
                }
            }
            let cells = doc
                .inputs
                .iter()
                .map(|column| match row.when.get(column) {
                    None => Cell::Any,
                    Some(text) => Cell::parse(text).unwrap_or_else(|reason| {
                        problems.push(Error::new(
                            ErrorCode::MalformedCell,
                            pointer::push(&when_path, column),
                            format!("cell {text:?} is not a unary test: {reason}"),
                        ));
                        Cell::Any
                    }),
                })
                .collect();
            check_outputs(&row.then, &pointer::push(&row_path, "then"), problems);
            rows.push(Row {
                id: row.id.clone(),
                cells,
                outputs: row.then.clone(),
                source: row.source.clone(),
            });
        }
        if let Some(default) = &doc.default {
            check_outputs(default, &pointer::push(path, "default"), problems);
        }
        Self {
            hit_policy: doc.hit_policy,
            inputs,
            rows,
            default: doc.default.clone(),
        }
    }

    /// Evaluates the table against a ticket under its hit policy.
    pub fn evaluate(&self, ticket: &Value) -> Result<Hit<'_>, Error> {
        match self.hit_policy {
            HitPolicy::First => self.first_hit(ticket),
        }
    }

    fn first_hit(&self, ticket: &Value) -> Result<Hit<'_>, Error> {
        for row in &self.rows {
            if self.row_matches(row, ticket)? {
                return Ok(Hit {
                    row: Some(row),
                    outputs: &row.outputs,
                });
            }
        }
        match &self.default {
            Some(outputs) => Ok(Hit { row: None, outputs }),
            None => Err(Error::new(
                ErrorCode::NoMatch,
                "",
                "no row of the table matches this ticket and the table has no default",
            )),
        }
    }

    fn row_matches(&self, row: &Row, ticket: &Value) -> Result<bool, Error> {
        for (cell, field) in row.cells.iter().zip(&self.inputs) {
            let value = field.lookup(ticket);
            let matched = cell.test(value).map_err(|mismatch| {
                Error::new(
                    ErrorCode::TypeMismatch,
                    field.pointer(),
                    format!(
                        "row \"{}\" compares {} with {}, but the ticket has {}",
                        row.id,
                        field.pointer(),
                        mismatch.expected,
                        crate::ticket::json_type(value)
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
