//! Table compilation: every cell parsed and typed, every reference checked, every problem
//! collected with its JSON pointer.

use super::cell::{Cell, CellType};
use super::keywords::Keywords;
use super::{Column, Outputs, Row, SharedCell, Table};
use crate::error::{Error, ErrorCode};
use crate::limits;
use crate::pointer;
use crate::ruleset::doc::{Aggregation, HitPolicy, InputDoc, RowDoc, TableDoc};
use crate::ticket::FieldPath;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Checks an output value of one column; `Some((code, message))` rejects it.
pub(crate) type OutputCheck<'a> = dyn Fn(&str, &Value) -> Option<(ErrorCode, String)> + 'a;

/// Ranks a row's outputs for the `priority` hit policy (lower wins); `None` = unranked.
pub(crate) type OutputRank<'a> = dyn Fn(&Outputs) -> Option<u32> + 'a;

/// What a table is for: which outputs it must produce and how they are checked and ranked.
pub(crate) struct OutputSpec<'a> {
    /// Output columns; every row (and the default) sets each of them, and nothing else.
    pub columns: Vec<String>,
    pub check: &'a OutputCheck<'a>,
    pub rank: &'a OutputRank<'a>,
    /// The table must give one answer (classification): `collect` / `rule_order` are refused.
    pub single_hit: bool,
}

struct Ctx<'p> {
    problems: &'p mut Vec<Error>,
}

impl Ctx<'_> {
    fn report(&mut self, code: ErrorCode, at: String, message: String) {
        self.problems.push(Error::new(code, at, message));
    }
}

impl Table {
    /// Compiles a table found at `path` in the rule set, collecting every problem.
    pub fn compile(
        doc: &TableDoc,
        path: &str,
        problems: &mut Vec<Error>,
        spec: &OutputSpec<'_>,
    ) -> Self {
        let mut ctx = Ctx { problems };
        let mut columns = compile_inputs(&doc.inputs, path, &mut ctx);
        check_policy(doc, path, spec, &mut ctx);

        let rules_path = pointer::push(path, "rules");
        if doc.rules.len() > limits::MAX_ROWS {
            ctx.report(
                ErrorCode::TooManyRows,
                rules_path.clone(),
                format!(
                    "{} rows; a table may have at most {}",
                    doc.rules.len(),
                    limits::MAX_ROWS
                ),
            );
        }
        let mut seen_rows = HashSet::new();
        let mut rows = Vec::with_capacity(doc.rules.len());
        let mut shared = SharedCells::default();
        for (r, checked) in doc.rules.iter().enumerate() {
            let row_path = pointer::push(&rules_path, &r.to_string());
            let Some(row) = checked.get(&row_path, ctx.problems) else {
                continue;
            };
            if !seen_rows.insert(row.id.as_str()) {
                ctx.report(
                    ErrorCode::DuplicateId,
                    pointer::push(&row_path, "id"),
                    format!("row id \"{}\" is used by an earlier row", row.id),
                );
            }
            let cells = compile_cells(row, doc, &mut columns, &row_path, &mut ctx)
                .into_iter()
                .map(|(column, cell, text)| shared.intern(column, cell, text))
                .collect();
            let then_path = pointer::push(&row_path, "then");
            let outputs_ok = check_outputs(&row.then, &then_path, spec, &mut ctx);
            if doc.hit_policy == HitPolicy::Collect {
                check_aggregated(doc.aggregation, &row.then, &then_path, &mut ctx);
            }
            let rank = if doc.hit_policy == HitPolicy::Priority {
                (spec.rank)(&row.then).unwrap_or_else(|| {
                    // An output already reported as invalid needs no second complaint.
                    if !outputs_ok {
                        return u32::MAX;
                    }
                    ctx.report(
                        ErrorCode::InvalidValue,
                        then_path,
                        "hit policy priority needs a ranked output (see output_order)".to_owned(),
                    );
                    u32::MAX
                })
            } else {
                0
            };
            rows.push(Row {
                id: row.id.clone(),
                cells,
                outputs: row.then.clone(),
                source: row.source.clone(),
                rank,
            });
        }
        if let Some(default) = &doc.default {
            check_outputs(default, &pointer::push(path, "default"), spec, &mut ctx);
        }
        for (i, column) in columns.iter_mut().enumerate() {
            column.keywords = number_keywords(&mut shared.cells, i);
        }
        Self {
            hit_policy: doc.hit_policy,
            aggregation: doc.aggregation,
            columns,
            cells: shared.cells,
            rows,
            default: doc.default.clone(),
        }
    }
}

