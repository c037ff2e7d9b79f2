//! Decision tables: rows of unary-test cells over ticket fields, a hit policy, and a default.
//! The classification table is one; the rule set's named `tables` reuse the same machinery.
//!
//! Compilation checks every cell against its column's type (declared, or inferred from the
//! column's cells), so at evaluation time the only type check left is one per input column.

pub(crate) mod cell;
pub(crate) mod compile;
mod keywords;
mod trace;
pub(crate) mod verify;

use crate::error::{Error, ErrorCode};
use crate::limits;
use crate::ruleset::doc::{Aggregation, HitPolicy};
use crate::ticket::FieldPath;
use cell::{Cell, CellType};
use keywords::{Found, Keywords};
use serde_json::Value;
use std::collections::BTreeMap;

pub use trace::{FailedCell, RowTrace};

/// Table outputs: output column → value.
pub(crate) type Outputs = BTreeMap<String, Value>;

/// An input column after compilation.
#[derive(Debug)]
pub(crate) struct Column {
    pub field: FieldPath,
    /// `None` only when every cell of the column is `-` or `null`.
    pub cell_type: Option<CellType>,
    /// Every `contains` substring of the column's cells: a ticket's text is scanned once.
    pub keywords: Option<Keywords>,
}

/// A distinct cell of a column. Rows share identical cells (`kind = "repair"` in many rows), so
/// each distinct cell is tested at most once per evaluation.
#[derive(Debug)]
pub(crate) struct SharedCell {
    pub column: usize,
    pub cell: Cell,
    /// The cell as written, for traces.
    pub text: String,
}

/// A compiled row: its non-trivial cells as indexes into the table's shared cells, in column
/// order.
#[derive(Debug)]
pub(crate) struct Row {
    pub id: String,
    cells: Vec<u32>,
    pub outputs: Outputs,
    pub source: Option<String>,
    /// For the `priority` hit policy: this row's rank (lower wins), fixed at load.
    rank: u32,
}

/// A compiled, immutable decision table.
#[derive(Debug)]
pub(crate) struct Table {
    hit_policy: HitPolicy,
    aggregation: Option<Aggregation>,
    columns: Vec<Column>,
    cells: Vec<SharedCell>,
    rows: Vec<Row>,
    default: Option<Outputs>,
}

/// Up to this many distinct cells, per-evaluation verdicts live on the stack.
const STACK_VERDICTS: usize = 256;

/// What a table decided.
#[derive(Debug)]
pub(crate) struct Hit<'a> {
    /// The rows whose outputs count, in the order the hit policy returns them; empty when the
    /// default applied.
    pub rows: Vec<&'a Row>,
    /// The outputs: one entry for single-hit policies, one per row for `collect` / `rule_order`.
    pub outputs: Vec<&'a Outputs>,
    /// `collect` with an aggregation: the aggregate value.
    pub aggregate: Option<f64>,
    /// Every row tried, when a trace was requested.
    pub trace: Option<Vec<RowTrace>>,
}

