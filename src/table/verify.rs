//! Verification of a decision table using its closed cell grammar. Each column's cells name
//! finitely many "interesting" values — the texts they compare, the substrings they search for,
//! the numbers at their bounds and between them, true/false, null, and one value no cell names —
//! so each row becomes a box over those values. Searching the boxes finds **gaps** (inputs no
//! row covers), **overlaps** that matter under the hit policy, rows made **unreachable** by
//! earlier ones, and **subsumed** rows. Every finding carries a concrete witness ticket, which is
//! evaluated before the finding is reported: a finding is never a guess. Texts searched with
//! `contains` are represented one substring at a time, so a gap that needs two substrings in one
//! text can be missed; what is reported is always real.

use super::cell::{Cell, CellType, Test};
use super::{Row, Table, same_outputs};
use crate::error::ErrorCode;
use crate::ruleset::doc::HitPolicy;
use serde_json::{Map, Value};

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum FindingKind {
    /// Some input matches no row and the table has no default: evaluation fails.
    Gap,
    /// Hit policy `unique`: two rows match one input.
    Overlap,
    /// Hit policy `any`: two rows with different outputs match one input.
    Conflict,
    /// Hit policy `first`: every input this row matches is taken by earlier rows.
    Unreachable,
    /// Every input this row matches is matched by another row with the same outputs.
    Subsumed,
}

/// A table finding before it is attached to its table's name.
#[derive(Debug, Clone)]
pub(crate) struct TableFinding {
    pub kind: FindingKind,
    /// The rows involved (the subject first).
    pub rows: Vec<String>,
    pub witness: Value,
    pub message: String,
}

/// Candidate values of one column, after merging values every row treats alike.
struct Column {
    values: Vec<Value>,
}

/// A row as a box: for each column, which candidate values its cell accepts.
struct Region {
    accepts: Vec<Vec<bool>>,
}

impl Region {
    fn intersects(&self, other: &Region) -> bool {
        self.accepts
            .iter()
            .zip(&other.accepts)
            .all(|(a, b)| a.iter().zip(b).any(|(x, y)| *x && *y))
    }

    fn within(&self, other: &Region) -> bool {
        self.accepts
            .iter()
            .zip(&other.accepts)
            .all(|(a, b)| a.iter().zip(b).all(|(x, y)| !*x || *y))
    }
}

/// Most candidate combinations one search visits: bounds the work on pathological tables.
const SEARCH_BUDGET: u64 = 2_000_000;