/// Collects a column's keywords and numbers its cells' substrings among them.
fn number_keywords(cells: &mut [SharedCell], column: usize) -> Option<Keywords> {
    let keywords = Keywords::new(
        cells
            .iter()
            .filter(|c| c.column == column)
            .flat_map(|c| c.cell.needle_texts()),
    )?;
    for shared in cells.iter_mut().filter(|c| c.column == column) {
        shared.cell.number_keywords(&keywords);
    }
    Some(keywords)
}

/// Deduplicates cells per column by their (trimmed) text.
#[derive(Default)]
struct SharedCells {
    cells: Vec<SharedCell>,
    index: HashMap<(usize, String), u32>,
}

impl SharedCells {
    fn intern(&mut self, column: usize, cell: Cell, text: String) -> u32 {
        let key = (column, text.trim().to_owned());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        // Bounded by MAX_ROWS × MAX_COLUMNS, far below u32::MAX.
        let i = u32::try_from(self.cells.len()).unwrap_or(u32::MAX);
        self.cells.push(SharedCell { column, cell, text });
        self.index.insert(key, i);
        i
    }
}

fn compile_inputs(inputs: &[InputDoc], path: &str, ctx: &mut Ctx<'_>) -> Vec<Column> {
    let inputs_path = pointer::push(path, "inputs");
    if inputs.len() > limits::MAX_COLUMNS {
        ctx.report(
            ErrorCode::TooManyColumns,
            inputs_path.clone(),
            format!(
                "{} input columns; a table may have at most {}",
                inputs.len(),
                limits::MAX_COLUMNS
            ),
        );
    }
    let mut seen = HashSet::new();
    let mut columns = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let at = pointer::push(&inputs_path, &i.to_string());
        let name = input.field();
        if !seen.insert(name) {
            ctx.report(
                ErrorCode::DuplicateId,
                at.clone(),
                format!("input column \"{name}\" is declared twice"),
            );
        }
        let cell_type = match input {
            InputDoc::Field(_) => None,
            InputDoc::Typed(t) => CellType::from_name(&t.cell_type).or_else(|| {
                ctx.report(
                    ErrorCode::InvalidValue,
                    pointer::push(&at, "type"),
                    format!(
                        "column type \"{}\" is not text, number or boolean",
                        t.cell_type
                    ),
                );
                None
            }),
        };
        let field = FieldPath::parse(name).unwrap_or_else(|| {
            ctx.report(
                ErrorCode::InvalidValue,
                at,
                format!("\"{name}\" is not a dotted field path (like \"location.area\")"),
            );
            FieldPath::invalid()
        });
        columns.push(Column {
            field,
            cell_type,
            keywords: None,
        });
    }
    columns
}

fn check_policy(doc: &TableDoc, path: &str, spec: &OutputSpec<'_>, ctx: &mut Ctx<'_>) {
    let multi = matches!(doc.hit_policy, HitPolicy::Collect | HitPolicy::RuleOrder);
    if spec.single_hit && multi {
        ctx.report(
            ErrorCode::InvalidValue,
            pointer::push(path, "hit_policy"),
            "this table must give one answer: use first, unique, any or priority".to_owned(),
        );
    }
    match doc.aggregation {
        Some(_) if doc.hit_policy != HitPolicy::Collect => ctx.report(
            ErrorCode::InvalidValue,
            pointer::push(path, "aggregation"),
            "an aggregation needs hit policy collect".to_owned(),
        ),
        Some(Aggregation::Sum | Aggregation::Min | Aggregation::Max) if spec.columns.len() != 1 => {
            ctx.report(
                ErrorCode::InvalidValue,
                pointer::push(path, "aggregation"),
                "sum, min and max need exactly one (numeric) output column".to_owned(),
            )
        }
        _ => {}
    }
}