impl Table {
    /// The ids of the table's rows, in order.
    pub fn row_ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|r| r.id.as_str())
    }

    /// Evaluates the table against a ticket under its hit policy. `trace` records, for every row
    /// tried, whether it matched and — if not — the first cell that failed.
    pub fn evaluate(&self, ticket: &Value, trace: bool) -> Result<Hit<'_>, Error> {
        // Column values live on the stack: load rejects tables wider than MAX_COLUMNS.
        let mut slots: [&Value; limits::MAX_COLUMNS] = [&Value::Null; limits::MAX_COLUMNS];
        for (slot, column) in slots.iter_mut().zip(&self.columns) {
            *slot = column_value(column, ticket)?;
        }
        let values = slots.get(..self.columns.len()).unwrap_or(&[]);
        // Verdict of each shared cell: 0 = not tested yet, 1 = match, 2 = no match.
        let mut stack = [0u8; STACK_VERDICTS];
        let mut heap = Vec::new();
        let verdicts: &mut [u8] = match stack.get_mut(..self.cells.len()) {
            Some(small) => small,
            None => {
                heap.resize(self.cells.len(), 0);
                &mut heap
            }
        };
        // The keywords the last column scanned holds, scanned when a keyword cell first needs
        // them. Tables rarely have two keyword columns; one that does rescans as it alternates.
        let mut scanned: Option<(usize, Found)> = None;
        let mut traces = trace.then(Vec::new);
        let mut matched: Vec<&Row> = Vec::new();
        for row in &self.rows {
            let failed = row.cells.iter().find_map(|&i| {
                let shared = self.cells.get(i as usize)?;
                let slot = verdicts.get_mut(i as usize)?;
                if *slot == 0 {
                    let value = values.get(shared.column).copied().unwrap_or(&Value::Null);
                    let keywords = self
                        .columns
                        .get(shared.column)
                        .and_then(|c| c.keywords.as_ref());
                    let found = match (keywords, value) {
                        (Some(keywords), Value::String(text)) => {
                            if scanned.is_none_or(|(column, _)| column != shared.column) {
                                scanned = Some((shared.column, keywords.scan(text)));
                            }
                            scanned.as_ref().map(|(_, found)| found)
                        }
                        _ => None,
                    };
                    // Column types were checked up front, so a mismatch cannot happen here;
                    // treat it as no match.
                    let hit = shared.cell.test_found(value, found).unwrap_or(false);
                    *slot = if hit { 1 } else { 2 };
                }
                (*slot == 2).then_some(shared)
            });
            if let Some(traces) = traces.as_mut() {
                traces.push(trace::row(row, failed, &self.columns, values));
            }
            if failed.is_none() {
                matched.push(row);
                if self.hit_policy == HitPolicy::First {
                    break;
                }
            }
        }
        let mut hit = self.apply_policy(matched)?;
        hit.trace = traces;
        Ok(hit)
    }

    fn apply_policy<'a>(&'a self, matched: Vec<&'a Row>) -> Result<Hit<'a>, Error> {
        if matched.is_empty() {
            return match &self.default {
                Some(outputs) => Ok(Hit {
                    rows: Vec::new(),
                    outputs: vec![outputs],
                    aggregate: None,
                    trace: None,
                }),
                None => Err(Error::new(
                    ErrorCode::NoMatch,
                    "",
                    "no row of the table matches this ticket and the table has no default",
                )),
            };
        }
        let rows = match self.hit_policy {
            HitPolicy::First | HitPolicy::Collect | HitPolicy::RuleOrder => matched,
            HitPolicy::Unique => match matched.as_slice() {
                [_] => matched,
                many => {
                    return Err(Error::new(
                        ErrorCode::UniqueViolation,
                        "",
                        format!("hit policy unique, but rows {} all match", row_list(many)),
                    ));
                }
            },
            HitPolicy::Any => {
                let first = matched.first().map(|r| &r.outputs);
                if let Some(other) = matched
                    .iter()
                    .find(|r| !first.is_some_and(|f| same_outputs(f, &r.outputs)))
                {
                    return Err(Error::new(
                        ErrorCode::AnyConflict,
                        "",
                        format!(
                            "hit policy any, but matching rows {} give different outputs (first difference: row \"{}\")",
                            row_list(&matched),
                            other.id
                        ),
                    ));
                }
                matched.into_iter().take(1).collect()
            }
            HitPolicy::Priority => {
                // min_by_key keeps the first of equal ranks: ties go to document order.
                let best = matched.iter().copied().min_by_key(|row| row.rank);
                best.into_iter().collect()
            }
        };
        let outputs = rows.iter().map(|r| &r.outputs).collect::<Vec<_>>();
        let aggregate = self.aggregation.map(|agg| aggregate(agg, &outputs));
        Ok(Hit {
            rows,
            outputs,
            aggregate,
            trace: None,
        })
    }
}

/// Reads one input column, rejecting a value of the wrong type with its path.
fn column_value<'t>(column: &Column, ticket: &'t Value) -> Result<&'t Value, Error> {
    let value = column.field.lookup(ticket);
    match column.cell_type {
        Some(expected) if !value.is_null() && !has_type(value, expected) => Err(Error::new(
            ErrorCode::TypeMismatch,
            column.field.pointer(),
            format!(
                "the table compares {} as {}, but the ticket has {}",
                column.field.pointer(),
                expected.name(),
                crate::ticket::json_type(value)
            ),
        )),
        _ => Ok(value),
    }
}

/// Output values are scalars; numbers compare by value, so `30` and `30.0` agree.
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

pub(crate) fn same_outputs(a: &Outputs, b: &Outputs) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb))
}

fn has_type(value: &Value, expected: CellType) -> bool {
    matches!(
        (expected, value),
        (CellType::Text, Value::String(_))
            | (CellType::Number, Value::Number(_))
            | (CellType::Boolean, Value::Bool(_))
    )
}

fn row_list(rows: &[&Row]) -> String {
    rows.iter()
        .map(|r| format!("\"{}\"", r.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `count` counts the matched rows; `sum` / `min` / `max` fold the (single, numeric) output
/// column, validated at load.
fn aggregate(agg: Aggregation, outputs: &[&Outputs]) -> f64 {
    let numbers = outputs
        .iter()
        .filter_map(|o| o.values().next().and_then(Value::as_f64));
    match agg {
        Aggregation::Count => outputs.len() as f64,
        Aggregation::Sum => numbers.sum(),
        Aggregation::Min => numbers.fold(f64::INFINITY, f64::min),
        Aggregation::Max => numbers.fold(f64::NEG_INFINITY, f64::max),
    }
}