impl Table {
    /// Every finding for this table, each with a witness already checked by evaluation.
    pub(crate) fn verify(&self) -> Vec<TableFinding> {
        let (columns, boxes) = self.regions();
        let mut findings = Vec::new();
        let everything = Region {
            accepts: columns.iter().map(|c| vec![true; c.values.len()]).collect(),
        };
        if self.default.is_none() {
            let all: Vec<&Region> = boxes.iter().collect();
            if let Some(point) = uncovered(&everything, &all, &columns) {
                findings.push(TableFinding {
                    kind: FindingKind::Gap,
                    rows: Vec::new(),
                    witness: self.witness(&point),
                    message: "no row matches this ticket and the table has no default".to_owned(),
                });
            }
        }
        for (i, (row, own)) in self.rows.iter().zip(&boxes).enumerate() {
            match self.hit_policy {
                HitPolicy::First => {
                    let earlier: Vec<&Region> = boxes.iter().take(i).collect();
                    if uncovered(own, &earlier, &columns).is_none() {
                        if let Some(point) = first_point(own, &columns) {
                            findings.push(TableFinding {
                                kind: FindingKind::Unreachable,
                                rows: vec![row.id.clone()],
                                witness: self.witness(&point),
                                message: format!("row \"{}\" never fires: earlier rows take every ticket it matches", row.id),
                            });
                            continue;
                        }
                    }
                }
                HitPolicy::Unique | HitPolicy::Any => {
                    for (other_row, other) in self.rows.iter().zip(&boxes).skip(i + 1) {
                        let differs = !same_outputs(&row.outputs, &other_row.outputs);
                        let kind = match self.hit_policy {
                            HitPolicy::Unique => FindingKind::Overlap,
                            _ if differs => FindingKind::Conflict,
                            _ => continue,
                        };
                        if own.intersects(other) {
                            if let Some(point) = common_point(own, other, &columns) {
                                findings.push(TableFinding {
                                    kind,
                                    rows: vec![row.id.clone(), other_row.id.clone()],
                                    witness: self.witness(&point),
                                    message: format!(
                                        "rows \"{}\" and \"{}\" both match this ticket",
                                        row.id, other_row.id
                                    ),
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
            if let Some(finding) = self.subsumed(i, row, own, &boxes, &columns) {
                findings.push(finding);
            }
        }
        findings.retain(|f| self.demonstrates(f));
        findings
    }

    /// A row whose box lies within another row's box with the same outputs. Not reported under
    /// `first`: there an earlier such row makes it unreachable (reported as that), and a later
    /// catch-all after explicit rows is a deliberate way to document where answers come from.
    fn subsumed(
        &self,
        i: usize,
        row: &Row,
        own: &Region,
        boxes: &[Region],
        columns: &[Column],
    ) -> Option<TableFinding> {
        if self.hit_policy == HitPolicy::First {
            return None;
        }
        let other =
            self.rows
                .iter()
                .zip(boxes)
                .enumerate()
                .find_map(|(j, (other, other_box))| {
                    (j != i && same_outputs(&row.outputs, &other.outputs) && own.within(other_box))
                        .then_some(other)
                })?;
        let point = first_point(own, columns)?;
        Some(TableFinding {
            kind: FindingKind::Subsumed,
            rows: vec![row.id.clone(), other.id.clone()],
            witness: self.witness(&point),
            message: format!(
                "row \"{}\" is redundant: row \"{}\" matches everything it matches, with the same outputs",
                row.id, other.id
            ),
        })
    }

    /// The columns' candidate values and each row's box over them.
    fn regions(&self) -> (Vec<Column>, Vec<Region>) {
        let columns = self.candidate_columns();
        let boxes = self
            .rows
            .iter()
            .map(|row| self.box_of(row, &columns))
            .collect();
        (columns, boxes)
    }

    /// One ticket per row that the row itself decides (under `first`, one earlier rows do not
    /// take when there is such a ticket): tickets that exercise every row, for comparing two
    /// versions of a table when no real tickets are given.
    pub(crate) fn sample_tickets(&self) -> Vec<Value> {
        let (columns, boxes) = self.regions();
        boxes
            .iter()
            .enumerate()
            .filter_map(|(i, own)| {
                let earlier: Vec<&Region> = match self.hit_policy {
                    HitPolicy::First => boxes.iter().take(i).collect(),
                    _ => Vec::new(),
                };
                uncovered(own, &earlier, &columns).or_else(|| first_point(own, &columns))
            })
            .map(|point| self.witness(&point))
            .collect()
    }

    /// Evaluates the witness and keeps the finding only if the table behaves as claimed.
    fn demonstrates(&self, finding: &TableFinding) -> bool {
        let result = self.evaluate(&finding.witness, false);
        let matching: Vec<&str> = self
            .rows
            .iter()
            .filter(|row| {
                row.cells.iter().all(|&c| {
                    self.cells.get(c as usize).is_some_and(|shared| {
                        let column = self.columns.get(shared.column);
                        let value =
                            column.map_or(&Value::Null, |col| col.field.lookup(&finding.witness));
                        shared.cell.test(value).unwrap_or(false)
                    })
                })
            })
            .map(|row| row.id.as_str())
            .collect();
        let named = |k: usize| finding.rows.get(k).map(String::as_str);
        match finding.kind {
            FindingKind::Gap => matches!(result, Err(ref e) if e.code == ErrorCode::NoMatch),
            FindingKind::Unreachable => {
                named(0).is_some_and(|r| matching.contains(&r) && matching.first() != Some(&r))
            }
            FindingKind::Overlap | FindingKind::Conflict | FindingKind::Subsumed => {
                named(0).is_some_and(|r| matching.contains(&r))
                    && named(1).is_some_and(|r| matching.contains(&r))
            }
        }
    }

    /// The candidate values of every column: the values its cells name, values between and
    /// around numeric bounds, null, and a value no cell names.
    fn candidate_columns(&self) -> Vec<Column> {
        self.columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                let cells: Vec<&Cell> = self
                    .cells
                    .iter()
                    .filter(|c| c.column == index)
                    .map(|c| &c.cell)
                    .collect();
                let mut values = vec![Value::Null];
                match column.cell_type {
                    Some(CellType::Boolean) => {
                        values.extend([Value::Bool(true), Value::Bool(false)])
                    }
                    Some(CellType::Number) => values.extend(
                        numbers(&cells)
                            .into_iter()
                            .filter_map(|n| serde_json::Number::from_f64(n).map(Value::Number)),
                    ),
                    Some(CellType::Text) => {
                        values.extend(texts(&cells).into_iter().map(Value::String))
                    }
                    None => values.push(Value::String("?".to_owned())),
                }
                Column {
                    values: self.merge_alike(index, values),
                }
            })
            .collect()
    }

    /// Keeps one value of each group that every cell of the column treats alike.
    fn merge_alike(&self, column: usize, values: Vec<Value>) -> Vec<Value> {
        let cells: Vec<&Cell> = self
            .cells
            .iter()
            .filter(|c| c.column == column)
            .map(|c| &c.cell)
            .collect();
        let mut seen: Vec<Vec<bool>> = Vec::new();
        let mut kept = Vec::new();
        for value in values {
            let signature: Vec<bool> = cells
                .iter()
                .map(|c| c.test(&value).unwrap_or(false))
                .collect();
            if !seen.contains(&signature) {
                seen.push(signature);
                kept.push(value);
            }
        }
        kept
    }

    fn box_of(&self, row: &Row, columns: &[Column]) -> Region {
        let mut accepts: Vec<Vec<bool>> =
            columns.iter().map(|c| vec![true; c.values.len()]).collect();
        for &i in &row.cells {
            if let Some(shared) = self.cells.get(i as usize) {
                if let (Some(column), Some(accept)) =
                    (columns.get(shared.column), accepts.get_mut(shared.column))
                {
                    for (slot, value) in accept.iter_mut().zip(&column.values) {
                        *slot = *slot && shared.cell.test(value).unwrap_or(false);
                    }
                }
            }
        }
        Region { accepts }
    }

    /// A ticket with each column's chosen value at its field path (null values left out).
    fn witness(&self, point: &[Value]) -> Value {
        let mut ticket = Value::Object(Map::new());
        for (column, value) in self.columns.iter().zip(point) {
            if !value.is_null() {
                set_path(&mut ticket, column.field.dotted(), value.clone());
            }
        }
        ticket
    }
}

/// Sets a dotted path in an object, creating objects on the way.
fn set_path(ticket: &mut Value, dotted: &str, value: Value) {
    let mut current = ticket;
    let mut segments = dotted.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Value::Object(map) = current else { return };
        if segments.peek().is_none() {
            map.insert(segment.to_owned(), value);
            return;
        }
        current = map
            .entry(segment.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Bounds and literals of numeric cells, with points between and beyond them.
fn numbers(cells: &[&Cell]) -> Vec<f64> {
    let mut points: Vec<f64> = Vec::new();
    for cell in cells {
        if let Cell::Tests { tests, .. } = cell {
            for test in tests {
                match test {
                    Test::Number(n) => points.push(*n),
                    Test::Range { low, high } => {
                        points.extend(low.iter().chain(high.iter()).map(|b| b.value))
                    }
                    _ => {}
                }
            }
        }
    }
    points.sort_by(f64::total_cmp);
    points.dedup();
    let mut out = points.clone();
    out.extend(
        points
            .windows(2)
            .filter_map(|w| Some((w.first()? + w.get(1)?) / 2.0)),
    );
    match (points.first(), points.last()) {
        (Some(low), Some(high)) => out.extend([low - 1.0, high + 1.0]),
        _ => out.push(0.0),
    }
    out
}

/// Texts compared, substrings searched for, and one text that is none of them.
fn texts(cells: &[&Cell]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for cell in cells {
        if let Cell::Tests { tests, .. } = cell {
            for test in tests {
                match test {
                    Test::Text(t) => out.push(t.clone()),
                    Test::Contains(needles) => out.extend(needles.texts().iter().cloned()),
                    _ => {}
                }
            }
        }
    }
    // The empty text is in every text: it cannot be avoided, so it is not looked for. A needle
    // such as "其他" or "）" is in every candidate: then one character no text contains.
    let fresh = (0..1000)
        .map(|n| format!("（其他{n}）"))
        .find(|candidate| {
            !out.iter()
                .any(|t| (!t.is_empty() && candidate.contains(t.as_str())) || t == candidate)
        })
        .or_else(|| {
            ('\u{4e00}'..='\u{9fff}')
                .find(|c| !out.iter().any(|t| t.contains(*c)))
                .map(String::from)
        })
        .unwrap_or_default();
    out.push(fresh);
    out
}

/// A point inside `within` that none of `boxes` contains, if there is one.
fn uncovered(within: &Region, boxes: &[&Region], columns: &[Column]) -> Option<Vec<Value>> {
    let mut point = Vec::with_capacity(columns.len());
    let mut budget = SEARCH_BUDGET;
    let live: Vec<&Region> = boxes
        .iter()
        .copied()
        .filter(|b| b.intersects(within))
        .collect();
    search(0, within, &live, columns, &mut point, &mut budget).then_some(point)
}

/// Depth-first over columns: choose a value the region allows, keep the boxes that accept it;
/// once no box is left, the rest of the point is free.
fn search(
    column: usize,
    within: &Region,
    boxes: &[&Region],
    columns: &[Column],
    point: &mut Vec<Value>,
    budget: &mut u64,
) -> bool {
    let (Some(spec), Some(allowed)) = (columns.get(column), within.accepts.get(column)) else {
        return boxes.is_empty();
    };
    if boxes.is_empty() {
        return fill(column, within, columns, point);
    }
    let mut tried: Vec<Vec<usize>> = Vec::new();
    for (i, value) in spec.values.iter().enumerate() {
        if !allowed.get(i).copied().unwrap_or(false) || *budget == 0 {
            continue;
        }
        *budget -= 1;
        let keep: Vec<usize> = (0..boxes.len())
            .filter(|&b| {
                boxes
                    .get(b)
                    .and_then(|x| x.accepts.get(column))
                    .and_then(|a| a.get(i))
                    .copied()
                    .unwrap_or(false)
            })
            .collect();
        // Values leaving the same boxes lead to the same answer.
        if tried.contains(&keep) {
            continue;
        }
        tried.push(keep.clone());
        let next: Vec<&Region> = keep.iter().filter_map(|&b| boxes.get(b).copied()).collect();
        point.push(value.clone());
        if search(column + 1, within, &next, columns, point, budget) {
            return true;
        }
        point.pop();
    }
    false
}

/// Completes a point with the first allowed value of each remaining column.
fn fill(from: usize, within: &Region, columns: &[Column], point: &mut Vec<Value>) -> bool {
    for (spec, allowed) in columns.iter().zip(&within.accepts).skip(from) {
        match spec.values.iter().zip(allowed).find(|(_, ok)| **ok) {
            Some((value, _)) => point.push(value.clone()),
            None => return false,
        }
    }
    true
}

fn first_point(region: &Region, columns: &[Column]) -> Option<Vec<Value>> {
    let mut point = Vec::new();
    fill(0, region, columns, &mut point).then_some(point)
}

fn common_point(a: &Region, b: &Region, columns: &[Column]) -> Option<Vec<Value>> {
    let both = Region {
        accepts: a
            .accepts
            .iter()
            .zip(&b.accepts)
            .map(|(x, y)| x.iter().zip(y).map(|(p, q)| *p && *q).collect())
            .collect(),
    };
    first_point(&both, columns)
}