/// Parses the row's cells, typing each column by its declaration or its first typed cell.
fn compile_cells(
    row: &RowDoc,
    doc: &TableDoc,
    columns: &mut [Column],
    row_path: &str,
    ctx: &mut Ctx<'_>,
) -> Vec<(usize, Cell, String)> {
    let when_path = pointer::push(row_path, "when");
    let mut cells = Vec::new();
    for (name, text) in &row.when {
        let at = pointer::push(&when_path, name);
        let Some(col) = doc.inputs.iter().position(|i| i.field() == name) else {
            let names: Vec<&str> = doc.inputs.iter().map(InputDoc::field).collect();
            ctx.report(
                ErrorCode::UnknownInput,
                at,
                format!(
                    "\"{name}\" is not one of the table's inputs ({})",
                    names.join(", ")
                ),
            );
            continue;
        };
        if text.chars().count() > limits::MAX_STRING_CHARS {
            ctx.report(
                ErrorCode::StringTooLong,
                at,
                format!(
                    "a cell may have at most {} characters",
                    limits::MAX_STRING_CHARS
                ),
            );
            continue;
        }
        let cell = match Cell::parse(text) {
            Ok(cell) => cell,
            Err(reason) => {
                ctx.report(
                    ErrorCode::MalformedCell,
                    at,
                    format!("cell {text:?} is not a unary test: {reason}"),
                );
                continue;
            }
        };
        if let (Some(column), Some(found)) = (columns.get_mut(col), cell.cell_type()) {
            match column.cell_type {
                None => column.cell_type = Some(found),
                Some(expected) if expected != found => {
                    ctx.report(
                        ErrorCode::CellTypeMismatch,
                        at,
                        format!(
                            "cell {text:?} compares {} but column \"{name}\" is {}",
                            found.name(),
                            expected.name()
                        ),
                    );
                    continue;
                }
                Some(_) => {}
            }
        }
        if cell != Cell::Any {
            cells.push((col, cell, text.clone()));
        }
    }
    // `when` is a map; test cells in column order so traces name the first failing column.
    cells.sort_by_key(|(col, _, _)| *col);
    cells
}

/// `sum`, `min` and `max` fold a numeric output: every row must give a number.
fn check_aggregated(
    aggregation: Option<Aggregation>,
    outputs: &Outputs,
    at: &str,
    ctx: &mut Ctx<'_>,
) {
    if !matches!(
        aggregation,
        Some(Aggregation::Sum | Aggregation::Min | Aggregation::Max)
    ) {
        return;
    }
    for (column, value) in outputs.iter().filter(|(_, v)| !v.is_number()) {
        ctx.report(
            ErrorCode::WrongType,
            pointer::push(at, column),
            format!(
                "the table aggregates its output, so it must be a number, got {}",
                crate::ticket::json_type(value)
            ),
        );
    }
}

/// Reports every problem of a row's (or the default's) outputs; `true` when there was none.
fn check_outputs(outputs: &Outputs, at: &str, spec: &OutputSpec<'_>, ctx: &mut Ctx<'_>) -> bool {
    let before = ctx.problems.len();
    for key in outputs.keys().filter(|k| !spec.columns.contains(k)) {
        ctx.report(
            ErrorCode::UnknownKey,
            pointer::push(at, key),
            format!(
                "\"{key}\" is not an output of this table ({})",
                spec.columns.join(", ")
            ),
        );
    }
    for column in &spec.columns {
        match outputs.get(column) {
            None => ctx.report(
                ErrorCode::MissingField,
                at.to_owned(),
                format!("the row must set output \"{column}\""),
            ),
            Some(value) => {
                if let Some((code, message)) = (spec.check)(column, value) {
                    ctx.report(code, pointer::push(at, column), message);
                }
            }
        }
    }
    ctx.problems.len() == before
}
